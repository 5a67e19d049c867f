//! The search's bytes and speed in headless Chromium, over HTTP on loopback:
//!
//!     cargo bench --bench search
//!     KURSBUCH_BIN=/path/to/other/kursbuch cargo bench --bench search
//!                     # the same measurements on another build (before/after)
//!
//! Targets (issue 15):
//! - the 1,000-chapter benchmark book (`support/book.rs`), `lambda kosten`
//!   typed at 120 ms a key: at most 200 KB gzipped for everything the page
//!   fetched for search (search.js, the index, term files, excerpts);
//! - the course, `Lambda` typed the same way: at most 30 KB gzipped fetched
//!   when the first result shows (and what the excerpts add after);
//! - keystroke to results: at most 30 ms median with the files loaded.
//!
//! Relevance is a test (`tests/suite/search_relevance.rs`), not a benchmark.
//! It measures and does not fail on a miss: machines differ.

#[path = "support/book.rs"]
mod book;
// Shared with the browser tests; the benchmark uses a part of it.
#[allow(dead_code)]
#[path = "../tests/suite/common/browser.rs"]
mod browser;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use headless_chrome::Tab;

/// A typing student: one key every 120 ms.
const KEY_MS: u64 = 120;

fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn build(exe: &Path, root: &Path, dest: &Path) {
    let ok = Command::new(exe)
        .args(["build", "-q"])
        .arg(root)
        .arg("--dest-dir")
        .arg(dest)
        .status()
        .expect("start kursbuch")
        .success();
    assert!(ok, "kursbuch build {} failed", root.display());
}

/// What the page fetched for search so far: (files, gzipped bytes).
fn fetched(t: &Tab, site: &Path) -> (usize, usize) {
    let urls = browser::eval(
        t,
        "JSON.stringify(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => /search/.test(p)))",
    );
    let urls: Vec<String> = serde_json::from_str(urls.as_str().unwrap_or("[]")).unwrap();
    let bytes = urls
        .iter()
        .map(|u| {
            std::fs::read(site.join(u.trim_start_matches('/')))
                .map(|b| gzip_len(&b))
                .unwrap_or(0)
        })
        .sum();
    (urls.len(), bytes)
}

/// Opens `page`, types `query` into the search key by key, and returns the
/// bytes fetched when the first result showed and once all had settled.
fn typed(t: &Tab, site: &Path, page: &str, query: &str) -> ((usize, usize), (usize, usize)) {
    browser::open(t, page);
    browser::eval(
        t,
        "window.firstResult = null; new MutationObserver((_, obs) => { \
           if (document.querySelector('#search-results a')) { \
             window.firstResult = performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => /search/.test(p)); \
             obs.disconnect(); } }).observe(document.body, {childList: true, subtree: true}); true",
    );
    t.press_key("/").unwrap();
    // On a fixed beat, however long sending a key takes.
    let start = std::time::Instant::now();
    for (i, c) in query.chars().enumerate() {
        let due = start + Duration::from_millis(KEY_MS * i as u64);
        std::thread::sleep(due.saturating_duration_since(std::time::Instant::now()));
        t.type_str(&c.to_string()).unwrap();
    }
    // Settled: the excerpts are in (or nothing more comes for 2 s).
    for _ in 0..40 {
        if browser::eval(
            t,
            "document.getElementById('search-results').getAttribute('aria-busy') === 'false'",
        ) == true
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    let first: Vec<String> = serde_json::from_str(
        browser::eval(t, "JSON.stringify(window.firstResult || [])")
            .as_str()
            .unwrap_or("[]"),
    )
    .unwrap();
    let first_bytes = first
        .iter()
        .map(|u| std::fs::read(site.join(u.trim_start_matches('/'))).map_or(0, |b| gzip_len(&b)))
        .sum();
    ((first.len(), first_bytes), fetched(t, site))
}

/// Median time from a keystroke to its results, with the files loaded.
fn latency(t: &Tab) -> f64 {
    let mut times = Vec::new();
    for q in [
        "lambda kosten",
        "Container Abrechnung",
        "docker push",
        "Ausführung",
        "lamda",
        "Konfigurat",
        "Containerplattform",
    ] {
        // Twice: the first loads what the query needs, the second is timed.
        let mut last = f64::NAN;
        for _ in 0..2 {
            let js = format!(
                "new Promise(r => {{ const res = document.getElementById('search-results'); const input = document.getElementById('search-input'); \
                   setTimeout(() => r(-1), 5000); const t0 = performance.now(); \
                   const obs = new MutationObserver(() => {{ if (res.querySelector('a') || res.querySelector('.search-none')) {{ obs.disconnect(); r(performance.now() - t0); }} }}); \
                   obs.observe(res, {{childList: true}}); input.value = {q:?}; input.dispatchEvent(new Event('input')); }})"
            );
            last = browser::eval(t, &js)
                .as_f64()
                .filter(|ms| *ms >= 0.0)
                .unwrap_or(f64::NAN);
            std::thread::sleep(Duration::from_millis(300));
        }
        times.push(last);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

fn main() {
    let Some(chromium) = browser::chromium() else {
        eprintln!("search bench: needs Chromium (apt-get install -y chromium)");
        return;
    };
    let exe: std::path::PathBuf = std::env::var_os("KURSBUCH_BIN")
        .map_or_else(|| env!("CARGO_BIN_EXE_kursbuch").into(), Into::into);
    let exe = exe.as_path();
    println!("kursbuch: {}", exe.display());
    let tmp = tempfile::tempdir().unwrap();
    let b = browser::launch(&chromium);
    let (t, _) = browser::tab(&b);

    // The course.
    let course = tmp.path().join("course");
    build(exe, Path::new(env!("CARGO_MANIFEST_DIR")), &course);
    let server = browser::Server::start(&course, "/");
    let ((n, first), (m, all)) = typed(
        &t,
        &course,
        &format!("{}/docker.html", server.base),
        "Lambda",
    );
    println!(
        "course, `Lambda` typed: {:.1} KB gzipped in {n} files when the first result showed (target ≤ 30 KB), \
         {:.1} KB in {m} files with the excerpts",
        kb(first),
        kb(all)
    );
    drop(server);

    // The 1,000-chapter book.
    let dir = tmp.path().join("book");
    std::fs::create_dir_all(&dir).unwrap();
    book::generate(&dir, 1000);
    let site = dir.join("site");
    build(exe, &dir, &site);
    let server = browser::Server::start(&site, "/");
    let page = format!("{}/teil-00/kapitel-0001.html", server.base);
    let (_, (m, all)) = typed(&t, &site, &page, "lambda kosten");
    println!(
        "1,000 chapters, `lambda kosten` typed: {:.1} KB gzipped in {m} files (target ≤ 200 KB)",
        kb(all)
    );
    let index = std::fs::read(site.join("search/index.js")).unwrap();
    println!(
        "  search/index.js: {:.1} KB gzipped ({:.1} KB)",
        kb(gzip_len(&index)),
        kb(index.len())
    );
    println!(
        "keystroke to results: {:.1} ms median, files loaded (target ≤ 30 ms)",
        latency(&t)
    );
}
