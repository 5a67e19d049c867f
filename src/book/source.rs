//! A chapter's text after `{{#include}}` expansion, with a map back to the
//! files it came from, so that an error found in the expanded text is reported
//! at the line of the file the author has to edit.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::diag::Diagnostic;

/// Why a chapter or an included file could not be read as text.
pub enum ReadError {
    Io(std::io::Error),
    /// Not UTF-8: the diagnostic points at the first bad byte.
    NotUtf8(Diagnostic),
}

/// Reads a chapter or an included file as UTF-8 text; `help` says what to
/// save as UTF-8 ("save the chapter as UTF-8").
pub fn read_text(disk: &Path, shown: &Path, help: &str) -> Result<String, ReadError> {
    let bytes = std::fs::read(disk).map_err(ReadError::Io)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        ReadError::NotUtf8(
            Diagnostic::error(format!("the file is not valid UTF-8 (byte {offset})"))
                .at_offset(shown, &text, offset)
                .with_help(help.to_string()),
        )
    })
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in diagnostics.
    pub shown: PathBuf,
    /// Where it is on disk.
    pub disk: PathBuf,
    pub text: String,
}

/// From output offset `out` onwards (until the next segment) the text is
/// file `file` starting at byte `src`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    out: usize,
    file: usize,
    src: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Expanded {
    pub text: String,
    /// The chapter's own file first, then every file it includes.
    pub files: Vec<SourceFile>,
    segments: Vec<Segment>,
    /// Set by [`Expanded::share_own_text`]: the chapter file's front matter,
    /// its text being that and `text`.
    own_front: Option<String>,
    /// The chapter file's whole text again, made once if a diagnostic needs it.
    own_full: OnceLock<String>,
}

impl Expanded {
    pub fn new(chapter: SourceFile) -> Self {
        Expanded {
            text: String::new(),
            files: vec![chapter],
            segments: Vec::new(),
            own_front: None,
            own_full: OnceLock::new(),
        }
    }

    /// When the chapter's file is its front matter (up to `body_start`) and
    /// exactly `text` (it includes nothing), keeps only the front matter of
    /// it: a 50 MB chapter is not held twice for its diagnostics' sake.
    pub fn share_own_text(&mut self, body_start: usize) {
        let own = &self.files[0].text;
        let same = self.files.len() == 1
            && own.len() == body_start + self.text.len()
            && own.get(body_start..) == Some(self.text.as_str());
        if same {
            let mut front = std::mem::take(&mut self.files[0].text);
            front.truncate(body_start);
            front.shrink_to_fit();
            self.own_front = Some(front);
        }
    }

    /// The text of file `file` as it is on disk.
    fn file_text(&self, file: usize) -> &str {
        match (&self.own_front, file) {
            (Some(front), 0) => self
                .own_full
                .get_or_init(|| format!("{front}{}", self.text)),
            _ => &self.files[file].text,
        }
    }

    /// Appends `s`, which is file `file` from byte `src` on.
    pub fn push_mapped(&mut self, s: &str, file: usize, src: usize) {
        if s.is_empty() {
            return;
        }
        let out = self.text.len();
        // Extend the previous segment when this text simply continues it.
        let continues = self
            .segments
            .last()
            .is_some_and(|last| last.file == file && last.src + (out - last.out) == src);
        if !continues {
            self.segments.push(Segment { out, file, src });
        }
        self.text.push_str(s);
    }

    /// The file and byte offset in it that produced byte `offset` of the text.
    pub fn origin(&self, offset: usize) -> (usize, usize) {
        let idx = self.segments.partition_point(|s| s.out <= offset);
        match idx.checked_sub(1).map(|i| self.segments[i]) {
            Some(seg) => (seg.file, seg.src + (offset - seg.out)),
            None => (0, 0),
        }
    }

    /// Places `d` at the source position of byte `offset` of the expanded text.
    pub fn diag_at(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let (file, src) = self.origin(offset);
        self.diag_in_file(d, file, src)
    }

    pub fn diag_in_file(&self, d: Diagnostic, file: usize, src: usize) -> Diagnostic {
        d.at_offset(&self.files[file].shown, self.file_text(file), src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_follows_segments() {
        let mut e = Expanded::new(SourceFile {
            shown: "a.md".into(),
            disk: "a.md".into(),
            text: "0123\nXY\n".into(),
        });
        e.files.push(SourceFile {
            shown: "b.md".into(),
            disk: "b.md".into(),
            text: "bbb".into(),
        });
        e.push_mapped("0123\n", 0, 0);
        e.push_mapped("bbb", 1, 0);
        e.push_mapped("\n", 0, 7);
        assert_eq!(e.origin(2), (0, 2));
        assert_eq!(e.origin(6), (1, 1));
        assert_eq!(e.origin(8), (0, 7));
        assert_eq!(
            e.origin(500),
            (0, 499),
            "past the end stays in the last file"
        );
    }

    #[test]
    fn a_chapter_without_includes_is_held_once_and_placed_the_same() {
        let raw = "---\ntitle: x\n---\n# A\n\nZeile [kaputt](x.md)\n";
        let body_start = raw.find("# A").unwrap();
        let mut e = Expanded::new(SourceFile {
            shown: "a.md".into(),
            disk: "a.md".into(),
            text: raw.into(),
        });
        e.push_mapped(&raw[body_start..], 0, body_start);
        let at = e.text.find("[kaputt]").unwrap();
        let before = e.diag_at(Diagnostic::error("x"), at).to_string();
        e.share_own_text(body_start);
        assert_eq!(e.files[0].text, "", "not kept twice");
        assert_eq!(e.diag_at(Diagnostic::error("x"), at).to_string(), before);
        assert!(before.starts_with("a.md:6:7: error: x"), "{before}");

        // With an include the file's own text stays.
        let mut e = Expanded::new(SourceFile {
            shown: "a.md".into(),
            disk: "a.md".into(),
            text: raw.into(),
        });
        e.files.push(SourceFile {
            shown: "b.md".into(),
            disk: "b.md".into(),
            text: "b".into(),
        });
        e.push_mapped(&raw[body_start..], 0, body_start);
        e.share_own_text(body_start);
        assert_eq!(e.files[0].text, raw);
    }
}
