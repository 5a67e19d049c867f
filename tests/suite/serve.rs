//! `kursbuch serve` as a process: what it serves, what it refuses, live
//! reload, error overlays, and that a series of edits ends where a clean
//! build ends, byte for byte.

use crate::common;
use crate::common::serve;

use std::path::Path;
use std::time::Duration;

use common::TestBook;
use serve::{Events, Served, request, request_with, without_script};

fn settle() {
    // File times are in whole steps on some systems; edits must be apart.
    std::thread::sleep(Duration::from_millis(60));
}

#[test]
fn pages_types_methods_and_caching() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let html = r.text();
    assert!(html.contains("<h1 id=\"start\">"), "{html}");
    assert!(
        html.contains("<script data-kursbuch-serve>"),
        "live reload is added when serving"
    );
    // Links work at the root whatever site-url says (https://example.org/kurs/).
    let not_found = s.get("/no/such/page.html");
    assert_eq!(not_found.status, 404);
    assert!(
        not_found.text().contains("<base href=\"/\">"),
        "{}",
        not_found.text()
    );
    let css_name = html
        .split("href=\"css/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let css = s.get(&format!("/css/{css_name}"));
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert!(!String::from_utf8_lossy(&css.body).contains("data-kursbuch-serve"));
    assert_eq!(
        s.get("/favicon.svg").header("content-type"),
        Some("image/svg+xml")
    );
    let search = s.get("/search/index.js");
    assert_eq!(
        (search.status, search.header("content-type")),
        (200, Some("text/javascript; charset=utf-8"))
    );
    // Only GET and HEAD.
    for m in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = request(s.port, m, "/");
        assert_eq!(r.status, 405, "{m}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{m}");
    }
    let head = request(s.port, "HEAD", "/docker.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    // Built output never has the live-reload script.
    book.build_ok();
    assert!(!book.out("index.html").contains("kursbuch-serve"));
}

#[test]
fn hostile_paths_never_reach_a_file_outside() {
    let book = TestBook::fixture("serve");
    // A secret beside the book, and a symlink to it inside the content folder.
    let secret = book
        .path()
        .parent()
        .unwrap()
        .join(format!("secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "TOPSECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, book.path().join("content/link.txt")).unwrap();
    let s = Served::start(book.path(), &[]);
    let name = secret.file_name().unwrap().to_string_lossy().into_owned();
    let paths = [
        format!("/../{name}"),
        format!("/../../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/%2E%2E/{name}"),
        format!("/%2e%2e%2f{name}"),
        format!("/..%2f{name}"),
        format!("/..%2F..%2F{name}"),
        format!("/%252e%252e/{name}"),
        format!("/%252e%252e%252f{name}"),
        format!("/..\\{name}"),
        format!("/%5c..%5c{name}"),
        format!("/..%5c{name}"),
        format!("/.%2e/{name}"),
        format!("/%2e./{name}"),
        format!("/css/../../{name}"),
        format!("/css/%2e%2e/%2e%2e/{name}"),
        format!("//{name}"),
        "///etc/passwd".to_string(),
        "/../../../../../../etc/passwd".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/etc/passwd".to_string(),
        format!("{}", secret.display()),
        format!("/{}", secret.display()),
        "/link.txt".to_string(),
        "/%00".to_string(),
        "/index.html%00.txt".to_string(),
        "/%0d%0aSet-Cookie:x".to_string(),
        "/..;/etc/passwd".to_string(),
        format!("/{}", "../".repeat(40)),
        format!("/{}", "a/".repeat(2000)),
        "/%c0%ae%c0%ae/etc/passwd".to_string(),
        "/%u002e%u002e/etc/passwd".to_string(),
        "/./index.html".to_string(),
        "/search/../../etc/passwd".to_string(),
    ];
    assert!(paths.len() >= 30);
    for p in &paths {
        let r = request(s.port, "GET", p);
        let body = r.text();
        assert!(matches!(r.status, 400 | 404), "{p}: status {}", r.status);
        assert!(
            !body.contains("TOPSECRET") && !body.contains("root:x:0"),
            "{p} leaked a file"
        );
    }
    std::fs::remove_file(&secret).ok();
}

#[test]
fn an_edit_reloads_the_page_and_a_broken_edit_shows_an_overlay() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    let mut events = Events::connect(s.port);
    assert!(events.next().contains("\"type\":\"hello\""));
    settle();
    book.write("content/lambda.md", "# Lambda\n\nFunktionen, jetzt neu.\n");
    let e = events.next_with("reload");
    // print.html holds every chapter: open there, it reloads too.
    assert!(
        e.contains("\"paths\":[\"lambda.html\",\"print.html\"]"),
        "{e}"
    );
    assert!(
        s.get("/lambda.html")
            .text()
            .contains("Funktionen, jetzt neu.")
    );

    // A broken link: the terminal and the page say where; the old page stays.
    settle();
    book.write(
        "content/lambda.md",
        "# Lambda\n\nSiehe [fehlt](fehlt.md).\n",
    );
    let e = events.next_with("error");
    assert!(
        e.contains("content/lambda.md:3:7: error: link to a missing chapter `fehlt.md`"),
        "{e}"
    );
    s.wait_line("content/lambda.md:3:7: error", Duration::from_secs(10));
    let page = s.get("/lambda.html").text();
    assert!(
        page.contains("Funktionen, jetzt neu.") && !page.contains("fehlt"),
        "the last good version stays"
    );
    // A page opened now learns about the error at once.
    let mut late = Events::connect(s.port);
    assert!(late.next().contains("link to a missing chapter"));

    // The fix clears it.
    settle();
    book.write("content/lambda.md", "# Lambda\n\nRepariert.\n");
    let e = events.next_with("reload");
    assert!(e.contains("lambda.html"), "{e}");
    assert!(s.get("/lambda.html").text().contains("Repariert."));
    let mut fresh = Events::connect(s.port);
    assert!(fresh.next().contains("\"error\":null"));
}

/// Every file of a clean build (`kursbuch build --base-url /`) is served with the same bytes.
fn assert_same_as_clean_build(book: &TestBook, s: &Served, step: &str) {
    let out = tempfile::tempdir().unwrap();
    let clean = out.path().join("site");
    kursbuch::build(&kursbuch::BuildOptions {
        root: book.path().to_path_buf(),
        dest_dir: Some(clean.clone()),
        base_url: Some("/".into()),
        in_memory: false,
        ..Default::default()
    })
    .unwrap_or_else(|f| {
        panic!(
            "{step}: clean build failed: {:?}",
            common::messages(&f.diagnostics)
        )
    });
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&clean) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&clean)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == ".kursbuch-output" {
            continue;
        }
        let served = s.get(&format!(
            "/{}",
            rel.split('/')
                .map(|p| percent_encoding::utf8_percent_encode(
                    p,
                    percent_encoding::NON_ALPHANUMERIC
                )
                .to_string())
                .collect::<Vec<_>>()
                .join("/")
        ));
        assert_eq!(served.status, 200, "{step}: {rel} not served");
        let want = std::fs::read(entry.path()).unwrap();
        let got = if rel.ends_with(".html") {
            without_script(&served.body)
        } else {
            served.body
        };
        if got != want {
            panic!(
                "{step}: {rel} differs from a clean build\n--- served\n{}\n--- clean\n{}",
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
        count += 1;
    }
    assert!(count > 10, "{step}: only {count} files compared");
}

#[test]
fn after_any_series_of_edits_the_site_is_a_clean_build() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    let mut events = Events::connect(s.port);
    events.next();
    assert_same_as_clean_build(&book, &s, "start");
    let mut step = |what: &str, change: &dyn Fn(&TestBook), expect: &str| {
        settle();
        change(&book);
        events.next_with(expect);
        // The search index follows the pages; wait for it too.
        let _ = s.get("/search/index.js");
        assert_same_as_clean_build(&book, &s, what);
    };
    step(
        "edit a chapter",
        &|b| {
            b.write("content/docker.md", "# Docker\n\n## Images\n\nNeuer Text über Container.\n\n{{#include ../examples/Dockerfile}}\n\n{{ compare(data=\"vergleich\") }}\n");
        },
        "reload",
    );
    step(
        "edit an included file",
        &|b| {
            b.write(
                "examples/Dockerfile",
                "FROM python:3.14-slim\nCMD [\"python\", \"main.py\"]\n",
            );
        },
        "reload",
    );
    step(
        "edit a data file",
        &|b| {
            b.write("data/vergleich.toml", "columns = [\"A\", \"B\"]\n[[rows]]\nlabel = \"Zeile\"\nvalues = [\"drei\", true]\n");
        },
        "reload",
    );
    step(
        "change a heading another chapter links to, together with the link",
        &|b| {
            b.write("content/docker.md", "# Docker\n\n## Abbilder\n\nText.\n");
            b.write(
                "content/start.md",
                "# Start\n\nWeiter zu [Docker](docker.md#abbilder).\n",
            );
        },
        "reload",
    );
    step(
        "add an image and use it",
        &|b| {
            b.write(
                "content/img/bild.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            );
            b.write("content/lambda.md", "# Lambda\n\n![Bild](img/bild.svg)\n");
        },
        "reload",
    );
    step(
        "rename a chapter",
        &|b| {
            std::fs::rename(
                b.path().join("content/alt.md"),
                b.path().join("content/neu.md"),
            )
            .unwrap();
            b.write("content/SUMMARY.md", "- [Start](start.md)\n- [Docker](docker.md)\n- [Lambda](lambda.md)\n- [Neu](neu.md)\n");
        },
        "reload",
    );
    step(
        "delete a chapter",
        &|b| {
            b.write(
                "content/SUMMARY.md",
                "- [Start](start.md)\n- [Docker](docker.md)\n- [Lambda](lambda.md)\n",
            );
            std::fs::remove_file(b.path().join("content/neu.md")).unwrap();
        },
        "reload",
    );
    step(
        "add a glossary: every chapter gets tooltips",
        &|b| {
            b.write(
                "data/glossary.toml",
                "[[term]]\nterm = \"Docker\"\ndefinition = \"Werkzeug für Container.\"\n",
            );
        },
        "reload",
    );
    step(
        "a chapter starts showing the glossary: every tooltip links there",
        &|b| {
            b.write(
                "content/lambda.md",
                "# Lambda\n\nMit Docker.\n\n{{ glossary() }}\n",
            );
        },
        "reload",
    );
    step(
        "a quiz, objectives and a summary in a chapter",
        &|b| {
            b.write("content/start.md", "+++\nobjectives = [\"Docker kennen\"]\nsummary = \"Fertig.\"\n+++\n# Start\n\n{% quiz() %}\n? Frage zu Docker\n- [x] ja\n- [ ] nein\n{% end %}\n");
        },
        "reload",
    );
    step(
        "the chapter stops showing the glossary",
        &|b| {
            b.write("content/lambda.md", "# Lambda\n\nMit Docker.\n");
        },
        "reload",
    );
    step(
        "change a stylesheet",
        &|b| {
            b.write("static/css/kursbuch.css", "body { color: red }\n");
        },
        "\"build\"",
    );
    step(
        "change a template",
        &|b| {
            b.write("templates/redirect.html", "<p>{{ redirect.url }}</p>\n");
            b.write("book.toml", "[book]\ntitle = \"Serve\"\nlanguage = \"de\"\n[output.html.redirect]\n\"/alt.html\" = \"lambda.html\"\n");
        },
        "reload",
    );
}

#[test]
fn a_css_change_swaps_the_stylesheet_without_reload() {
    let book = TestBook::fixture("serve");
    book.write("static/css/kursbuch.css", "body { color: blue }\n");
    let s = Served::start(book.path(), &[]);
    let mut events = Events::connect(s.port);
    events.next();
    settle();
    book.write("static/css/kursbuch.css", "body { color: green }\n");
    let e = events.next_with("\"type\":\"css\"");
    assert!(e.contains("\"swap\":{\"css/kursbuch."), "{e}");
}

#[test]
fn many_connections_and_live_reload_clients_leave_nothing_behind() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    // 200 requests at once.
    let port = s.port;
    let handles: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                request(port, "GET", if i % 2 == 0 { "/" } else { "/docker.html" }).status
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");

    // 100 pages connect to live reload and go away again.
    let count = |what: &str| -> usize {
        match what {
            "threads" => std::fs::read_to_string(format!("/proc/{}/status", s.pid()))
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .unwrap()
                .trim()
                .parse()
                .unwrap(),
            _ => std::fs::read_dir(format!("/proc/{}/fd", s.pid()))
                .unwrap()
                .count(),
        }
    };
    if !Path::new("/proc/self/status").exists() {
        eprintln!("SKIPPED: thread and descriptor counts need /proc");
        return;
    }
    std::thread::sleep(Duration::from_millis(300));
    let (threads, fds) = (count("threads"), count("fds"));
    let clients: Vec<Events> = (0..100)
        .map(|_| {
            let mut e = Events::connect(s.port);
            e.next();
            e
        })
        .collect();
    assert!(
        count("threads") >= threads + 100,
        "each stream has a thread while open"
    );
    drop(clients);
    let mut settled = false;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(100));
        if count("threads") <= threads + 2 && count("fds") <= fds + 2 {
            settled = true;
            break;
        }
    }
    assert!(
        settled,
        "threads {} (was {threads}), descriptors {} (was {fds})",
        count("threads"),
        count("fds")
    );
    assert_eq!(s.get("/").status, 200, "still serving");
}

#[test]
fn a_port_in_use_names_the_port_and_the_option() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let book = TestBook::fixture("serve");
    let out = book.run(&["serve", ".", "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(
        err.contains(&format!("port {port} is already in use")) && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn a_public_host_is_warned_about_and_ctrl_c_stops_cleanly() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &["--host", "0.0.0.0"]);
    assert_eq!(s.get("/").status, 200);
    let warning = "warning: serving on 0.0.0.0 makes the preview reachable from other machines";
    // On stderr: it may reach the test after the "serving at" line.
    if !s.early.iter().any(|l| l.contains(warning)) {
        s.wait_line(warning, Duration::from_secs(10));
    }
    #[cfg(unix)]
    {
        // SAFETY: sending SIGINT to our own child process.
        unsafe { libc::kill(s.pid() as i32, libc::SIGINT) };
        s.wait_line("kursbuch: stopped", Duration::from_secs(10));
    }
}

#[test]
fn a_book_that_does_not_build_yet_is_explained_and_served_once_fixed() {
    let book = TestBook::fixture("serve");
    book.write(
        "content/SUMMARY.md",
        "- [Start](start.md)\n- [Fehlt](fehlt.md)\n",
    );
    let s = Served::start(book.path(), &[]);
    let r = s.get("/");
    assert_eq!(r.status, 503);
    assert!(
        r.text()
            .contains("content/SUMMARY.md:2:3: error: chapter `fehlt.md` does not exist"),
        "{}",
        r.text()
    );
    let mut events = Events::connect(s.port);
    events.next();
    settle();
    book.write(
        "content/SUMMARY.md",
        "- [Start](start.md)\n- [Docker](docker.md)\n",
    );
    events.next_with("reload");
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn a_render_error_on_one_page_is_shown_by_serve_too() {
    let book = TestBook::fixture("serve");
    let good = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/page.html"),
    )
    .unwrap();
    let bad = good.replacen(
        "<body",
        "{% if page.path == \"lambda.html\" %}{{ page.missing | upper }}{% endif %}<body",
        1,
    );
    assert_ne!(bad, good);
    book.write("templates/page.html", &bad);
    let s = Served::start(book.path(), &[]);
    let mut events = Events::connect(s.port);
    let hello = events.next();
    assert!(hello.contains("rendering `lambda.html`"), "{hello}");
    assert!(hello.contains("templates/page.html:"), "{hello}");
    // Printed in the terminal (stderr, which may reach the test after the
    // "serving at" line on stdout).
    if !s
        .early
        .iter()
        .any(|l| l.contains("rendering `lambda.html`"))
    {
        s.wait_line("rendering `lambda.html`", Duration::from_secs(10));
    }
    settle();
    book.write("templates/page.html", &good);
    events.next_with("reload");
    assert_eq!(s.get("/lambda.html").status, 200);
}

/// A course's video, audio and fonts go out with their types, and media
/// players (Safari's `<video>`) get the byte ranges they ask for.
#[test]
fn media_types_and_byte_ranges() {
    let book = TestBook::fixture("serve");
    let clip: Vec<u8> = (0u8..=255).cycle().take(1000).collect();
    std::fs::write(book.path().join("content/clip.mp4"), &clip).unwrap();
    book.write("content/font.woff2", "w");
    let s = Served::start(book.path(), &[]);
    let whole = s.get("/clip.mp4");
    assert_eq!(
        (whole.status, whole.header("content-type")),
        (200, Some("video/mp4"))
    );
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(whole.body, clip);
    let part = request_with(s.port, "GET", "/clip.mp4", &[("Range", "bytes=100-199")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), Some("bytes 100-199/1000"));
    assert_eq!(part.body, &clip[100..200]);
    let tail = request_with(s.port, "GET", "/clip.mp4", &[("Range", "bytes=-10")]);
    assert_eq!((tail.status, tail.body.as_slice()), (206, &clip[990..]));
    let past = request_with(s.port, "GET", "/clip.mp4", &[("Range", "bytes=5000-")]);
    assert_eq!(past.status, 416);
    assert_eq!(past.header("content-range"), Some("bytes */1000"));
    assert_eq!(
        s.get("/font.woff2").header("content-type"),
        Some("font/woff2")
    );
    // Pages are whole: the live-reload script changes their length.
    let page = request_with(s.port, "GET", "/docker.html", &[("Range", "bytes=0-9")]);
    assert_eq!(page.status, 200);
}
