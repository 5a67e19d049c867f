//! From text to search terms, the same way for the index (at build time) and
//! for queries (in the browser, by `static/js/search.js`, which mirrors
//! [`fold`]; stemming happens only here, the browser matches stems by prefix).
//!
//! A word is a run of Unicode letters, digits and combining marks: the word
//! boundaries of UAX #29, also split at the punctuation UAX #29 keeps inside
//! words, so "Docker-Image", "EC2-Instanz", "z. B." and "z.B." and
//! "15-Minuten-Limit" become their parts, and the browser can split a query
//! the same way with one regular expression (`[\p{L}\p{N}\p{M}]+`). Then case and
//! umlauts are folded (Ausführung = Ausfuehrung = ausfuhrung, Größe =
//! Groesse) and a Snowball stemmer for the book's language reduces inflections.

use rust_stemmers::{Algorithm, Stemmer};

/// Languages with a stemmer and stop words; others are folded only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    De,
    En,
    Other,
}

impl Lang {
    pub fn from_tag(tag: &str) -> Lang {
        match tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "de" => Lang::De,
            "en" => Lang::En,
            _ => Lang::Other,
        }
    }
}

pub struct Analyzer {
    lang: Lang,
    stemmer: Option<Stemmer>,
    stop: rustc_hash::FxHashSet<String>,
}

impl Analyzer {
    pub fn new(lang: Lang) -> Analyzer {
        let (stemmer, code) = match lang {
            Lang::De => (Some(Stemmer::create(Algorithm::German)), Some("de")),
            Lang::En => (Some(Stemmer::create(Algorithm::English)), Some("en")),
            Lang::Other => (None, None),
        };
        let stop = code
            .and_then(stop_words::lookup)
            .unwrap_or_default()
            .iter()
            // "don't" is never a word here (the apostrophe splits it).
            .filter(|w| w.chars().all(is_word_char))
            .map(|w| fold(w, lang))
            .collect();
        Analyzer {
            lang,
            stemmer,
            stop,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The index terms of `text`, in order (stop words dropped).
    pub fn terms(&self, text: &str) -> Vec<String> {
        words(text)
            .filter_map(|w| {
                let folded = fold(w, self.lang);
                if folded.is_empty() || self.stop.contains(&folded) {
                    return None;
                }
                Some(self.stem(&folded))
            })
            .collect()
    }

    pub fn is_stop_word(&self, folded: &str) -> bool {
        self.stop.contains(folded)
    }

    /// The stop words, folded, for the browser to drop from queries.
    pub fn stop_words(&self) -> Vec<String> {
        let mut v: Vec<String> = self.stop.iter().cloned().collect();
        v.sort_unstable();
        v
    }

    /// The stem of a folded word.
    pub fn stem(&self, folded: &str) -> String {
        match &self.stemmer {
            // Numbers and words with digits ("ec2", "3000") are kept as they are.
            Some(s) if !folded.chars().any(|c| c.is_ascii_digit()) => {
                fold(&s.stem(folded), self.lang)
            }
            _ => folded.to_string(),
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The words of `text` (see the module's documentation).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Calls `f` with each word of `text`, folded. Same result as [`words`] then
/// [`fold`], but ASCII text (most of a book) goes byte by byte into one buffer.
pub fn for_each_folded(text: &str, lang: Lang, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // An ASCII run; it may continue with non-ASCII letters ("Größe").
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i < bytes.len() && bytes[i] >= 0x80 {
                let rest = &text[start..];
                let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                fold_into(&rest[..len], lang, &mut buf);
                i = start + len;
            } else {
                fold_into(&text[start..i], lang, &mut buf);
            }
            f(&buf);
        } else if b < 0x80 {
            i += 1;
        } else {
            let rest = &text[i..];
            let c = rest.chars().next().expect("inside the text");
            if is_word_char(c) {
                let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                fold_into(&rest[..len], lang, &mut buf);
                f(&buf);
                i += len;
            } else {
                i += c.len_utf8();
            }
        }
    }
}

/// Lower case without diacritics; in German also ae/oe/ue → a/o/u and ß → ss,
/// so every spelling of a word meets in one form.
pub fn fold(word: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, lang, &mut out);
    out
}

/// [`fold`] into a buffer the caller reuses (the index folds a million words).
pub fn fold_into(word: &str, lang: Lang, out: &mut String) {
    out.clear();
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        for b in word.bytes() {
            let c = b.to_ascii_lowercase();
            // German digraphs: the e of ae/oe/ue goes.
            if lang == Lang::De
                && c == b'e'
                && matches!(out.as_bytes().last(), Some(b'a' | b'o' | b'u'))
            {
                continue;
            }
            out.push(c as char);
        }
        return;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue; // combining accents
        }
        if c == 'e' && lang == Lang::De && matches!(out.as_bytes().last(), Some(b'a' | b'o' | b'u'))
        {
            continue;
        }
        match FOLD.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
}

/// Lower-case letters written as ASCII for search. The one table of the
/// build and the browser: `search/index.js` carries it as `fold`.
pub const FOLD: &[(char, &str)] = &[
    ('ä', "a"),
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('å', "a"),
    ('ö', "o"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ø', "o"),
    ('ü', "u"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('é', "e"),
    ('è', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('í', "i"),
    ('ì', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ç', "c"),
    ('ñ', "n"),
    ('ß', "ss"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn de() -> Analyzer {
        Analyzer::new(Lang::De)
    }

    #[test]
    fn words_split_at_unicode_boundaries() {
        let a = de();
        assert_eq!(a.terms("Docker-Image"), ["dock", "imag"]);
        assert_eq!(a.terms("EC2-Instanz"), ["ec2", "instanz"]);
        assert_eq!(a.terms("15-Minuten-Limit"), ["15", "minut", "limit"]);
        assert_eq!(a.terms("z. B. docker push"), ["z", "b", "dock", "push"]);
    }

    #[test]
    fn spellings_meet() {
        let a = de();
        let one = |w: &str| a.terms(w).pop().unwrap();
        assert_eq!(one("Ausführung"), one("Ausfuehrung"));
        assert_eq!(one("Ausführung"), one("ausfuhrung"));
        assert_eq!(one("Größe"), one("Groesse"));
        assert_eq!(one("Container"), one("Containern"));
        assert_eq!(one("Abrechnung"), one("ABRECHNUNG"));
    }

    #[test]
    fn folding() {
        let cases = [
            ("Queue", "quu"),
            ("Ausfuehrung", "ausfuhrung"),
            ("AUSFÜHRUNG", "ausfuhrung"),
            ("Groesse", "grosse"),
            ("Straße", "strasse"),
            ("EC2", "ec2"),
            ("naïve", "naive"),
            ("Aeoe", "ao"),
            ("Aee", "a"),
        ];
        for (w, expected) in cases {
            assert_eq!(fold(w, Lang::De), expected, "{w}");
        }
        assert_eq!(fold("Queue", Lang::En), "queue", "digraphs are German only");
        assert_eq!(
            words("z.B. Docker-Image, don't").collect::<Vec<_>>(),
            ["z", "B", "Docker", "Image", "don", "t"]
        );
        // The fast path gives what words() and fold() give.
        for text in [
            "Größe der EC2-Instanz: 15-Minuten-Limit, z. B. naïve Ärger ÄÖÜ — 中文 Straße!",
            "",
            "é",
            "a\u{301}b",
            "x—y",
        ] {
            let mut fast = Vec::new();
            for_each_folded(text, Lang::De, |w| fast.push(w.to_string()));
            let slow: Vec<String> = words(text).map(|w| fold(w, Lang::De)).collect();
            assert_eq!(fast, slow, "{text}");
        }
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(de().terms("der die das und Lambda"), ["lambda"]);
        assert_eq!(
            Analyzer::new(Lang::En).terms("the running of the functions"),
            ["run", "function"]
        );
        assert_eq!(Analyzer::new(Lang::Other).terms("Été"), ["ete"]);
    }
}
