//! Heading ids made exactly as mdBook 0.5 makes them, so `chapter.md#anchor`
//! links written for an mdBook book keep working.

use rustc_hash::{FxHashMap, FxHashSet};

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
    used: FxHashSet<String>,
    /// Per base id, the suffix to try next. Every smaller suffix was taken
    /// when it was tried and ids are never freed, so starting here gives the
    /// ids counting from 1 would, without counting again (which made 10,000
    /// equal headings take seconds).
    next: FxHashMap<String, u32>,
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
        let n = self.next.entry(id.clone()).or_insert(1);
        loop {
            let candidate = format!("{id}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
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

    /// The ids a page of these headings (and custom ids) gets, in order.
    fn page(headings: &[&str], custom: &[&str]) -> Vec<String> {
        let mut ids = IdSet::default();
        for id in custom {
            ids.reserve(id);
        }
        headings
            .iter()
            .map(|h| ids.unique(id_from_content(h)))
            .collect()
    }

    #[test]
    fn suffixes_skip_ids_taken_by_other_headings_and_custom_ids() {
        // "Same 1" takes `same-1` before the second "Same" asks for it.
        assert_eq!(
            page(&["Same", "Same 1", "Same", "Same", "Same 1"], &[]),
            ["same", "same-1", "same-2", "same-3", "same-1-1"]
        );
        // A later "Same 3" gets `same-3-1`: its own id was taken first.
        assert_eq!(
            page(&["Same", "Same", "Same", "Same", "Same 3"], &[]),
            ["same", "same-1", "same-2", "same-3", "same-3-1"]
        );
        // Custom ids anywhere on the page are reserved before any heading.
        assert_eq!(
            page(&["Same", "Same", "Same", "Same"], &["same-1", "same-3"]),
            ["same", "same-2", "same-4", "same-5"]
        );
        assert_eq!(
            page(&["!", "?", "Section"], &[]),
            ["section", "section-1", "section-2"]
        );
        // Bases are counted apart: `a-1` as a base has its own suffixes.
        assert_eq!(
            page(&["A 1", "A", "A", "A 1"], &[]),
            ["a-1", "a", "a-2", "a-1-1"]
        );
    }

    #[test]
    fn many_equal_headings_are_numbered_in_order() {
        let headings = vec!["Same"; 20_000];
        let ids = page(&headings, &["same-7"]);
        assert_eq!(ids[0], "same");
        assert_eq!(ids[6], "same-6");
        assert_eq!(ids[7], "same-8", "same-7 is a custom id");
        assert_eq!(ids[19_999], "same-20000");
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }
}
