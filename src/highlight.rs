//! Build-time syntax highlighting into CSS classes (`k-` prefixed scopes), so
//! the theme colours code for light and dark from one stylesheet.
//!
//! The syntax set is bat's curated one (via `two-face`), embedded in the binary
//! and deserialised on first use only (a book without code never pays for it),
//! like bat does. One `Highlighter` is shared by all rendering threads.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Prefix of every highlighting class, so scope names ("string", "keyword")
/// cannot clash with the theme's own classes.
pub const CLASS_PREFIX: &str = "k-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

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
        if let Some(syntax) = lang.and_then(|l| self.find(l)) {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, self.syntaxes(), CLASS_STYLE);
            let ok = LinesWithEndings::from(code).all(|line| {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_ok()
            });
            if ok {
                return generator.finalize();
            }
        }
        escape(code)
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    pulldown_cmark_escape::escape_html_body_text(&mut out, s).expect("writing to a String");
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
        assert!(html.contains("class=\"k-"), "{html}");
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
