//! Code blocks as mdBook 0.5 writes them (crates/mdbook-html, `tree.rs`
//! `update_code_blocks` and `hide_lines.rs`): the info string's words become
//! classes, hidden lines are wrapped in `<span class="boring">`, and runnable
//! Rust blocks are marked for the playground (`<pre class="playground">`,
//! wrapped in a hidden `fn main` when they have none).
//!
//! mdBook hides lines in the browser's HTML tree after highlight.js ran;
//! here the hidden lines are known before highlighting, so syntect's state
//! runs through hidden and shown lines alike.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::config::{PlaygroundConfig, RustEdition};
use crate::escape;
use crate::highlight::Line;

/// The book's settings for code blocks (`[output.html.code]`,
/// `[output.html.playground]`, `[rust]`).
#[derive(Debug, Clone)]
pub struct CodeOptions {
    /// Language → the prefix that hides a line (`python = "~"`).
    pub hidelines: BTreeMap<String, String>,
    /// Rust blocks get a Run button.
    pub runnable: bool,
    /// `editable` blocks are edited in the page: they keep the author's text
    /// (no `fn main` wrapper), as mdBook hands it to its editor.
    pub editable: bool,
    /// `[rust] edition`, the class of runnable blocks that name none.
    pub edition: Option<RustEdition>,
}

impl CodeOptions {
    /// mdBook's defaults.
    pub const DEFAULT: CodeOptions = CodeOptions {
        hidelines: BTreeMap::new(),
        runnable: true,
        editable: false,
        edition: None,
    };

    pub fn new(
        hidelines: BTreeMap<String, String>,
        playground: &PlaygroundConfig,
        edition: Option<RustEdition>,
    ) -> Self {
        CodeOptions {
            hidelines,
            runnable: playground.runnable,
            editable: playground.editable,
            edition,
        }
    }
}

/// A code block ready to be highlighted and written.
pub(super) struct CodeBlock<'c> {
    /// The language for the highlighter (the info string's first word).
    pub lang: Option<&'c str>,
    /// `class` of the `<code>`: `language-rust ignore edition2021`.
    pub code_class: Option<String>,
    /// A runnable Rust block: `<pre class="playground">`.
    pub playground: bool,
    pub lines: Vec<Line<'c>>,
}

impl CodeBlock<'_> {
    /// Some line is hidden until the reader shows it.
    pub fn has_hidden_lines(&self) -> bool {
        self.lines.iter().any(|l| l.hidden)
    }

    /// The opening tags, as mdBook writes them (plus kursbuch's `tabindex`:
    /// a block that scrolls sideways must be reachable by keyboard).
    pub fn open_tags(&self) -> String {
        let pre = if self.playground {
            "<pre class=\"playground\">"
        } else {
            "<pre>"
        };
        match &self.code_class {
            Some(c) => format!("{pre}<code class=\"{}\" tabindex=\"0\">", escape::html(c)),
            None => format!("{pre}<code tabindex=\"0\">"),
        }
    }
}

/// Splits a fenced block's info string into words as mdBook does (spaces,
/// tabs and commas); the first is the language.
fn info_words(info: &str) -> impl Iterator<Item = &str> {
    info.split([' ', '\t', ',']).filter(|w| !w.is_empty())
}

/// `info` is the fenced block's info string (`None` for an indented block),
/// `text` its content.
pub(super) fn code_block<'c>(
    info: Option<&'c str>,
    text: &'c str,
    opts: &CodeOptions,
) -> CodeBlock<'c> {
    let mut words = info.map(info_words).into_iter().flatten();
    let Some(lang) = words.next() else {
        return CodeBlock {
            lang: None,
            code_class: None,
            playground: false,
            lines: vec![Line::shown(text)],
        };
    };
    let attrs: Vec<&str> = words.collect();
    let has = |a: &str| attrs.contains(&a);
    let mut class = format!("language-{lang}");
    for a in &attrs {
        class.push(' ');
        class.push_str(a);
    }
    let rust = lang == "rust";
    let playground = rust
        && ((opts.runnable && !has("ignore") && !has("noplayground") && !has("noplaypen"))
            || has("mdbook-runnable"));
    let mut text: Cow<str> = Cow::Borrowed(text);
    if playground {
        if !attrs.iter().any(|a| a.starts_with("edition"))
            && let Some(e) = opts.edition
        {
            class.push(' ');
            class.push_str(e.class());
        }
        if !(opts.editable && has("editable"))
            && let Some(wrapped) = wrap_rust_main(&text)
        {
            text = Cow::Owned(wrapped);
        }
    }
    let lines = if rust {
        hide_rust_lines(text)
    } else {
        // The block's own `hidelines=…` word wins over the book's setting.
        let prefix = attrs
            .iter()
            .find_map(|a| a.strip_prefix("hidelines="))
            .or_else(|| opts.hidelines.get(lang).map(String::as_str));
        match prefix {
            Some(p) if !p.is_empty() => hide_prefixed_lines(text, p),
            _ => vec![Line::shown_cow(text)],
        }
    };
    // The highlighter's language stops where an attribute block would start
    // (```` ```python{linenos} ````), as kursbuch always read it.
    let lang = lang.split('{').next().filter(|l| !l.is_empty());
    CodeBlock {
        lang,
        code_class: Some(class),
        playground,
        lines,
    }
}

/// rustdoc's rule (mdBook's `hide_lines_rust`): a line that is `#` or starts
/// with `# ` after its indentation is hidden, without that prefix; `##`
/// stands for a literal `#`. The lines are joined by `\n` with none after
/// the last, as mdBook writes them.
fn hide_rust_lines(text: Cow<'_, str>) -> Vec<Line<'_>> {
    // Most Rust blocks hide nothing: keep the text whole (one allocation-free
    // line) unless some line needs rewriting.
    let needs_work = text.contains('\r') || text.lines().any(|l| l.trim_start().starts_with('#'));
    if !needs_work {
        let trimmed = match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.strip_suffix('\n').unwrap_or(t)),
            Cow::Owned(mut t) => {
                if t.ends_with('\n') {
                    t.pop();
                }
                Cow::Owned(t)
            }
        };
        return vec![Line::shown_cow(trimmed)];
    }
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let newline = if lines.peek().is_some() { "\n" } else { "" };
        let indent_len = line.len() - line.trim_start().len();
        let (indent, rest) = line.split_at(indent_len);
        let (text, hidden) = match rest.strip_prefix('#') {
            Some(after) if after.starts_with('#') => (format!("{indent}{after}{newline}"), false),
            Some(after) if after.is_empty() || after.starts_with(' ') => {
                let after = after.strip_prefix(' ').unwrap_or(after);
                (format!("{indent}{after}{newline}"), true)
            }
            _ => (format!("{line}{newline}"), false),
        };
        out.push(Line {
            text: Cow::Owned(text),
            hidden,
        });
    }
    out
}

/// mdBook's `hide_lines_with_prefix`: a line that starts with `prefix` after
/// its indentation is hidden, the prefix cut out; every line ends in `\n`.
fn hide_prefixed_lines<'c>(text: Cow<'c, str>, prefix: &str) -> Vec<Line<'c>> {
    if !text.contains(prefix) {
        return vec![Line::shown_cow(text)];
    }
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with(prefix) {
                let at = line.find(prefix).unwrap_or(0);
                let rest = &line[at + prefix.len()..];
                Line {
                    text: Cow::Owned(format!("{}{rest}\n", &line[..at])),
                    hidden: true,
                }
            } else {
                Line {
                    text: Cow::Owned(format!("{line}\n")),
                    hidden: false,
                }
            }
        })
        .collect()
}

/// mdBook's (and rustdoc's) wrapper for a block without `fn main`: hidden
/// lines around the code, its inner attributes (`#![…]`) kept before it.
fn wrap_rust_main(text: &str) -> Option<String> {
    if text.contains("fn main") || text.contains("quick_main!") {
        return None;
    }
    let (attrs, code) = text.split_at(inner_attributes_len(text));
    let newline = if code.is_empty() || code.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    Some(format!(
        "# #![allow(unused)]\n{attrs}# fn main() {{\n{code}{newline}# }}"
    ))
}

/// The length of the leading run of inner attributes and blank lines, as
/// mdBook's `partition_rust_source` regex matches it
/// (`^(?:[ \t]*#!\[.*(?:\r?\n)?|\s*(?:\r?\n)?)*`, each alternative at a line
/// start); 0 when that run holds no attribute. Written out as a loop: the
/// crate has no regex engine of its own, and this is the regex's only use.
fn inner_attributes_len(s: &str) -> usize {
    let mut pos = 0;
    loop {
        let at_line_start = pos == 0 || s[..pos].ends_with('\n');
        if !at_line_start {
            break;
        }
        let rest = &s[pos..];
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[indent..].starts_with("#![") {
            pos += rest.find('\n').map_or(rest.len(), |n| n + 1);
            continue;
        }
        let blank = rest.len() - rest.trim_start().len();
        if blank == 0 {
            break;
        }
        pos += blank;
    }
    if s[..pos].trim().is_empty() { 0 } else { pos }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<(String, bool)> {
        lines
            .iter()
            .map(|l| (l.text.to_string(), l.hidden))
            .collect()
    }

    #[test]
    fn rust_lines_hide_as_rustdoc_does() {
        let lines = hide_rust_lines(
            "# fn main() {\n    let x = 5;\n#\n    ## not hidden\n    #[derive(Debug)]\n#x\n# }\n"
                .into(),
        );
        assert_eq!(
            texts(&lines),
            [
                ("fn main() {\n".into(), true),
                ("    let x = 5;\n".into(), false),
                ("\n".into(), true),
                ("    # not hidden\n".into(), false),
                ("    #[derive(Debug)]\n".into(), false),
                ("#x\n".into(), false),
                ("}".into(), true),
            ]
        );
        let plain = hide_rust_lines("let x = 1;\n".into());
        assert_eq!(texts(&plain), [("let x = 1;".into(), false)]);
    }

    #[test]
    fn prefixed_lines_hide_for_other_languages() {
        let lines = hide_prefixed_lines(
            "~hidden()\nnothidden():\n~    hidden()\n    ~hidden()\n".into(),
            "~",
        );
        assert_eq!(
            texts(&lines),
            [
                ("hidden()\n".into(), true),
                ("nothidden():\n".into(), false),
                ("    hidden()\n".into(), true),
                ("    hidden()\n".into(), true),
            ]
        );
    }

    #[test]
    fn info_words_become_classes_and_playground() {
        let o = CodeOptions {
            edition: Some(RustEdition::E2021),
            ..CodeOptions::DEFAULT
        };
        let b = code_block(Some("rust,ignore should_panic\tfoo"), "fn main() {}\n", &o);
        assert_eq!(
            b.code_class.as_deref(),
            Some("language-rust ignore should_panic foo")
        );
        assert!(!b.playground, "ignore: no Run button");
        let b = code_block(Some("rust edition2018"), "fn main() {}\n", &o);
        assert!(b.playground);
        assert_eq!(b.code_class.as_deref(), Some("language-rust edition2018"));
        let b = code_block(Some("rust"), "fn main() {}\n", &o);
        assert_eq!(b.code_class.as_deref(), Some("language-rust edition2021"));
        let b = code_block(Some("rust,ignore,mdbook-runnable"), "fn main() {}", &o);
        assert!(b.playground);
        for off in ["noplayground", "noplaypen"] {
            assert!(!code_block(Some(&format!("rust,{off}")), "x", &o).playground);
        }
        let b = code_block(None, "x\n", &o);
        assert_eq!(b.code_class, None);
    }

    #[test]
    fn main_is_wrapped_like_mdbook() {
        assert_eq!(wrap_rust_main("fn main() {}"), None);
        assert_eq!(
            wrap_rust_main("let x = 1;\n").unwrap(),
            "# #![allow(unused)]\n# fn main() {\nlet x = 1;\n# }"
        );
        assert_eq!(
            wrap_rust_main("#![allow(foo)]\nlet x = 1;").unwrap(),
            "# #![allow(unused)]\n#![allow(foo)]\n# fn main() {\nlet x = 1;\n# }"
        );
    }

    /// mdBook's own cases for `partition_rust_source`.
    #[test]
    fn inner_attributes_split_as_mdbook() {
        fn split(s: &str) -> (&str, &str) {
            s.split_at(inner_attributes_len(s))
        }
        assert_eq!(split(""), ("", ""));
        assert_eq!(split("let x = 1;"), ("", "let x = 1;"));
        assert_eq!(
            split("fn main()\n{ let x = 1; }\n"),
            ("", "fn main()\n{ let x = 1; }\n")
        );
        assert_eq!(split("#![allow(foo)]"), ("#![allow(foo)]", ""));
        assert_eq!(split("#![allow(foo)]\n"), ("#![allow(foo)]\n", ""));
        assert_eq!(
            split("#![allow(foo)]\nlet x = 1;"),
            ("#![allow(foo)]\n", "let x = 1;")
        );
        assert_eq!(
            split("\n#![allow(foo)]\n\n#![allow(bar)]\n\nlet x = 1;"),
            ("\n#![allow(foo)]\n\n#![allow(bar)]\n\n", "let x = 1;")
        );
        assert_eq!(split("    // Example"), ("", "    // Example"));
    }
}
