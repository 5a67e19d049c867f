//! Printing diagnostics for a person at a terminal or for a log.
//!
//! The first line of each is always `path:line:col: error: message`, the form
//! editors, CI logs and the tests read. On a terminal (or with `--color
//! always`) the offending source line follows with a caret under the column,
//! as rustc shows it (rendered by `annotate-snippets`), in colour unless
//! `NO_COLOR` or `--color never` says otherwise.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};

use annotate_snippets::renderer::{AnsiColor, Color, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};

/// `--color`: when diagnostics are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it).
    #[default]
    Auto,
    /// Colour and source snippets always, also into a pipe or a file.
    Always,
    /// No colour; source snippets still on a terminal.
    Never,
}

/// How diagnostics are printed: decided once per run from `--color`, the
/// environment and whether stderr is a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printer {
    /// ANSI colours.
    pub color: bool,
    /// The source line and a caret under each located diagnostic.
    pub snippets: bool,
}

impl Default for Printer {
    fn default() -> Self {
        Printer::for_stderr(ColorChoice::Auto)
    }
}

impl Printer {
    /// One line per diagnostic, no colour: the form of logs and tests.
    pub const PLAIN: Printer = Printer {
        color: false,
        snippets: false,
    };

    /// For stderr of this process, with the environment's `NO_COLOR` and
    /// `CLICOLOR_FORCE`.
    pub fn for_stderr(choice: ColorChoice) -> Printer {
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
        Printer::decide(
            choice,
            std::io::stderr().is_terminal(),
            var("NO_COLOR").is_some(),
            var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        )
    }

    /// The rules, apart from the environment: an explicit `--color` wins;
    /// then `NO_COLOR` (no-color.org) over `CLICOLOR_FORCE` over the terminal.
    /// Snippets go wherever colour would go, and to a terminal in any case.
    pub fn decide(
        choice: ColorChoice,
        terminal: bool,
        no_color: bool,
        clicolor_force: bool,
    ) -> Printer {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && (clicolor_force || terminal),
        };
        Printer {
            color,
            snippets: color || terminal,
        }
    }

    /// Prints diagnostics on stderr. Source files are read once each, when a
    /// snippet needs them.
    pub fn print_all<'a>(&self, diags: impl IntoIterator<Item = &'a Diagnostic>) {
        let mut sources = Sources::default();
        let mut out = String::new();
        for d in diags {
            out.push_str(&self.render(d, &mut sources));
            out.push('\n');
        }
        // One write: lines of parallel printers do not interleave.
        let _ = std::io::stderr().lock().write_all(out.as_bytes());
    }

    /// One diagnostic as it is printed (without the final newline).
    pub fn render(&self, d: &Diagnostic, sources: &mut Sources) -> String {
        if !self.color && !self.snippets {
            return d.to_string();
        }
        let (level, kind, colour) = match d.severity {
            Severity::Error => (Level::ERROR, "error", AnsiColor::BrightRed),
            Severity::Warning => (Level::WARNING, "warning", AnsiColor::BrightYellow),
        };
        let bold = Style::new().bold();
        let paint = |style: Style, text: &str| {
            if self.color {
                format!("{style}{text}{style:#}")
            } else {
                text.to_string()
            }
        };
        let mut out = String::new();
        if let Some(loc) = &d.location {
            let at = format!("{}:{}:{}:", loc.path.display(), loc.line, loc.col);
            out.push_str(&paint(bold, &at));
            out.push(' ');
        }
        out.push_str(&paint(bold.fg_color(Some(Color::Ansi(colour))), kind));
        out.push_str(&paint(bold, &format!(": {}", d.message)));
        if self.snippets
            && let Some(loc) = &d.location
            && let Some(line) = sources.line(&loc.path, loc.line)
        {
            let span = caret_span(line, loc.col);
            let group = Group::with_level(level).element(
                Snippet::source(line)
                    .line_start(loc.line)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
            let renderer = if self.color {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            out.push('\n');
            out.push_str(renderer.render(&[group]).trim_end());
        }
        if let Some(help) = &d.help {
            let help_word = paint(
                bold.fg_color(Some(Color::Ansi(AnsiColor::BrightCyan))),
                "help",
            );
            let _ = write!(out, "\n  {help_word}: {help}");
        }
        out
    }
}

/// Prints diagnostics on stderr as this process's terminal and environment
/// call for, with `--color auto`. Commands that take `--color` use their
/// [`Printer`].
pub fn print_all<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) {
    Printer::default().print_all(diags);
}

/// The files diagnostics point into, read again when printing. Why not carry
/// the line in the `Diagnostic`: most diagnostics never reach a terminal
/// (tests, serve's overlay, CI logs), many are placed by a `Location` that
/// was computed without the text at hand, and one reader here serves them
/// all. A file that cannot be read (or has changed so that the line is gone)
/// is printed without a snippet.
#[derive(Default)]
pub struct Sources {
    files: HashMap<PathBuf, Option<String>>,
}

impl Sources {
    fn line(&mut self, path: &Path, line: usize) -> Option<&str> {
        let text = self
            .files
            .entry(path.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(path).ok());
        text.as_deref()?
            .lines()
            .nth(line.checked_sub(1)?)
            .filter(|l| !l.trim().is_empty())
    }
}

/// The bytes of `line` to underline for a 1-based character column: the word
/// (key, name, path) that starts there, or the one character.
fn caret_span(line: &str, col: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let word = line[start..]
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
        .unwrap_or(line.len() - start);
    let len = if word > 0 {
        word
    } else {
        line[start..].chars().next().map_or(0, char::len_utf8)
    };
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn colour_rules() {
        use ColorChoice::*;
        let p = Printer::decide;
        // Not a terminal: the plain one-line form.
        assert_eq!(p(Auto, false, false, false), Printer::PLAIN);
        // A terminal: colour and snippets; NO_COLOR keeps the snippets.
        assert_eq!(
            p(Auto, true, false, false),
            Printer {
                color: true,
                snippets: true
            }
        );
        assert_eq!(
            p(Auto, true, true, false),
            Printer {
                color: false,
                snippets: true
            }
        );
        // CLICOLOR_FORCE colours a pipe, NO_COLOR wins over it.
        assert!(p(Auto, false, false, true).color);
        assert!(!p(Auto, false, true, true).color);
        // An explicit --color wins over the environment.
        assert!(p(Always, false, true, false).color);
        assert_eq!(
            p(Never, true, false, true),
            Printer {
                color: false,
                snippets: true
            }
        );
        assert_eq!(p(Never, false, false, false), Printer::PLAIN);
    }

    #[test]
    fn caret_spans_the_word_at_the_column() {
        assert_eq!(caret_span("langauge = \"de\"", 1), 0..8);
        assert_eq!(caret_span("a [x](b.md#c)", 7), 6..10);
        assert_eq!(caret_span("a [x](b.md#c)", 6), 5..6);
        assert_eq!(caret_span("ü = {", 5), 5..6);
        assert_eq!(caret_span("ab", 9), 2..2);
    }

    #[test]
    fn snippet_shows_the_line_and_a_caret() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("book.toml");
        std::fs::write(&file, "[book]\n  langauge = \"de\"\n").unwrap();
        let d = Diagnostic::warning("unknown key `book.langauge` is ignored")
            .at(Location {
                path: file.clone(),
                line: 2,
                col: 3,
            })
            .with_help("did you mean `language`?");
        let printer = Printer {
            color: false,
            snippets: true,
        };
        let text = printer.render(&d, &mut Sources::default());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!(
                "{}:2:3: warning: unknown key `book.langauge` is ignored",
                file.display()
            )
        );
        let src = lines
            .iter()
            .position(|l| l.ends_with("  langauge = \"de\""))
            .expect(&text);
        let caret = lines[src + 1];
        let col = lines[src].find("langauge").unwrap();
        assert_eq!(caret.find('^'), Some(col), "{text}");
        assert_eq!(
            caret.trim_start_matches([' ', '|']).trim(),
            "^^^^^^^^",
            "{text}"
        );
        assert_eq!(lines.last().unwrap(), &"  help: did you mean `language`?");
        // Coloured: the same text with escape codes.
        let coloured = Printer {
            color: true,
            snippets: true,
        }
        .render(&d, &mut Sources::default());
        assert!(coloured.contains("\u{1b}["), "{coloured}");
    }
}
