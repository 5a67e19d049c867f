//! `kursbuch build` on fixture books: structure, includes, links, front
//! matter, redirects and the output folder.

use crate::common;

use common::{TestBook, find};

#[test]
fn summary_nesting_numbering_and_pages() {
    let book = TestBook::fixture("nested");
    let report = book.build_ok();
    assert_eq!(report.chapters, 7, "drafts have no page");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    // README.md becomes index.html of its folder; other chapters mirror their path.
    for page in [
        "vorwort.html",
        "docker/index.html",
        "docker/images.html",
        "fargate.html",
        "lambda.html",
        "lambda-runtimes.html",
        "glossar.html",
    ] {
        assert!(book.out_exists(page), "{page}");
    }
    // The start page is the first chapter.
    assert!(book.out("index.html").contains("<h1 id=\"vorwort\">"));

    let page = book.out("docker/images.html");
    // Numbers run on through parts; nested chapters are numbered below their parent.
    assert!(
        page.contains("<span class=\"toc-num\">1.1.</span> Images</a>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"toc-num\">2.</span> Fargate</a>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"toc-num\">3.</span> Lambda</a>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"toc-num\">3.1.</span> Runtimes</a>"),
        "{page}"
    );
    // Prefix and suffix chapters carry no number; parts and drafts are shown.
    assert!(
        page.contains("href=\"../vorwort.html\">Vorwort</a>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../glossar.html\">Glossar</a>"),
        "{page}"
    );
    assert!(
        page.contains("<li class=\"toc-part\">Teil I: Container</li>"),
        "{page}"
    );
    assert!(
        page.contains("<li class=\"toc-part\">Teil II: Serverless</li>"),
        "{page}"
    );
    assert!(
        page.contains("toc-draft\"><span><span class=\"toc-num\">1.2.</span> Registries"),
        "{page}"
    );
    assert_eq!(page.matches("toc-sep").count(), 2, "{page}");
    // The current chapter is marked, links are relative to the page's folder.
    assert!(
        page.contains("<a aria-current=\"page\" href=\"../docker/images.html\">"),
        "{page}"
    );
    assert_eq!(page.matches("aria-current").count(), 1);
    // Previous and next follow the reading order, skipping the draft.
    assert!(
        page.contains("<link rel=\"prev\" href=\"index.html\">"),
        "{page}"
    );
    assert!(
        page.contains("<link rel=\"next\" href=\"../fargate.html\">"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../css/kursbuch."),
        "assets are reached from any depth: {page}"
    );
}

#[test]
fn headings_links_and_front_matter() {
    let book = TestBook::fixture("nested");
    book.build_ok();
    let docker = book.out("docker/index.html");
    assert!(
        docker.contains("<title>Docker verstehen - Verschachtelt</title>"),
        "front matter title: {docker}"
    );
    assert!(
        docker.contains("<meta name=\"description\" content=\"Container und Images\">"),
        "{docker}"
    );
    assert!(
        docker.contains("<h2 id=\"was-ist-ein-container\">"),
        "{docker}"
    );
    assert!(
        docker.contains("<h2 id=\"was-ist-ein-container-1\">"),
        "{docker}"
    );
    assert!(
        docker.contains("<a href=\"../vorwort.html\">Vorwort</a>"),
        "{docker}"
    );
    assert!(
        docker.contains("<a href=\"images.html\">Images</a>"),
        "{docker}"
    );
    assert!(
        docker.contains("href=\"https://example.org/edit/main/content/docker/README.md\""),
        "edit link: {docker}"
    );
    assert!(
        docker.contains("href=\"https://example.org/repo\""),
        "repository link: {docker}"
    );
    // The page's table of contents lists h2/h3.
    assert!(
        docker.contains("<a href=\"#was-ist-ein-container-1\">Was ist ein Container?</a>"),
        "{docker}"
    );

    let vorwort = book.out("vorwort.html");
    assert!(
        vorwort.contains("<a href=\"docker/index.html\">Docker</a>"),
        "{vorwort}"
    );
    assert!(
        vorwort.contains("<a href=\"docker/images.html#ein-image-bauen\">den Images</a>"),
        "{vorwort}"
    );
    assert!(
        vorwort.contains("<title>Vorwort - Verschachtelt</title>"),
        "{vorwort}"
    );
    let images = book.out("docker/images.html");
    assert!(
        images.contains("<a href=\"../lambda.html#handler\">Lambda</a>"),
        "custom id: {images}"
    );
    // Non-chapter files of the content folder are copied.
    assert!(book.out_exists("img/logo.svg"));
    assert!(!book.out_exists("SUMMARY.md") && !book.out_exists("vorwort.md"));
}

#[test]
fn includes_ranges_anchors_and_escapes() {
    let book = TestBook::fixture("includes");
    book.build_ok();
    let page = book.out("listings.html");
    let code = |s: &str| {
        // Text inside highlighted code is split into spans; compare the text only.
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&quot;", "\"")
    };
    let text = code(&page);
    // Anchor mode: the lines between the markers, nested markers removed.
    assert!(text.contains("def handler(event, context):\n    return {\"statusCode\": 200, \"body\": json.dumps(event)}\n"), "{text}");
    assert!(!text.contains("ANCHOR"), "{text}");
    assert!(!text.contains("import json"), "{text}");
    // Line ranges, 1-based and inclusive.
    assert!(text.contains("line 2\nline 3\n"), "{text}");
    assert!(text.contains("RANGE-A line 2 END-A"), "{text}");
    assert!(text.contains("line 1\nline 2\n"), "::2 {text}");
    assert!(text.contains("line 4\nline 5\n"), "4: {text}");
    // The escaped form stays literal, without its backslash.
    assert!(
        page.contains("Escaped: {{#include ../examples/lines.txt}}"),
        "{page}"
    );
    // Included Markdown is rendered, its links rewritten and checked.
    assert!(
        page.contains("Included paragraph with a <a href=\"sub/page.html#unten\">link</a>."),
        "{page}"
    );
    assert!(text.contains("line 5"), "{text}");
    // An include inside a list item keeps the item's indentation.
    assert!(page.contains("<li>\n<p>Ein Schritt:</p>\n<pre><code class=\"language-text\" tabindex=\"0\">line 1\nline 2\n</code></pre>\n</li>"), "{page}");
    // {{#title}} sets the whole <title>.
    assert!(page.contains("<title>Eigene Listings</title>"), "{page}");
}

#[test]
fn include_errors_point_at_the_directive() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\n{{#include missing.md}}\n\n  {{#include b.md:nope}}\n\n{{#include loop1.md}}\n",
    )]);
    book.write("content/b.md", "# ANCHOR: yes\nx\n# ANCHOR_END: yes\n");
    book.write("content/loop1.md", "one\n{{#include loop2.md}}\n");
    book.write("content/loop2.md", "two\n{{#include loop1.md}}\n");
    let msgs = book.build_err();
    let missing = find(&msgs, "missing.md");
    assert!(
        missing.starts_with("content/a.md:3:1: error: cannot include `missing.md`: no such file"),
        "{missing}"
    );
    let anchor = find(&msgs, "no anchor");
    assert!(anchor.starts_with("content/a.md:5:3: error:"), "{anchor}");
    assert!(anchor.contains("(the file has: yes)"), "{anchor}");
    let cycle = find(&msgs, "include cycle");
    assert!(cycle.starts_with("content/loop2.md:2:1: error: include cycle: content/loop1.md → content/loop2.md → content/loop1.md"), "{cycle}");
}

#[test]
fn broken_links_and_anchors_are_errors_with_positions() {
    let book = TestBook::with_chapters(&[
        (
            "a.md",
            "# A\n\nSee [b](b.md#nowhere) and\n[gone](gone.md) and [self](#nope).\n\n## Real\n",
        ),
        ("b.md", "# B\n\n[ok](a.md#real) [orphan](orphan.md)\n"),
    ]);
    book.write("content/orphan.md", "# Not in SUMMARY\n");
    let msgs = book.build_err();
    assert_eq!(
        msgs.iter().filter(|m| m.contains("error:")).count(),
        4,
        "{msgs:#?}"
    );
    let anchor = find(&msgs, "#nowhere");
    assert!(
        anchor.starts_with("content/a.md:3:5: error: `b.md` has no heading `#nowhere`"),
        "{anchor}"
    );
    assert!(anchor.contains("help: the page has: #b"), "{anchor}");
    assert!(
        find(&msgs, "gone.md")
            .starts_with("content/a.md:4:1: error: link to a missing chapter `gone.md`")
    );
    assert!(
        find(&msgs, "#nope")
            .starts_with("content/a.md:4:21: error: no heading `#nope` on this page")
    );
    assert!(
        find(&msgs, "orphan.md")
            .starts_with("content/b.md:3:17: error: `orphan.md` is not a chapter of the book")
    );

    // Config can lower them to warnings.
    book.write("book.toml", "[build]\nbroken-links = \"warn\"\n");
    let report = book.build_ok();
    assert_eq!(report.warnings.len(), 4, "{:?}", report.warnings);
}

#[test]
fn errors_of_one_build_are_reported_together_by_the_cli() {
    let book = TestBook::with_chapters(&[
        ("a.md", "+++\ntitle = \n+++\n# A\n"),
        ("b.md", "# B\n[x](nope.md)\n"),
    ]);
    book.write(
        "content/SUMMARY.md",
        "- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n",
    );
    let out = book.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(
        err.contains("content/SUMMARY.md:3:3: error: chapter `c.md` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("content/a.md:2:9: error: invalid TOML"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md:2:1: error: link to a missing chapter `nope.md`"),
        "{err}"
    );
    assert!(err.contains("build failed with 3 errors"), "{err}");
    assert!(!book.out_exists(""), "no output on failure");
}

#[test]
fn create_missing_creates_chapter_files() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write("content/SUMMARY.md", "- [A](a.md)\n- [Neu](teil/neu.md)\n");
    book.write("book.toml", "[build]\ncreate-missing = true\n");
    book.build_ok();
    assert_eq!(
        std::fs::read_to_string(book.path().join("content/teil/neu.md")).unwrap(),
        "# Neu\n"
    );
    assert!(book.out("teil/neu.html").contains("<h1 id=\"neu\">"));
}

#[test]
fn mdbook_book_builds_unchanged() {
    let book = TestBook::fixture("mdbook");
    let report = book.build_ok();
    assert_eq!(report.chapters, 3);
    // One warning per key kursbuch does not know, each naming the key; none for
    // `multilingual = false`, `mathjax-support` (formulas become MathML) or the
    // built-in `links` preprocessor.
    let warnings = book.warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        find(&warnings, "curly-quotes").starts_with("book.toml:9:16: warning:"),
        "{warnings:#?}"
    );
    // src/ is the content folder; README.md is the start page at index.html.
    let index = book.out("index.html");
    assert!(
        index.contains("<a href=\"guide/index.html\">guide</a>"),
        "{index}"
    );
    assert!(
        index.contains("<a href=\"guide/creating.html#the-book-folder\">creating</a>"),
        "{index}"
    );
    assert!(
        book.out("guide/creating.html")
            .contains("“Quotes” – and more.")
    );
}

#[test]
fn yaml_front_matter_and_bad_toml_are_explained() {
    let book = TestBook::with_chapters(&[("a.md", "---\ntitle: Hallo\n---\n# A\n")]);
    let msgs = book.build_err();
    let m = find(&msgs, "YAML");
    assert!(
        m.starts_with("content/a.md:1:1: error: YAML front matter (`---`) is not supported"),
        "{m}"
    );
    assert!(m.contains("+++"), "says what to do: {m}");

    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write("book.toml", "[book]\ntitle = \"T\"\n[output.html\n");
    let out = book.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stderr(&out).starts_with("book.toml:3:"),
        "{}",
        common::stderr(&out)
    );
}

#[test]
fn redirects_404_nojekyll_cname_and_sitemap() {
    let book = TestBook::with_chapters(&[("neu.md", "# Neu\n"), ("b.md", "# B\n")]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"R\"\n[output.html]\nsite-url = \"https://kurs.example.org/compute/\"\ncname = \"kurs.example.org\"\n[output.html.redirect]\n\"/alt/seite.html\" = \"../neu.html\"\n\"/weg.html\" = \"https://example.org/\"\n",
    );
    book.build_ok();
    let redirect = book.out("alt/seite.html");
    assert!(
        redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../neu.html\">"),
        "{redirect}"
    );
    assert!(book.out("weg.html").contains("url=https://example.org/"));
    let not_found = book.out("404.html");
    assert!(
        not_found.contains("<base href=\"/compute/\">"),
        "{not_found}"
    );
    assert!(book.out_exists(".nojekyll"));
    assert_eq!(book.out("CNAME"), "kurs.example.org\n");
    let sitemap = book.out("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://kurs.example.org/compute/neu.html</loc>"),
        "{sitemap}"
    );
    assert!(
        book.out("neu.html").contains(
            "<link rel=\"canonical\" href=\"https://kurs.example.org/compute/neu.html\">"
        )
    );

    // Keys as mdBook writes them: `./old.html`, `old.html`, nested with `./`.
    book.write(
        "book.toml",
        "[output.html.redirect]\n\"./alt1.html\" = \"neu.html\"\n\"alt2.html\" = \"neu.html\"\n\"./teil/./alt3.html\" = \"../neu.html\"\n",
    );
    book.build_ok();
    for page in ["alt1.html", "alt2.html", "teil/alt3.html"] {
        assert!(book.out(page).contains("neu.html\">"), "{page}");
    }
    book.write(
        "book.toml",
        "[output.html.redirect]\n\"./../x.html\" = \"neu.html\"\n",
    );
    let msgs = book.build_err();
    assert!(
        find(&msgs, "leaves the site").starts_with("book.toml:2:17: error:"),
        "{msgs:#?}"
    );

    // A redirect to a page that does not exist, or over a chapter, is an error at its line.
    book.write(
        "book.toml",
        "[output.html.redirect]\n\"/x.html\" = \"fehlt.html\"\n\"/b.html\" = \"neu.html\"\n",
    );
    let msgs = book.build_err();
    assert!(
        find(&msgs, "fehlt.html")
            .starts_with("book.toml:2:13: error: redirect `/x.html` points at `fehlt.html`")
    );
    assert!(find(&msgs, "would replace a page").starts_with("book.toml:3:13: error:"));
}

#[test]
fn custom_404_page_and_base_url_option() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write(
        "content/404.md",
        "# Hier ist nichts\n\n[Zur Startseite](a.md)\n",
    );
    book.build_with(None, Some("/kurs/")).unwrap();
    let page = book.out("404.html");
    assert!(page.contains("<h1 id=\"hier-ist-nichts\">"), "{page}");
    assert!(page.contains("<base href=\"/kurs/\">"), "{page}");
    assert!(
        page.contains("<a href=\"a.html\">Zur Startseite</a>"),
        "{page}"
    );
}

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n\nText.\n"), ("b.md", "# B\n")]);
    book.build_ok();
    let before = book.snapshot("book");
    assert!(before.len() > 5);
    book.write("content/a.md", "# A changed\n\n[broken](missing.md)\n");
    book.write("content/b.md", "# B changed\n");
    book.build_err();
    assert_eq!(
        book.snapshot("book"),
        before,
        "the old site must be untouched"
    );
    let leftovers: Vec<String> = std::fs::read_dir(book.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The lock file stays (see build_lock::lock_path); staged folders go.
        .filter(|n| n.starts_with('.') && n != ".book.kursbuch.lock")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folder left: {leftovers:?}"
    );
    // A good build replaces it completely (stale files disappear).
    book.write("content/a.md", "# A again\n");
    book.write("content/SUMMARY.md", "- [a.md](a.md)\n");
    book.build_ok();
    assert!(book.out("a.html").contains("A again"));
    assert!(
        !book.out_exists("b.html"),
        "a removed chapter's page is gone"
    );
}

#[test]
fn dangerous_build_dirs_are_refused_and_nothing_is_deleted() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write("templates/keep.txt", "mine");
    book.write("notes/keep.txt", "mine");
    for dest in [".", "content", "templates", "..", "content/out", "notes"] {
        let out = book.run(&["build", "-d", dest]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{dest}: {}",
            common::stderr(&out)
        );
        assert!(
            common::stderr(&out).contains("refusing to use"),
            "{dest}: {}",
            common::stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read_to_string(book.path().join("notes/keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(book.path().join("templates/keep.txt")).unwrap(),
        "mine"
    );
    assert!(book.path().join("content/a.md").exists());
    // `clean` has the same guard.
    let out = book.run(&["clean", "-d", "notes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(book.path().join("notes/keep.txt").exists());
}

#[test]
fn cli_exit_codes_summary_line_and_quiet() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    let out = book.run(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let line = common::stdout(&out);
    assert!(
        line.starts_with("kursbuch: built 1 chapter, 0 warnings in ") && line.contains(" s → "),
        "{line}"
    );
    let quiet = book.run(&["build", "-q"]);
    assert_eq!(
        (quiet.status.code(), common::stdout(&quiet)),
        (Some(0), String::new())
    );
    let usage = book.run(&["build", "--no-such-flag"]);
    assert_eq!(usage.status.code(), Some(2));
    for cmd in ["build", "init", "clean"] {
        let help = book.run(&[cmd, "--help"]);
        assert_eq!(help.status.code(), Some(0));
        assert!(common::stdout(&help).contains("Usage: kursbuch"), "{cmd}");
    }
    let clean = book.run(&["clean"]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(!book.out_exists(""));
}

#[test]
fn init_creates_a_book_that_builds_without_warnings() {
    for lang in ["de", "en"] {
        let dir = TestBook::empty();
        let out = dir.run(&[
            "init",
            "kurs",
            "--language",
            lang,
            "--title",
            "Mein \"Kurs\"",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
        let build = dir.run(&["build", "kurs"]);
        assert_eq!(build.status.code(), Some(0), "{}", common::stderr(&build));
        assert_eq!(common::stderr(&build), "", "no warnings");
        let index = std::fs::read_to_string(dir.path().join("kurs/book/index.html")).unwrap();
        assert!(index.contains(&format!("<html lang=\"{lang}\"")), "{index}");
        assert!(index.contains("Mein &quot;Kurs&quot;"), "{index}");
        // A second init refuses to overwrite.
        let again = dir.run(&["init", "kurs"]);
        assert_eq!(again.status.code(), Some(1));
    }
}

#[test]
fn theme_files_are_overridden_by_the_book() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write("templates/page.html", "<p>custom {{ page.title }}</p>\n<link href=\"{{ assets[\"css/kursbuch.css\"] }}\">\n{{ page.content | safe }}");
    book.write("static/css/kursbuch.css", "body { color: red }");
    book.write("static/img/extra.png", "png");
    book.build_ok();
    let page = book.out("a.html");
    assert!(
        page.starts_with("<p>custom a.md</p>\n<link href=\"css/kursbuch."),
        "{page}"
    );
    let css_name = page.split('"').nth(1).unwrap();
    assert_eq!(book.out(css_name), "body { color: red }");
    assert!(book.out_exists("img/extra.png"));
    // The rest of the default theme is still there.
    let scripts: Vec<String> = std::fs::read_dir(book.path().join("book/js"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(scripts.len(), 3, "{scripts:?}");
    assert!(
        scripts.iter().any(|s| s.starts_with("kursbuch."))
            && scripts.iter().any(|s| s.starts_with("search."))
            && scripts.iter().any(|s| s.starts_with("code."))
    );

    // A template error names the book's template file and line.
    book.write(
        "templates/page.html",
        "ok\n{{ page.title | nosuchfilter }}\n",
    );
    let msgs = book.build_err();
    assert!(msgs[0].starts_with("templates/page.html:2:"), "{msgs:#?}");
}

#[test]
fn additional_css_and_js_are_copied_and_linked() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write("theme/extra.css", "p{}")
        .write("theme/extra.js", "1");
    book.write("book.toml", "[output.html]\nadditional-css = [\"theme/extra.css\"]\nadditional-js = [\"theme/extra.js\"]\n");
    book.build_ok();
    let page = book.out("a.html");
    assert!(
        page.contains("<link rel=\"stylesheet\" href=\"theme/extra.css\">"),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"theme/extra.js\" defer></script>"),
        "{page}"
    );
    assert_eq!(book.out("theme/extra.css"), "p{}");
    book.write(
        "book.toml",
        "[output.html]\nadditional-css = [\"theme/missing.css\"]\n",
    );
    let msgs = book.build_err();
    assert!(
        find(&msgs, "missing.css").starts_with("book.toml:2:19: error:"),
        "{msgs:#?}"
    );
}

#[test]
fn hostile_input_never_panics() {
    let nasty = [
        "",
        "\u{feff}",
        "+++",
        "+++\n",
        "---\n---\n",
        "# \u{0}\n",
        "[x](",
        "[x](#)",
        "[x](%zz.md)",
        "{{#include}}",
        "{{#include :::}}",
        "{{#include ../../../../../../etc/passwd}}",
        "```\n",
        "> [!NOTE]\n",
        "[^1]\n\n[^1]: [^1]",
        "| a |\n|-|\n| [b](c.md#) |",
        "<a id=\"x",
        "## {#}\n",
        "\\{{#include",
        "{{ #title }}",
        "- [ ] [x](y.md)\n  - ```\n",
    ];
    for (i, text) in nasty.iter().enumerate() {
        let book = TestBook::with_chapters(&[("a.md", text)]);
        let _ = book.build(); // errors are fine; a panic fails the test
        let _ = i;
    }
}

#[test]
fn images_and_downloads_must_exist() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\n![ok](img/da.png) ![static](logo.svg) [zip](dl/x.zip) [dir](img/)\n\n![fehlt](img/fehlt.png)\n\n[fehlt auch](dl/nope.pdf) ![extern](https://example.org/x.png)\n",
    )]);
    book.write("content/img/da.png", "png")
        .write("content/dl/x.zip", "zip")
        .write("static/logo.svg", "<svg/>");
    let msgs = book.build_err();
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(
        find(&msgs, "img/fehlt.png")
            .starts_with("content/a.md:5:1: error: `img/fehlt.png` does not exist in the book")
    );
    assert!(find(&msgs, "dl/nope.pdf").starts_with("content/a.md:7:1: error:"));
    book.write("content/img/fehlt.png", "png")
        .write("content/dl/nope.pdf", "pdf");
    book.build_ok();
    assert_eq!(book.out("img/fehlt.png"), "png");
}

#[test]
fn search_settings_from_book_toml() {
    let book = TestBook::with_chapters(&[
        ("a.md", "# Alpha\n\nText.\n"),
        ("anhang/b.md", "# Beta\n\nGeheim.\n"),
    ]);
    book.write(
        "book.toml",
        "[output.html.search]\nlimit-results = 7\nteaser-word-count = 12\nboost-title = 3\nheading-split-level = 2\nexpand = true\n[output.html.search.chapter]\n\"anhang\" = { enable = false }\n",
    );
    let report = book.build_ok();
    assert!(
        report.warnings.is_empty(),
        "mdBook's search keys are accepted: {:?}",
        book.warnings(&report)
    );
    let index = book.out("search/index.js");
    assert!(index.contains("limit:7,teaser:12"), "{index}");
    assert!(
        index.contains("[\"a.md\",\"a.html\",1]") && !index.contains("b.html"),
        "excluded chapter: {index}"
    );
    assert!(
        book.out("a.html")
            .contains("<form class=\"search\" role=\"search\"")
    );

    book.write("book.toml", "[output.html.search]\nenable = false\n");
    book.build_ok();
    assert!(!book.out_exists("search/index.js"));
    assert!(
        !book.out("a.html").contains("class=\"search\""),
        "no box without an index"
    );
}

/// A theme template that fails on one page fails the build, naming the
/// template's line and the page; no page is silently left out.
#[test]
fn a_render_error_on_any_page_fails_the_build_with_the_template_line() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n"), ("b.md", "# B\n"), ("c.md", "# C\n")]);
    book.write(
        "templates/page.html",
        "<title>{{ page.html_title }}</title>\n{% if page.path == \"b.html\" %}{{ page.missing | upper }}{% endif %}\n{{ page.content | safe }}\n",
    );
    let msgs = book.build_err();
    let m = find(&msgs, "rendering `b.html`");
    assert!(m.starts_with("templates/page.html:2:"), "{msgs:#?}");
    assert_eq!(msgs.len(), 1, "one error, on the one page: {msgs:#?}");
    let out = book.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("templates/page.html:2:"));
    assert!(!book.out_exists("a.html"), "a failed build writes nothing");

    // A misspelt variable behind a filter would make blank pages.
    book.write(
        "templates/page.html",
        "<title>{{ page.html_title }}</title>\n<main>{{ page.contents | safe }}</main>\n",
    );
    let msgs = book.build_err();
    let m = find(&msgs, "rendering `a.html` and 3 more pages");
    assert!(m.starts_with("templates/page.html:2:"), "{m}");
    assert!(m.contains("undefined"), "{m}");
    let m = find(&msgs, "404.html");
    assert!(m.starts_with("templates/page.html:2:"), "{m}");
}
