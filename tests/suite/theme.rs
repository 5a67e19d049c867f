//! The default theme, checked on the built HTML and CSS: navigation, base
//! paths, highlighting, third-party requests, page weight and contrast.

use crate::common;

use std::io::Write;
use std::path::Path;

use common::TestBook;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

/// The values of `attr="…"` in `html`.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn files(dir: &Path, ext: &str) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn pages_reach_everything_relatively_under_a_sub_path() {
    let (_tmp, site, _) = common::build_course(Some("/compute-services/"));
    for (name, html) in files(&site, "html") {
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            let external = url.starts_with("https://")
                || url.starts_with("http://")
                || url.starts_with("mailto:");
            if name == "404.html" {
                continue; // resolved against <base href>, checked below
            }
            assert!(
                !url.starts_with('/'),
                "{name}: `{url}` would break under a sub-path"
            );
            if external || url.starts_with('#') {
                continue;
            }
            // Every relative URL of a page points at a file of the site.
            let path = url.split(['#', '?']).next().unwrap();
            let target = site.join(&name).parent().unwrap().join(
                percent_encoding::percent_decode_str(path)
                    .decode_utf8()
                    .unwrap()
                    .as_ref(),
            );
            assert!(target.exists(), "{name}: `{url}` points at nothing");
        }
    }
    let not_found = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert!(not_found.contains("<base href=\"/compute-services/\">"));
    for url in attr_values(&not_found, "href")
        .into_iter()
        .chain(attr_values(&not_found, "src"))
    {
        if url.starts_with("http") || url.starts_with('#') || url.starts_with('/') {
            continue;
        }
        let path = url.split(['#', '?']).next().unwrap();
        assert!(
            site.join(path).exists(),
            "404.html: `{url}` does not resolve against the base"
        );
    }
}

#[test]
fn no_request_to_any_third_party_host() {
    let (_tmp, site, _) = common::build_course(None);
    for (name, html) in files(&site, "html") {
        for src in attr_values(&html, "src") {
            assert!(!src.contains("//"), "{name}: loads {src}");
        }
        // <link> elements load things (stylesheets, icons, preloads) except these.
        for tag in html
            .split("<link ")
            .skip(1)
            .map(|t| &t[..t.find('>').unwrap()])
        {
            let rel = attr_values(&format!(" {tag}"), "rel")
                .first()
                .copied()
                .unwrap_or_default()
                .to_string();
            if matches!(rel.as_str(), "canonical" | "prev" | "next") {
                continue;
            }
            assert!(!tag.contains("//"), "{name}: <link {tag}>");
        }
    }
    for (name, css) in files(&site, "css") {
        assert!(!css.contains("@import"), "{name}");
        assert!(
            !css.contains("url(http") && !css.contains("url(//"),
            "{name}"
        );
    }
    // The theme's scripts (the search index holds the book's text, links included).
    for (name, js) in files(&site.join("js"), "js") {
        // The SVG namespace is a name, never fetched (createElementNS).
        let js = js.replace("\"http://www.w3.org/2000/svg\"", "SVG_NS");
        assert!(
            !js.contains("http://") && !js.contains("https://"),
            "{name} names a remote URL"
        );
    }
}

#[test]
fn first_view_of_a_chapter_is_at_most_30_kb_gzipped() {
    let (_tmp, site, _) = common::build_course(None);
    let css: Vec<_> = files(&site.join("css"), "css");
    // search.js and the index load only when the search is opened.
    let js: Vec<_> = files(&site.join("js"), "js")
        .into_iter()
        .filter(|(name, _)| name.starts_with("kursbuch."))
        .collect();
    assert_eq!(
        (css.len(), js.len()),
        (1, 1),
        "one stylesheet and one script"
    );
    let assets = gzip_len(css[0].1.as_bytes()) + gzip_len(js[0].1.as_bytes());
    // print.html is the whole book on one page, opened only to print.
    for (name, html) in files(&site, "html")
        .into_iter()
        .filter(|(n, _)| n != "print.html")
    {
        let total = gzip_len(html.as_bytes()) + assets;
        assert!(
            total <= 30 * 1024,
            "{name}: {total} bytes gzipped with its CSS and JS"
        );
    }
}

#[test]
fn navigation_anchors_and_interface_language() {
    let book = TestBook::with_chapters(&[
        (
            "a.md",
            "# A\n\n## Erster Teil\n\n### Tiefer\n\n## Zweiter Teil\n",
        ),
        ("b.md", "# B\n"),
    ]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[output.html]\ndefault-theme = \"dark\"\n",
    );
    book.build_ok();
    let a = book.out("a.html");
    // Headings link to themselves; the page's table of contents lists h2 and h3.
    assert!(
        a.contains(
            "<h2 id=\"erster-teil\"><a class=\"header\" href=\"#erster-teil\">Erster Teil</a></h2>"
        ),
        "{a}"
    );
    assert!(a.contains("<li class=\"toc-h2\"><a href=\"#erster-teil\">Erster Teil</a></li><li class=\"toc-h3\"><a href=\"#tiefer\">Tiefer</a></li>"), "{a}");
    assert!(
        a.contains("<a class=\"pager-next\" rel=\"next\" href=\"b.html\">"),
        "{a}"
    );
    // English interface, the configured colour scheme without a script.
    assert!(
        a.contains("<html lang=\"en\" dir=\"ltr\" data-theme=\"dark\">"),
        "{a}"
    );
    assert!(
        a.contains(">Skip to content</a>") && a.contains("On this page"),
        "{a}"
    );
    assert!(a.contains("class=\"skip-link\" href=\"#content\""));
    assert!(a.contains("<main id=\"content\""));

    book.write("book.toml", "[book]\nlanguage = \"de-AT\"\n");
    book.build_ok();
    let a = book.out("a.html");
    assert!(
        a.contains("<html lang=\"de-AT\" dir=\"ltr\">"),
        "system colour scheme by default: {a}"
    );
    assert!(
        a.contains(">Zum Inhalt springen</a>") && a.contains("Auf dieser Seite"),
        "{a}"
    );
    assert!(
        book.out("b.html").contains(
            "<span class=\"pager-dir\"><span aria-hidden=\"true\">← </span>Zurück</span>"
        )
    );
}

/// One block per course language, each with a comment and a string.
const SAMPLES: &[(&str, &str)] = &[
    ("bash", "# c\necho \"s\""),
    ("sh", "# c\necho \"s\""),
    ("shell", "# c\necho \"s\""),
    ("console", "# c\necho \"s\""),
    ("dockerfile", "# c\nFROM python:3.13\nCMD [\"python\"]"),
    ("json", "{\"k\": \"s\"}"),
    ("yaml", "# c\nk: \"s\""),
    ("toml", "# c\nk = \"s\""),
    ("python", "# c\nx = \"s\""),
    ("javascript", "// c\nconst x = \"s\";"),
    ("typescript", "// c\nconst x: string = \"s\";"),
    ("java", "// c\nString x = \"s\";"),
    ("csharp", "// c\nvar x = \"s\";"),
    ("c#", "// c\nvar x = \"s\";"),
    ("cs", "// c\nvar x = \"s\";"),
    ("go", "// c\nx := \"s\""),
    ("ruby", "# c\nx = \"s\""),
    ("powershell", "# c\n$x = \"s\""),
    ("ps1", "# c\n$x = \"s\""),
    ("hcl", "# c\nx = \"s\""),
    ("terraform", "# c\nx = \"s\""),
    ("html", "<!-- c -->\n<a href=\"s\">x</a>"),
    ("css", "/* c */\na::after { content: \"s\"; }"),
    ("sql", "-- c\nSELECT 's';"),
    ("rust", "// c\nlet x = \"s\";"),
];

#[test]
fn every_course_language_is_highlighted_with_classes() {
    let mut md = String::from("# Code\n\n");
    for (lang, code) in SAMPLES {
        md.push_str(&format!("```{lang}\n{code}\n```\n\n"));
    }
    md.push_str("```unknown-lang\n<b>&\n```\n");
    let book = TestBook::with_chapters(&[("a.md", &md)]);
    book.build_ok();
    let page = book.out("a.html");
    // `<pre><code` (a Rust block is `<pre class="playground"><code`).
    let blocks: Vec<&str> = page
        .split("<pre")
        .skip(1)
        .map(|b| &b[b.find("<code").unwrap() + "<code".len()..b.find("</code></pre>").unwrap()])
        .collect();
    assert_eq!(blocks.len(), SAMPLES.len() + 1);
    for ((lang, _), block) in SAMPLES.iter().zip(&blocks) {
        assert!(
            block.starts_with(&format!(" class=\"language-{lang}\"")),
            "{block}"
        );
        assert!(
            !block.contains("style="),
            "{lang}: classes, not inline colours"
        );
        assert!(
            block.contains("class=\"k-string\""),
            "{lang}: no string class in {block}"
        );
        if *lang != "json" {
            assert!(
                block.contains("class=\"k-comment\""),
                "{lang}: no comment class in {block}"
            );
        }
    }
    assert!(
        blocks.last().unwrap().ends_with(">&lt;b&gt;&amp;\n"),
        "unknown language: escaped text"
    );
}

// ---- contrast ---------------------------------------------------------------

fn rgb(hex: &str) -> [f64; 3] {
    let h = hex.trim_start_matches('#');
    let v = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap() as f64 / 255.0;
    [v(0), v(2), v(4)]
}

fn luminance(hex: &str) -> f64 {
    let lin = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb(hex);
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `light-dark(#aaa, #bbb)` pairs in a CSS text, in order.
fn pairs(css: &str) -> Vec<(String, String)> {
    css.match_indices("light-dark(")
        .map(|(i, _)| {
            let inner = &css[i + 11..];
            let inner = &inner[..inner.find(')').unwrap()];
            let (l, d) = inner.split_once(',').unwrap();
            (l.trim().to_string(), d.trim().to_string())
        })
        .collect()
}

fn var(css: &str, name: &str) -> (String, String) {
    let decl = format!("--{name}: ");
    let at = css.find(&decl).unwrap_or_else(|| panic!("no --{name}"));
    pairs(&css[at..])[0].clone()
}

#[test]
fn text_colours_have_at_least_4_5_to_1_contrast_in_both_schemes() {
    let css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("static/css/kursbuch.css"),
    )
    .unwrap();
    let backgrounds = ["bg", "sidebar-bg", "code-bg"];
    let check = |fg: &(String, String), bg: &(String, String), what: &str| {
        let (l, d) = (contrast(&fg.0, &bg.0), contrast(&fg.1, &bg.1));
        assert!(l >= 4.5, "{what} in light: {l:.2}:1");
        assert!(d >= 4.5, "{what} in dark: {d:.2}:1");
    };
    for text in [
        "fg",
        "muted",
        "link",
        "note",
        "tip",
        "important",
        "warning",
        "caution",
    ] {
        for bg in backgrounds {
            check(
                &var(&css, text),
                &var(&css, bg),
                &format!("--{text} on --{bg}"),
            );
        }
    }
    check(
        &var(&css, "on-accent"),
        &var(&css, "accent"),
        "current chapter in the sidebar",
    );
    check(
        &var(&css, "fg"),
        &var(&css, "hover-bg"),
        "hovered sidebar entry",
    );
    for fill in [
        "dg1",
        "dg2",
        "dg3",
        "dg4",
        "dg5",
        "dg6",
        "dg-node",
        "dg-you",
        "dg-provider",
    ] {
        check(
            &var(&css, "fg"),
            &var(&css, fill),
            &format!("diagram text on --{fill}"),
        );
    }
    // Syntax colours, on the code background.
    let syntax = &css[css.find("/* Syntax highlighting").expect("syntax section")..];
    let syntax = &syntax[..syntax.find('}').expect("the end of the colour block")];
    let colours = pairs(syntax);
    assert!(colours.len() >= 10, "{colours:?}");
    for c in &colours {
        check(c, &var(&css, "code-bg"), &format!("syntax colour {c:?}"));
    }
}

/// `--name: value;` declarations of the first block after `selector {`.
fn declarations(css: &str, selector: &str) -> Vec<(String, String)> {
    let at = css
        .find(&format!("{selector} {{"))
        .unwrap_or_else(|| panic!("no {selector}"));
    let body = &css[at + selector.len() + 2..];
    let body = &body[..body.find('}').unwrap()];
    body.split(';')
        .filter_map(|d| d.trim().strip_prefix("--"))
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Browsers without `light-dark()` (Safari < 17.5) get the same colours:
/// the light value of every pair, and the dark one for a dark system (unless
/// toggled light) or when toggled dark.
#[test]
fn colours_without_light_dark_are_the_same_pairs() {
    let css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("static/css/kursbuch.css"),
    )
    .unwrap();
    let split = css
        .find("@supports not (color: light-dark(")
        .expect("a fallback");
    let (main, fallback) = css.split_at(split);
    let colour_pairs: Vec<(String, (String, String))> = main
        .split(['{', '}', ';'])
        .map(|d| {
            // Without a comment before the declaration.
            let d = d.rsplit("*/").next().unwrap_or(d).trim();
            d.strip_prefix("--").unwrap_or_default()
        })
        .filter_map(|d| d.split_once(':'))
        .filter(|(_, v)| v.trim().starts_with("light-dark("))
        .map(|(k, v)| (k.trim().to_string(), pairs(v)[0].clone()))
        .collect();
    assert!(colour_pairs.len() >= 30, "{colour_pairs:?}");
    let light: Vec<(String, String)> = colour_pairs
        .iter()
        .map(|(k, (l, _))| (k.clone(), l.clone()))
        .collect();
    let dark: Vec<(String, String)> = colour_pairs
        .iter()
        .map(|(k, (_, d))| (k.clone(), d.clone()))
        .collect();
    assert_eq!(declarations(fallback, ":root"), light, "light values");
    assert_eq!(
        declarations(fallback, ":root:not([data-theme=\"light\"])"),
        dark,
        "a dark system"
    );
    assert_eq!(
        declarations(fallback, ":root[data-theme=\"dark\"]"),
        dark,
        "toggled dark"
    );
    assert!(
        !fallback["@supports not (color: light-dark(".len()..].contains("light-dark("),
        "no light-dark() in the fallback but its condition"
    );
}

/// The default stylesheet and scripts are written without their comments,
/// also where a book carries a copy of them (this repository's course does);
/// a book's own stylesheet keeps its comments.
#[test]
fn the_default_theme_is_written_without_comments() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    let default_css = std::fs::read_to_string(root.join("static/css/kursbuch.css")).unwrap();
    assert!(
        default_css.contains("/*"),
        "the default CSS has comments to strip"
    );
    book.write("static/css/kursbuch.css", &default_css);
    book.write(
        "static/css/eigen.css",
        "/* mein Kommentar */\nh1 { color: red; }\n",
    );
    book.build_ok();
    let site = book.path().join("book");
    let css = files(&site.join("css"), "css");
    let default = css
        .iter()
        .find(|(n, _)| n.starts_with("kursbuch."))
        .unwrap();
    assert!(!default.1.contains("/*"), "{}", default.1);
    assert!(default.1.contains(".search-result"));
    let own = css.iter().find(|(n, _)| n.starts_with("eigen.")).unwrap();
    assert!(own.1.contains("/* mein Kommentar */"));
    let js = files(&site.join("js"), "js");
    let script = js.iter().find(|(n, _)| n.starts_with("kursbuch.")).unwrap();
    assert!(
        !script.1.lines().any(|l| l.trim_start().starts_with("//")),
        "{}",
        script.1
    );
}
