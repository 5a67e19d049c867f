//! Search in a real browser, from `file://` and over HTTP under a sub-path:
//! German folding and stemming, typos, commands from code blocks, ranking,
//! the keyboard path, lazy loading and escaping of content in results.

use crate::common;
use crate::common::browser;

use std::path::PathBuf;

use browser::{Server, eval, open, tab};
use common::TestBook;
use headless_chrome::Tab;
use serde_json::Value;

fn build(base_url: Option<&str>) -> (TestBook, PathBuf) {
    let book = TestBook::fixture("search");
    book.build_with(None, base_url)
        .unwrap_or_else(|f| panic!("{}", common::messages(&f.diagnostics).join("\n")));
    let site = book.path().join("book");
    (book, site)
}

/// Polls `js` until it is truthy (10 s at most) and returns its value.
fn wait_for(t: &Tab, js: &str) -> Value {
    for _ in 0..200 {
        let v = eval(t, js);
        if !(v.is_null() || v == false || v == "" || v == 0) {
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("timed out waiting for {js}");
}

/// The results shown, once their sections and excerpts are in: [path,
/// href, excerpt] per link, in order; a page's sections under it are
/// "Page › Section".
fn results(t: &Tab) -> Vec<(String, String, String)> {
    wait_for(
        t,
        "document.querySelectorAll('#search-results a').length && document.getElementById('search-results').getAttribute('aria-busy') === 'false'",
    );
    let v = eval(
        t,
        "JSON.stringify([...document.querySelectorAll('#search-results a')].map(a => { \
           const page = a.closest('.search-pages > li').querySelector('a .search-path').textContent; \
           const own = a.querySelector('.search-path').textContent; \
           return [a.classList.contains('search-sub') ? `${page} › ${own}` : own, a.getAttribute('href'), a.querySelector('.search-teaser').textContent]; }))",
    );
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

fn query(t: &Tab, page: &str, q: &str) -> Vec<(String, String, String)> {
    open(t, &format!("{page}?search={q}"));
    results(t)
}

fn check_queries(t: &Tab, page: &str, where_: &str) {
    // Inflected German: "Containern" finds "Container" (Fargate, the
    // shortest text about containers, first) and itself in the Docker chapter.
    let r = query(t, page, "Containern");
    assert_eq!(r[0].0, "Fargate", "{where_}: {r:?}");
    let docker = r.iter().find(|x| x.1.ends_with("docker.html")).unwrap();
    assert!(
        docker.2.contains("in Containern verpackt"),
        "{where_}: {r:?}"
    );
    // Umlauts folded: "ausfuhrung" finds "Ausführung", marked in the
    // excerpt of the section under its page.
    let r = query(t, page, "ausfuhrung");
    assert_eq!(r[0].0, "AWS Lambda", "{where_}: {r:?}");
    assert_eq!(r[1].0, "AWS Lambda › Abrechnung", "{where_}: {r:?}");
    assert!(
        r[1].1.ends_with("lambda.html#abrechnung"),
        "{where_}: {r:?}"
    );
    let marked = eval(
        t,
        "document.querySelector('#search-results mark').textContent",
    );
    assert_eq!(marked, "Ausführung", "{where_}");
    // One typo in a word of five letters: "lamda" finds Lambda.
    let r = query(t, page, "lamda");
    assert!(
        r.iter().any(|x| x.0.starts_with("AWS Lambda")),
        "{where_}: {r:?}"
    );
    // A command from a code block, two words.
    let r = query(t, page, "docker%20push");
    assert_eq!(r[0].0, "Was ist Docker?", "{where_}: {r:?}");
    assert_eq!(
        r[1].0, "Was ist Docker? › Images veröffentlichen",
        "{where_}: {r:?}"
    );
    // A title match ranks above a body match; each page once.
    let r = query(t, page, "Fargate");
    assert_eq!(r[0].0, "Fargate", "{where_}: {r:?}");
    assert!(r.iter().any(|x| x.0 == "Überblick"), "{where_}: {r:?}");
    let pages: Vec<&str> = r
        .iter()
        .filter(|x| !x.0.contains(" › "))
        .map(|x| x.1.as_str())
        .collect();
    let mut unique = pages.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), pages.len(), "{where_}: {r:?}");
    // An excerpt around the match, however deep in its section.
    let r = query(t, page, "Zeitlimit");
    assert_eq!(r[0].0, "AWS Lambda", "{where_}: {r:?}");
    let grenzen = r.iter().find(|x| x.0 == "AWS Lambda › Grenzen").unwrap();
    assert!(
        grenzen.2.contains("das Zeitlimit von 900"),
        "{where_}: {r:?}"
    );
    assert_eq!(
        eval(t, "document.querySelector('.search-sub mark').textContent"),
        "Zeitlimit"
    );
    // Compounds: a part finds the compound of the book, and a compound the
    // book does not have finds its parts.
    let r = query(t, page, "Plattform");
    assert!(r.iter().any(|x| x.0 == "AWS Lambda"), "{where_}: {r:?}");
    let compound = r.iter().find(|x| x.0 == "Überblick").unwrap();
    assert!(compound.2.contains("Containerplattform"), "{where_}: {r:?}");
    let r = query(t, page, "Lambdafunktion");
    assert_eq!(r[0].0, "AWS Lambda", "{where_}: {r:?}");
    // Two letters swapped at the start of the word.
    let r = query(t, page, "Fragate");
    assert_eq!(r[0].0, "Fargate", "{where_}: {r:?}");
    // "15 Minuten" and "Größe"/"Groesse".
    let r = query(t, page, "Groesse");
    assert!(
        r.iter().any(|x| x.0 == "AWS Lambda › Größe"),
        "{where_}: {r:?}"
    );
    let r = query(t, page, "15%20Minuten");
    assert!(r[0].0.starts_with("AWS Lambda"), "{where_}: {r:?}");
    // Content is text in the results, never markup.
    let r = query(t, page, "onerror");
    assert!(
        r.iter()
            .any(|x| x.2.contains("<img src=x onerror=alert(1)>")),
        "{where_}: {r:?}"
    );
    assert!(
        r.iter()
            .any(|x| x.2.contains("<img src=x onerror=alert(2)>")),
        "{where_}: {r:?}"
    );
    assert_eq!(
        eval(t, "document.querySelectorAll('#search-results img').length"),
        0
    );
    assert_eq!(
        eval(t, "window.alerted || false"),
        false,
        "{where_}: a script from the content ran"
    );
    // The status line is announced.
    let status = eval(t, "document.getElementById('search-status').textContent");
    assert!(
        status.as_str().unwrap().ends_with("Ergebnisse")
            || status.as_str().unwrap().ends_with("Ergebnis"),
        "{status}"
    );
}

/// Records `alert` instead of showing it, on every page the tab opens.
fn trap_alerts(t: &Tab) {
    t.call_method(
        headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument {
            source: "window.alert = function () { window.alerted = true; };".into(),
            world_name: None,
            include_command_line_api: None,
            run_immediately: None,
        },
    )
    .unwrap();
}

#[test]
fn search_over_http_under_a_sub_path() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (book, site) = build(Some("/kurs/"));
    let server = Server::start(&site, "/kurs/");
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    trap_alerts(&t);
    let page = format!("{}/kurs/fargate.html", server.base);

    // Nothing of the search is loaded until it is opened.
    open(&t, &page);
    let loaded = eval(
        &t,
        "performance.getEntriesByType('resource').filter(e => /search/.test(e.name)).length",
    );
    assert_eq!(
        loaded, 0,
        "search files loaded before the search was opened"
    );

    check_queries(&t, &page, "http");

    // The keyboard path: `/` focuses the box, typing shows results, ↓ ↓ and Enter open the second.
    open(&t, &page);
    t.press_key("/").unwrap();
    assert_eq!(eval(&t, "document.activeElement.id"), "search-input");
    t.type_str("lambda").unwrap();
    let first = results(&t);
    assert!(first.len() >= 2, "{first:?}");
    t.press_key("ArrowDown").unwrap();
    assert_eq!(
        eval(&t, "document.activeElement.getAttribute('href')"),
        Value::String(first[0].1.clone())
    );
    t.press_key("ArrowDown").unwrap();
    assert_eq!(
        eval(&t, "document.activeElement.getAttribute('href')"),
        Value::String(first[1].1.clone())
    );
    t.press_key("ArrowUp").unwrap();
    t.press_key("ArrowUp").unwrap();
    assert_eq!(
        eval(&t, "document.activeElement.id"),
        "search-input",
        "↑ from the first result returns to the box"
    );
    t.press_key("Escape").unwrap();
    assert_eq!(
        eval(&t, "document.getElementById('search-results').hidden"),
        true,
        "Esc closes"
    );
    t.press_key("s").unwrap();
    t.type_str("lambda").unwrap();
    let listed = results(&t);
    t.press_key("ArrowDown").unwrap();
    t.press_key("ArrowDown").unwrap();
    let here = t.get_url();
    t.press_key("Enter").unwrap();
    let url = browser::wait_for_navigation(&t, &here);
    assert!(
        url.ends_with(
            listed[1]
                .1
                .trim_start_matches("../")
                .trim_start_matches("./")
        ),
        "{url} vs {:?}",
        listed[1]
    );

    // Accessible: a labelled box, results announced.
    assert_eq!(
        eval(
            &t,
            "document.querySelector('label[for=search-input]').textContent"
        ),
        "Suchen"
    );
    assert_eq!(
        eval(
            &t,
            "document.getElementById('search-status').getAttribute('aria-live')"
        ),
        "polite"
    );
    if let Some(axe) = browser::axe_source() {
        open(&t, &format!("{page}?search=lambda"));
        results(&t);
        let v = browser::axe_violations(&t, &axe);
        assert!(v.is_empty(), "axe with results open: {v:#?}");
    }
    let p = problems.take();
    assert!(p.is_empty(), "{p:#?}");

    // The book is rebuilt while the page stays open: the index this page
    // already has names term files that are gone; the search fetches a
    // fresh index and answers from the new files.
    open(&t, &format!("{page}?search=docker"));
    results(&t);
    book.write(
        "content/fargate.md",
        "# Fargate\n\nContainer ohne eigene Server. Neu: Fargate Spot.\n",
    );
    book.build_with(None, Some("/kurs/")).unwrap();
    let r = {
        eval(
            &t,
            "(() => { const i = document.getElementById('search-input'); i.value = 'Spot'; i.dispatchEvent(new Event('input')); return true; })()",
        );
        wait_for(
            &t,
            "[...document.querySelectorAll('#search-results a')].some(a => a.textContent.includes('Spot'))",
        )
    };
    assert_eq!(r, true);
    let p: Vec<String> = problems
        .take()
        .into_iter()
        .filter(|p| !p.contains("HTTP 404") && !p.contains("404 (Not Found)"))
        .collect();
    assert!(p.is_empty(), "{p:#?}");
}

#[test]
fn search_from_file_urls() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (_book, site) = build(None);
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    trap_alerts(&t);
    let page = format!("file://{}", site.join("docker.html").display());
    check_queries(&t, &page, "file");
    let p = problems.take();
    assert!(p.is_empty(), "{p:#?}");
}

/// The parts of search.js on their own: typos, compounds, excerpts, and
/// how sections add up to pages.
#[test]
fn search_parts() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (_book, site) = build(None);
    let b = browser::launch(&chromium);
    let (t, _problems) = tab(&b);
    open(
        &t,
        &format!(
            "file://{}?search=docker",
            site.join("docker.html").display()
        ),
    );
    results(&t);
    let js = |code: &str| {
        eval(
            &t,
            &format!("(() => {{ const P = kursbuchSearch.parts; {code} }})()"),
        )
    };

    // One edit: added, dropped, changed, or two neighbours swapped.
    for (a, b, near) in [
        ("fragate", "fargate", true),
        ("lamda", "lambda", true),
        ("dokcer", "docker", true),
        ("lightsial", "lightsail", true),
        ("hypervisior", "hypervisor", true),
        ("lambda", "lambda", false),
        ("lambda", "lampe", false),
        ("ab", "abcd", false),
    ] {
        assert_eq!(
            js(&format!("return P.within1({a:?}, {b:?});")),
            near,
            "{a} {b}"
        );
    }

    // Compounds, as src/search/compound.rs splits them.
    let split = |w: &str| {
        js(&format!(
            "const v = ['container', 'plattform', 'abrechnung', 'modell', 'job', 'warteschlange', 'kaltstart', 'zeit', 'last']; \
             return JSON.stringify(P.split({w:?}, (x) => v.includes(x), {{head: 3, tail: 4, links: ['', 's', 'es', 'n', 'en', 'e']}}));"
        ))
    };
    assert_eq!(split("containerplattform"), "[\"container\",\"plattform\"]");
    assert_eq!(split("abrechnungsmodell"), "[\"abrechnung\",\"modell\"]");
    assert_eq!(split("jobwarteschlange"), "[\"job\",\"warteschlange\"]");
    assert_eq!(
        split("containerkaltstartzeit"),
        "[\"container\",\"kaltstart\",\"zeit\"]"
    );
    assert_eq!(split("lastzeit"), "[\"last\",\"zeit\"]");
    assert_eq!(split("lasttag"), "null");
    assert_eq!(split("container"), "null");

    // The excerpt: the window with the most query words, matches marked.
    let excerpt = js(
        "const words = []; for (let i = 0; i < 100; i++) words.push(`w${i}`); \
         words[10] = 'Kaltstart'; words[70] = 'Kaltstart'; words[75] = 'Abrechnung'; \
         const frag = P.excerpt(words.join(' '), (tok) => (tok === 'Kaltstart' ? 1 : 0) | (tok === 'Abrechnung' ? 2 : 0), 12); \
         const div = document.createElement('div'); div.append(frag); \
         return JSON.stringify([div.textContent, [...div.querySelectorAll('mark')].map((m) => m.textContent).join()]);",
    );
    assert_eq!(
        excerpt,
        "[\"… w66 w67 w68 w69 Kaltstart w71 w72 w73 w74 Abrechnung w76 w77 …\",\"Kaltstart,Abrechnung\"]"
    );

    // Pages from sections: chapter A has sections 0–2, B has 3–4. A title
    // that is the query ranks its page first; a page's sections are ordered
    // by score; a page without every word comes after those with all.
    let ranked = js(
        "const index = {chapters: [['A', 'a.html', 3], ['B', 'b.html', 2], ['C', 'c.html', 1]]}; \
         const one = {sec: new Map([[0, 1], [2, 3], [3, 2]]), title: new Map([[1, [1, 1]]]), idf: 1}; \
         const two = {sec: new Map([[1, 1], [4, 0.5], [5, 9]]), title: new Map(), idf: 1}; \
         const a = P.rank(index, [one]).map((p) => [p.chapter, p.sections.map((s) => s.section)]); \
         const b = P.rank(index, [one, two]).map((p) => p.chapter); \
         return JSON.stringify([a, b]);",
    );
    assert_eq!(ranked, "[[[1,[3]],[0,[2,0]]],[1,0,2]]");
}

/// The status says how many pages were found, not how many are shown.
#[test]
fn the_count_is_the_number_of_pages_found() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let book = TestBook::with_chapters(&[
        (
            "a.md",
            "# A\n\nContainer eins.\n\n## Mehr\n\nNoch ein Container.\n",
        ),
        ("b.md", "# B\n\nContainer zwei.\n"),
        ("c.md", "# C\n\nContainer drei.\n"),
        ("d.md", "# D\n\nContainer vier.\n"),
    ]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"de\"\n[output.html.search]\nlimit-results = 2\n",
    );
    book.build_ok();
    let b = browser::launch(&chromium);
    let (t, _problems) = tab(&b);
    let page = format!("file://{}", book.path().join("book/a.html").display());
    let r = query(&t, &page, "container");
    let pages: Vec<_> = r.iter().filter(|x| !x.0.contains(" › ")).collect();
    assert_eq!(pages.len(), 2, "{r:?}");
    assert_eq!(
        eval(&t, "document.getElementById('search-status').textContent"),
        "4 Ergebnisse"
    );
}
