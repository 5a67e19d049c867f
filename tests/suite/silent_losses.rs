//! No silent losses: content an author wrote but the site would not show
//! (an unlisted chapter, an include past the end of its file, an unknown
//! shortcode, a raw-HTML link to a missing file) is a diagnostic at its
//! file:line:col, and a problem is reported once, at its cause.

use crate::common::{TestBook, find};

#[test]
fn a_markdown_file_summary_does_not_list_is_a_warning() {
    let book =
        TestBook::with_chapters(&[("a.md", "# A\n\n{{#include teil.md}}\n"), ("b.md", "# B\n")]);
    book.write("content/teil.md", "Eingebunden.\n")
        .write("content/vergessen.md", "# Vergessen\n")
        .write("content/entwuerfe/neu.md", "# Neu\n")
        .write("content/entwuerfe/tief/alt.md", "# Alt\n")
        .write("content/404.md", "# Nicht gefunden\n")
        .write("content/bild.png", "png")
        .write("content/.versteckt/x.md", "# x\n");
    let report = book.build_ok();
    let warnings = book.warnings(&report);
    assert_eq!(
        warnings,
        [
            "content/entwuerfe/neu.md:1:1: warning: `entwuerfe/neu.md` is not in SUMMARY.md: no page shows it\n  help: list it in SUMMARY.md, include it in a chapter, or add \"entwuerfe/neu.md\" to `allow-unlisted` under [output.kursbuch] in book.toml",
            "content/entwuerfe/tief/alt.md:1:1: warning: `entwuerfe/tief/alt.md` is not in SUMMARY.md: no page shows it\n  help: list it in SUMMARY.md, include it in a chapter, or add \"entwuerfe/tief/alt.md\" to `allow-unlisted` under [output.kursbuch] in book.toml",
            "content/vergessen.md:1:1: warning: `vergessen.md` is not in SUMMARY.md: no page shows it\n  help: list it in SUMMARY.md, include it in a chapter, or add \"vergessen.md\" to `allow-unlisted` under [output.kursbuch] in book.toml",
        ]
    );

    // `*` stays in its folder, `**` crosses folders.
    book.write(
        "book.toml",
        "[output.kursbuch]\noptional = true\nallow-unlisted = [\"entwuerfe/*\", \"vergessen.md\"]\n",
    );
    let warnings = book.warnings(&book.build_ok());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("content/entwuerfe/tief/alt.md:1:1: warning:"));
    book.write(
        "book.toml",
        "[output.kursbuch]\nallow-unlisted = [\"entwuerfe/**\", \"vergessen.md\"]\n",
    );
    assert_eq!(book.warnings(&book.build_ok()), Vec::<String>::new());

    book.write(
        "book.toml",
        "[output.kursbuch]\nallow-unlisted = [\"a/[b\"]\n",
    );
    let errors = book.build_err();
    assert!(
        find(&errors, "invalid pattern").starts_with(
            "book.toml:2:19: error: `allow-unlisted`: invalid pattern: unclosed character class"
        ),
        "{errors:?}"
    );
}

#[test]
fn an_include_past_the_end_of_its_file_is_an_error_at_the_directive() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\n```\n{{#include code.txt:40}}\n```\n\nText {{#include code.txt:3:9}}\n\n{{#include code.txt:2:1}}\n\n{{#include code.txt:2:99}}\n\n{{#include code.rs:ende}}\n",
    )]);
    book.write("content/code.txt", "eins\nzwei\ndrei\n")
        .write("content/code.rs", "fn main() {}\n// ANCHOR: ende\n");
    let errors = book.build_err();
    assert_eq!(
        errors,
        [
            "content/a.md:4:1: error: cannot include `code.txt:40`: line 40 is past the end of the file (3 lines)\n  help: line numbers count from 1; `file:10:20` is lines 10 to 20, `file:10:` from line 10 to the end",
            "content/a.md:9:1: error: cannot include `code.txt:2:1`: the range ends at line 1 before it starts at line 2\n  help: line numbers count from 1; `file:10:20` is lines 10 to 20, `file:10:` from line 10 to the end",
            "content/a.md:13:1: error: cannot include `code.rs:ende`: the anchor `ende` marks no lines\n  help: anchors are marked with `ANCHOR: name` and `ANCHOR_END: name` comments in the included file",
        ]
    );
    // A range that starts inside the file is cut at its end, as in mdBook.
    book.write(
        "content/a.md",
        "# A\n\n```\n{{#include code.txt:2:99}}\n```\n",
    );
    book.build_ok();
    assert!(
        book.out("a.html").contains("zwei\ndrei\n</code>"),
        "{}",
        book.out("a.html")
    );
}

#[test]
fn an_included_file_that_is_not_utf8_is_reported_once_at_its_byte() {
    let book = TestBook::with_chapters(&[
        (
            "a.md",
            "# A\n\n{{#include latin1.txt}}\n\n{{#include latin1.txt}}\n",
        ),
        ("b.md", "# B\n\n{{#include latin1.txt}}\n"),
    ]);
    std::fs::write(
        book.path().join("content/latin1.txt"),
        b"Gr\xfc\xdfe\nzweite\n",
    )
    .unwrap();
    let errors = book.build_err();
    assert_eq!(
        errors,
        [
            "content/latin1.txt:1:3: error: the file is not valid UTF-8 (byte 2)\n  help: save the included file as UTF-8"
        ]
    );
}

#[test]
fn serve_points_at_the_summary_line_of_a_deleted_chapter() {
    use crate::common::serve::{Events, Served};
    use std::time::Duration;

    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    let mut events = Events::connect(s.port);
    events.next();
    std::thread::sleep(Duration::from_millis(60));
    std::fs::remove_file(book.path().join("content/lambda.md")).unwrap();
    let e = events.next_with("error");
    assert!(
        e.contains("content/SUMMARY.md:3:3: error: chapter `lambda.md` does not exist"),
        "{e}"
    );
    s.wait_line(
        "content/SUMMARY.md:3:3: error: chapter `lambda.md` does not exist",
        Duration::from_secs(10),
    );
}

#[test]
fn a_chapter_that_fails_to_load_is_reported_once() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n\n{{ glossary() }}\n"), ("b.md", "# B\n")]);
    std::fs::write(book.path().join("content/b.md"), b"# B\n\xff\n").unwrap();
    book.write(
        "data/glossary.toml",
        "[[term]]\nterm = \"Bild\"\ndefinition = \"Ein Image.\"\nlink = \"b.md#b\"\n",
    );
    let errors = book.build_err();
    assert_eq!(
        errors,
        [
            "content/b.md:2:1: error: the file is not valid UTF-8 (byte 4)\n  help: save the chapter as UTF-8"
        ],
        "no follow-on error about the glossary's link"
    );
}

#[test]
fn an_invalid_glossary_is_reported_where_it_is_wrong_not_as_missing() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n\n{{ glossary() }}\n")]);
    book.write(
        "data/glossary.toml",
        "[[term]]\nterm = \"Bild\"\ndefinition = \"Ein Image.\n",
    );
    let errors = book.build_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("data/glossary.toml:3:25: error: invalid TOML"),
        "{errors:?}"
    );

    std::fs::write(
        book.path().join("data/glossary.toml"),
        b"[[term]]\nterm = \"Gr\xfc\xdfe\"\n",
    )
    .unwrap();
    let errors = book.build_err();
    assert_eq!(
        errors,
        [
            "data/glossary.toml:2:11: error: the file is not valid UTF-8 (byte 19)\n  help: save the glossary as UTF-8"
        ]
    );
}

#[test]
fn an_unknown_shortcode_in_prose_is_an_error_with_a_way_out() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\nEin {{ digram(kind=\"flow\") }} und {{ zaehler(start=1) }}.\n\n{% kasten() %}\nInhalt\n\nNicht `{{ zaehler() }}`, nicht {{ user.name }}, nicht {{ 1 + 2 }}.\n\n```\n{{ zaehler() }}\n```\n",
    )]);
    let errors = book.build_err();
    assert_eq!(
        errors,
        [
            "content/a.md:3:8: error: unknown shortcode `digram`\n  help: did you mean `diagram`?",
            "content/a.md:3:38: error: unknown shortcode `zaehler`\n  help: to show it as text, write `{{/* zaehler(start=1) */}}`; in code (`…` or a code block) nothing is expanded",
            "content/a.md:5:4: error: unknown shortcode `kasten`\n  help: to show it as text, write `{%/* kasten() */%}`; in code (`…` or a code block) nothing is expanded",
        ]
    );
    book.write(
        "content/a.md",
        "# A\n\nAls Text: {{/* zaehler(start=1) */}} und {%/* kasten() */%}.\n",
    );
    book.build_ok();
    assert!(
        book.out("a.html")
            .contains("Als Text: {{ zaehler(start=1) }} und {% kasten() %}."),
        "{}",
        book.out("a.html")
    );
}

#[test]
fn an_unlisted_file_a_chapter_links_to_is_reported_once_at_the_link() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n\nSiehe [dort](dort.md).\n")]);
    book.write("content/dort.md", "# Dort\n");
    let errors = book.build_err();
    assert_eq!(
        errors,
        [
            "content/a.md:3:7: error: `dort.md` is not a chapter of the book\n  help: add it to SUMMARY.md, or link to a chapter that is listed there"
        ]
    );
}

#[test]
fn raw_html_links_to_missing_files_are_checked_like_markdown_ones() {
    let book = TestBook::with_chapters(&[
        ("a.md", "# A\n"),
        (
            "sub/b.md",
            "# B\n\n<img alt=\"x\" src=\"../img/fehlt.png\">\n\n- Liste\n\n  <a href=\"c.md\">c</a> und <video\n    poster=\"p.jpg\" src=\"v.mp4\"></video>\n\n<!-- <img src=\"kommentar.png\"> -->\n<a href=\"../a.md#nirgends\">a</a>\n",
        ),
    ]);
    book.write("content/sub/v.mp4", "mp4");
    let errors = book.build_err();
    assert_eq!(
        errors,
        [
            "content/sub/b.md:3:19: error: `img/fehlt.png` does not exist in the book\n  help: images and downloads belong in the content folder (or static/); paths are relative to the chapter",
            "content/sub/b.md:7:12: error: link to a missing chapter `sub/c.md`\n  help: chapter links are paths relative to this file, e.g. `docker.md#running-containers`",
            "content/sub/b.md:8:13: error: `sub/p.jpg` does not exist in the book\n  help: images and downloads belong in the content folder (or static/); paths are relative to the chapter",
            "content/sub/b.md:11:10: error: `a.md` has no heading `#nirgends`\n  help: the page has: #a",
        ]
    );
}

#[test]
fn raw_html_in_a_sub_folder_works_on_its_page_and_on_print_html() {
    let book = TestBook::with_chapters(&[
        ("a.md", "# A\n\n## Start\n"),
        (
            "sub/b.md",
            "# B\n\n<img src=\"../img/x.png\" alt=\"x\"> <a href=\"../a.md#start\">A</a>\n\n<div id=\"hier\">\n<a href='#hier'>hier</a> <a href=\"https://example.org/x.md\">extern</a>\n</div>\n\n[Markdown](#hier)\n",
        ),
    ]);
    book.write("content/img/x.png", "png");
    book.build_ok();
    let page = book.out("sub/b.html");
    assert!(
        page.contains("<img src=\"../img/x.png\" alt=\"x\"> <a href=\"../a.html#start\">A</a>"),
        "{page}"
    );
    assert!(page.contains("<div id=\"hier\">\n<a href='#hier'>hier</a> <a href=\"https://example.org/x.md\">extern</a>"), "{page}");
    let print = book.out("print.html");
    assert!(
        print.contains("<img src=\"img/x.png\" alt=\"x\"> <a href=\"#a--start\">A</a>"),
        "{print}"
    );
    assert!(print.contains("<div id=\"sub-b--hier\">\n<a href='#sub-b--hier'>hier</a> <a href=\"https://example.org/x.md\">extern</a>"), "{print}");
    assert!(
        print.contains("<a href=\"#sub-b--hier\">Markdown</a>"),
        "{print}"
    );
}

#[test]
fn a_font_awesome_icon_is_a_warning_at_its_class_not_an_empty_gap() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\nThe eye <i class=\"fa fa-eye\"></i> shows hidden lines.\n\n<span class=\"note\">no icon</span> <i class=\"hint\">no icon</i>\n",
    )]);
    let report = book.build_ok();
    assert_eq!(
        book.warnings(&report),
        [
            "content/a.md:3:19: warning: the icon `fa fa-eye` shows nothing: kursbuch has no Font Awesome icons (mdBook draws them)\n  help: write an emoji or the icon as inline SVG instead"
        ]
    );
}
