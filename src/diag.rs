//! Diagnostics: errors and warnings that point at a place in a source file.
//!
//! Every problem a book author can cause is reported as a [`Diagnostic`] in the
//! `path:line:col: error: message` form that terminals and editors turn into links.
//! A build collects all of them and fails at the end, so an author sees every
//! problem of one build at once.

use std::fmt;
use std::path::{Path, PathBuf};

mod print;

pub use print::{ColorChoice, Printer, Sources, print_all};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a file, 1-based, with the column counted in characters
/// (what editors show in their status bar).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    /// What the author can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Places the diagnostic at a byte offset of `text`, the contents of `path`.
    pub fn at_offset(self, path: &Path, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        self.at(Location {
            path: path.to_path_buf(),
            line,
            col,
        })
    }

    /// Places the diagnostic at the start of a file (no useful position inside it).
    pub fn in_file(self, path: &Path) -> Self {
        self.at(Location {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
        })
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.path.display(), loc.line, loc.col)?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A problem at a byte offset of a text whose file is not known where it was
/// found: SUMMARY.md, a shortcode call or its body, a comparison table's TOML.
/// The one error type of those parsers; whoever knows where the text came
/// from turns it into a [`Diagnostic`] at a file's line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetError {
    pub offset: usize,
    pub severity: Severity,
    pub message: String,
    /// What the author can do about it.
    pub help: Option<String>,
}

impl OffsetError {
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        OffsetError {
            offset,
            severity: Severity::Error,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(offset: usize, message: impl Into<String>) -> Self {
        OffsetError {
            severity: Severity::Warning,
            ..OffsetError::new(offset, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same problem at another offset (of the text around this one).
    pub fn moved(mut self, to: impl FnOnce(usize) -> usize) -> Self {
        self.offset = to(self.offset);
        self
    }

    /// The problem as a diagnostic, not placed in a file yet.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: self.severity,
            location: None,
            message: self.message.clone(),
            help: self.help.clone(),
        }
    }

    /// The problem at its line and column of `text`, the contents of `path`.
    pub fn place(&self, path: &Path, text: &str) -> Diagnostic {
        self.diagnostic().at_offset(path, text, self.offset)
    }
}

/// 1-based line and column (in characters) of a byte offset. Offsets past the
/// end or inside a multi-byte character are clamped, never a panic.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Diagnostics gathered across a build, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file and position so that the output reads top to bottom;
    /// diagnostics without a place come first. A problem found from several
    /// places (a data file used by three chapters) is listed once.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            a.location
                .cmp(&b.location)
                .then_with(|| a.message.cmp(&b.message))
        });
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nüx\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'x' is after the two-byte 'ü': byte 5, character column 2.
        assert_eq!(line_col(text, 5), (2, 2));
        // Inside 'ü' and past the end are clamped.
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 99), (3, 1));
    }

    #[test]
    fn display_has_editor_form() {
        let d = Diagnostic::error("no such chapter")
            .at_offset(Path::new("content/a.md"), "x\ny [l](b.md)", 4)
            .with_help("check the path");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:3: error: no such chapter\n  help: check the path"
        );
    }
}
