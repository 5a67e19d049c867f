//! The default theme in a real browser (headless Chromium): what a student
//! sees and does, at the site root and under a GitHub Pages sub-path.

use crate::common;
use crate::common::browser;
use crate::common::serve;

use std::path::Path;

use browser::{Server, eval, open, tab, viewport};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use serde_json::Value;

fn s(v: Value) -> String {
    v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

/// The chapter pages of the sidebar, as absolute URLs.
fn sidebar_links(t: &headless_chrome::Tab) -> Vec<String> {
    let v = eval(
        t,
        "JSON.stringify([...document.querySelectorAll('#sidebar a[href]:not(.sidebar-close)')].map(a => a.href))",
    );
    serde_json::from_str(&s(v)).unwrap()
}

fn save_screenshot(t: &headless_chrome::Tab, name: &str) {
    let png = t
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(browser::screenshot_dir().join(name), png).unwrap();
}

#[test]
fn reading_controls_work_in_chromium() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (_tmp, site, _) = common::build_course(None);
    let server = Server::start(&site, "/");
    let b = browser::launch(&chromium);
    browser::grant_clipboard(&b, &server.base);
    let (t, problems) = tab(&b);

    open(&t, &format!("{}/index.html", server.base));
    assert!(problems.take().is_empty(), "the start page loads cleanly");
    assert_eq!(s(eval(&t, "document.documentElement.lang")), "de");
    let pages = sidebar_links(&t);
    assert!(pages.len() >= 2, "{pages:?}");

    // The toggle cycles light → dark → system; dark is kept for the next page.
    for _ in 0..3 {
        if eval(&t, "document.documentElement.dataset.theme || ''") == "dark" {
            break;
        }
        t.find_element(".theme-toggle").unwrap().click().unwrap();
    }
    assert_eq!(eval(&t, "document.documentElement.dataset.theme"), "dark");
    assert_eq!(
        eval(&t, "getComputedStyle(document.body).backgroundColor"),
        "rgb(22, 25, 29)"
    );
    assert!(s(eval(&t, "document.querySelector('.theme-toggle').title")).ends_with("Dunkel"));

    // → goes to the next chapter, which opens in dark without a click.
    let next = s(eval(&t, "document.querySelector('link[rel=next]').href"));
    let here = t.get_url();
    t.press_key("ArrowRight").unwrap();
    assert_eq!(browser::wait_for_navigation(&t, &here), next);
    assert_eq!(
        eval(&t, "document.documentElement.dataset.theme"),
        "dark",
        "the choice persists"
    );
    assert_eq!(
        eval(&t, "getComputedStyle(document.body).backgroundColor"),
        "rgb(22, 25, 29)"
    );
    // ← goes back.
    let here = t.get_url();
    t.press_key("ArrowLeft").unwrap();
    browser::wait_for_navigation(&t, &here);
    assert!(
        t.get_url().ends_with("/einfuehrung.html") || t.get_url().ends_with("/index.html"),
        "{}",
        t.get_url()
    );

    // Copy buttons put the code on the clipboard.
    let with_code = pages
        .iter()
        .find(|p| {
            open(&t, p);
            eval(&t, "document.querySelectorAll('pre > code').length > 0") == true
        })
        .expect("a chapter with code")
        .clone();
    open(&t, &with_code);
    let code = s(eval(
        &t,
        "document.querySelector('pre > code').innerText.replace(/\\n$/, '')",
    ));
    t.find_element(".copy-button").unwrap().click().unwrap();
    let copied = eval(
        &t,
        "new Promise(r => setTimeout(r, 300)).then(() => document.querySelector('.copy-button').dataset.copied)",
    );
    assert_eq!(copied, "true", "the clipboard accepted the text");
    // Which text? Record what the button hands to the clipboard API.
    eval(
        &t,
        "navigator.clipboard.writeText = text => { window.copiedText = text; return Promise.resolve(); }",
    );
    t.find_element(".copy-button").unwrap().click().unwrap();
    let copied = eval(
        &t,
        "new Promise(r => setTimeout(r, 300)).then(() => window.copiedText)",
    );
    assert_eq!(s(copied), code);

    // Screenshots of a chapter, light and dark, desktop and phone.
    for (w, h, mobile, device) in [(1280, 900, false, "desktop"), (375, 812, true, "phone")] {
        viewport(&t, w, h, mobile);
        for theme in ["light", "dark"] {
            open(&t, &with_code);
            eval(
                &t,
                &format!("document.documentElement.dataset.theme = '{theme}'"),
            );
            save_screenshot(&t, &format!("chapter-{device}-{theme}.png"));
        }
    }

    // The author guide's figures and tables on a phone, light and dark.
    let guide = pages
        .iter()
        .find(|p| p.ends_with("/autoren-shortcodes.html"))
        .expect("the author guide's shortcode chapter");
    viewport(&t, 375, 812, true);
    for theme in ["light", "dark"] {
        open(&t, guide);
        eval(
            &t,
            &format!("document.documentElement.dataset.theme = '{theme}'"),
        );
        for (selector, name) in [
            (".diagram-stack", "stack"),
            (".diagram-flow", "flow"),
            (".diagram-layers", "layers"),
            (".compare", "compare"),
        ] {
            let found = eval(
                &t,
                &format!(
                    "(e => {{ if (e) e.scrollIntoView(); return !!e; }})(document.querySelector('{selector}'))"
                ),
            );
            assert_eq!(found, true, "{guide} has no {selector}");
            save_screenshot(&t, &format!("figure-{name}-phone-{theme}.png"));
        }
    }

    // On phones (375 px, and the narrowest at 320 px) nothing overflows the page.
    for width in [375, 320] {
        viewport(&t, width, 812, true);
        for page in &pages {
            open(&t, page);
            let overflow = eval(
                &t,
                "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            );
            let culprits = eval(
                &t,
                "JSON.stringify([...document.querySelectorAll('body *')].filter(e => { if (e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) return false; for (let a = e.parentElement; a; a = a.parentElement) { if (/auto|hidden|scroll/.test(getComputedStyle(a).overflowX)) return false; } return true; }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)))",
            );
            assert_eq!(
                overflow, 0,
                "{page} overflows horizontally at {width} px: {culprits}"
            );
        }
    }
    viewport(&t, 375, 812, true);

    // On a phone the sidebar is a drawer: the button opens it, Esc closes it.
    open(&t, &pages[0]);
    let drawer_left = "document.getElementById('sidebar').getBoundingClientRect().left";
    assert!(
        eval(&t, drawer_left).as_f64().unwrap() < 0.0,
        "closed at first"
    );
    t.find_element(".menu-button").unwrap().click().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert_eq!(
        eval(&t, drawer_left).as_f64().unwrap(),
        0.0,
        "open after a click"
    );
    assert_eq!(
        eval(
            &t,
            "document.querySelector('.menu-button').getAttribute('aria-expanded')"
        ),
        "true"
    );
    save_screenshot(&t, "drawer-phone.png");
    t.press_key("Escape").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(
        eval(&t, drawer_left).as_f64().unwrap() < 0.0,
        "closed by Esc"
    );

    assert!(
        problems.take().is_empty(),
        "no console errors or failed requests"
    );
}

/// A mouse click at the element's centre, found without running JavaScript
/// (headless_chrome's `click` scrolls the element into view with a script).
fn click_by_position(t: &headless_chrome::Tab, e: &headless_chrome::Element) {
    let m = e.get_box_model().unwrap();
    let c = m.content;
    let point = headless_chrome::browser::tab::point::Point {
        x: (c.top_left.x + c.bottom_right.x) / 2.0,
        y: (c.top_left.y + c.bottom_right.y) / 2.0,
    };
    t.click_point(point).unwrap();
}

#[test]
fn without_javascript_reading_and_navigation_work() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (_tmp, site, _) = common::build_course(None);
    let server = Server::start(&site, "/");
    let b = browser::launch_without_javascript(&chromium);
    let t = b.new_tab().unwrap();
    t.set_default_timeout(std::time::Duration::from_secs(20));
    viewport(&t, 375, 812, true);
    t.navigate_to(&format!("{}/index.html", server.base))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // The ☰ link jumps to the sidebar, which opens as a drawer through :target.
    let menu = t.find_element(".menu-link").unwrap();
    click_by_position(&t, &menu);
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(t.get_url().ends_with("#sidebar"), "{}", t.get_url());
    let left = t
        .find_element("#sidebar")
        .unwrap()
        .get_box_model()
        .unwrap()
        .border
        .top_left
        .x;
    assert_eq!(left, 0.0, "the drawer is open");
    let links = t.find_elements("#sidebar .toc-item > a").unwrap();
    assert!(links.len() >= 2);
    let target = links[1].get_attribute_value("href").unwrap().unwrap();
    let here = t.get_url();
    click_by_position(&t, &links[1]);
    for _ in 0..100 {
        if t.get_url() != here {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        t.get_url().ends_with(&target),
        "{} vs {target}",
        t.get_url()
    );
    t.wait_until_navigated().unwrap();
    // The page's table of contents is there.
    assert!(!t.find_elements(".page-toc a").unwrap().is_empty());
}

#[test]
fn sub_path_site_every_page_loads_and_passes_axe() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let axe = browser::axe_source();
    let (_tmp, site, _) = common::build_course(Some("/compute-services/"));
    let server = Server::start(&site, "/compute-services/");
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    open(&t, &format!("{}/compute-services/", server.base));
    let pages = sidebar_links(&t);
    assert!(
        pages
            .iter()
            .all(|p| p.starts_with(&format!("{}/compute-services/", server.base))),
        "{pages:?}"
    );
    let mut violations = Vec::new();
    for page in &pages {
        open(&t, page);
        let problems_here = problems.take();
        assert!(problems_here.is_empty(), "{page}: {problems_here:#?}");
        assert_eq!(
            eval(&t, "document.querySelectorAll('h1').length"),
            1,
            "{page}"
        );
        assert_eq!(
            eval(
                &t,
                "getComputedStyle(document.querySelector('.topbar')).position"
            ),
            "sticky",
            "{page}: stylesheet loaded"
        );
        if let Some(axe) = &axe {
            for theme in ["light", "dark"] {
                eval(
                    &t,
                    &format!("document.documentElement.dataset.theme = '{theme}'"),
                );
                for v in browser::axe_violations(&t, axe) {
                    violations.push(format!("{page} [{theme}]: {v}"));
                }
            }
        }
    }
    // A missing page deep below the sub-path gets the 404 page with working styles and links.
    open(
        &t,
        &format!("{}/compute-services/a/b/no-such-page.html", server.base),
    );
    assert_eq!(
        eval(
            &t,
            "getComputedStyle(document.querySelector('.topbar')).position"
        ),
        "sticky"
    );
    let links_404 = sidebar_links(&t);
    assert_eq!(links_404, pages, "the 404 page links to the same pages");
    if let Some(axe) = &axe {
        for v in browser::axe_violations(&t, axe) {
            violations.push(format!("404 page: {v}"));
        }
    }
    let left = problems.take();
    assert!(left.is_empty(), "{left:#?}");
    assert!(
        violations.is_empty(),
        "axe-core violations:\n{}",
        violations.join("\n")
    );
    let _ = Path::new("");
}

#[test]
fn a_served_page_shows_an_edit_and_keeps_its_scroll_position() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let book = common::TestBook::fixture("serve");
    let long: String = (1..=60)
        .map(|i| {
            format!("Absatz {i}: Lambda führt Code aus, ohne dass Server verwaltet werden.\n\n")
        })
        .collect();
    book.write(
        "content/lambda.md",
        &format!("# Lambda\n\nERSTER TEXT\n\n{long}"),
    );
    let s = serve::Served::start(book.path(), &[]);
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    viewport(&t, 1000, 700, false);
    let url = format!("http://127.0.0.1:{}/lambda.html", s.port);
    open(&t, &url);
    eval(&t, "window.scrollTo(0, 1500)");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let y = eval(&t, "window.scrollY").as_f64().unwrap();
    assert!(y > 1000.0, "scrolled: {y}");
    // The author saves; the browser does nothing.
    std::thread::sleep(std::time::Duration::from_millis(100));
    book.write(
        "content/lambda.md",
        &format!("# Lambda\n\nNEUER TEXT\n\n{long}"),
    );
    let mut shown = false;
    for _ in 0..200 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if eval(&t, "document.body.innerText.includes('NEUER TEXT')") == true {
            shown = true;
            break;
        }
    }
    assert!(shown, "the edit did not show up");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let after = eval(&t, "window.scrollY").as_f64().unwrap();
    assert!(
        (after - y).abs() < 5.0,
        "scroll position {after} instead of {y}"
    );
    let p: Vec<String> = problems
        .take()
        .into_iter()
        .filter(|p| !p.contains("__livereload"))
        .collect();
    assert!(p.is_empty(), "{p:#?}");
}

/// Text of the first element matching `selector` ("" when none).
fn text_of(t: &headless_chrome::Tab, selector: &str) -> String {
    s(eval(
        t,
        &format!("(document.querySelector({selector:?}) || {{}}).textContent || ''"),
    ))
}

/// Clicks the element `selector` (an answer, a button) like a student would.
fn click(t: &headless_chrome::Tab, selector: &str) {
    t.find_element(selector).unwrap().click().unwrap();
}

#[test]
fn quizzes_progress_tooltips_and_print_in_chromium() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let axe = browser::axe_source();
    let book = common::TestBook::fixture("learning");
    book.build_ok();
    let server = Server::start(&book.path().join("book"), "/lernbuch/");
    let base = format!("{}/lernbuch", server.base);
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    let mut violations = Vec::new();
    let mut axe_check = |t: &headless_chrome::Tab, what: &str| {
        if let Some(axe) = &axe {
            for theme in ["light", "dark"] {
                eval(
                    t,
                    &format!("document.documentElement.dataset.theme = '{theme}'"),
                );
                for v in browser::axe_violations(t, axe) {
                    violations.push(format!("{what} [{theme}]: {v}"));
                }
            }
        }
    };

    open(&t, &format!("{base}/docker.html"));
    // With the script: a check button per question, the solutions folded away.
    assert_eq!(
        eval(
            &t,
            "[...document.querySelectorAll('.quiz-actions')].filter(p => !p.hidden).length"
        ),
        3
    );
    assert_eq!(
        eval(
            &t,
            "getComputedStyle(document.querySelector('.quiz-solution')).display"
        ),
        "none"
    );
    let q1 = "form.quiz-q:nth-of-type(1)";
    // A wrong answer: told so in words, with its explanation; no colour alone.
    click(&t, &format!("{q1} input[value='0']"));
    click(&t, &format!("{q1} .quiz-check"));
    let feedback = text_of(&t, &format!("{q1} .quiz-feedback"));
    assert!(feedback.starts_with("Noch nicht richtig"), "{feedback}");
    assert!(
        feedback.contains("Das ist ein Container; er entsteht aus einem Image."),
        "{feedback}"
    );
    assert_eq!(
        text_of(&t, &format!("{q1} label.wrong .quiz-mark")),
        "✗ falsch"
    );
    assert_eq!(text_of(&t, ".quiz-score"), "0 von 3 Fragen richtig");
    // Then the right one.
    click(&t, &format!("{q1} input[value='1']"));
    assert_eq!(
        eval(
            &t,
            &format!("document.querySelectorAll('{q1} label.wrong').length")
        ),
        0,
        "a new choice clears the marks"
    );
    click(&t, &format!("{q1} .quiz-check"));
    assert_eq!(text_of(&t, &format!("{q1} .quiz-feedback")), "Richtig!");
    assert_eq!(
        text_of(&t, &format!("{q1} label.right .quiz-mark")),
        "✓ richtig"
    );
    assert_eq!(text_of(&t, ".quiz-score"), "1 von 3 Fragen richtig");
    // Checking without a choice asks for one.
    let q3 = "form.quiz-q:nth-of-type(3)";
    click(&t, &format!("{q3} .quiz-check"));
    assert_eq!(
        text_of(&t, &format!("{q3} .quiz-feedback")),
        "Bitte wählen Sie zuerst eine Antwort."
    );
    // By keyboard only: Space ticks a box, Enter submits the question.
    let q2 = "form.quiz-q:nth-of-type(2)";
    for v in ["0", "1"] {
        eval(
            &t,
            &format!("document.querySelector(\"{q2} input[value='{v}']\").focus()"),
        );
        t.press_key(" ").unwrap();
    }
    t.press_key("Enter").unwrap();
    assert_eq!(text_of(&t, &format!("{q2} .quiz-feedback")), "Richtig!");
    click(&t, &format!("{q3} input[value='0']"));
    click(&t, &format!("{q3} .quiz-check"));
    let feedback = text_of(&t, &format!("{q3} .quiz-feedback"));
    assert_eq!(feedback, "Richtig! 900 Sekunden sind das Maximum.");
    assert_eq!(text_of(&t, ".quiz-score"), "3 von 3 Fragen richtig");
    axe_check(&t, "docker.html after answering");
    eval(&t, "document.querySelector('.quiz').scrollIntoView()");
    eval(&t, "document.documentElement.dataset.theme = 'light'");
    save_screenshot(&t, "learning-quiz-light.png");
    eval(&t, "document.documentElement.dataset.theme = 'dark'");
    save_screenshot(&t, "learning-quiz-dark.png");

    // After a reload: the stored result, and the sidebar marks the chapter.
    open(&t, &format!("{base}/docker.html"));
    assert_eq!(text_of(&t, ".quiz-score"), "3 von 3 Fragen richtig");
    let mark = text_of(&t, "#sidebar a[href='docker.html'] .progress-mark");
    assert_eq!(mark, "★ (Selbsttest bestanden)");
    open(&t, &format!("{base}/docker/images.html"));
    assert_eq!(
        text_of(
            &t,
            "#sidebar a[href='../docker/images.html'] .progress-mark"
        ),
        "✓ (gelesen)"
    );
    assert_eq!(
        text_of(&t, "#sidebar a[href='../lambda.html'] .progress-mark"),
        "",
        "not visited"
    );
    // The start page offers to go on where the reader stopped.
    open(&t, &format!("{base}/"));
    assert_eq!(eval(&t, "document.querySelector('.resume').hidden"), false);
    assert_eq!(text_of(&t, ".resume-title"), "Images");
    let stored = s(eval(&t, "JSON.stringify(Object.keys(localStorage))"));
    assert_eq!(
        stored, "[\"kursbuch-progress:/lernbuch/\"]",
        "one entry per book, no cookies"
    );
    assert_eq!(eval(&t, "document.cookie"), "");
    axe_check(&t, "start page with resume");
    // Reset needs a second click, then forgets everything.
    let reset = t.find_element(".progress-reset").unwrap();
    reset.click().unwrap();
    assert!(text_of(&t, ".progress-reset").starts_with("Wirklich zurücksetzen?"));
    reset.click().unwrap();
    assert_eq!(
        eval(
            &t,
            "document.querySelectorAll('#sidebar .progress-mark').length"
        ),
        0
    );
    assert_eq!(eval(&t, "localStorage.length"), 0);
    assert_eq!(eval(&t, "document.querySelector('.resume').hidden"), true);

    // A glossary tooltip opens on keyboard focus and closes with Esc.
    open(&t, &format!("{base}/docker.html"));
    save_screenshot(&t, "learning-objectives.png");
    eval(&t, "document.querySelector('h1 a.header').focus()");
    t.press_key("Tab").unwrap();
    assert_eq!(eval(&t, "document.activeElement.className"), "gloss-term");
    let tip = "getComputedStyle(document.querySelector('.gloss-tip')).display";
    assert_eq!(eval(&t, tip), "block");
    assert_eq!(
        eval(
            &t,
            "document.activeElement.getAttribute('aria-describedby') === document.querySelector('.gloss-tip').id"
        ),
        true
    );
    axe_check(&t, "docker.html with an open tooltip");
    t.press_key("Escape").unwrap();
    assert_eq!(eval(&t, tip), "none");
    // It fits on a phone screen.
    viewport(&t, 360, 740, true);
    open(&t, &format!("{base}/docker/images.html"));
    eval(&t, "document.querySelector('.gloss-term').focus()");
    let r: Vec<f64> = serde_json::from_str(&s(eval(
        &t,
        "JSON.stringify((r => [r.left, r.right])(document.querySelector('.gloss-tip').getBoundingClientRect()))",
    )))
    .unwrap();
    assert!(r[0] >= 0.0 && r[1] <= 360.0, "{r:?}");
    save_screenshot(&t, "learning-tooltip-phone.png");
    viewport(&t, 1280, 900, false);

    // print.html: every chapter title in SUMMARY order, answers shown.
    open(&t, &format!("{base}/print.html"));
    let titles = s(eval(
        &t,
        "JSON.stringify([...document.querySelectorAll('article.print-chapter')].map(a => a.getAttribute('aria-label')))",
    ));
    assert_eq!(
        titles,
        "[\"Start\",\"Docker\",\"Images\",\"Lambda\",\"Glossar\"]"
    );
    let h1s = s(eval(
        &t,
        "JSON.stringify([...document.querySelectorAll('article.print-chapter h1')].map(h => h.textContent))",
    ));
    assert_eq!(
        h1s,
        "[\"Start\",\"Docker\",\"Images\",\"Lambda\",\"Glossar\"]"
    );
    assert_eq!(
        eval(
            &t,
            "[...document.querySelectorAll('.quiz-solution')].every(d => d.open && getComputedStyle(d).display !== 'none')"
        ),
        true
    );
    assert_eq!(
        eval(&t, "document.querySelector('.print-now').hidden"),
        false
    );
    // An in-book link jumps within the page.
    let href = s(eval(
        &t,
        "document.querySelector('#docker a[href^=\"#docker-images\"]').getAttribute('href')",
    ));
    assert_eq!(href, "#docker-images--tags");
    assert_eq!(
        eval(&t, "!!document.getElementById('docker-images--tags')"),
        true
    );
    axe_check(&t, "print.html");
    save_screenshot(&t, "learning-print.png");
    // Printed: chapters start on new pages; a PDF comes out.
    let pdf = t.print_to_pdf(None).unwrap();
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 10_000,
        "{} bytes",
        pdf.len()
    );
    open(&t, &format!("{base}/anhang/glossar.html"));
    axe_check(&t, "glossary");

    let left = problems.take();
    assert!(left.is_empty(), "{left:#?}");
    assert!(
        violations.is_empty(),
        "axe-core violations:\n{}",
        violations.join("\n")
    );
}

/// Stored quiz results belong to their questions, not to their places: when
/// the author removes a question, the others keep their own results.
#[test]
fn stored_quiz_results_follow_their_questions() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let book = common::TestBook::fixture("learning");
    book.build_ok();
    let server = Server::start(&book.path().join("book"), "/lernbuch/");
    let page = format!("{}/lernbuch/docker.html", server.base);
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    open(&t, &page);
    // The first question right, the second wrong (ECR runs nothing).
    click(&t, "form.quiz-q:nth-of-type(1) input[value='1']");
    click(&t, "form.quiz-q:nth-of-type(1) .quiz-check");
    click(&t, "form.quiz-q:nth-of-type(2) input[value='2']");
    click(&t, "form.quiz-q:nth-of-type(2) .quiz-check");
    assert_eq!(text_of(&t, ".quiz-score"), "1 von 3 Fragen richtig");

    // The author drops the first question and builds again.
    let path = book.path().join("content/docker.md");
    let md = std::fs::read_to_string(&path).unwrap();
    let first = md.find("? Was ist ein Image?").unwrap();
    let second = md.find("?? Welche Dienste").unwrap();
    std::fs::write(&path, format!("{}{}", &md[..first], &md[second..])).unwrap();
    book.build_ok();
    open(&t, &page);
    assert_eq!(
        eval(&t, "document.querySelectorAll('form.quiz-q').length"),
        2
    );
    assert_eq!(
        text_of(&t, ".quiz-score"),
        "0 von 2 Fragen richtig",
        "the wrong answer stays with its question"
    );
    let problems = problems.take();
    assert!(problems.is_empty(), "{problems:?}");
}
