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
        lang.and_then(|l| self.find(l))
            .and_then(|syntax| self.classed(syntax, code))
            .unwrap_or_else(|| escape::text(code))
    }

    /// `None` when syntect fails on the input (then the code shows plain).
    fn classed(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        // A token takes the colour of its innermost scope that has one.
        let mut classes: HashMap<Scope, Option<&'static str>> = HashMap::new();
        let mut out = String::with_capacity(code.len() + code.len() / 2);
        let mut open: Option<&'static str> = None;
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, self.syntaxes()).ok()?;
            for (text, op) in ScopeRegionIterator::new(&ops, line) {
                stack.apply(op).ok()?;
                if text.is_empty() {
                    continue;
                }
                let class = stack
                    .as_slice()
                    .iter()
                    .rev()
                    .find_map(|s| *classes.entry(*s).or_insert_with(|| scope_class(*s)));
                // Whitespace keeps the current span instead of splitting it.
                if class != open && !text.trim().is_empty() {
                    if open.is_some() {
                        out.push_str("</span>");
                    }
                    if let Some(c) = class {
                        out.push_str("<span class=\"");
                        out.push_str(c);
                        out.push_str("\">");
                    }
                    open = class;
                }
                escape::push_text(&mut out, text);
            }
        }
        if open.is_some() {
            out.push_str("</span>");
        }
        Some(out)
    }
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
    fn unknown_language_is_escaped_plain_text() {
        let h = Highlighter::new();
        assert_eq!(h.highlight(Some("no-such-lang"), "<b>&"), "&lt;b&gt;&amp;");
        assert_eq!(h.highlight(None, "x"), "x");
    }
}
