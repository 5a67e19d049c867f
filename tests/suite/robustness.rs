//! No input makes the parsers panic: random documents built from the
//! characters and tokens that matter to Markdown, SUMMARY.md, front matter and
//! directives. Deterministic, so a failure can be replayed.

use std::path::Path;

use kursbuch::book::{frontmatter, summary};
use kursbuch::highlight::Highlighter;
use kursbuch::i18n::UiLang;
use kursbuch::markdown::{Inputs, MarkdownOptions, render};
use kursbuch::page::{Page, PrintMap};

const TOKENS: &[&str] = &[
    "#",
    "## ",
    "- ",
    "* ",
    "1. ",
    "> ",
    "> [!NOTE]\n",
    "```",
    "```bash\n",
    "~~~",
    "    ",
    "\n",
    "\n\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    ".md",
    "#x",
    "a.md",
    "../",
    "<",
    ">",
    "&",
    "\"",
    "'",
    "`",
    "|",
    "|---|",
    "---",
    "+++",
    "{#id}",
    "{",
    "}",
    "{{#include ",
    "{{#title x}}",
    "\\",
    "[^1]",
    "[^1]: ",
    "ü",
    "ß",
    "🐙",
    "\u{0}",
    "\r",
    "\t",
    "https://x.org",
    "*",
    "_",
    "<a id=\"",
    "<!--",
    "-->",
    ":",
    "= ",
    "title",
    "text ",
    "é\u{301}",
    "\u{feff}",
    // Formulas (with `math`): delimiters, an environment, a broken one.
    "\\\\(",
    "\\\\)",
    "\\\\[",
    "$$",
    "\\begin{x}",
    "\\end{x}",
    "\\frac{",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

fn document(rng: &mut Rng) -> String {
    let len = rng.next() % 60;
    (0..len)
        .map(|_| TOKENS[rng.next() % TOKENS.len()])
        .collect()
}

#[test]
fn parsers_survive_random_documents() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let hl = Highlighter::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("glossary.toml"),
        "[[term]]\nterm = \"text\"\ndefinition = \"<T>\"\n[[term]]\nterm = \"ü\"\naliases = [\"title\"]\ndefinition = \"U\"\n",
    )
    .unwrap();
    let glossary = kursbuch::glossary::Glossary::load(dir.path(), Path::new("data"))
        .unwrap()
        .0;
    let print = PrintMap::new([("dir/page.md", "dir/page.html"), ("a.md", "a.html")]);
    let objectives = ["*Ziel*".to_string()];
    for i in 0..4000 {
        let doc = document(&mut rng);
        let opts = MarkdownOptions {
            smart_punctuation: i % 2 == 0,
            lang: if i % 3 == 0 { UiLang::De } else { UiLang::En },
            split_level: (i % 4) as u8,
            math: i % 5 == 0,
        };
        // Every other document as on print.html, with tooltips and boxes.
        let plain = Page::new("dir/page.md", "dir/page.html", "Page");
        let page = if i % 2 == 0 {
            Inputs::plain(plain)
        } else {
            Inputs {
                glossary: glossary.as_ref(),
                objectives: &objectives,
                summary: Some("x"),
                ..Inputs::plain(plain.on_print_page(&print))
            }
        };
        let r = render(&doc, &page, &opts, &hl, None);
        for link in &r.links {
            assert!(link.offset <= doc.len(), "offset inside the text: {doc:?}");
        }
        let _ = summary::parse(&doc);
        let _ = frontmatter::parse(&doc, Path::new("x.md"));
    }
}

#[test]
fn whole_builds_survive_random_books() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/b.md"), "# B\n\n## x\n").unwrap();
    for _ in 0..150 {
        let summary = format!("- [A](a.md)\n- [B](b.md)\n{}", document(&mut rng));
        std::fs::write(root.join("content/SUMMARY.md"), summary).unwrap();
        std::fs::write(root.join("content/a.md"), document(&mut rng)).unwrap();
        let _ = kursbuch::build(&kursbuch::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        });
    }
}
