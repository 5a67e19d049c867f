//! Shortcodes in built books: every built-in kind (with snapshots of its
//! markup), Tera shortcodes, placement inside lists, quotes and tables,
//! literal text, and every error with its file:line:col.

use crate::common;

use common::{TestBook, find};

/// The `n`-th element that starts with `open` and ends with `close`.
fn element<'a>(html: &'a str, open: &str, close: &str, n: usize) -> &'a str {
    let start = html
        .match_indices(open)
        .nth(n)
        .unwrap_or_else(|| panic!("no {open} #{n}"))
        .0;
    let end = start + html[start..].find(close).unwrap() + close.len();
    &html[start..end]
}

#[test]
fn built_in_figures_match_their_snapshots() {
    let book = TestBook::fixture("shortcodes");
    let report = book.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", book.warnings(&report));
    let page = book.out("figuren.html");
    insta::assert_snapshot!(
        "diagram-stack",
        element(
            &page,
            "<figure class=\"diagram diagram-stack\"",
            "</figure>",
            0,
        ),
    );
    insta::assert_snapshot!(
        "diagram-flow",
        element(
            &page,
            "<figure class=\"diagram diagram-flow\"",
            "</figure>",
            0,
        ),
    );
    insta::assert_snapshot!(
        "diagram-flow-tb",
        element(
            &page,
            "<figure class=\"diagram diagram-flow\"",
            "</figure>",
            1,
        ),
    );
    insta::assert_snapshot!(
        "diagram-layers",
        element(
            &page,
            "<figure class=\"diagram diagram-layers\"",
            "</figure>",
            0,
        ),
    );
    insta::assert_snapshot!(
        "compare",
        element(&page, "<figure class=\"compare\"", "</figure>", 0),
    );
    insta::assert_snapshot!(
        "compare-subset",
        element(&page, "<figure class=\"compare\"", "</figure>", 1),
    );
    // Ids are unique on the page; colours are classes (the theme switches them), never inline.
    assert!(
        page.contains("id=\"fig-1\"")
            && page.contains("id=\"fig-4\"")
            && page.contains("id=\"cmp-5\""),
        "{page}"
    );
    assert!(
        !page.contains("fill=\"#") && !page.contains("style=\"fill"),
        "no colour in the markup"
    );
    // A figure is never inside a paragraph.
    assert!(!page.contains("<p><figure"), "{page}");
    // The body table is escaped.
    assert!(page.contains("&lt;b&gt;fett?&lt;/b&gt;"));
}

#[test]
fn calls_sit_inside_lists_quotes_and_tables_without_breaking_them() {
    let book = TestBook::fixture("shortcodes");
    book.build_ok();
    let page = book.out("platzierung.html");
    // Inline Tera shortcode in a sentence; its argument escaped.
    assert!(
        page.contains("<p>Neu: <span class=\"badge\">Beta &lt;script&gt;</span> im Satz.</p>"),
        "{page}"
    );
    // The block stays inside its list item, the list keeps all three items.
    let list = element(&page, "<ul>", "</ul>\n<blockquote>", 0);
    assert_eq!(list.matches("<li>").count(), 3, "{list}");
    assert!(list.contains("<aside class=\"hinweis\" aria-label=\"Achtung\"><p class=\"hinweis-titel\">Achtung</p><p>Der Hinweis enthält <strong>Markdown</strong> und <span class=\"badge\">verschachtelt</span>.</p>"), "{list}");
    assert!(
        list.contains("<a href=\"figuren.html#stapel\">Link</a>"),
        "nested links are rewritten: {list}"
    );
    assert!(
        list.contains("<p class=\"hinweis-seite\">Platzierung</p>"),
        "page context: {list}"
    );
    assert!(list.find("Dritter Punkt").unwrap() > list.find("</aside>").unwrap());
    // The diagram stays inside the blockquote, between its paragraphs.
    let quote = element(&page, "<blockquote>", "</blockquote>", 0);
    assert!(
        quote.contains("<p>Zitat davor</p>")
            && quote.contains("<p>Zitat danach</p>")
            && quote.contains("diagram-flow"),
        "{quote}"
    );
    // An inline call in a table cell.
    assert!(
        page.contains("<td><span class=\"badge\">serverless</span></td>"),
        "{page}"
    );
    // Never expanded in code: spans, fenced and indented blocks.
    assert!(
        page.contains("<code>{{ badge(text=&quot;x&quot;) }}</code>")
            || page.contains("<code>{{ badge(text=\"x\") }}</code>"),
        "{page}"
    );
    assert!(
        page.contains("{% diagram(kind=&quot;flow&quot;) %}")
            || page.contains("{% diagram(kind=\"flow\") %}"),
        "{page}"
    );
    assert!(
        page.contains("{{ badge(text=&quot;eingerückt&quot;) }}")
            || page.contains("{{ badge(text=\"eingerückt\") }}"),
        "{page}"
    );
    // Literal forms and lookalikes in prose.
    assert!(
        page.contains("{{ badge(text=“y”) }}")
            || page.contains("{{ badge(text=&quot;y&quot;) }}")
            || page.contains("{{ badge(text=\"y\") }}"),
        "{page}"
    );
    assert!(page.contains("{% hinweis() %}"), "{page}");
    assert!(
        page.contains("{{ user.name }}, {% for x in xs %}, {{ range(end=3) }}"),
        "{page}"
    );
    assert!(
        !page.contains("kursbuch-sc") && !page.contains("\u{0}"),
        "no placeholder leaks"
    );
}

fn errors_of(chapter: &str) -> Vec<String> {
    let book = TestBook::fixture("shortcodes");
    book.write("content/figuren.md", chapter);
    book.build_err()
}

#[test]
fn errors_name_file_line_column_and_what_is_accepted() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "# T\n\n{{ digram(kind=\"flow\") }}\n",
            "content/figuren.md:3:4: error: unknown shortcode `digram`",
            "did you mean `diagram`?",
        ),
        (
            "# T\n\n{{ compare(dta=\"compute\") }}\n",
            "content/figuren.md:3:12: error: `compare` has no argument `dta`",
            "accepts: data, columns, highlight, caption",
        ),
        (
            "# T\n\n{% diagram(caption=\"x\") %}\nA -> B\n{% end %}\n",
            "content/figuren.md:3:4: error: `diagram` needs the argument `kind`",
            "accepts: kind",
        ),
        (
            "# T\n\n{{ compare(data=\"compute\", highlight=\"yes\") }}\n",
            "content/figuren.md:3:38: error: `highlight` of `compare` must be true or false, not a string",
            "",
        ),
        (
            "# T\n\n{% diagram(kind=\"flow\") %}\nA -> B\n",
            "content/figuren.md:3:1: error: `{% diagram %}` has no `{% end %}`",
            "close the body",
        ),
        (
            "# T\n\n{% diagram(kind=\"stack\") %}\nA | B | C\nD | E\n{% end %}\n",
            "content/figuren.md:5:1: error: diagram (kind \"stack\"): this layer fills 2 of 3 columns",
            "`Hypervisor *2`",
        ),
        (
            "# T\n\n{% diagram(kind=\"kreis\") %}\nx\n{% end %}\n",
            "content/figuren.md:3:17: error: unknown diagram kind `kreis`",
            "\"stack\"",
        ),
        (
            "# T\n\n{{ compare(data=\"fehlt\") }}\n",
            "content/figuren.md:3:17: error: no data file data/fehlt.toml (there are: compute)",
            "",
        ),
        (
            "# T\n\n{{ compare(data=\"compute\", columns=[\"Lamda\"]) }}\n",
            "content/figuren.md:3:36: error: the table has no column `Lamda`",
            "EC2, Fargate, Lambda",
        ),
        (
            "# T\n\n{{ hinweis(titel=\"x\", farbe=\"rot\") }}\n",
            "content/figuren.md:3:23: error: `hinweis` has no argument `farbe`",
            "uses: titel",
        ),
        (
            "# T\n\n{{ diagram(kind=\"flow\") }}\n",
            "content/figuren.md:3:1: error: `diagram` needs a body",
            "{% diagram",
        ),
        (
            "# T\n\nSiehe {{ compare(data=\"compute\") }} hier.\n",
            "content/figuren.md:3:7: error: `compare` makes a block",
            "line of its own",
        ),
        (
            "# T\n\n{{ compare(data=\"compute\" }}\n",
            "content/figuren.md:3:27: error: expected `,` or `)` after an argument",
            "",
        ),
    ];
    for (chapter, expected, help) in cases {
        let msgs = errors_of(chapter);
        let m = msgs
            .iter()
            .find(|m| m.starts_with(expected))
            .unwrap_or_else(|| panic!("expected {expected:?} in:\n{}", msgs.join("\n")));
        assert!(m.contains(help), "help {help:?} missing in {m}");
    }
}

#[test]
fn data_file_errors_name_the_data_file_and_line() {
    let book = TestBook::fixture("shortcodes");
    book.write(
        "data/compute.toml",
        "columns = [\"A\", \"B\"]\n\n[[rows]]\nlabel = \"x\"\nvalues = [1, 2, 3]\n",
    );
    let msgs = book.build_err();
    let m = find(&msgs, "values for");
    assert!(
        m.starts_with("data/compute.toml:5:10: error: row `x` has 3 values for 2 columns"),
        "{m}"
    );
    assert_eq!(
        msgs.iter().filter(|m| m.contains("values for")).count(),
        1,
        "reported once, not per use: {msgs:#?}"
    );
    book.write("data/compute.toml", "columns = [\"A\"\n");
    let msgs = book.build_err();
    assert!(
        find(&msgs, "comparison table").starts_with("data/compute.toml:1:15: error:"),
        "{msgs:#?}"
    );
}

#[test]
fn a_book_without_shortcodes_is_untouched_by_them() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n\nJinja: {{ x }} and {% if y %} stay.\n")]);
    book.build_ok();
    assert!(
        book.out("a.html")
            .contains("Jinja: {{ x }} and {% if y %} stay.")
    );
}
