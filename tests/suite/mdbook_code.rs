//! Code blocks as mdBook 0.5 shows them (issue 14): hidden lines, the
//! info string's classes, `{{#rustdoc_include}}`, the Rust playground and
//! the code script that only pages with such blocks load. The fixture book
//! is `tests/books/mdbook-code/`; the browser test is at the end.

use std::sync::{Arc, Mutex};

use crate::common::browser::{self, Server, eval, open, tab};
use crate::common::{TestBook, find};

use serde_json::Value;

/// The `<pre>` blocks of a page's article, in order.
fn blocks(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<pre") {
        let end = rest[start..].find("</pre>").expect("a closed <pre>") + start + "</pre>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// `html` without the highlighter's token spans (`<span class="k-…">`): the
/// markup mdBook writes before highlight.js runs in the browser.
fn without_tokens(html: &str) -> String {
    let mut out = String::new();
    let mut kept: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').unwrap() + i + 1;
        let tag = &rest[i..end];
        if tag.starts_with("<span") {
            let token = tag.starts_with("<span class=\"k-");
            kept.push(!token);
            if !token {
                out.push_str(tag);
            }
        } else if tag == "</span>" {
            if kept.pop().expect("balanced spans") {
                out.push_str(tag);
            }
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn built_fixture() -> TestBook {
    let book = TestBook::fixture("mdbook-code");
    let report = book.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", book.warnings(&report));
    book
}

/// The code script's tag, if the page loads it.
fn code_script(html: &str) -> Option<&str> {
    let at = html.find("<script src=\"js/code.")?;
    Some(&html[at..at + html[at..].find('>').unwrap() + 1])
}

#[test]
fn hidden_rust_lines_are_wrapped_as_mdbook_does() {
    let book = built_fixture();
    let page = book.out("rust.html");
    let first = without_tokens(blocks(&page)[0]);
    // mdBook 0.5 (hide_lines_rust): `# ` and a lone `#` hide the line,
    // without the prefix; `##` is a literal `#`; no line break after the last line.
    assert_eq!(
        first,
        "<pre class=\"playground\"><code class=\"language-rust edition2021\" tabindex=\"0\">\
<span class=\"boring\">fn main() {\n</span>    let greeting = \"hidden lines\";\n    # not hidden, a literal hash\n\
<span class=\"boring\">\n</span>    println!(\"{greeting}\");\n<span class=\"boring\">}</span></code></pre>"
    );
}

#[test]
fn hidden_lines_are_highlighted_as_one_program() {
    let book = built_fixture();
    let page = book.out("rust.html");
    let last = *blocks(&page).last().unwrap();
    // The string opens on a hidden line and goes on on the shown one.
    assert!(
        last.contains("<span class=\"k-string\">\"a string\n</span></span><span class=\"k-string\">that goes on\"</span>"),
        "{last}"
    );
}

#[test]
fn hidelines_hide_lines_of_other_languages() {
    let book = built_fixture();
    let page = book.out("other.html");
    let b: Vec<String> = blocks(&page).into_iter().map(without_tokens).collect();
    // `[output.html.code.hidelines] python = "~"`.
    assert_eq!(
        b[0],
        "<pre><code class=\"language-python\" tabindex=\"0\"><span class=\"boring\">import sys\n</span>print(sys.argv)\n</code></pre>"
    );
    // A block's own `hidelines=` prefix.
    assert_eq!(
        b[1],
        "<pre><code class=\"language-python hidelines=!!!\" tabindex=\"0\"><span class=\"boring\">hidden()\n</span>shown()\n</code></pre>"
    );
    // `#` hides nothing outside Rust.
    assert!(!b[2].contains("boring"), "{}", b[2]);
    assert!(b[2].contains("# a comment"), "{}", b[2]);
}

#[test]
fn rustdoc_include_hides_the_lines_outside_the_anchor() {
    let book = built_fixture();
    let page = book.out("included.html");
    let b: Vec<String> = blocks(&page).into_iter().map(without_tokens).collect();
    let boring = |s: &str| format!("<span class=\"boring\">{s}</span>");
    let open =
        "<pre class=\"playground\"><code class=\"language-rust edition2021\" tabindex=\"0\">";
    let shown = "fn add_one(x: i32) -&gt; i32 {\n    x + 1\n}\n";
    let main = format!(
        "{}{}{}",
        boring("fn main() {\n"),
        boring("    assert_eq!(add_one(2), 3);\n"),
        boring("}")
    );
    // By anchor: the anchor lines themselves are dropped (mdBook).
    assert_eq!(
        b[0],
        format!(
            "{open}{}{}{shown}{}{main}</code></pre>",
            boring("use std::fmt;\n"),
            boring("\n"),
            boring("\n")
        )
    );
    // By line range: every other line is hidden, anchor comments too.
    assert_eq!(
        b[1],
        format!(
            "{open}{}{}{}{shown}{}{}{main}</code></pre>",
            boring("use std::fmt;\n"),
            boring("\n"),
            boring("// ANCHOR: show\n"),
            boring("// ANCHOR_END: show\n"),
            boring("\n")
        )
    );
}

#[test]
fn info_strings_become_classes_as_in_mdbook() {
    let book = built_fixture();
    let page = book.out("rust.html");
    let opening: Vec<&str> = blocks(&page)
        .into_iter()
        .map(|b| &b[..b.find("tabindex").unwrap()])
        .collect();
    assert_eq!(
        opening,
        [
            "<pre class=\"playground\"><code class=\"language-rust edition2021\" ",
            // `editable` with `[output.html.playground] editable`: the author's text, no wrapper.
            "<pre class=\"playground\"><code class=\"language-rust editable edition2021\" ",
            // `ignore`: no Run button, so no playground and no edition.
            "<pre><code class=\"language-rust ignore\" ",
            // A block's own edition wins over `[rust] edition`; unknown words are kept.
            "<pre class=\"playground\"><code class=\"language-rust should_panic edition2018 custom-attr\" ",
            "<pre class=\"playground\"><code class=\"language-rust no_run edition2021\" ",
            "<pre><code class=\"language-rust noplayground\" ",
            "<pre class=\"playground\"><code class=\"language-rust edition2021\" ",
        ]
    );
    let editable = without_tokens(blocks(&page)[1]);
    assert!(
        editable.contains("tabindex=\"0\">let answer = 6 * 7;\nprintln!(\"{answer}\");</code>"),
        "{editable}"
    );
    // A runnable block without `fn main` is wrapped as mdBook (and rustdoc) do.
    let wrapped = without_tokens(blocks(&page)[6]);
    assert!(
        wrapped.contains(
            "tabindex=\"0\"><span class=\"boring\">#![allow(unused)]\n</span><span class=\"boring\">fn main() {\n</span>"
        ),
        "{wrapped}"
    );
}

#[test]
fn only_pages_with_hidden_lines_or_runnable_code_load_the_code_script() {
    let book = built_fixture();
    let rust = book.out("rust.html");
    let tag = code_script(&rust).expect("rust.html loads the code script");
    assert!(
        tag.contains("data-playground=\"https://play.rust-lang.org/evaluate.json\""),
        "mdBook's playground by default: {tag}"
    );
    assert!(
        tag.contains("data-edit=") && tag.contains("data-line-numbers"),
        "{tag}"
    );
    let other = book.out("other.html");
    let tag = code_script(&other).expect("hidden lines need the script");
    assert!(!tag.contains("data-playground"), "no Rust to run: {tag}");
    let plain = book.out("plain.html");
    assert_eq!(code_script(&plain), None);
    assert!(
        !plain.contains("code."),
        "no code script on a page without such code"
    );
    // print.html has every chapter: it needs the script too.
    assert!(code_script(&book.out("print.html")).is_some());
}

#[test]
fn a_book_without_rust_loads_no_code_script() {
    let book = TestBook::with_chapters(&[
        ("a.md", "# A\n\n```bash\n# a comment\necho hi\n```\n"),
        ("b.md", "# B\n\n```rust\nfn main() {}\n```\n"),
    ]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[output.html.playground]\nrunnable = false\n",
    );
    let report = book.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", book.warnings(&report));
    for page in ["a.html", "b.html", "index.html", "print.html"] {
        let html = book.out(page);
        assert_eq!(code_script(&html), None, "{page}");
        assert!(!html.contains("class=\"playground\""), "{page}");
    }
    // `runnable = false` keeps the classes: themes still see a Rust block.
    assert!(
        book.out("b.html")
            .contains("<pre><code class=\"language-rust\" tabindex=\"0\">")
    );
}

#[test]
fn playpen_and_playground_settings_are_read() {
    // mdBook 0.4's spelling, and the kursbuch-only playground URL.
    let book = TestBook::with_chapters(&[("a.md", "# A\n\n```rust\nfn main() {}\n```\n")]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[output.html.playpen]\ncopyable = false\neditable = true\ncopy-js = false\n[output.kursbuch]\noptional = true\nplayground-url = \"http://127.0.0.1:9/evaluate.json\"\n",
    );
    let report = book.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", book.warnings(&report));
    let html = book.out("a.html");
    let tag = code_script(&html).unwrap();
    assert!(
        tag.contains("data-playground=\"http://127.0.0.1:9/evaluate.json\""),
        "{tag}"
    );
    // `copy-js = false`: mdBook has no editor then, and neither has kursbuch.
    assert!(!tag.contains("data-edit"), "{tag}");
    assert!(
        html.contains("<body data-copyable=\"false\""),
        "copyable = false"
    );
}

#[test]
fn an_unknown_rust_edition_is_an_error_at_its_line() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[rust]\nedition = \"2019\"\n",
    );
    let errors = book.build_err();
    let e = find(&errors, "book.toml:4:");
    assert!(e.contains("2019") || e.contains("variant"), "{e}");
}

// ---- The browser: hidden lines, Run, edit, copy, accessibility ----

/// A stand-in for the Rust playground on loopback: answers `evaluate.json`
/// as play.rust-lang.org does (`{"result": …, "error": …}`) with the code
/// it was sent, so the test sees what the page posted.
struct MockPlayground {
    url: String,
    /// Every request body received.
    bodies: Arc<Mutex<Vec<Value>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl MockPlayground {
    fn start() -> MockPlayground {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let (s, b) = (server.clone(), bodies.clone());
        let thread = std::thread::spawn(move || {
            let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap();
            for mut request in s.incoming_requests() {
                let cors = [
                    header("Access-Control-Allow-Origin", "*"),
                    header("Access-Control-Allow-Headers", "Content-Type"),
                    header("Access-Control-Allow-Methods", "POST"),
                ];
                let mut response = if request.method() == &tiny_http::Method::Options {
                    tiny_http::Response::from_data(Vec::new()).with_status_code(204)
                } else {
                    let mut body = String::new();
                    request.as_reader().read_to_string(&mut body).unwrap();
                    let params: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                    b.lock().unwrap().push(params.clone());
                    let code = params["code"].as_str().unwrap_or_default();
                    let answer = serde_json::json!({
                        "result": format!("ran {} lines\n", code.lines().count()),
                        "error": null,
                    });
                    tiny_http::Response::from_data(answer.to_string().into_bytes())
                        .with_header(header("Content-Type", "application/json"))
                };
                for h in cors {
                    response.add_header(h);
                }
                let _ = request.respond(response);
            }
        });
        MockPlayground {
            url: format!("http://127.0.0.1:{port}/evaluate.json"),
            bodies,
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for MockPlayground {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn s(v: Value) -> String {
    v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

/// Waits up to 5 s for `js` to be true.
fn wait_for(t: &headless_chrome::Tab, js: &str) {
    for _ in 0..100 {
        if eval(t, js) == Value::Bool(true) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("still not true after 5 s: {js}");
}

/// What the page copied, once it has (3 s at most: a loaded machine is slow).
const COPIED: &str = "new Promise(r => { const t0 = Date.now(); \
    const f = () => (window.copiedText != null || Date.now() - t0 > 3000 ? r(window.copiedText) : setTimeout(f, 20)); f(); })";

#[test]
fn hidden_lines_run_edit_and_copy_in_chromium() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let playground = MockPlayground::start();
    let book = TestBook::fixture("mdbook-code");
    let toml = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
    book.write(
        "book.toml",
        &format!("{toml}playground-url = \"{}\"\n", playground.url),
    );
    book.build_ok();
    let server = Server::start(&book.path().join("book"), "/");
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    open(&t, &format!("{}/rust.html", server.base));

    // Hidden lines are hidden; the button shows them and hides them again.
    let first = "document.querySelector('pre code')";
    let visible = |t: &headless_chrome::Tab| {
        eval(
            t,
            &format!("getComputedStyle({first}.querySelector('.boring')).display"),
        )
    };
    assert_eq!(visible(&t), "none");
    let toggle = "document.querySelector('pre .toggle-hidden')";
    assert_eq!(
        eval(&t, &format!("{toggle}.getAttribute('aria-label')")),
        "Show hidden lines"
    );
    assert_eq!(
        eval(&t, &format!("{toggle}.tagName")),
        "BUTTON",
        "a real button: keyboard reachable"
    );
    t.find_element("pre .toggle-hidden")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(visible(&t), "inline");
    assert_eq!(
        eval(&t, &format!("{toggle}.getAttribute('aria-label')")),
        "Hide lines"
    );
    t.find_element("pre .toggle-hidden")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(visible(&t), "none");

    // Copy copies what mdBook's does: the text as shown (innerText), so
    // without the hidden lines while they are hidden.
    eval(
        &t,
        "window.copiedText = null; navigator.clipboard.writeText = text => { window.copiedText = text; return Promise.resolve(); }",
    );
    t.find_element("pre .copy-button").unwrap().click().unwrap();
    let copied = s(eval(&t, COPIED));
    assert_eq!(
        copied,
        "    let greeting = \"hidden lines\";\n    # not hidden, a literal hash\n    println!(\"{greeting}\");"
    );
    t.find_element("pre .toggle-hidden")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(visible(&t), "inline", "shown again");
    // The button shows "copied" for 2 s and is wider meanwhile: a click
    // aimed while it shrinks would miss it.
    eval(
        &t,
        "new Promise(r => { const f = () => (document.querySelector('pre .copy-button.done') ? setTimeout(f, 50) : r(true)); f(); })",
    );
    eval(&t, "window.copiedText = null");
    t.find_element("pre .copy-button").unwrap().click().unwrap();
    let copied = s(eval(&t, COPIED));
    assert!(
        copied.starts_with("fn main() {\n"),
        "shown lines are copied: {copied}"
    );

    // Nothing was sent to the playground before a Run button was pressed.
    assert!(playground.bodies.lock().unwrap().is_empty());
    // Run: the whole program (hidden lines too) goes to the playground, the
    // answer appears under the block.
    t.find_element("pre .run-code").unwrap().click().unwrap();
    wait_for(
        &t,
        "!!document.querySelector('pre .result') && document.querySelector('pre .result').textContent.startsWith('ran')",
    );
    assert_eq!(
        eval(&t, "document.querySelector('pre .result').textContent"),
        "ran 6 lines\n"
    );
    {
        let bodies = playground.bodies.lock().unwrap();
        assert_eq!(bodies.len(), 1);
        assert_eq!(bodies[0]["edition"], "2021");
        assert_eq!(bodies[0]["version"], "stable");
        assert_eq!(
            bodies[0]["code"],
            "fn main() {\n    let greeting = \"hidden lines\";\n    # not hidden, a literal hash\n\n    println!(\"{greeting}\");\n}"
        );
    }

    // The editable block: edit, then run sends the edited code.
    let editable = "document.querySelectorAll('pre.playground')[1]";
    assert_eq!(
        eval(
            &t,
            &format!("{editable}.querySelector('code').isContentEditable")
        ),
        true
    );
    assert_eq!(
        eval(
            &t,
            &format!("{editable}.querySelectorAll('.line-numbers').length")
        ),
        1
    );
    eval(
        &t,
        &format!(
            "{editable}.querySelector('code').focus(); document.execCommand('selectAll'); document.execCommand('insertText', false, 'println!(\"edited\");\\nlet x = 1;')"
        ),
    );
    eval(
        &t,
        &format!("{editable}.querySelector('.run-code').click()"),
    );
    wait_for(
        &t,
        &format!(
            "!!{editable}.querySelector('.result') && {editable}.querySelector('.result').textContent.startsWith('ran')"
        ),
    );
    {
        let bodies = playground.bodies.lock().unwrap();
        assert_eq!(bodies.len(), 2);
        assert_eq!(bodies[1]["code"], "println!(\"edited\");\nlet x = 1;");
    }
    // Ctrl+Enter in the block runs it too (mdBook's editor binding).
    t.find_element("pre.playground:nth-of-type(2) code")
        .unwrap()
        .click()
        .unwrap();
    t.press_key_with_modifiers(
        "Enter",
        Some(&[headless_chrome::browser::tab::ModifierKey::Ctrl]),
    )
    .unwrap();
    for _ in 0..100 {
        if playground.bodies.lock().unwrap().len() == 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        playground.bodies.lock().unwrap().len(),
        3,
        "Ctrl+Enter runs"
    );
    // The reset button brings back the author's code.
    eval(
        &t,
        &format!("{editable}.querySelector('.reset-code').click()"),
    );
    assert_eq!(
        eval(&t, &format!("{editable}.querySelector('code').textContent")),
        "let answer = 6 * 7;\nprintln!(\"{answer}\");"
    );
    // `no_run` has no Run button; `ignore` is no playground at all.
    assert_eq!(
        eval(
            &t,
            "[...document.querySelectorAll('pre')].filter(p => p.querySelector('code.no_run')).map(p => p.querySelectorAll('.run-code').length).join()"
        ),
        "0"
    );
    assert_eq!(
        eval(
            &t,
            "document.querySelector('code.ignore').parentElement.querySelectorAll('.run-code').length"
        ),
        0
    );

    // The same page has formulas (MathML, no MathJax), a footnote, a
    // definition list and mdBook's `right`/`hidden` classes: axe checks
    // them all together.
    assert_eq!(eval(&t, "document.querySelectorAll('math').length"), 2);
    assert_eq!(
        eval(
            &t,
            "(() => { const m = document.querySelector('math[display=block]').getBoundingClientRect(); const i = document.querySelector('math:not([display])').getBoundingClientRect(); return m.height > i.height && i.width > 0; })()"
        ),
        true,
        "the sum with a fraction is taller than the inline formula"
    );
    assert_eq!(
        eval(
            &t,
            "performance.getEntriesByType('resource').some(e => /mathjax/i.test(e.name)) || typeof MathJax !== 'undefined'"
        ),
        false
    );
    assert_eq!(eval(&t, "!!document.getElementById('fr-circle-1')"), true);
    assert_eq!(
        eval(
            &t,
            "getComputedStyle(document.querySelector('img.right')).float"
        ),
        "right"
    );
    assert_eq!(
        eval(
            &t,
            "getComputedStyle(document.querySelector('div.hidden')).display"
        ),
        "none"
    );

    // axe-core: no violations, hidden lines shown and output on the page.
    if let Some(axe) = browser::axe_source() {
        let violations = browser::axe_violations(&t, &axe);
        assert!(violations.is_empty(), "{violations:#?}");
    }
    let p = problems.take();
    assert!(p.is_empty(), "{p:?}");

    // A page without Rust or hidden lines requests no code script.
    open(&t, &format!("{}/plain.html", server.base));
    let scripts = s(eval(
        &t,
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.js')).join(' ')",
    ));
    assert!(scripts.contains("kursbuch."), "{scripts}");
    assert!(!scripts.contains("/js/code."), "{scripts}");
    assert_eq!(
        playground.bodies.lock().unwrap().len(),
        3,
        "no request but the three runs"
    );

    // On a phone the three buttons do not cover the first line of code.
    browser::viewport(&t, 390, 844, true);
    open(&t, &format!("{}/rust.html", server.base));
    assert_eq!(
        eval(
            &t,
            "(() => { const pre = document.querySelector('pre.playground'); const buttons = pre.querySelector('.code-buttons').getBoundingClientRect(); const r = document.createRange(); r.selectNodeContents(pre.querySelector('code')); const first = [...r.getClientRects()].find(x => x.height > 0); return first.top >= buttons.bottom - 1; })()"
        ),
        true
    );
}
