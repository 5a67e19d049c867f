//! Every figure of the course, as a student sees it: on a 360 px phone and a
//! 1366 px laptop, light and dark, no text of a diagram renders below 12 CSS
//! px, no figure makes the page scroll sideways, and axe finds nothing.

use crate::common;
use crate::common::browser;

use browser::{Server, eval, open, tab, viewport};
use headless_chrome::protocol::cdp::Page::{CaptureScreenshotFormatOption, Viewport};

/// For each figure on the page: its id, how many of its SVGs show, and
/// every SVG text smaller than 12 px (font size times the SVG's scale).
const MEASURE: &str = r#"JSON.stringify([...document.querySelectorAll('figure.diagram')].map(fig => {
  const small = [];
  let shown = 0;
  for (const svg of fig.querySelectorAll('svg.dg')) {
    const r = svg.getBoundingClientRect();
    if (getComputedStyle(svg).display === 'none' || r.width === 0) continue;
    shown++;
    const scale = r.width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      const box = t.getBoundingClientRect();
      if (px < 11.95 || box.height < 11.95) small.push(`"${t.textContent}" ${px.toFixed(1)} px`);
    }
  }
  const right = fig.getBoundingClientRect().right;
  return {id: fig.id, shown, small, overflow: right > document.documentElement.clientWidth + 0.5};
}))"#;

#[test]
fn every_course_figure_keeps_its_text_at_12_px_on_phones_and_laptops() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let axe = browser::axe_source();
    let (_tmp, site, _) = common::build_course(None);
    let mut pages: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .filter(|p| !p.ends_with("print.html"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("<figure class=\"diagram ")
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert!(pages.len() >= 12, "pages with figures: {pages:?}");
    let server = Server::start(&site, "/");
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    let shots = std::env::var_os("KURSBUCH_FIGURE_SHOTS").map(std::path::PathBuf::from);
    let mut bad = Vec::new();
    let mut figures = 0;
    for (w, h, mobile, device) in [(360, 800, true, "phone"), (1366, 900, false, "laptop")] {
        viewport(&t, w, h, mobile);
        for theme in ["light", "dark"] {
            for page in &pages {
                open(&t, &format!("{}/{page}", server.base));
                eval(
                    &t,
                    &format!("document.documentElement.dataset.theme = '{theme}'"),
                );
                let found: serde_json::Value =
                    serde_json::from_str(eval(&t, MEASURE).as_str().unwrap()).unwrap();
                for fig in found.as_array().unwrap() {
                    figures += 1;
                    let at = format!("{page}#{} at {w} px, {theme}", fig["id"].as_str().unwrap());
                    if fig["shown"] == 0 {
                        bad.push(format!("{at}: no layout shows"));
                    }
                    for s in fig["small"].as_array().unwrap() {
                        bad.push(format!("{at}: {s}"));
                    }
                    if fig["overflow"] == true {
                        bad.push(format!("{at}: wider than the page"));
                    }
                    if let Some(dir) = &shots {
                        save_figure(
                            &t,
                            dir,
                            &format!(
                                "{}-{page}-{}-{device}-{theme}.png",
                                fig["id"].as_str().unwrap(),
                                w
                            ),
                        );
                    }
                }
                let scroll = eval(
                    &t,
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
                );
                if scroll != 0 {
                    bad.push(format!("{page} at {w} px scrolls sideways by {scroll} px"));
                }
                if let Some(axe) = &axe
                    && (page == "lambda.html" || page == "vm-vs-container.html")
                {
                    for v in browser::axe_violations(&t, axe) {
                        bad.push(format!("{page} at {w} px, {theme}: axe {v}"));
                    }
                }
            }
        }
    }
    assert!(figures >= 4 * 18, "measured {figures} figures");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(problems.take(), Vec::<String>::new());
}

/// Saves one figure's picture for people to look at.
fn save_figure(t: &headless_chrome::Tab, dir: &std::path::Path, name: &str) {
    let id = name.split('-').take(2).collect::<Vec<_>>().join("-");
    let rect = eval(
        t,
        &format!(
            "(e => {{ e.scrollIntoView({{block: 'start'}}); const r = e.getBoundingClientRect(); return JSON.stringify([r.left + scrollX, r.top + scrollY, r.width, r.height]); }})(document.getElementById('{id}'))"
        ),
    );
    let r: Vec<f64> = serde_json::from_str(rect.as_str().unwrap()).unwrap();
    let png = t
        .capture_screenshot(
            CaptureScreenshotFormatOption::Png,
            None,
            Some(Viewport {
                x: r[0] - 8.0,
                y: r[1] - 8.0,
                width: r[2] + 16.0,
                height: r[3] + 16.0,
                scale: 1.0,
            }),
            true,
        )
        .unwrap();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}
