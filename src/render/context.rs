//! What templates see. Typed structs, serialised for Tera; the names here are
//! the variables a theme author uses, documented in the author guide.

use serde::Serialize;

use crate::config::ThemeChoice;
use crate::markdown::{CodeFeatures, Html};

/// Book-wide values, put once into Tera's global context.
#[derive(Debug, Serialize)]
pub struct BookContext {
    pub title: String,
    pub description: Option<String>,
    pub authors: Vec<String>,
    /// The `lang` of every page (`de`, `en`, …).
    pub language: String,
    /// `ltr` or `rtl`.
    pub text_direction: &'static str,
    pub default_theme: ThemeChoice,
    pub preferred_dark_theme: ThemeChoice,
    pub repository_url: Option<String>,
    /// Site-relative paths of `additional-css` / `additional-js` files.
    pub additional_css: Vec<String>,
    pub additional_js: Vec<String>,
    pub generator: &'static str,
    /// Code blocks have a copy button (`[output.html.playground] copyable`).
    pub copyable: bool,
    /// What runnable Rust blocks do.
    pub playground: PlaygroundContext,
}

/// `[output.html.playground]` and the playground's URL, for the code script.
#[derive(Debug, Serialize)]
pub struct PlaygroundContext {
    /// Where the Run button posts the code (mdBook's `evaluate.json` API).
    pub url: String,
    /// `editable` blocks can be edited (`editable` and `copy-js`, as in mdBook).
    pub editable: bool,
    /// Editable blocks show line numbers.
    pub line_numbers: bool,
}

#[derive(Debug, Serialize)]
pub struct NavLink {
    pub title: String,
    /// Relative to the current page.
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

/// One page: a chapter, the start page or the 404 page.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    /// The chapter title from SUMMARY.md.
    pub title: &'a str,
    /// The whole `<title>`.
    pub html_title: String,
    pub description: Option<&'a str>,
    /// "2.1." when the chapter is numbered (and numbers are shown).
    pub number: Option<String>,
    /// The chapter's HTML.
    pub content: &'a Html,
    /// The page's h2 and h3 headings.
    pub toc: Vec<TocEntry<'a>>,
    /// Output path of the page, relative to the site root.
    pub path: &'a str,
    /// `../` per folder level: prefix for every site-relative URL.
    pub path_to_root: String,
    pub edit_url: Option<String>,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    /// The sidebar's chapter tree, current page marked.
    pub sidebar: String,
    pub is_404: bool,
    /// Set on the 404 page, which is served from any URL: `<base href>`.
    pub base_href: Option<&'a str>,
    /// Full URL of the page when `site-url` is a full URL.
    pub canonical_url: Option<String>,
    /// Anchors gone from the page (`[output.html.redirect]` keys with a
    /// `#fragment`): old `#fragment` → new URL, as a JavaScript object.
    pub fragment_redirects: Option<String>,
    /// What the page's code blocks need from the code script.
    pub code: CodeFeatures,
}

/// `toc.html`: the sidebar as a page of its own.
#[derive(Debug, Serialize)]
pub struct TocContext<'a> {
    /// The chapter tree, links from the site root with `target="_parent"`.
    pub sidebar: &'a str,
}

/// A page that forwards to another URL.
#[derive(Debug, Serialize)]
pub struct RedirectContext<'a> {
    pub url: &'a str,
    /// Old `#fragment` → new URL, as a JavaScript object (`<` escaped;
    /// `{}` when there are none).
    pub fragments: String,
}

/// print.html: the whole book on one page.
#[derive(Debug, Serialize)]
pub struct PrintContext<'a> {
    pub title: &'a str,
    /// Each chapter starts on a new printed page.
    pub page_break: bool,
    pub chapters: Vec<PrintChapter<'a>>,
    /// What the chapters' code blocks need from the code script.
    pub code: CodeFeatures,
}

#[derive(Debug, Serialize)]
pub struct PrintChapter<'a> {
    /// The id of the chapter's start; its own ids are prefixed with it and `--`.
    pub id: &'a str,
    pub title: &'a str,
    pub number: Option<String>,
    /// The chapter's HTML, rendered for this page.
    pub content: &'a Html,
}
