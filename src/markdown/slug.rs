//! Heading ids made exactly as mdBook 0.5 makes them, so `chapter.md#anchor`
//! links written for an mdBook book keep working.

use std::collections::HashSet;

/// mdBook's `id_from_content`: trimmed, Unicode-lowercased; letters, digits,
/// `_` and `-` kept, each whitespace character becomes `-`, the rest dropped.
pub fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The ids used on one page; a repeated id gets `-1`, `-2`, … as in mdBook.
#[derive(Debug, Default)]
pub struct IdSet {
    used: HashSet<String>,
}

impl IdSet {
    /// Reserves an id the author chose (`{#custom}`), as it is.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    pub fn unique(&mut self, id: String) -> String {
        // A heading of only punctuation or emoji still needs a target.
        let id = if id.is_empty() {
            "section".to_string()
        } else {
            id
        };
        if self.used.insert(id.clone()) {
            return id;
        }
        let mut n = 1u32;
        loop {
            let candidate = format!("{id}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_mdbook() {
        // Cases from mdBook's own tests.
        assert_eq!(id_from_content("Über"), "über");
        assert_eq!(id_from_content("中文標題 CJK title"), "中文標題-cjk-title");
        assert_eq!(
            id_from_content("`--passes`: add more rustdoc passes"),
            "--passes-add-more-rustdoc-passes"
        );
        assert_eq!(
            id_from_content("Method-call 🐙 expressions \u{1f47c}"),
            "method-call--expressions-"
        );
        assert_eq!(id_from_content("  Größe & Preis "), "größe--preis");
        assert_eq!(id_from_content("EC2 vs. Lambda"), "ec2-vs-lambda");
    }

    #[test]
    fn duplicates_get_numbers() {
        let mut ids = IdSet::default();
        ids.reserve("a-1");
        assert_eq!(ids.unique("a".into()), "a");
        assert_eq!(ids.unique("a".into()), "a-2", "a-1 is taken by a custom id");
        assert_eq!(ids.unique("a".into()), "a-3");
        assert_eq!(ids.unique(String::new()), "section");
    }
}
