//! Build-time syntax highlighting into CSS classes, so the theme colours code
//! for light and dark from one stylesheet.
//!
//! The syntax set is bat's curated one (via `two-face`), embedded in the binary
//! and deserialised on first use only (a book without code never pays for it),
//! like bat does. One `Highlighter` is shared by all rendering threads.
//!
//! syntect's own HTML generator writes every token's whole scope stack as
//! nested spans with one class per scope atom; on a chapter with a few
//! listings that was a third of the page's gzipped weight. Here each token
//! gets one class for the colour the theme gives it, and runs of tokens with
//! the same class share a span.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::easy::ScopeRegionIterator;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::escape;

/// The theme's token colours (`k-` keeps them apart from the theme's other
/// classes), most specific rule first: a scope takes the
/// first class whose atoms it all has (as TextMate themes match scopes).
const RULES: &[(&[&str], &str)] = &[
    (&["variable", "other", "readwrite"], "k-variable"),
    (&["punctuation", "definition", "variable"], "k-variable"),
    (&["entity", "other", "attribute-name"], "k-type"),
    (&["meta", "mapping", "key"], "k-type"),
    (&["support", "type", "property-name"], "k-type"),
    (&["entity", "name", "tag"], "k-tag"),
    (&["entity", "name", "type"], "k-type"),
    (&["entity", "name", "class"], "k-type"),
    (&["entity", "other", "inherited-class"], "k-type"),
    (&["entity", "name", "function"], "k-function"),
    (&["markup", "deleted"], "k-deleted"),
    (&["markup", "heading"], "k-heading"),
    (&["variable", "parameter"], "k-variable"),
    (&["support", "type"], "k-type"),
    (&["support", "class"], "k-type"),
    (&["support", "function"], "k-function"),
    (&["variable", "function"], "k-function"),
    (&["keyword", "operator"], "k-operator"),
    (&["constant", "numeric"], "k-number"),
    (&["constant", "language"], "k-number"),
    (&["constant", "character"], "k-number"),
    (&["constant", "other"], "k-number"),
    (&["markup", "inserted"], "k-string"),
    (&["invalid"], "k-deleted"),
    (&["keyword"], "k-keyword"),
    (&["storage"], "k-keyword"),
    (&["string"], "k-string"),
    (&["comment"], "k-comment"),
];

fn scope_class(scope: Scope) -> Option<&'static str> {
    let name = scope.build_string();
    let atoms: Vec<&str> = name.split('.').collect();
    RULES
        .iter()
        .find(|(needs, _)| needs.iter().all(|a| atoms.contains(a)))
        .map(|(_, class)| *class)
}

/// A piece of a code block: shown lines, or one hidden line (mdBook's
/// `<span class="boring">`, which the reader can show).
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// The text with its line breaks.
    pub text: Cow<'a, str>,
    pub hidden: bool,
}

impl<'a> Line<'a> {
    pub fn shown(text: &'a str) -> Self {
        Line::shown_cow(Cow::Borrowed(text))
    }

    pub fn shown_cow(text: Cow<'a, str>) -> Self {
        Line {
            text,
            hidden: false,
        }
    }
}

/// mdBook's markup of a hidden line.
const HIDDEN_OPEN: &str = "<span class=\"boring\">";

#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    pub fn new() -> Self {
        Self::default()
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }

    /// The syntax for a fenced block's language, after the aliases authors use.
    pub fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.trim().to_ascii_lowercase();
        let token = match lang.as_str() {
            "" | "text" | "txt" | "plain" | "plaintext" | "none" | "output" => return None,
            "sh" | "shell" | "console" | "shell-session" | "shellsession" | "zsh" | "bash" => {
                "bash"
            }
            "dockerfile" | "docker" | "containerfile" => "Dockerfile",
            "ps1" | "ps" | "pwsh" | "powershell" => "ps1",
            "c#" | "csharp" | "cs" => "cs",
            "hcl" | "terraform" | "tf" => "tf",
            "js" | "javascript" | "mjs" | "cjs" | "node" => "js",
            "ts" | "typescript" => "ts",
            "py" | "python" | "python3" => "py",
            "golang" | "go" => "go",
            "rb" | "ruby" => "rb",
            "yml" | "yaml" => "yaml",
            "rs" | "rust" => "rs",
            "htm" | "html" => "html",
            "jsonc" | "json5" => "json",
            other => other,
        };
        self.syntaxes().find_syntax_by_token(token)
    }

    /// The inner HTML of a `<code>` element for `code` in `lang`: highlighted
    /// spans, or escaped plain text for an unknown (or no) language.
    pub fn highlight(&self, lang: Option<&str>, code: &str) -> String {
        self.highlight_lines(lang, &[Line::shown(code)])
    }

    /// Like [`Highlighter::highlight`] for a block with hidden lines: each
    /// hidden line in its own `<span class="boring">`, while the syntax
    /// state runs on through hidden and shown lines alike (a string opened
    /// on a hidden line is still a string on the next).
    pub fn highlight_lines(&self, lang: Option<&str>, lines: &[Line]) -> String {
        lang.and_then(|l| self.find(l))
            .and_then(|syntax| self.classed(syntax, lines))
            .unwrap_or_else(|| plain(lines))
    }

    /// `None` when syntect fails on the input (then the code shows plain).
    fn classed(&self, syntax: &SyntaxReference, lines: &[Line]) -> Option<String> {
        let len: usize = lines.iter().map(|l| l.text.len()).sum();
        let mut w = Classed {
            syntaxes: self.syntaxes(),
            state: ParseState::new(syntax),
            stack: ScopeStack::new(),
            classes: HashMap::new(),
            out: String::with_capacity(len + len / 2),
            open: None,
        };
        for piece in lines {
            if piece.hidden {
                // A token's span may not cross the hidden line's edges.
                w.close();
                w.out.push_str(HIDDEN_OPEN);
            }
            for line in LinesWithEndings::from(&piece.text) {
                w.line(line)?;
            }
            if piece.hidden {
                w.close();
                w.out.push_str("</span>");
            }
        }
        w.close();
        Some(w.out)
    }
}

/// The HTML of one block as it is written, line by line.
struct Classed<'s> {
    syntaxes: &'s SyntaxSet,
    state: ParseState,
    stack: ScopeStack,
    /// A token takes the colour of its innermost scope that has one.
    classes: HashMap<Scope, Option<&'static str>>,
    out: String,
    /// The class of the token span that is open.
    open: Option<&'static str>,
}

impl Classed<'_> {
    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.push_str("</span>");
        }
    }

    fn line(&mut self, line: &str) -> Option<()> {
        let ops = self.state.parse_line(line, self.syntaxes).ok()?;
        for (text, op) in ScopeRegionIterator::new(&ops, line) {
            self.stack.apply(op).ok()?;
            if text.is_empty() {
                continue;
            }
            let classes = &mut self.classes;
            let class = self
                .stack
                .as_slice()
                .iter()
                .rev()
                .find_map(|s| *classes.entry(*s).or_insert_with(|| scope_class(*s)));
            // Whitespace keeps the current span instead of splitting it.
            if class != self.open && !text.trim().is_empty() {
                self.close();
                if let Some(c) = class {
                    self.out.push_str("<span class=\"");
                    self.out.push_str(c);
                    self.out.push_str("\">");
                }
                self.open = class;
            }
            escape::push_text(&mut self.out, text);
        }
        Some(())
    }
}

/// Escaped text, hidden lines wrapped, for a language without a syntax.
fn plain(lines: &[Line]) -> String {
    let mut out = String::new();
    for l in lines {
        if l.hidden {
            out.push_str(HIDDEN_OPEN);
        }
        escape::push_text(&mut out, &l.text);
        if l.hidden {
            out.push_str("</span>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language the course uses must highlight (issue: theme).
    #[test]
    fn course_languages_are_known() {
        let h = Highlighter::new();
        for lang in [
            "bash",
            "sh",
            "shell",
            "console",
            "dockerfile",
            "json",
            "yaml",
            "yml",
            "toml",
            "python",
            "javascript",
            "js",
            "typescript",
            "ts",
            "java",
            "csharp",
            "c#",
            "cs",
            "go",
            "ruby",
            "powershell",
            "ps1",
            "hcl",
            "terraform",
            "html",
            "css",
            "sql",
            "rust",
        ] {
            assert!(h.find(lang).is_some(), "no syntax for `{lang}`");
        }
    }

    #[test]
    fn highlighting_uses_classes_and_escapes() {
        let h = Highlighter::new();
        let html = h.highlight(Some("python"), "if a < b:\n    print(\"x\")\n");
        assert!(html.contains("<span class=\"k-keyword\">if"), "{html}");
        assert!(
            html.contains("<span class=\"k-string\">\"x\"</span>"),
            "quotes and text of a string share one span: {html}"
        );
        assert!(
            !html.contains("class=\"k-keyword k-"),
            "one class per token: {html}"
        );
        assert!(html.contains("&lt;"), "{html}");
        assert!(!html.contains("style="), "no inline colours: {html}");
    }

    #[test]
    fn hidden_lines_are_wrapped_and_the_syntax_state_runs_through() {
        let h = Highlighter::new();
        let lines = [
            Line {
                text: "let s = \"a\n".into(),
                hidden: true,
            },
            Line::shown("b\";\n"),
        ];
        let html = h.highlight_lines(Some("rust"), &lines);
        assert_eq!(
            html,
            "<span class=\"boring\"><span class=\"k-keyword\">let</span> s <span class=\"k-operator\">= </span><span class=\"k-string\">\"a\n</span></span><span class=\"k-string\">b\"</span>;\n",
            "the string opened on the hidden line goes on"
        );
        let plain = h.highlight_lines(None, &lines);
        assert_eq!(plain, "<span class=\"boring\">let s = \"a\n</span>b\";\n");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let h = Highlighter::new();
        assert_eq!(h.highlight(Some("no-such-lang"), "<b>&"), "&lt;b&gt;&amp;");
        assert_eq!(h.highlight(None, "x"), "x");
    }
}
