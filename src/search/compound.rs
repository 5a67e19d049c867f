//! German compounds split into words of the book: "Containerplattform" is
//! "container" + "plattform", "Abrechnungsmodell" is "abrechnung" + (s) +
//! "modell". The index gives the parts of each compound in the book the
//! compound's sections (at a lower weight), and the browser splits a query
//! word the index does not know the same way (`static/js/search.js` mirrors
//! [`split`]). No dictionary crate: the book's own vocabulary is the
//! dictionary, which knows its technical words ("Lambdafunktion") where a
//! general German word list would not, and costs no bytes.

/// Shortest first part ("Job" in "Jobwarteschlange").
pub const MIN_HEAD: usize = 3;
/// Shortest other part: three-letter tails ("Tag", "Zeit" minus one) split
/// too many ordinary words.
pub const MIN_TAIL: usize = 4;
/// Shortest word that is tried.
const MIN_WORD: usize = MIN_HEAD + MIN_TAIL;
/// Most parts of one word.
const MAX_PARTS: usize = 3;
/// Linking elements between parts (Fugenelemente), tried in this order.
pub const LINKS: [&str; 6] = ["", "s", "es", "n", "en", "e"];

/// The parts of a folded `word` that are each a word (`is_word`), the
/// longest first part first; `None` when it does not split.
pub fn split(word: &str, is_word: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    if word.chars().count() < MIN_WORD || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    split_into(word, is_word, MAX_PARTS)
}

fn split_into(word: &str, is_word: &dyn Fn(&str) -> bool, parts: usize) -> Option<Vec<String>> {
    if parts < 2 {
        return None;
    }
    let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(MIN_HEAD).collect();
    for &cut in cuts.iter().rev() {
        let (head, rest) = word.split_at(cut);
        if !is_word(head) {
            continue;
        }
        for link in LINKS {
            let Some(tail) = rest.strip_prefix(link) else {
                continue;
            };
            if tail.chars().count() < MIN_TAIL {
                continue;
            }
            if is_word(tail) {
                return Some(vec![head.to_string(), tail.to_string()]);
            }
            if let Some(mut more) = split_into(tail, is_word, parts - 1) {
                more.insert(0, head.to_string());
                return Some(more);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |w| words.contains(&w)
    }

    #[test]
    fn compounds_split_into_words_of_the_book() {
        let v = vocabulary(&[
            "container",
            "plattform",
            "last",
            "verteilung",
            "abrechnung",
            "modell",
            "job",
            "warteschlange",
            "kalt",
            "start",
            "kaltstart",
            "zeit",
        ]);
        let split = |w| split(w, &v);
        assert_eq!(
            split("containerplattform").unwrap(),
            ["container", "plattform"]
        );
        assert_eq!(split("lastverteilung").unwrap(), ["last", "verteilung"]);
        // A linking s.
        assert_eq!(
            split("abrechnungsmodell").unwrap(),
            ["abrechnung", "modell"]
        );
        assert_eq!(split("jobwarteschlange").unwrap(), ["job", "warteschlange"]);
        // The longest first part wins; three parts at most.
        assert_eq!(split("kaltstartzeit").unwrap(), ["kaltstart", "zeit"]);
        assert_eq!(
            split("containerkaltstartzeit").unwrap(),
            ["container", "kaltstart", "zeit"]
        );
    }

    #[test]
    fn words_that_are_not_compounds_stay_whole() {
        let v = vocabulary(&["container", "ein", "tainer", "last", "ver"]);
        // Parts must be words, the tail at least four letters.
        assert_eq!(split("containers", &v), None);
        assert_eq!(split("lastver", &v), None);
        // Too short, or with digits.
        assert_eq!(split("lasttag", &v), None);
        assert_eq!(split("container2container", &v), None);
        // Not an ASCII word: cut at characters, not bytes.
        let v = vocabulary(&["größe", "ändern"]);
        assert_eq!(split("größeändern", &v).unwrap(), ["größe", "ändern"]);
    }
}
