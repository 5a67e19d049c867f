//! The keys of book.toml kursbuch does not read, and what it says about each:
//! mdBook's keys it does differently (what it does instead), mdBook's
//! preprocessors and renderers, and typos ("did you mean `language`?").

use crate::diag::Diagnostic;
use crate::toml_source::UnknownKey;

/// The keys kursbuch reads, for suggestions. The unit test in `mod.rs`
/// checks that each is read without a warning, so the list cannot drift.
pub(super) const KNOWN: &[&str] = &[
    "book.title",
    "book.authors",
    "book.description",
    "book.language",
    "book.text-direction",
    "book.src",
    "book.multilingual",
    "build.build-dir",
    "build.create-missing",
    "build.extra-watch-dirs",
    "build.include-roots",
    "build.broken-links",
    "rust.edition",
    "output.html.site-url",
    "output.html.default-theme",
    "output.html.preferred-dark-theme",
    "output.html.git-repository-url",
    "output.html.edit-url-template",
    "output.html.cname",
    "output.html.input-404",
    "output.html.additional-css",
    "output.html.additional-js",
    "output.html.smart-punctuation",
    "output.html.curly-quotes",
    "output.html.no-section-label",
    "output.html.redirect",
    "output.html.search.enable",
    "output.html.search.limit-results",
    "output.html.search.teaser-word-count",
    "output.html.search.boost-title",
    "output.html.search.heading-split-level",
    "output.html.search.chapter",
    "output.html.print.enable",
    "output.html.print.page-break",
    "output.html.mathjax-support",
    "output.html.playground.runnable",
    "output.html.playground.editable",
    "output.html.playground.copyable",
    "output.html.playground.copy-js",
    "output.html.playground.line-numbers",
    "output.html.code.hidelines",
    "output.kursbuch.optional",
    "output.kursbuch.math",
    "output.kursbuch.broken-links",
    "output.kursbuch.allow-unlisted",
    "output.kursbuch.include-roots",
    "output.kursbuch.playground-url",
];

/// An mdBook key kursbuch accepts but does not read, and what it does instead.
pub(super) struct Different {
    /// The key, or a table whose keys all count as it.
    pub key: &'static str,
    /// The value that asks for what kursbuch does anyway: no warning then.
    pub same_when: Option<bool>,
    pub instead: &'static str,
}

const fn different(key: &'static str, instead: &'static str) -> Different {
    Different {
        key,
        same_when: None,
        instead,
    }
}

const fn always(key: &'static str, instead: &'static str) -> Different {
    Different {
        key,
        same_when: Some(true),
        instead,
    }
}

/// mdBook 0.5's documented keys (guide/src/format/configuration/) that
/// kursbuch does differently.
pub(super) const DIFFERENT: &[Different] = &[
    different(
        "output.html.theme",
        "kursbuch themes are Tera templates: `templates/` and `static/` beside book.toml replace the default theme's files (author guide: \"Eigenes Aussehen\")",
    ),
    always(
        "output.html.definition-lists",
        "definition lists are always on",
    ),
    always(
        "output.html.admonitions",
        "`> [!NOTE]` boxes (admonitions) are always on",
    ),
    different(
        "output.html.fold",
        "the sidebar shows every sub-chapter and readers fold them themselves",
    ),
    different(
        "output.html.git-repository-icon",
        "the theme shows its own repository icon",
    ),
    different(
        "output.html.live-reload-endpoint",
        "`kursbuch serve` has its own live reload",
    ),
    always(
        "output.html.hash-files",
        "stylesheet and script names always carry a content hash",
    ),
    different(
        "output.html.sidebar-header-nav",
        "a page's headings are listed beside the text (at the top on narrow screens), not in the sidebar",
    ),
    different(
        "output.html.search.boost-hierarchy",
        "search weighs words by BM25F (how often, how rare, how long the section); headings count `boost-title` times prose, code half",
    ),
    different(
        "output.html.search.boost-paragraph",
        "search weighs words by BM25F (how often, how rare, how long the section); headings count `boost-title` times prose, code half",
    ),
    always(
        "output.html.search.expand",
        "search always finds longer words from what is typed",
    ),
    different(
        "output.html.search.use-boolean-and",
        "search lists pages with all the words first, then those that lack one",
    ),
    always(
        "output.html.search.copy-js",
        "the search script is always written when search is on",
    ),
    always(
        "build.use-default-preprocessors",
        "includes and README.md → index.html are built in and always on",
    ),
];

/// The warning for a key kursbuch did not read, or `None` when it says
/// nothing about it. `value` finds the key's value in book.toml.
pub(super) fn warning<'v>(
    k: &UnknownKey,
    value: impl Fn(&[String]) -> Option<&'v toml::Value>,
) -> Option<Diagnostic> {
    let key = k.dotted();
    let first = k.path.first().map(String::as_str);
    if let Some(d) = DIFFERENT
        .iter()
        .find(|d| key == d.key || key.starts_with(&format!("{}.", d.key)))
    {
        let same = d
            .same_when
            .is_some_and(|want| value(&k.path).and_then(toml::Value::as_bool) == Some(want));
        return (!same)
            .then(|| Diagnostic::warning(format!("`{key}` (mdBook) is not used: {}", d.instead)));
    }
    if first == Some("preprocessor") && k.path.len() == 2 {
        if matches!(k.path[1].as_str(), "links" | "index") {
            return None; // built in
        }
        return Some(
            Diagnostic::warning(format!(
                "`[{key}]` is ignored: kursbuch does not run mdBook preprocessors"
            ))
            .with_help(
                "includes and README/index pages are built in; shortcodes replace most other preprocessors",
            ),
        );
    }
    let suggestion = suggest(&k.path);
    if first == Some("output") && k.path.len() == 2 {
        let d = Diagnostic::warning(format!(
            "`[{key}]` is ignored: kursbuch has no `{}` renderer",
            k.path[1]
        ));
        return Some(match suggestion {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => {
                d.with_help("kursbuch writes HTML only; remove the table to silence this warning")
            }
        });
    }
    let d = Diagnostic::warning(format!("unknown key `{key}` is ignored"));
    Some(match suggestion {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help("see the author guide for the keys kursbuch reads"),
    })
}

/// The known key nearest to a misspelt one: a sibling in the same table
/// (`langauge` → `language`), or the same name in another table
/// (`book.site-url` → `output.html.site-url`).
fn suggest(path: &[String]) -> Option<String> {
    let (name, parent) = path.split_last()?;
    let keys = KNOWN.iter().copied().chain(DIFFERENT.iter().map(|d| d.key));
    // Every key and every table on the way to it.
    let mut names: Vec<Vec<&str>> = Vec::new();
    for key in keys {
        let segments: Vec<&str> = key.split('.').collect();
        for n in 1..=segments.len() {
            if !names.contains(&segments[..n].to_vec()) {
                names.push(segments[..n].to_vec());
            }
        }
    }
    let sibling = names
        .iter()
        .filter(|n| n.len() == path.len() && n[..parent.len()] == *parent)
        .map(|n| *n.last().unwrap())
        .map(|n| (strsim::damerau_levenshtein(name, n), n))
        .filter(|&(d, n)| d > 0 && d <= (n.len() / 3).max(1))
        .min();
    if let Some((_, n)) = sibling {
        return Some(n.to_string());
    }
    names
        .iter()
        .filter(|n| n.len() > 1 && n.last() == Some(&name.as_str()))
        .map(|n| n.join("."))
        .next()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diag::Diagnostic;

    /// mdBook 0.5's documented keys with a value each: one list for this
    /// check and the author guide's compatibility page.
    fn mdbook_keys() -> Vec<(String, String)> {
        let text = include_str!("../../tests/data/mdbook-keys.toml");
        let table: toml::Table = text.parse().unwrap();
        table
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap().to_string()))
            .collect()
    }

    fn warnings_for(key: &str, value: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("book.toml"), format!("{key} = {value}\n")).unwrap();
        super::super::load(dir.path(), Path::new("."))
            .unwrap_or_else(|e| panic!("{key} = {value}: {e}"))
            .1
    }

    #[test]
    fn every_mdbook_key_is_read_or_says_what_kursbuch_does_instead() {
        for (key, value) in &mdbook_keys() {
            let w = warnings_for(key, value);
            let known = KNOWN
                .iter()
                .any(|k| key == k || key.starts_with(&format!("{k}.")));
            let different = DIFFERENT.iter().find(|d| key.starts_with(d.key));
            match (known, different) {
                (true, None) => assert!(w.is_empty(), "{key} is read, yet: {w:?}"),
                (false, Some(d)) => {
                    assert_eq!(w.len(), 1, "{key}: {w:?}");
                    assert!(w[0].message.contains(d.instead), "{key}: {w:?}");
                    assert!(!w[0].to_string().contains('\n'), "one line: {}", w[0]);
                    let loc = w[0].location.as_ref().unwrap();
                    // At the key (its last name: dotted keys are written in one line here).
                    let col = d.key.rfind('.').map_or(1, |i| i + 2);
                    assert_eq!((loc.line, loc.col), (1, col), "{key}");
                }
                (false, None) if key.starts_with("preprocessor.") => {
                    assert!(w.is_empty(), "{key} is built in, yet: {w:?}")
                }
                _ => panic!("{key} is neither read nor listed in DIFFERENT"),
            }
        }
    }

    #[test]
    fn a_different_key_with_kursbuchs_own_value_says_nothing() {
        for d in DIFFERENT {
            if let Some(v) = d.same_when {
                assert!(warnings_for(d.key, &v.to_string()).is_empty(), "{}", d.key);
                assert_eq!(warnings_for(d.key, &(!v).to_string()).len(), 1, "{}", d.key);
            }
        }
    }

    #[test]
    fn every_known_key_is_read() {
        let keys = mdbook_keys();
        let sample = |key: &str| keys.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        for key in KNOWN {
            let value = sample(key).unwrap_or_else(|| match *key {
                "book.multilingual" => "false".into(),
                "build.include-roots" | "output.kursbuch.include-roots" => "[]".into(),
                "build.broken-links" | "output.kursbuch.broken-links" => "\"warn\"".into(),
                "output.html.curly-quotes" => "true".into(),
                "output.kursbuch.optional" | "output.kursbuch.math" => "true".into(),
                "output.kursbuch.allow-unlisted" => "[\"drafts/**\"]".into(),
                "output.kursbuch.playground-url" => {
                    "\"http://127.0.0.1:8000/evaluate.json\"".into()
                }
                other => panic!("no sample value for {other}"),
            });
            let w = warnings_for(key, &value);
            // curly-quotes is read, with a warning of its own (mdBook 0.4's name).
            assert!(
                w.iter().all(|d| !d.message.contains("unknown key")),
                "{key}: {w:?}"
            );
        }
    }

    #[test]
    fn typos_get_a_suggestion() {
        let help = |key: &str, value: &str| {
            let w = warnings_for(key, value);
            assert_eq!(w.len(), 1, "{key}: {w:?}");
            w[0].help.clone().unwrap_or_default()
        };
        assert_eq!(help("book.langauge", "\"de\""), "did you mean `language`?");
        assert_eq!(
            help("output.html.site_url", "\"/\""),
            "did you mean `site-url`?"
        );
        assert_eq!(
            help("book.site-url", "\"/\""),
            "did you mean `output.html.site-url`?"
        );
        assert_eq!(help("output.htm.site-url", "\"/\""), "did you mean `html`?");
        assert_eq!(
            help("output.kursbuch.broken-link", "\"warn\""),
            "did you mean `broken-links`?"
        );
        assert_eq!(help("bok.title", "\"T\""), "did you mean `book`?");
        assert_eq!(
            help("book.colour", "\"x\""),
            "see the author guide for the keys kursbuch reads"
        );
    }
}
