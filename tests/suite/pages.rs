//! The `<main>` of fixture pages as snapshots (insta, under
//! `tests/suite/snapshots/`): everything a reader gets of each kind of page,
//! reviewed and committed, so any change to the markup shows up as a diff.

use crate::common::TestBook;

/// From `<main` to `</main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.rfind("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn main_of_fixture_pages() {
    let cases: &[(&str, &[&str])] = &[
        (
            "nested",
            &[
                "index.html",
                "docker/index.html",
                "docker/images.html",
                "lambda.html",
                "glossar.html",
                "404.html",
            ],
        ),
        (
            "mdbook",
            &["index.html", "guide/index.html", "guide/creating.html"],
        ),
        ("includes", &["listings.html", "sub/page.html"]),
        (
            "learning",
            &["docker.html", "anhang/glossar.html", "print.html"],
        ),
        ("shortcodes", &["platzierung.html"]),
    ];
    for (fixture, pages) in cases {
        let book = TestBook::fixture(fixture);
        book.build_ok();
        for page in *pages {
            let name = format!(
                "{fixture}-{}",
                page.trim_end_matches(".html").replace('/', "-")
            );
            insta::assert_snapshot!(name, main_of(&book.out(page)));
        }
    }
}
