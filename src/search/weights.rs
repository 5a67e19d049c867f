//! How much a word counts in a section: BM25F, computed at build time and
//! stored in the postings as one base-36 digit, so the browser only adds up
//! (and weighs by how rare a word is, which depends on what was typed).
//!
//! A section's fields weigh differently (its heading more than its prose,
//! code less), each normalised by its length against the book's average, and
//! the sum saturates (the tenth "Lambda" in a section adds little). A section
//! that is mostly link text or quiz (a source list, a self-check) weighs less
//! than an explanation of the same words: decided by its content, not its name.

/// The fields of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Heading = 0,
    Prose = 1,
    Code = 2,
}

pub const FIELDS: usize = 3;

/// Occurrences or lengths per field.
pub type PerField<T> = [T; FIELDS];

/// Term frequency saturation (BM25's k1).
const K1: f32 = 1.2;
/// Length normalisation per field (BM25's b): a heading's length matters less.
const B: PerField<f32> = [0.3, 0.75, 0.75];
/// Weight of code against prose.
const CODE: f32 = 0.5;
/// How much a section that is all links or quiz loses.
const ASIDE_PENALTY: f32 = 0.7;
/// The highest stored weight: one base-36 digit.
pub const MAX: u32 = 35;

pub struct Weights {
    field: PerField<f32>,
    avg_len: PerField<f32>,
}

impl Weights {
    /// `boost_title` is mdBook's `output.html.search.boost-title` (default
    /// 2): a heading's words count twice that of prose's. `lens` are the
    /// sections' lengths in words per field.
    pub fn new(boost_title: u32, lens: impl Iterator<Item = PerField<u32>>) -> Weights {
        let mut sum = [0f64; FIELDS];
        let mut n = 0f64;
        for len in lens {
            for f in 0..FIELDS {
                sum[f] += f64::from(len[f]);
            }
            n += 1.0;
        }
        let avg_len = sum.map(|s| {
            if n > 0.0 {
                (s / n).max(1.0) as f32
            } else {
                1.0
            }
        });
        Weights {
            field: [2.0 * boost_title.max(1) as f32, 1.0, CODE],
            avg_len,
        }
    }

    /// The stored weight (1..=MAX) of a term found `tf` times per field in a
    /// section of `len` words per field and `quality` (see [`quality`]).
    pub fn weight(&self, tf: PerField<u32>, len: PerField<u32>, quality: f32) -> u32 {
        let mut x = 0.0;
        for f in 0..FIELDS {
            if tf[f] > 0 {
                let norm = 1.0 - B[f] + B[f] * len[f].max(1) as f32 / self.avg_len[f];
                x += self.field[f] * tf[f] as f32 / norm;
            }
        }
        let saturated = x * (K1 + 1.0) / (K1 + x);
        let w = saturated * quality / (K1 + 1.0) * MAX as f32;
        (w.round() as u32).clamp(1, MAX)
    }
}

/// 1 for prose, down to `1 - ASIDE_PENALTY` for a section whose words are
/// all link text or quiz.
pub fn quality(aside_words: u32, words: u32) -> f32 {
    if words == 0 {
        return 1.0;
    }
    1.0 - ASIDE_PENALTY * (aside_words.min(words) as f32 / words as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights() -> Weights {
        // Average section: a 3-word heading, 100 words of prose, 20 of code.
        Weights::new(2, [[3, 100, 20], [3, 100, 20]].into_iter())
    }

    #[test]
    fn a_heading_counts_more_than_prose_and_prose_more_than_code() {
        let w = weights();
        let len = [3, 100, 20];
        let heading = w.weight([1, 0, 0], len, 1.0);
        let prose = w.weight([0, 1, 0], len, 1.0);
        let code = w.weight([0, 0, 1], len, 1.0);
        assert!(heading > prose && prose > code, "{heading} {prose} {code}");
    }

    #[test]
    fn repetition_saturates() {
        let w = weights();
        let len = [3, 100, 20];
        let once = w.weight([0, 1, 0], len, 1.0);
        let twice = w.weight([0, 2, 0], len, 1.0);
        let often = w.weight([0, 50, 0], len, 1.0);
        assert!(once < twice && twice < often, "{once} {twice} {often}");
        assert!(often <= MAX && often < 3 * once, "{once} {often}");
    }

    #[test]
    fn long_sections_are_normalised() {
        let w = weights();
        let short = w.weight([0, 2, 0], [3, 50, 0], 1.0);
        let long = w.weight([0, 2, 0], [3, 1000, 0], 1.0);
        assert!(short > long, "{short} {long}");
    }

    #[test]
    fn link_lists_and_quizzes_weigh_less() {
        let w = weights();
        let len = [3, 100, 20];
        let prose = w.weight([0, 3, 0], len, quality(5, 100));
        let links = w.weight([0, 3, 0], len, quality(90, 100));
        assert!(links * 3 < prose * 2, "{links} {prose}");
        assert_eq!(quality(0, 0), 1.0);
        assert!((quality(100, 100) - 0.3).abs() < 1e-6);
    }
}
