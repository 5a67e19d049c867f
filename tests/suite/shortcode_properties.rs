//! Property test over the Markdown + shortcode renderer: documents assembled
//! from the tokens that matter to both. No input may panic, every reported
//! position must lie in the document, and the HTML stays balanced (nothing
//! mangles the lists, quotes or paragraphs around a call).
//!
//! Bounded for CI (512 cases); `PROPTEST_CASES=100000 cargo test --test
//! shortcode_properties` runs a longer search.

use kursbuch::highlight::Highlighter;
use kursbuch::i18n::UiLang;
use kursbuch::markdown::{Inputs, MarkdownOptions, render};
use kursbuch::page::Page;
use kursbuch::shortcode::{self, Problem};
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "{{ ",
    " }}",
    "{% ",
    " %}",
    "\n{% end %}\n",
    "diagram(",
    "compare(",
    "note(",
    "digram(",
    ")",
    "kind=\"stack\"",
    "kind=\"flow\"",
    "kind=\"layers\"",
    ", ",
    "data=\"t\"",
    "columns=[\"A\"]",
    "highlight=true",
    "text=\"<b>\"",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "  ",
    "1. ",
    "A | B",
    "A -> B: x",
    "EC2: 1",
    "[T]",
    "# ",
    "`",
    "```\n",
    "    ",
    "*",
    "_",
    "~~",
    "[",
    "](a.md)",
    "{{/*",
    "*/}}",
    "{%/*",
    "*/%}",
    "\"",
    "'",
    "text ",
    "ü",
    "|---|",
    "<div>",
    "</div>",
    "\\",
    "=",
    "[\"x\", ",
    "-1.5",
    "true",
    "{{",
    "{%",
    "}}",
    "%}",
    "quiz(",
    "glossary(",
    "title=\"Q\"",
    "? ",
    "?? ",
    "- [x] ",
    "- [ ] ",
    "= wahr",
    "Container ",
    "Image",
    "containern",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..40).prop_map(|v| v.concat())
}

struct Fixture {
    tera: tera::Tera,
    registry: shortcode::Registry,
    data: shortcode::DataDir,
    glossary: kursbuch::glossary::Glossary,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/t.toml"),
        "columns = [\"A\", \"B\"]\n[[rows]]\nlabel = \"x\"\nvalues = [1, true]\n",
    )
    .unwrap();
    let mut tera = tera::Tera::new();
    tera.add_raw_template(
        "shortcodes/note.html",
        "<aside>{{ text | default(value=\"\") }}{{ body | default(value=\"\") }}</aside>",
    )
    .unwrap();
    let registry = shortcode::Registry::new(&tera);
    std::fs::write(
        dir.path().join("data/glossary.toml"),
        "[[term]]\nterm = \"Container\"\naliases = [\"Containern\"]\ndefinition = \"<läuft>\"\n[[term]]\nterm = \"Image\"\ndefinition = \"Vorlage\"\nlink = \"a.md#x\"\n",
    )
    .unwrap();
    let glossary = kursbuch::glossary::Glossary::load(&dir.path().join("data"), "data".as_ref())
        .unwrap()
        .0
        .unwrap();
    let data = shortcode::DataDir {
        dir: dir.path().join("data"),
        shown: "data".into(),
        roots: kursbuch::book::reach::ReadRoots::new(
            dir.path().canonicalize().unwrap(),
            Vec::new(),
        ),
    };
    Fixture {
        tera,
        registry,
        data,
        glossary,
        _dir: dir,
    }
}

/// Opening tags with or without attributes (`<p>`, `<p class="…">`) against
/// their closing tags.
fn balanced(html: &str, tag: &str) -> bool {
    let opened =
        html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
    opened == html.matches(&format!("</{tag}>")).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn rendering_never_panics_and_stays_balanced(doc in document()) {
        let f = fixture();
        let opts = MarkdownOptions { smart_punctuation: true, lang: UiLang::De, split_level: 3, math: false };
        let shown = Default::default();
        let ctx = shortcode::Context {
            registry: &f.registry,
            tera: &f.tera,
            shown_templates: &shown,
            data: &f.data,
            lang: UiLang::De,
            md_opts: &opts,
            glossary: Some(&f.glossary),
            glossary_invalid: false,
        };
        let objectives = ["Ziel *eins*".to_string()];
        let page = Inputs {
            glossary: Some(&f.glossary),
            objectives: &objectives,
            summary: Some("Kurz"),
            ..Inputs::plain(Page::new("a.md", "a.html", "A"))
        };
        let r = render(&doc, &page, &opts, &Highlighter::new(), Some(&ctx));
        for p in &r.problems {
            if let Problem::At(e) = p {
                prop_assert!(e.offset <= doc.len(), "offset {} beyond {}", e.offset, doc.len());
            }
        }
        for tag in ["p", "li", "blockquote", "figure", "aside", "details", "fieldset", "span"] {
            prop_assert!(balanced(&r.html, tag), "<{}> unbalanced in {:?}\n{}", tag, doc, r.html);
        }
    }
}
