//! Real-browser tests: Debian's Chromium driven over the DevTools protocol
//! (headless_chrome, which starts the system browser and downloads nothing),
//! and a loopback HTTP server for the built site.
//!
//! Without Chromium the tests print a notice and pass, except under `CI=true`,
//! where a missing browser is a failure so that CI really runs them.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Browser as CdpBrowser, Emulation};
use headless_chrome::{Browser, LaunchOptions, Tab};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The Chromium binary, or `None` (with a notice) when it is missing outside CI.
pub fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("KURSBUCH_CHROMIUM").map(PathBuf::from),
        Some("/usr/bin/chromium".into()),
        Some("/usr/bin/chromium-browser".into()),
        Some("/usr/bin/google-chrome".into()),
    ];
    if let Some(found) = candidates.into_iter().flatten().find(|p| p.is_file()) {
        return Some(found);
    }
    if in_ci() {
        panic!(
            "Chromium is required for the browser tests under CI=true: apt-get install -y chromium (or set KURSBUCH_CHROMIUM)"
        );
    }
    eprintln!(
        "SKIPPED: browser test needs Chromium (apt-get install -y chromium, or set KURSBUCH_CHROMIUM)"
    );
    None
}

/// axe-core's script (npm package `axe-core`), or `None` with a notice outside CI.
pub fn axe_source() -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("KURSBUCH_AXE").map(PathBuf::from),
        Some(root.join("target/axe/node_modules/axe-core/axe.min.js")),
    ];
    if let Some(path) = candidates.into_iter().flatten().find(|p| p.is_file()) {
        return Some(std::fs::read_to_string(path).unwrap());
    }
    if in_ci() {
        panic!(
            "axe-core is required under CI=true: npm install --prefix target/axe axe-core@4 (or set KURSBUCH_AXE)"
        );
    }
    eprintln!(
        "SKIPPED: accessibility checks need axe-core (npm install --prefix target/axe axe-core@4)"
    );
    None
}

pub fn launch(chromium: &Path) -> Browser {
    launch_with(chromium, &[])
}

/// A browser in which pages run no JavaScript at all (the DevTools protocol still works).
pub fn launch_without_javascript(chromium: &Path) -> Browser {
    launch_with(chromium, &["--blink-settings=scriptEnabled=false"])
}

fn launch_with(chromium: &Path, extra: &[&str]) -> Browser {
    let args: Vec<&std::ffi::OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
    ]
    .iter()
    .chain(extra)
    .map(std::ffi::OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(300))
        .args(args)
        .build()
        .unwrap();
    // headless_chrome gives each launch a fresh temporary --user-data-dir.
    Browser::new(options).expect("start Chromium")
}

/// Everything that went wrong on a page: console errors, exceptions, failed requests.
#[derive(Clone, Default)]
pub struct Problems(Arc<Mutex<Vec<String>>>);

impl Problems {
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
    fn push(&self, s: String) {
        self.0.lock().unwrap().push(s);
    }
}

/// A tab that records its problems.
pub fn tab(browser: &Browser) -> (Arc<Tab>, Problems) {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let problems = Problems::default();
    let p = problems.clone();
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    tab.add_event_listener(Arc::new(move |event: &Event| match event {
        Event::LogEntryAdded(e) => {
            let entry = &e.params.entry;
            let expected_404 = entry
                .url
                .as_deref()
                .is_some_and(|u| u.contains("no-such-page"));
            if format!("{:?}", entry.level) == "Error" && !expected_404 {
                p.push(format!("console: {} ({:?})", entry.text, entry.url));
            }
        }
        Event::RuntimeExceptionThrown(e) => {
            p.push(format!("exception: {:?}", e.params.exception_details.text))
        }
        Event::RuntimeConsoleAPICalled(e) if format!("{:?}", e.params.Type) == "Error" => {
            p.push(format!(
                "console.error: {:?}",
                e.params.args.first().and_then(|a| a.value.clone())
            ))
        }
        _ => {}
    }))
    .unwrap();
    let p = problems.clone();
    tab.register_response_handling(
        "status",
        Box::new(move |params, _| {
            let status = params.response.status;
            // The 404 page itself is requested on purpose by the tests.
            if status >= 400 && !params.response.url.contains("no-such-page") {
                p.push(format!("HTTP {status} for {}", params.response.url));
            }
        }),
    )
    .unwrap();
    (tab, problems)
}

/// Sets the viewport (CSS pixels), as a phone or a desktop would have it.
pub fn viewport(tab: &Tab, width: u32, height: u32, mobile: bool) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// Lets pages of `origin` use the clipboard, as a user who allowed it.
pub fn grant_clipboard(browser: &Browser, origin: &str) {
    let _ = browser.get_tabs(); // keep the browser alive across the call
    let tab = browser.new_tab().unwrap();
    tab.call_method(CdpBrowser::GrantPermissions {
        permissions: vec![
            CdpBrowser::PermissionType::ClipboardReadWrite,
            CdpBrowser::PermissionType::ClipboardSanitizedWrite,
        ],
        origin: Some(origin.to_string()),
        browser_context_id: None,
    })
    .unwrap();
    tab.close(false).unwrap();
}

/// Navigates and waits until the page and its deferred scripts have run.
pub fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let ready = tab
        .evaluate(
            "new Promise(r => document.readyState === 'complete' ? r(true) : addEventListener('load', () => r(true)))",
            true,
        )
        .unwrap();
    assert_eq!(
        ready.value,
        Some(serde_json::Value::Bool(true)),
        "{url} did not load"
    );
}

/// Waits (up to 10 s) until the tab has left `from` and loaded the new page; returns its URL.
pub fn wait_for_navigation(tab: &Tab, from: &str) -> String {
    for _ in 0..200 {
        let url = tab.get_url();
        if url != from {
            open(tab, &url);
            return url;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("still at {from} after 10 s");
}

/// Evaluates `js` (awaiting a promise) and returns its JSON value.
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    let r = tab
        .evaluate(js, true)
        .unwrap_or_else(|e| panic!("evaluating {js}: {e}"));
    r.value.unwrap_or(serde_json::Value::Null)
}

/// A static file server on 127.0.0.1 serving `dir` under the URL path
/// `prefix` (`/` or `/compute-services/`), with 404.html for missing files,
/// as GitHub Pages does.
pub struct Server {
    pub base: String,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(dir: &Path, prefix: &str) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let dir = dir.to_path_buf();
        let prefix = prefix.to_string();
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let path = request
                    .url()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let file = path.strip_prefix(&prefix).map(|rel| {
                    let rel = percent_decode(rel);
                    let mut p = dir.join(rel.trim_start_matches('/'));
                    if p.is_dir() {
                        p = p.join("index.html");
                    }
                    p
                });
                let (status, file) = match file {
                    Some(f) if f.is_file() && !path.contains("..") => (200, f),
                    _ => (404, dir.join("404.html")),
                };
                let body = std::fs::read(&file).unwrap_or_default();
                let mime = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("svg") => "image/svg+xml",
                    Some("png") => "image/png",
                    Some("xml") => "application/xml",
                    _ => "application/octet-stream",
                };
                let header = tiny_http::Header::from_bytes("Content-Type", mime).unwrap();
                let _ = request.respond(
                    tiny_http::Response::from_data(body)
                        .with_status_code(status)
                        .with_header(header),
                );
            }
        });
        Server {
            base: format!("http://127.0.0.1:{port}"),
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Runs axe-core on the page; returns the violations as readable lines.
pub fn axe_violations(tab: &Tab, axe: &str) -> Vec<String> {
    let loaded = eval(tab, "typeof axe !== 'undefined'");
    if loaded != serde_json::Value::Bool(true) {
        tab.evaluate(axe, false).unwrap();
    }
    let result = eval(
        tab,
        "axe.run(document).then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '))}))",
    );
    let result: serde_json::Value =
        serde_json::from_str(result.as_str().expect("axe result")).unwrap();
    // A run that checked nothing would pass vacuously.
    assert!(
        result["passes"].as_u64().unwrap() > 10,
        "axe ran too few rules: {result}"
    );
    serde_json::from_value(result["violations"].clone()).unwrap()
}

/// Where the test run saves screenshots for people to look at (not committed).
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
