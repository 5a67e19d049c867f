//! A book written for mdBook 0.5 (`tests/books/mdbook-compat/`) comes out with
//! the markup mdBook 0.5 writes for it: footnote, definition-term and
//! heading ids, the start page, toc.html and redirects with fragments. The
//! expected markup follows mdBook's renderer (crates/mdbook-html) and its own
//! fixtures (tests/testsuite/markdown/{footnotes,definition_lists},
//! tests/testsuite/rendering/header_links); where kursbuch differs on
//! purpose, the test says so.

use std::time::Duration;

use crate::common::TestBook;
use crate::common::browser::{self, Server, eval, open, tab};

/// A chapter's content as the page shows it (between `<article …>` and
/// `</article>`).
fn content(book: &TestBook, page: &str) -> String {
    let html = book.out(page);
    let start = html.find("<article").expect("an article");
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = html.find("</article>").unwrap();
    html[start..end].trim().to_string()
}

fn built() -> TestBook {
    let book = TestBook::fixture("mdbook-compat");
    book.build_ok();
    book
}

#[test]
fn footnotes_have_mdbooks_ids_numbers_and_back_links() {
    let book = built();
    let got = content(&book, "footnotes.html");
    // mdBook writes `<hr>` before the list; kursbuch keeps its labelled
    // section (its top border is the rule). Ids and links are mdBook's.
    let got = got
        .replace(
            "<section class=\"footnotes\" aria-label=\"Footnotes\">\n",
            "<hr>\n",
        )
        .replace("</ol>\n</section>", "</ol>");
    // kursbuch names the back-links (↩ alone is read as an arrow).
    assert!(got.contains("<a href=\"#fr-word-2\" aria-label=\"Back to reference 2\">↩2</a>"));
    let got = (1..=2).fold(got, |g, n| {
        g.replace(&format!(" aria-label=\"Back to reference {n}\""), "")
    });
    let expected = r##"<h1 id="footnotes"><a class="header" href="#footnotes">Footnotes</a></h1>
<p>A claim<sup class="footnote-reference" id="fr-note-1"><a href="#footnote-note">1</a></sup>, and another<sup class="footnote-reference" id="fr-word-1"><a href="#footnote-word">2</a></sup>.</p>
<p>The word again<sup class="footnote-reference" id="fr-word-2"><a href="#footnote-word">2</a></sup>.</p>
<p>A list note<sup class="footnote-reference" id="fr-list-1"><a href="#footnote-list">3</a></sup></p>
<p>Three paragraphs<sup class="footnote-reference" id="fr-three-1"><a href="#footnote-three">4</a></sup></p>
<p>Late<sup class="footnote-reference" id="fr-early-1"><a href="#footnote-early">5</a></sup> and twice defined<sup class="footnote-reference" id="fr-twice-1"><a href="#footnote-twice">6</a></sup>.</p>
<p>In a row.<sup class="footnote-reference" id="fr-a-1"><a href="#footnote-a">7</a></sup> <sup class="footnote-reference" id="fr-b-1"><a href="#footnote-b">8</a></sup></p>
<hr>
<ol class="footnote-definition">
<li id="footnote-note">
<p>The note. <a href="#fr-note-1">↩</a> <a href="#fr-note-2">↩2</a></p>
</li>
<li id="footnote-word">
<p>A longer note.
It says more. <a href="terms.html">Terms</a>.
It cites the note again.<sup class="footnote-reference" id="fr-note-2"><a href="#footnote-note">1</a></sup> <a href="#fr-word-1">↩</a> <a href="#fr-word-2">↩2</a></p>
</li>
<li id="footnote-list">
<ol>
<li>First</li>
<li>Second</li>
</ol>
 <a href="#fr-list-1">↩</a></li>
<li id="footnote-three">
<p>One</p>
<p>Two <a href="#fr-three-1">↩</a></p>
</li>
<li id="footnote-early">
<p>Defined before its reference. <a href="#fr-early-1">↩</a></p>
</li>
<li id="footnote-twice">
<p>The first definition. <a href="#fr-twice-1">↩</a></p>
</li>
<li id="footnote-a">
<p>Note a <a href="#fr-a-1">↩</a></p>
</li>
<li id="footnote-b">
<p>Note b <a href="#fr-b-1">↩</a></p>
</li>
</ol>"##;
    assert_eq!(got, expected);
}

#[test]
fn footnote_ids_are_link_targets_and_apart_on_print_html() {
    let book = TestBook::with_chapters(&[
        (
            "a.md",
            "# A\n\nSee [the note](b.md#footnote-n) and [back](b.md#fr-n-1).\n",
        ),
        ("b.md", "# B\n\nText[^n].\n\n[^n]: Note.\n"),
        ("c.md", "# C\n\nOther[^n].\n\n[^n]: Other note.\n"),
    ]);
    book.build_ok();
    let print = book.out("print.html");
    for id in ["b--fr-n-1", "b--footnote-n", "c--fr-n-1", "c--footnote-n"] {
        assert!(print.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(print.contains("<a href=\"#c--fr-n-1\" aria-label=\"Back to reference 1\">↩</a>"));
    let broken = TestBook::with_chapters(&[
        ("a.md", "# A\n\n[gone](b.md#footnote-x)\n"),
        ("b.md", "# B\n\nText[^n].\n\n[^n]: Note.\n"),
    ]);
    let errors = broken.build_err().join("\n");
    assert!(errors.contains("footnote-x"), "{errors}");
}

#[test]
fn definition_terms_get_ids_shared_with_headings() {
    let book = built();
    let got = content(&book, "terms.html");
    // mdBook nests the term's own link inside the `header` link (invalid
    // HTML); kursbuch leaves such a term unwrapped, as it does headings. The
    // ids are mdBook's, counted together with the headings'.
    let expected = r##"<h1 id="terms"><a class="header" href="#terms">Terms</a></h1>
<dl>
<dt id="apple"><a class="header" href="#apple">apple</a></dt>
<dd>red fruit</dd>
<dt id="orange"><a class="header" href="#orange">orange</a></dt>
<dd>orange fruit</dd>
<dt id="apple-1"><a class="header" href="#apple-1">apple</a></dt>
<dd>computer company</dd>
</dl>
<h2 id="term-with-link"><a class="header" href="#term-with-link">Term with link</a></h2>
<dl>
<dt id="apple-2"><a href="headings.html#apple">apple</a></dt>
<dd>red fruit</dd>
</dl>
<h2 id="multi-line-term"><a class="header" href="#multi-line-term">Multi-line term</a></h2>
<dl>
<dt id="a-b"><a class="header" href="#a-b">a
b</a></dt>
<dd>
<p>foo</p>
</dd>
</dl>
<h2 id="apple-3"><a class="header" href="#apple-3">Apple</a></h2>
<dl>
<dt id="apple-4"><a class="header" href="#apple-4">apple</a></dt>
<dd>once more</dd>
</dl>"##;
    assert_eq!(got, expected);
}

#[test]
fn punctuation_headings_get_section_ids() {
    let book = built();
    let got = content(&book, "headings.html");
    // mdBook's current renderer (rust-lang/mdBook#3092, after 0.5.4):
    // `section`, `section-1`, …; 0.5.0–0.5.4 wrote `id=""`, `-1`, … (an
    // empty id is not valid HTML and `href="#"` leads to the top). An empty
    // heading is no link to itself here: a link needs a name.
    let expected = r##"<h1 id="headings"><a class="header" href="#headings">Headings</a></h1>
<h2 id="foobar"><a class="header" href="#foobar">Foo^bar</a></h2>
<h3 id="section"></h3>
<h4 id="section-1"></h4>
<h3 id="section-2"><a class="header" href="#section-2">!.():</a></h3>
<h5 id="explicit-punctuation"><a class="header" href="#explicit-punctuation">!!!</a></h5>
<h2 id="repeat"><a class="header" href="#repeat">Repeat</a></h2>
<h2 id="repeat-1"><a class="header" href="#repeat-1">Repeat</a></h2>
<h2 id="repeat-1-1"><a class="header" href="#repeat-1-1">Repeat 1</a></h2>
<h2 id="apple"><a class="header" href="#apple">Apple</a></h2>
<h2 id="with-emphasis-bold-bold_emphasis-code-escaped-html-link-httpsexamplecom"><!--comment--> With <em>emphasis</em> <strong>bold</strong> <strong><em>bold_emphasis</em></strong> <code>code</code> &lt;escaped&gt; <span>html</span> <a href="https://example.com/link">link</a> <a href="https://example.com/">https://example.com/</a></h2>"##;
    // The last heading holds links, so it is no link to itself (mdBook
    // nests links there); its id is mdBook's.
    assert_eq!(got, expected);
}

#[test]
fn start_page_is_the_first_chapter_with_links_from_the_root() {
    let book = built();
    let index = book.out("index.html");
    let own = book.out("start/welcome.html");
    assert!(!index.contains("http-equiv=\"refresh\""), "not a redirect");
    assert!(index.contains("<h2 id=\"far-down\">"), "anchors are on it");
    // Content links, images, the sidebar and the theme's files resolve from
    // the root, as on the chapter's own page from its folder.
    assert!(index.contains("href=\"terms.html#apple\""), "{index}");
    assert!(index.contains("src=\"img/dot.svg\""), "{index}");
    assert!(
        index.contains("<img src=\"img/dot.svg\" alt=\"Raw dot\"> <a href=\"terms.html#orange\">"),
        "raw HTML too: {index}"
    );
    assert!(own.contains("href=\"../terms.html#apple\""));
    assert!(own.contains("src=\"../img/dot.svg\""));
    // print.html, also at the root, writes them the same way.
    let print = book.out("print.html");
    assert!(
        print.contains("<img src=\"img/dot.svg\" alt=\"A dot\""),
        "{print}"
    );
    assert!(!index.contains("\"../"), "nothing leaves the root: {index}");
    assert!(index.contains("href=\"start/welcome.html\""), "sidebar");
    assert!(index.contains("href=\"footnotes.html\""), "next chapter");
    assert_eq!(
        content(&book, "index.html")
            .replace("\"terms.html", "\"../terms.html")
            .replace("\"img/", "\"../img/"),
        content(&book, "start/welcome.html")
    );
}

/// The object literal of a page's fragment map.
fn fragment_map(html: &str) -> &str {
    let start = html.find("var map = ").expect("a fragment map") + "var map = ".len();
    let end = start + html[start..].find(", h = location.hash").unwrap();
    &html[start..end]
}

#[test]
fn redirect_keys_with_fragments_map_them_in_one_page() {
    let book = built();
    // mdBook 0.5's redirect.hbs: a meta refresh to the key without a
    // fragment, and a script that sends each old fragment to its target.
    let old = book.out("old.html");
    assert!(old.contains("<meta http-equiv=\"refresh\" content=\"0; url=terms.html\">"));
    assert_eq!(
        fragment_map(&old),
        r##"{"#apple":"terms.html#apple-1","#gone":"https://example.com/gone"}"##
    );
    let nested = book.out("moved/page.html");
    assert!(nested.contains("url=../start/welcome.html\""), "{nested}");
    assert_eq!(
        fragment_map(&nested),
        r##"{"#notes":"../footnotes.html#footnote-note"}"##
    );
    // On a page of the book, fragment keys forward anchors gone from it.
    let terms = book.out("terms.html");
    assert_eq!(
        fragment_map(&terms),
        r##"{"#old-apple":"start/welcome.html#far-down"}"##
    );
    assert!(!book.out("headings.html").contains("var map"));
    assert_eq!(fragment_map(&book.out("plain.html")), "{}");
}

#[test]
fn fragment_keys_need_a_default_and_a_real_target() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write(
        "book.toml",
        "[output.html.redirect]\n\"/old.html#x\" = \"a.html\"\n\"/a.html#y\" = \"gone.html\"\n\"/a.html\" = \"a.html\"\n",
    );
    let errors = book.relative(book.build_err());
    assert!(
        errors.iter().any(|e| e.starts_with(
            "book.toml:2:17: error: redirect `/old.html#x`: no key says where the rest of `old.html` goes"
        )),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e
                .starts_with("book.toml:3:15: error: redirect `/a.html#y` points at `gone.html`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with(
            "book.toml:4:13: error: redirect `/a.html` would replace a page of the book"
        )),
        "{errors:?}"
    );
}

#[test]
fn toc_html_is_the_sidebar_as_its_own_page() {
    let book = built();
    let toc = book.out("toc.html");
    // mdBook 0.5's toc.html.hbs: the chapter list alone, not indexed, with
    // links from the root that open in the page embedding it.
    assert!(toc.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(toc.contains("<body class=\"toc-page\">"));
    for (href, title) in [
        ("start/welcome.html", "Welcome"),
        ("footnotes.html", "Footnotes"),
        ("terms.html", "Terms"),
        ("headings.html", "Headings"),
    ] {
        let link = format!("<a href=\"{href}\" target=\"_parent\">");
        let at = toc.find(&link).unwrap_or_else(|| panic!("{link}: {toc}"));
        assert!(toc[at..].contains(&format!("{title}</a>")), "{title}");
    }
    assert!(!toc.contains("aria-current"), "no page is current");
    assert!(
        toc.contains("href=\"css/kursbuch."),
        "the theme's CSS from the root"
    );
    // The sidebar of every page is the same tree.
    let page = book.out("terms.html");
    assert!(page.contains("<a href=\"start/welcome.html\">"));
}

/// Opens `from` and waits (up to 10 s) until the tab is at `to`.
fn lands_on(t: &headless_chrome::Tab, from: &str, to: &str) {
    t.navigate_to(from).unwrap();
    for _ in 0..200 {
        if t.get_url() == to {
            open(t, to);
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{from} went to {}, not {to}", t.get_url());
}

#[test]
fn in_chromium_the_start_page_keeps_its_anchor_and_old_anchors_find_new_ones() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let book = built();
    let server = Server::start(&book.path().join("book"), "/");
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    let base = &server.base;

    // index.html#far-down is the first chapter at its anchor, styled, with
    // its image, and nothing it loads is missing.
    open(&t, &format!("{base}/index.html#far-down"));
    assert_eq!(
        eval(&t, "location.pathname + location.hash"),
        "/index.html#far-down"
    );
    assert_eq!(eval(&t, "!!document.getElementById('far-down')"), true);
    assert_eq!(
        eval(
            &t,
            "[...document.styleSheets].some(s => s.href && s.href.includes('kursbuch') && s.cssRules.length > 0)"
        ),
        true
    );
    assert_eq!(
        eval(
            &t,
            "new Promise(r => { const i = document.querySelector('article img'); i.complete ? r(i.naturalWidth) : i.onload = () => r(i.naturalWidth); })"
        ),
        4
    );
    assert!(problems.take().is_empty());

    // The pages with the new markup pass axe-core (headings.html has empty
    // headings and skips a level on purpose, which axe rightly reports).
    if let Some(axe) = browser::axe_source() {
        for page in ["footnotes.html", "terms.html", "toc.html", "index.html"] {
            open(&t, &format!("{base}/{page}"));
            let violations = browser::axe_violations(&t, &axe);
            assert!(violations.is_empty(), "{page}: {violations:#?}");
        }
    }

    // Old fragments go where the redirect keys send them; others are kept.
    lands_on(
        &t,
        &format!("{base}/old.html#apple"),
        &format!("{base}/terms.html#apple-1"),
    );
    lands_on(
        &t,
        &format!("{base}/old.html#orange"),
        &format!("{base}/terms.html#orange"),
    );
    lands_on(
        &t,
        &format!("{base}/old.html"),
        &format!("{base}/terms.html"),
    );
    lands_on(
        &t,
        &format!("{base}/plain.html#repeat"),
        &format!("{base}/headings.html#repeat"),
    );
    lands_on(
        &t,
        &format!("{base}/moved/page.html#notes"),
        &format!("{base}/footnotes.html#footnote-note"),
    );
    // An anchor gone from a page of the book.
    lands_on(
        &t,
        &format!("{base}/terms.html#old-apple"),
        &format!("{base}/start/welcome.html#far-down"),
    );
    assert!(problems.take().is_empty());
}

#[test]
fn unused_and_repeated_footnotes_are_warnings_at_their_lines() {
    let book = built();
    let report = book.build_ok();
    let warnings = book.warnings(&report);
    let expected = [
        "src/footnotes.md:28:1: warning: footnote `unused` is never referenced, so it is not shown",
        "src/footnotes.md:34:1: warning: footnote `twice` is defined twice; the first definition is shown",
    ];
    for w in expected {
        assert!(
            warnings.iter().any(|m| m.starts_with(w)),
            "{w}\n{warnings:#?}"
        );
    }
}
