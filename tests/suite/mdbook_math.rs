//! Formulas of mdBook books (`mathjax-support = true`) as MathML, made at
//! build time: the delimiters and Markdown escapes as MathJax sees them
//! after mdBook's Markdown pass, the warning for a formula that cannot be
//! converted, search and print, and the page in Chromium (no MathJax).

use crate::common::browser::{self, Server, eval, open, tab};
use crate::common::{TestBook, find};

fn built() -> (TestBook, Vec<String>) {
    let book = TestBook::fixture("mdbook-math");
    let report = book.build_ok();
    let warnings = book.warnings(&report);
    (book, warnings)
}

#[test]
fn formulas_become_mathml_as_mathjax_sees_them_in_mdbook() {
    let (book, _) = built();
    let page = book.out("formeln.html");
    // `\\(` inline: the TeX after Markdown as alttext, a fraction, a sum with limits.
    assert!(
        page.contains(
            "Der Mittelwert <math alttext=\"\\mu = \\frac{1}{N} \\sum_{i=1}^{N} x_i\"><mi>μ</mi><mo>=</mo><mfrac><mn>1</mn><mi>N</mi></mfrac><munderover><mo>∑</mo>"
        ),
        "{page}"
    );
    // `\\[` display; Markdown ate the backslash of `\,` as it does in mdBook.
    assert!(
        page.contains(
            "<p><math alttext=\"\\int_0^1 x^2 , dx = \\frac{1}{3}\" display=\"block\"><msubsup><mo lspace=\"0\">∫</mo>"
        ),
        "{page}"
    );
    // `$$` display over several lines; `\\\\` is TeX's line break `\\`.
    assert!(
        page.contains(
            "<math alttext=\"f(x) = \\begin{cases} 1 &amp; x &gt; 0 \\\\ 0 &amp; \\text{sonst} \\end{cases}\" display=\"block\">"
        ),
        "{page}"
    );
    assert!(page.contains("<mtext>sonst</mtext>"), "{page}");
    assert!(
        page.contains(
            "<mtr><mtd style=\"text-align: left;justify-items: start;padding-right: 0;\"><mn>0</mn>"
        ),
        "second row of cases: {page}"
    );
    // Escapes mdBook authors write so that Markdown keeps its hands off.
    assert!(
        page.contains("<math alttext=\"a * b + c_1\"><mi>a</mi>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<math alttext=\"\\{ x \\}\"><mo stretchy=\"false\">{</mo><mi>x</mi><mo stretchy=\"false\">}</mo></math>"
        ),
        "{page}"
    );
    // An environment without delimiters, as MathJax's `processEnvironments`.
    assert!(
        page.contains(
            "<p><math alttext=\"\\begin{align}\na &amp;= b + c \\\\\nd &amp;= e\n\\end{align}\" display=\"block\"><mtable"
        ),
        "{page}"
    );
    // In a heading: MathML, and the id mdBook makes from the heading's text.
    assert!(
        page.contains("<h2 id=\"die-menge--mathbbr-\"><a class=\"header\" href=\"#die-menge--mathbbr-\">Die Menge <math alttext=\"\\mathbb{R}\"><mi>ℝ</mi></math></a></h2>"),
        "{page}"
    );
    // No MathJax, no script for the formulas.
    assert!(!page.to_lowercase().contains("mathjax"), "{page}");
}

#[test]
fn prices_code_and_alt_text_stay_text() {
    let (book, _) = built();
    let page = book.out("formeln.html");
    assert!(
        page.contains("<p>Ein Kaffee kostet $5 und ein Buch $10.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p><code>\\\\( Code \\\\)</code> bleibt Code.</p>"),
        "{page}"
    );
    assert!(
        page.contains("\\\\[ auch im Block \\\\]\n</code></pre>"),
        "{page}"
    );
    assert!(page.contains("alt=\"Bild \\( x \\)\""), "{page}");
}

#[test]
fn an_unconvertible_formula_is_a_warning_at_its_line_and_stays_visible() {
    let (book, warnings) = built();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let w = find(&warnings, "formula");
    assert!(
        w.starts_with(
            "src/fehler.md:5:26: warning: this formula cannot be converted to MathML: Expected closing token"
        ),
        "{w}"
    );
    assert!(book.out("fehler.html").contains(
        "Hier fehlt eine Klammer: <code class=\"math-error\">\\( \\frac{1}{2 \\)</code> und weiter."
    ));
}

#[test]
fn mathjax_support_is_read_and_kursbuch_has_its_own_switch() {
    let (_, warnings) = built();
    assert!(
        !warnings.iter().any(|w| w.contains("mathjax")),
        "{warnings:#?}"
    );
    let text = "# A\n\nInline \\\\( \\sqrt{2} \\\\) here.\n";
    let plain = TestBook::with_chapters(&[("a.md", text)]);
    plain.build_ok();
    assert!(
        plain
            .out("a.html")
            .contains("Inline \\( \\sqrt{2} \\) here."),
        "without a switch, formulas stay text"
    );
    plain.write("book.toml", "[output.kursbuch]\nmath = true\n");
    let report = plain.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", plain.warnings(&report));
    assert!(
        plain
            .out("a.html")
            .contains("<math alttext=\"\\sqrt{2}\"><msqrt><mn>2</mn></msqrt></math>"),
        "{}",
        plain.out("a.html")
    );
}

#[test]
fn search_and_print_have_the_formulas() {
    let (book, _) = built();
    let snippets: String = std::fs::read_dir(book.path().join("book/search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("x-"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    // The TeX, without delimiters, in the section's text (JSON-escaped).
    assert!(
        snippets.contains(
            "Der Mittelwert \\\\mu = \\\\frac{1}{N} \\\\sum_{i=1}^{N} x_i steht im Satz."
        ),
        "{snippets}"
    );
    let print = book.out("print.html");
    assert!(
        print.contains("<math alttext=\"\\mu = \\frac{1}{N} \\sum_{i=1}^{N} x_i\"><mi>μ</mi>"),
        "{print}"
    );
}

#[test]
fn formulas_render_in_chromium_without_mathjax() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let axe = browser::axe_source();
    let (book, _) = built();
    let server = Server::start(&book.path().join("book"), "/");
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    open(&t, &format!("{}/formeln.html", server.base));
    let sizes = eval(
        &t,
        "JSON.stringify([...document.querySelectorAll('main math')].map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height, m.getAttribute('display')]; }))",
    );
    let sizes: Vec<(f64, f64, Option<String>)> =
        serde_json::from_str(sizes.as_str().unwrap()).unwrap();
    assert_eq!(sizes.len(), 7, "{sizes:?}");
    assert!(
        sizes.iter().all(|(w, h, _)| *w > 0.0 && *h > 0.0),
        "{sizes:?}"
    );
    // MathML laid out: the inline fraction is taller than a line of text.
    let fraction = eval(
        &t,
        "document.querySelector('main mfrac').getBoundingClientRect().height",
    )
    .as_f64()
    .unwrap();
    let text_height = eval(
        &t,
        "(() => { const s = document.createElement('span'); s.textContent = 'x'; document.querySelector('main p').append(s); const h = s.getBoundingClientRect().height; s.remove(); return h; })()",
    )
    .as_f64()
    .unwrap();
    assert!(
        fraction > text_height,
        "a fraction ({fraction}px) is taller than a line of text ({text_height}px)"
    );
    assert_eq!(
        eval(
            &t,
            "getComputedStyle(document.querySelector('math[display=block]')).display"
        ),
        "block math"
    );
    // Nothing loaded from anywhere but the site itself, and no MathJax.
    let resources = eval(
        &t,
        "JSON.stringify(performance.getEntriesByType('resource').map(e => e.name))",
    );
    let resources: Vec<String> = serde_json::from_str(resources.as_str().unwrap()).unwrap();
    assert!(
        resources
            .iter()
            .all(|r| r.starts_with(&server.base) && !r.to_lowercase().contains("mathjax")),
        "{resources:#?}"
    );
    assert_eq!(
        eval(&t, "typeof window.MathJax"),
        "undefined",
        "no MathJax on the page"
    );
    if let Some(axe) = &axe {
        let violations = browser::axe_violations(&t, axe);
        assert!(violations.is_empty(), "axe-core: {violations:#?}");
    }
    assert!(problems.take().is_empty());
}
