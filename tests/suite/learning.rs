//! Learning features in built books: quizzes, glossary tooltips and page,
//! objectives and summary boxes, print.html. (What a student does with them
//! in a browser is in tests/browser.rs.)

use crate::common;

use std::collections::{HashMap, HashSet};

use common::{TestBook, find};

/// The `<article>` of a page.
fn article(html: &str) -> &str {
    let start = html.find("<article class=\"chapter\">").expect("article");
    let end = html[start..].find("</article>").expect("end of article") + start;
    &html[start..end]
}

/// Every `id="…"` of a page, with how often it occurs.
fn ids(html: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for part in html.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        *out.entry(id.to_string()).or_insert(0) += 1;
    }
    out
}

#[test]
fn quizzes_render_accessibly_and_work_without_javascript() {
    let book = TestBook::fixture("learning");
    book.build_ok();
    let html = book.out("docker.html");
    let quiz = &html[html.find("<div class=\"quiz\" role=\"group\"").unwrap()..];
    let quiz = &quiz[..quiz.find("<p class=\"quiz-score\"").unwrap()];
    assert_eq!(quiz.matches("<fieldset>").count(), 3, "{quiz}");
    assert_eq!(quiz.matches("<legend>").count(), 3);
    assert_eq!(
        quiz.matches("type=\"radio\"").count(),
        4,
        "2 single + 2 true/false"
    );
    assert_eq!(quiz.matches("type=\"checkbox\"").count(), 3);
    assert!(
        quiz.contains("<span class=\"quiz-text\">Wahr</span>"),
        "{quiz}"
    );
    assert!(quiz.contains("(mehrere Antworten können richtig sein)"));
    // Without JavaScript: the solution, with right/wrong in words as well as signs.
    assert_eq!(quiz.matches("<details class=\"quiz-solution\">").count(), 3);
    assert!(quiz.contains("<span class=\"visually-hidden\">falsch:</span> Amazon ECR — ECR speichert Images, es führt sie nicht aus."), "{quiz}");
    assert!(quiz.contains("<p class=\"quiz-statement\">900 Sekunden sind das Maximum.</p>"));
    // Feedback is announced; the check button appears only with the script.
    assert_eq!(
        quiz.matches("class=\"quiz-feedback\" aria-live=\"polite\"")
            .count(),
        3
    );
    assert!(quiz.contains("<p class=\"quiz-actions\" hidden>"));
    let lambda = book.out("lambda.html");
    assert!(lambda.contains("<p class=\"quiz-title\" id=\"quiz-1-title\">Kurz geprüft</p>"));
    // The search finds the questions and answers, not the buttons' words.
    let index: String = std::fs::read_dir(book.path().join("book/search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(index.contains("\"dienste\"") && index.contains("\"fargate\""));
    assert!(index.contains("Selbsttest"), "the quiz's title is text too");
    assert!(!index.contains("Prüfen") && !index.contains("✗"), "{index}");
}

#[test]
fn malformed_quizzes_are_errors_with_their_line() {
    let cases = [
        ("? Frage\n- [x] a\n- [x] b\n", 4, "exactly one right answer"),
        ("? Frage\n- [x] a\n", 4, "at least two answers"),
        ("? Frage\n= vielleicht\n", 5, "write `= wahr` or `= falsch`"),
        ("- [x] a\n", 4, "before the first question"),
        (
            "? Frage\n- [x] a\n- [ ] b\nWas ist das?\n",
            7,
            "is not part of a quiz",
        ),
    ];
    for (body, line, message) in cases {
        let text = format!("# Kapitel\n\n{{% quiz() %}}\n{body}{{% end %}}\n");
        let book = TestBook::with_chapters(&[("a.md", &text)]);
        let errors = book.build_err();
        let e = find(&errors, message);
        assert!(
            e.starts_with(&format!("content/a.md:{line}:")),
            "{body:?}: {e}"
        );
        assert!(e.contains("quiz:"), "{e}");
    }
    let book = TestBook::with_chapters(&[("a.md", "{{ quiz() }}\n")]);
    let errors = book.build_err();
    assert!(find(&errors, "`quiz` needs a body").starts_with("content/a.md:1:"));
    let book = TestBook::with_chapters(&[(
        "a.md",
        "{% quiz(titel=\"x\") %}\n? a\n- [x] b\n- [ ] c\n{% end %}\n",
    )]);
    let errors = book.build_err();
    assert!(find(&errors, "`quiz` has no argument `titel`").contains("accepts: title"));
    // And from the command line: exit code 1, the previous site untouched.
    let book = TestBook::fixture("learning");
    book.build_ok();
    let before = book.out("docker.html");
    book.write(
        "content/lambda.md",
        "# Lambda\n\n{% quiz() %}\n? Nur eine\n- [x] a\n{% end %}\n",
    );
    let o = book.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o)
            .contains("content/lambda.md:4:1: error: quiz: a question needs at least two answers"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(book.out("docker.html"), before);
}

#[test]
fn glossary_terms_get_a_tooltip_on_first_use_only_in_prose() {
    let book = TestBook::fixture("learning");
    book.build_ok();
    let docker = book.out("docker.html");
    let a = article(&docker);
    // First use of each term, once per chapter; the tooltip is tied to its term.
    assert_eq!(a.matches("class=\"gloss\"").count(), 2, "{a}");
    assert!(a.contains("Ein <span class=\"gloss\"><a class=\"gloss-term\" href=\"anhang/glossar.html#g-container\" aria-describedby=\"gloss-1\">Container</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"gloss-1\">Eine laufende Instanz eines Images, isoliert vom Rest des Systems.</span></span> startet"), "{a}");
    assert!(a.contains("href=\"anhang/glossar.html#g-image\""));
    // Never in headings, links, code or alt text.
    let heading = &a[a.find("<h2").unwrap()..a.find("</h2>").unwrap()];
    assert!(!heading.contains("gloss"), "{heading}");
    assert!(
        a.contains("<a href=\"#container-und-image\">Container im Detail</a>"),
        "{a}"
    );
    assert!(a.contains("<code>Image</code>"));
    assert!(a.contains("alt=\"Ein Container im Bild\""));
    assert!(!a[a.find("<pre>").unwrap()..].contains("gloss-term"));
    // From a nested chapter the link climbs out of its folder.
    let images = book.out("docker/images.html");
    assert!(
        images.contains("href=\"../anhang/glossar.html#g-image\""),
        "{images}"
    );
    // Front matter `glossary = false` turns them off; the glossary has none.
    assert!(!book.out("lambda.html").contains("gloss-term"));
    assert!(!article(&book.out("anhang/glossar.html")).contains("gloss-term"));
}

#[test]
fn the_glossary_page_lists_every_entry_from_one_source() {
    let book = TestBook::fixture("learning");
    book.build_ok();
    let g = book.out("anhang/glossar.html");
    let list = &g[g.find("<dl class=\"glossary\">").unwrap()..g.find("</dl>").unwrap()];
    let container = list
        .find("<dt id=\"g-container\">Container</dt>")
        .expect(list);
    let image = list.find("<dt id=\"g-image\">Image</dt>").expect(list);
    assert!(container < image, "sorted");
    assert!(
        list.contains("<a href=\"../docker.html#container-und-image\">mehr dazu</a>"),
        "{list}"
    );
    assert!(
        list.contains("<a href=\"../docker/images.html\">mehr dazu</a>"),
        "{list}"
    );
}

#[test]
fn glossary_mistakes_are_reported_where_they_are() {
    let book = TestBook::fixture("learning");
    book.write(
        "data/glossary.toml",
        "[[term]]\nterm = \"Container\"\ndefinition = \"x\"\n\n[[term]]\nterm = \"Image\"\ndefinition = \"y\"\nlink = \"docker.md#gibt-es-nicht\"\n",
    );
    let errors = book.build_err();
    let e = find(&errors, "has no heading `#gibt-es-nicht`");
    assert!(
        e.starts_with("data/glossary.toml:5:1: error: glossary entry `Image`"),
        "{e}"
    );

    book.write(
        "data/glossary.toml",
        "[[term]]\nterm = \"Container\"\ndefinition = \"x\"\n[[term]]\nterm = \"Box\"\naliases = [\"container\"]\ndefinition = \"y\"\n",
    );
    let e = find(&book.build_err(), "belongs to two glossary entries").to_string();
    assert!(e.starts_with("data/glossary.toml:4:1:"), "{e}");

    book.write("data/glossary.toml", "[[term]]\nterm = \"Container\"\n");
    let e = find(&book.build_err(), "missing field `definition`").to_string();
    assert!(e.starts_with("data/glossary.toml:1:1:"), "{e}");

    std::fs::remove_file(book.path().join("data/glossary.toml")).unwrap();
    let e = find(&book.build_err(), "which does not exist").to_string();
    assert!(e.starts_with("content/anhang/glossar.md:3:4: error: `glossary` lists the entries of data/glossary.toml"), "{e}");
}

#[test]
fn objectives_open_the_chapter_and_the_summary_closes_it() {
    let book = TestBook::fixture("learning");
    book.build_ok();
    let docker = book.out("docker.html");
    let a = article(&docker);
    let h1 = a.find("</h1>").unwrap();
    let objectives = a.find("<div class=\"box box-objectives\" role=\"group\" aria-labelledby=\"objectives-title\">").expect(a);
    let first_paragraph = a.find("<p>Ein ").unwrap();
    assert!(h1 < objectives && objectives < first_paragraph, "{a}");
    assert!(
        a.contains("<li>erklären, was ein <em>Container</em> ist</li>"),
        "{a}"
    );
    assert!(a.contains("<p class=\"box-title\" id=\"objectives-title\">Lernziele</p>"));
    let summary = a.find("<div class=\"box box-summary\"").expect(a);
    assert!(
        summary > a.find("class=\"quiz\"").unwrap(),
        "after everything but the footnotes"
    );
    assert!(summary < a.find("class=\"footnotes\"").unwrap());
    assert!(a.contains("<p>Ein Container ist ein laufendes Image.</p>"));
    assert!(!book.out("lambda.html").contains("class=\"box"));
    // A bad value is an error at its line.
    book.write(
        "content/lambda.md",
        "+++\nobjectives = \"eins\"\n+++\n# Lambda\n",
    );
    let e = find(&book.build_err(), "objectives").to_string();
    assert!(e.starts_with("content/lambda.md:2:"), "{e}");
}

#[test]
fn print_page_holds_the_whole_book_with_unique_ids_and_inner_links() {
    let book = TestBook::fixture("learning");
    book.build_ok();
    let print = book.out("print.html");
    // Every chapter, in SUMMARY order, each in its own article.
    let titles = ["Start", "Docker", "Images", "Lambda", "Glossar"];
    let mut at = 0;
    for t in titles {
        let needle = format!("aria-label=\"{t}\">");
        let i = print[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{t} after {at}"))
            + at;
        at = i;
    }
    assert_eq!(
        print
            .matches("<article class=\"chapter print-chapter\"")
            .count(),
        5
    );
    // Ids are unique across chapters (both have a footnote `quelle` and a quiz-1).
    let all = ids(&print);
    let doubled: Vec<_> = all.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "{doubled:?}");
    assert!(
        all.contains_key("docker--footnote-quelle") && all.contains_key("lambda--footnote-quelle")
    );
    // Every in-document link finds its target; none leaves for a chapter page.
    let mut targets = HashSet::new();
    for part in print.split("href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        if let Some(id) = href.strip_prefix('#') {
            targets.insert(id.to_string());
        } else {
            assert!(
                !href.ends_with(".html") || href == "index.html",
                "a link out of print.html: {href}"
            );
        }
    }
    for t in &targets {
        assert!(all.contains_key(t), "#{t} has no target");
    }
    for t in [
        "docker-images--tags",
        "docker--container-und-image",
        "anhang-glossar--g-container",
        "docker-images",
    ] {
        assert!(targets.contains(t), "{t} in {targets:?}");
    }
    // Images from the content folder are found from the site root.
    assert!(print.contains("src=\"bild.svg\""));
    // Quizzes print with their answers; diagrams, code and tables stay as they are.
    assert_eq!(
        print
            .matches("<details class=\"quiz-solution\" open>")
            .count(),
        4
    );
    assert!(print.contains("<pre><code class=\"language-bash\""));
    // Each chapter starts on a new printed page.
    assert!(print.contains("<body class=\"print-page page-break\""));
    // The top bar of every page links to it.
    assert!(
        book.out("docker/images.html")
            .contains("href=\"../print.html\"")
    );
}

#[test]
fn print_page_can_be_turned_off_and_page_breaks_too() {
    let book = TestBook::fixture("learning");
    book.write(
        "book.toml",
        "[book]\ntitle = \"Lernbuch\"\nlanguage = \"de\"\n[output.html.print]\nenable = false\n",
    );
    let report = book.build_ok();
    assert!(book.warnings(&report).is_empty());
    assert!(!book.out_exists("print.html"));
    assert!(!book.out("docker.html").contains("print.html"));
    book.write(
        "book.toml",
        "[book]\ntitle = \"Lernbuch\"\n[output.html.print]\npage-break = false\n",
    );
    book.build_ok();
    assert!(
        book.out("print.html")
            .contains("<body class=\"print-page\"")
    );
}

#[test]
fn progress_controls_are_on_every_page_and_resume_on_the_start_page() {
    let book = TestBook::fixture("learning");
    book.build_ok();
    let index = book.out("index.html");
    assert!(
        index.contains("<p class=\"resume\" hidden>"),
        "only filled in by the script"
    );
    assert!(!book.out("docker.html").contains("class=\"resume\""));
    for page in ["index.html", "docker.html", "docker/images.html"] {
        let html = book.out(page);
        assert!(html.contains("class=\"progress-reset\""), "{page}");
        assert!(html.contains("data-visited=\"gelesen\" data-passed=\"Selbsttest bestanden\""));
    }
    // No cookies, no requests: the script only uses localStorage.
    let js_name = std::fs::read_dir(book.path().join("book/js"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("kursbuch"))
        .unwrap();
    let js = book.out(&format!("js/{js_name}"));
    assert!(js.contains("localStorage"));
    for never in ["document.cookie", "fetch(", "XMLHttpRequest", "sendBeacon"] {
        assert!(!js.contains(never), "{never}");
    }
}
