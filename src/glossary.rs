//! The glossary: one source (`data/glossary.toml`) for the glossary page
//! (the `{{ glossary() }}` shortcode) and for the tooltips on the first use
//! of each term in every chapter.
//!
//! ```toml
//! [[term]]
//! term = "Container"
//! aliases = ["Containern", "Containers"]
//! definition = "Eine laufende Instanz eines Images …"
//! link = "docker.md#was-ist-ein-container"   # optional: where it is explained
//! ```

use std::fmt::Write as _;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::book::source::{ReadError, read_text};
use crate::diag::Diagnostic;
use crate::escape;
use crate::markdown::links::{LinkTarget, classify};
use crate::markdown::slug::id_from_content;
use crate::page::Page;
use crate::toml_source::{self, TomlSource};

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    term: Vec<toml::Spanned<Entry>>,
}

#[derive(Debug, Clone, Deserialize)]
struct Entry {
    term: String,
    #[serde(default)]
    aliases: Vec<String>,
    definition: String,
    link: Option<String>,
}

/// A term as pages use it.
#[derive(Debug, Clone)]
pub struct Term {
    pub term: String,
    /// Anchor on the glossary page.
    pub id: String,
    pub definition: String,
    /// A chapter (source path, with anchor) that explains the term.
    pub link: Option<String>,
    /// Where the entry starts in the file (for messages about its link).
    pub offset: usize,
}

#[derive(Debug)]
pub struct Glossary {
    pub terms: Vec<Term>,
    /// All spellings; pattern i belongs to term `owner[i]`.
    matcher: AhoCorasick,
    owner: Vec<usize>,
    /// Source path of the chapter with `{{ glossary() }}`, once known.
    pub page: Option<String>,
    /// The file as read, for placing messages.
    pub shown: std::path::PathBuf,
    pub text: String,
}

/// Where a glossary data file lives.
pub const FILE: &str = "glossary.toml";

impl Glossary {
    /// Reads `data/glossary.toml`; `Ok(None)` when the book has none.
    pub fn load(
        data_dir: &Path,
        shown_data: &Path,
    ) -> Result<(Option<Glossary>, Vec<Diagnostic>), Diagnostic> {
        let path = data_dir.join(FILE);
        let shown = shown_data.join(FILE);
        // Only a missing file means "no glossary": one that cannot be read
        // is reported as what it is, not later as missing.
        let text = match read_text(&path, &shown, "save the glossary as UTF-8") {
            Ok(text) => text,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((None, Vec::new()));
            }
            Err(ReadError::Io(e)) => {
                return Err(
                    Diagnostic::error(format!("cannot read the glossary: {e}")).in_file(&shown)
                );
            }
            Err(ReadError::NotUtf8(d)) => return Err(d),
        };
        let src = TomlSource::whole(&shown, &text);
        let (file, unknown): (File, _) = toml_source::parse(&src)?;
        let warnings: Vec<Diagnostic> = unknown
            .iter()
            .map(|k| {
                src.diag_at(
                    Diagnostic::warning(format!(
                        "unknown key `{}` in the glossary is ignored",
                        k.dotted()
                    )),
                    k.span.start,
                )
            })
            .collect();
        let mut terms = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owner = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (i, e) in file.term.iter().enumerate() {
            let span = e.span();
            let e = e.get_ref();
            if e.term.trim().is_empty() || e.definition.trim().is_empty() {
                return Err(src.diag_at(
                    Diagnostic::error("a glossary entry needs `term` and `definition`"),
                    span.start,
                ));
            }
            for spelling in std::iter::once(&e.term).chain(&e.aliases) {
                let key = spelling.to_lowercase();
                if let Some(other) = seen.insert(key, e.term.clone()) {
                    return Err(src.diag_at(
                        Diagnostic::error(format!(
                            "`{spelling}` belongs to two glossary entries (also `{other}`)"
                        )),
                        span.start,
                    ));
                }
                patterns.push(spelling.to_lowercase());
                owner.push(i);
            }
            terms.push(Term {
                term: e.term.clone(),
                id: format!("g-{}", id_from_content(&e.term)),
                definition: e.definition.trim().to_string(),
                link: e.link.clone(),
                offset: span.start,
            });
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| {
                Diagnostic::error(format!("the glossary's terms cannot be searched: {e}"))
                    .in_file(&shown)
            })?;
        Ok((
            Some(Glossary {
                terms,
                matcher,
                owner,
                page: None,
                shown,
                text,
            }),
            warnings,
        ))
    }

    /// The first unused term in `text`: (start, end, term index), at word
    /// boundaries, compared without case.
    pub fn find(&self, text: &str, used: &[bool]) -> Option<(usize, usize, usize)> {
        let lower = text.to_lowercase();
        // Lower-casing must keep byte positions (it does for German).
        if lower.len() != text.len() {
            return None;
        }
        let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        for m in self.matcher.find_iter(&lower) {
            let term = self.owner[m.pattern().as_usize()];
            if used[term] {
                continue;
            }
            let before = lower[..m.start()].chars().next_back();
            let after = lower[m.end()..].chars().next();
            if !is_word(before)
                && !is_word(after)
                && text.is_char_boundary(m.start())
                && text.is_char_boundary(m.end())
            {
                return Some((m.start(), m.end(), term));
            }
        }
        None
    }

    /// The chapter a term's `link` points at: (source, fragment).
    pub fn link_target(t: &Term) -> Option<(String, Option<String>)> {
        match classify(t.link.as_deref()?, "") {
            LinkTarget::Chapter { source, fragment } => Some((source, fragment)),
            _ => None,
        }
    }

    /// The glossary page's list (for `{{ glossary() }}` on `page`).
    pub fn render_list(&self, page: &Page, more: &str) -> String {
        let mut sorted: Vec<&Term> = self.terms.iter().collect();
        sorted.sort_by_key(|t| t.term.to_lowercase());
        let mut out = String::from("<dl class=\"glossary\">\n");
        for t in sorted {
            let _ = write!(
                out,
                "<dt id=\"{}\">{}</dt>\n<dd>{}",
                page.anchor(&t.id),
                escape::html(&t.term),
                escape::html(&t.definition)
            );
            if let Some((source, fragment)) = Self::link_target(t) {
                let url = page.chapter_href(&source, fragment.as_deref());
                let _ = write!(out, " <a href=\"{}\">{}</a>", escape::html(&url), more);
            }
            out.push_str("</dd>\n");
        }
        out.push_str("</dl>\n");
        out
    }

    /// The tooltip for a term's use on `page`; `uid` is unique there.
    pub fn tooltip(&self, term: usize, shown_text: &str, page: &Page, uid: &str) -> String {
        let t = &self.terms[term];
        let href = match &self.page {
            Some(glossary) => page.chapter_href(glossary, Some(&t.id)),
            None => format!("#{}", page.anchor(&t.id)),
        };
        format!(
            "<span class=\"gloss\"><a class=\"gloss-term\" href=\"{}\" aria-describedby=\"{uid}\">{}</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"{uid}\">{}</span></span>",
            escape::html(&href),
            escape::html(shown_text),
            escape::html(&t.definition)
        )
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Glossary, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), text).unwrap();
        Glossary::load(dir.path(), Path::new("data")).map(|(g, _)| g.unwrap())
    }

    const G: &str = "[[term]]\nterm = \"Container\"\naliases = [\"Containern\"]\ndefinition = \"Eine laufende Instanz eines Images.\"\nlink = \"docker.md#container\"\n\n[[term]]\nterm = \"Image\"\ndefinition = \"Eine Vorlage <für> Container.\"\n";

    #[test]
    fn finds_whole_words_without_case_and_skips_used_terms() {
        let g = load(G).unwrap();
        let text = "Viele Containerschiffe und containern, dann ein Image.";
        let (s, e, t) = g.find(text, &[false, false]).unwrap();
        assert_eq!(
            (&text[s..e], t),
            ("containern", 0),
            "not inside Containerschiffe"
        );
        let (s, e, t) = g.find(text, &[true, false]).unwrap();
        assert_eq!((&text[s..e], t), ("Image", 1));
        assert!(g.find(text, &[true, true]).is_none());
    }

    #[test]
    fn list_and_tooltip_markup() {
        let mut g = load(G).unwrap();
        g.page = Some("anhang/glossar.md".into());
        let list = g.render_list(
            &Page::new("anhang/glossar.md", "anhang/glossar.html", "G"),
            "mehr",
        );
        assert!(list.contains("<dt id=\"g-container\">Container</dt>\n<dd>Eine laufende Instanz eines Images. <a href=\"../docker.html#container\">mehr</a></dd>"), "{list}");
        assert!(
            list.contains("Eine Vorlage &lt;für&gt; Container."),
            "{list}"
        );
        let tip = g.tooltip(
            1,
            "Image",
            &Page::new("teil/x.md", "teil/x.html", "X"),
            "gloss-1",
        );
        assert!(
            tip.contains(
                "href=\"../anhang/glossar.html#g-image\" aria-describedby=\"gloss-1\">Image</a>"
            ),
            "{tip}"
        );
        assert!(
            tip.contains(
                "role=\"tooltip\" id=\"gloss-1\">Eine Vorlage &lt;für&gt; Container.</span>"
            ),
            "{tip}"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = load("[[term]]\nterm = \"A\"\ndefinition = \"x\"\n[[term]]\nterm = \"B\"\naliases = [\"a\"]\ndefinition = \"y\"\n").unwrap_err();
        assert!(e.message.contains("two glossary entries"), "{e}");
        assert_eq!(e.location.unwrap().line, 4);
        let e = load("[[term]]\nterm = \"A\"\n").unwrap_err();
        assert!(
            e.to_string().starts_with(
                "data/glossary.toml:1:1: error: invalid TOML: missing field `definition`"
            ),
            "{e}"
        );
    }
}
