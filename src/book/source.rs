//! A chapter's text after `{{#include}}` expansion, with a map back to the
//! files it came from, so that an error found in the expanded text is reported
//! at the line of the file the author has to edit.

use std::path::PathBuf;

use crate::diag::Diagnostic;

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
}

impl Expanded {
    pub fn new(chapter: SourceFile) -> Self {
        Expanded {
            text: String::new(),
            files: vec![chapter],
            segments: Vec::new(),
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
        let f = &self.files[file];
        d.at_offset(&f.shown, &f.text, src)
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
}
