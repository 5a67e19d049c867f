//! A chapter's text as the search sees it: cut at its headings, each part
//! marked with what it is (prose, code, a link's words, a quiz), so the index
//! can weigh code less than prose and tell a link list from an explanation.

use std::ops::Range;

/// What a run of a section's text is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Part {
    #[default]
    Prose,
    /// A code block.
    Code,
    /// The words of a link.
    Link,
    /// A self-check's questions and answers.
    Quiz,
}

/// A part of a chapter between two headings, as the renderer saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; `None` for the part before the first heading.
    pub anchor: Option<String>,
    pub level: u8,
    pub title: String,
    /// Plain text in reading order: prose, code, figure and table text.
    pub text: String,
    /// The byte ranges of `text` that are not prose, in order.
    pub marked: Vec<(Range<usize>, Part)>,
}

impl Section {
    /// Appends `text` as `part`.
    pub fn push(&mut self, text: &str, part: Part) {
        let start = self.text.len();
        self.text.push_str(text);
        if part == Part::Prose || text.is_empty() {
            return;
        }
        let end = self.text.len();
        match self.marked.last_mut() {
            Some((r, p)) if *p == part && r.end == start => r.end = end,
            _ => self.marked.push((start..end, part)),
        }
    }

    /// The text in runs of one part each, prose included, in order.
    pub fn runs(&self) -> impl Iterator<Item = (&str, Part)> {
        let mut at = 0;
        let mut marked = self.marked.iter().peekable();
        std::iter::from_fn(move || {
            loop {
                if at >= self.text.len() {
                    return None;
                }
                match marked.peek() {
                    Some((r, part)) if r.start <= at => {
                        let (r, part) = (r.clone(), *part);
                        marked.next();
                        at = r.end;
                        return Some((&self.text[r], part));
                    }
                    Some((r, _)) => {
                        let prose = at..r.start;
                        at = r.start;
                        if !prose.is_empty() {
                            return Some((&self.text[prose], Part::Prose));
                        }
                    }
                    None => {
                        let prose = at..self.text.len();
                        at = self.text.len();
                        return Some((&self.text[prose], Part::Prose));
                    }
                }
            }
        })
    }

    /// Runs of whitespace as one space, trimmed; the marks move with their text.
    pub fn squeeze_whitespace(&mut self) {
        let mut text = String::with_capacity(self.text.len());
        let mut marked = Vec::new();
        let mut space = false;
        for (run, part) in self.runs() {
            let mut first = None;
            for (i, word) in run.split(char::is_whitespace).enumerate() {
                space |= i > 0;
                if word.is_empty() {
                    continue;
                }
                if space && !text.is_empty() {
                    text.push(' ');
                }
                space = false;
                first.get_or_insert(text.len());
                text.push_str(word);
            }
            if let (Some(start), true) = (first, part != Part::Prose) {
                marked.push((start..text.len(), part));
            }
        }
        self.text = text;
        self.marked = marked;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(runs: &[(&str, Part)]) -> Section {
        let mut s = Section::default();
        for (text, part) in runs {
            s.push(text, *part);
        }
        s
    }

    #[test]
    fn runs_give_back_what_was_pushed() {
        let s = section(&[
            ("Siehe ", Part::Prose),
            ("AWS Lambda", Part::Link),
            (" und ", Part::Prose),
            ("docker ", Part::Code),
            ("build", Part::Code),
        ]);
        let runs: Vec<_> = s.runs().collect();
        assert_eq!(
            runs,
            [
                ("Siehe ", Part::Prose),
                ("AWS Lambda", Part::Link),
                (" und ", Part::Prose),
                ("docker build", Part::Code),
            ]
        );
    }

    #[test]
    fn squeezing_keeps_the_marks_on_their_words() {
        let mut s = section(&[
            ("  Quellen:\n\n ", Part::Prose),
            ("Lambda  Guide", Part::Link),
            ("\n", Part::Prose),
            (" x = 1\n  y ", Part::Code),
            ("-Funktion", Part::Prose),
        ]);
        s.squeeze_whitespace();
        assert_eq!(s.text, "Quellen: Lambda Guide x = 1 y -Funktion");
        let runs: Vec<_> = s.runs().collect();
        assert_eq!(
            runs,
            [
                ("Quellen: ", Part::Prose),
                ("Lambda Guide", Part::Link),
                (" ", Part::Prose),
                ("x = 1 y", Part::Code),
                (" -Funktion", Part::Prose),
            ]
        );
        // A word cut by a mark stays one word.
        let mut s = section(&[("Lambda", Part::Link), ("-Funktion", Part::Prose)]);
        s.squeeze_whitespace();
        assert_eq!(s.text, "Lambda-Funktion");
        assert_eq!(s.marked, [(0..6, Part::Link)]);
    }
}
