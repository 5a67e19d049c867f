//! Shortcodes: `{{ name(args) }}` and `{% name(args) %}` … `{% end %}` calls in
//! chapters. Built in: `diagram`, `compare`, `quiz` and `glossary` (one
//! [`builtin::BuiltIn`] entry each, in [`BUILT_INS`]); any
//! `templates/shortcodes/NAME.html` of the book or the theme is one too (Tera,
//! with the arguments, `body`, `page` and `book`; see [`user`]).
//!
//! [`syntax`] finds the calls with their byte ranges; the Markdown renderer
//! expands them on the parsed event stream (nothing is pasted into the text),
//! through [`Context::expand`]. Every problem is an [`OffsetError`] at a
//! byte offset of the chapter, or a diagnostic already placed in a data file.

pub mod builtin;
pub mod compare;
pub mod data;
pub mod diagram;
pub mod glossary;
pub mod quiz;
pub mod syntax;
mod user;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, OffsetError};
use crate::i18n::UiLang;
use crate::markdown::inline::MarkdownOptions;
use crate::page::Page;
pub use builtin::{BuiltIn, Invocation};
pub use data::{DataDir, data_dir};
use syntax::{Call, CallKind, Names};

/// The built-in shortcodes. A new one is a file with its `BUILT_IN` entry
/// and one line here.
pub const BUILT_INS: &[&BuiltIn] = &[
    &diagram::BUILT_IN,
    &compare::BUILT_IN,
    &quiz::BUILT_IN,
    &glossary::BUILT_IN,
];

/// Ids of shortcodes that are not built in (Tera ones) are `fig-N`.
const USER_ID_PREFIX: &str = "fig";

/// The shortcodes a book knows: the built-ins and its Tera ones.
#[derive(Debug, Default)]
pub struct Registry {
    /// Name → template name (`shortcodes/NAME.html`).
    user: BTreeMap<String, String>,
}

impl Registry {
    pub fn new(tera: &tera::Tera) -> Registry {
        let user = tera
            .get_template_names()
            .filter_map(|t| {
                let name = t.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
                (!name.contains('/')).then(|| (name.to_string(), t.to_string()))
            })
            .collect();
        Registry { user }
    }

    /// The built-in called `name`: built-ins come before a book's templates.
    pub fn built_in(&self, name: &str) -> Option<&'static BuiltIn> {
        BUILT_INS.iter().copied().find(|b| b.name == name)
    }

    /// The prefix of the ids a call of `name` makes (`fig`, `cmp`, `quiz`).
    pub fn id_prefix(&self, name: &str) -> &'static str {
        self.built_in(name).map_or(USER_ID_PREFIX, |b| b.id_prefix)
    }

    /// Every name, for messages.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = BUILT_INS.iter().map(|b| b.name).collect();
        v.extend(self.user.keys().map(String::as_str));
        v
    }
}

impl Names for Registry {
    fn is_known(&self, name: &str) -> bool {
        self.built_in(name).is_some() || self.user.contains_key(name)
    }

    fn suggest(&self, name: &str) -> Option<String> {
        if name.len() < 4 {
            return None;
        }
        // One typo for short names, two for longer ones: `range` is not `badge`.
        let max = if name.chars().count() <= 6 { 1 } else { 2 };
        self.names()
            .into_iter()
            .map(|n| (strsim::levenshtein(name, n), n))
            .filter(|(d, _)| *d <= max)
            .min()
            .map(|(_, n)| n.to_string())
    }
}

/// A problem from expanding a call.
#[derive(Debug, Clone)]
pub enum Problem {
    /// At a byte offset of the text being rendered.
    At(OffsetError),
    /// Already placed (in a data file).
    Placed(Diagnostic),
}

impl From<OffsetError> for Problem {
    fn from(e: OffsetError) -> Problem {
        Problem::At(e)
    }
}

/// What a shortcode produced.
pub struct Markup {
    pub html: String,
    /// Markup that must not sit inside a paragraph.
    pub block: bool,
    /// Data files read, relative to `data/` (for watching them).
    pub data_files: Vec<String>,
    pub problems: Vec<Problem>,
    /// The text the search index gets, when not simply the HTML's text.
    pub search_text: Option<String>,
    /// What that text is to the search (a quiz weighs less than prose).
    pub search_part: crate::search::Part,
}

/// The body of a block call, as handed to the shortcode: the text and, per
/// line, where it starts in the rendered text (for positions of errors).
pub struct Body<'t> {
    pub text: String,
    pub lines: Vec<(usize, usize)>,
    pub source: &'t str,
}

impl Body<'_> {
    /// Offset in the rendered text of byte `offset` of the body.
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self
            .lines
            .partition_point(|&(b, _)| b <= offset)
            .saturating_sub(1);
        match self.lines.get(i) {
            Some(&(b, s)) => s + (offset - b),
            None => offset,
        }
    }
}

/// Everything expansion needs; shared by all pages of a build.
pub struct Context<'a> {
    pub registry: &'a Registry,
    pub tera: &'a tera::Tera,
    pub shown_templates: &'a BTreeMap<String, PathBuf>,
    pub data: &'a DataDir,
    pub lang: UiLang,
    pub md_opts: &'a MarkdownOptions,
    /// `data/glossary.toml`, when the book has one.
    pub glossary: Option<&'a crate::glossary::Glossary>,
    /// `data/glossary.toml` exists but is invalid (reported where it is wrong).
    pub glossary_invalid: bool,
}

impl Context<'_> {
    /// Expands one call. `id` is unique on the page (for ids in the output);
    /// `render_body` renders Markdown for Tera shortcodes' `body`.
    pub fn expand(
        &self,
        call: &Call,
        body: Option<&Body>,
        id: &str,
        page: &Page,
        render_body: &mut dyn FnMut(&Body) -> (String, Vec<Problem>),
    ) -> Markup {
        let mut out = Markup {
            html: String::new(),
            block: true,
            data_files: Vec::new(),
            problems: Vec::new(),
            search_text: None,
            search_part: crate::search::Part::Prose,
        };
        let result = match self.registry.built_in(&call.name) {
            Some(b) => {
                let inv = Invocation {
                    ctx: self,
                    call,
                    body,
                    id,
                    page,
                };
                b.invoke(&inv, &mut out)
            }
            None => user::expand(self, call, body, page, render_body, &mut out),
        };
        match result {
            Ok(html) => out.html = html,
            Err(p) => out.problems.push(p),
        }
        out
    }
}

/// The literal text of `{{/* … */}}`.
pub fn literal(call: &Call) -> Option<&str> {
    match &call.kind {
        CallKind::Literal { text } => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_typos() {
        let r = Registry::default();
        assert_eq!(r.suggest("digram").as_deref(), Some("diagram"));
        assert_eq!(r.suggest("compair").as_deref(), Some("compare"));
        assert_eq!(r.suggest("range"), None);
        assert_eq!(r.suggest("abc"), None);
    }

    #[test]
    fn every_built_in_is_listed_once_with_its_id_prefix() {
        let r = Registry::default();
        let names = r.names();
        assert_eq!(names, ["diagram", "compare", "quiz", "glossary"]);
        assert_eq!(r.id_prefix("compare"), "cmp");
        assert_eq!(r.id_prefix("quiz"), "quiz");
        assert_eq!(r.id_prefix("diagram"), "fig");
        assert_eq!(r.id_prefix("note"), "fig", "a book's own shortcode");
    }
}
