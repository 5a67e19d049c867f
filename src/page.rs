//! A page's address: the chapter's source path, the page's output path and
//! title, and how ids and links to chapters are written on it: on the
//! chapter's own page, or on print.html, where every chapter shares one page
//! and its ids carry the chapter's prefix. Markdown, shortcodes and the
//! glossary all address pages through this one type.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::markdown::slug;
use crate::paths;

/// Where a page is. Serialised as Tera shortcodes see it: `page.title` and
/// `page.path`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Page<'a> {
    /// Source path relative to the content folder (`docker/images.md`).
    #[serde(skip)]
    pub source: &'a str,
    /// Output path relative to the site root (`docker/images.html`).
    #[serde(rename = "path")]
    pub output: &'a str,
    /// The chapter's title.
    pub title: &'a str,
    /// Set when rendering for print.html, where every chapter shares one page.
    #[serde(skip)]
    pub print: Option<&'a PrintMap>,
}

impl<'a> Page<'a> {
    /// The chapter's own page.
    pub fn new(source: &'a str, output: &'a str, title: &'a str) -> Page<'a> {
        Page {
            source,
            output,
            title,
            print: None,
        }
    }

    /// The chapter's part of print.html.
    pub fn on_print_page(self, print: &'a PrintMap) -> Page<'a> {
        Page {
            print: Some(print),
            ..self
        }
    }

    /// An id as written on the page: on print.html prefixed with the
    /// chapter's, so the ids of all chapters stay unique there.
    pub fn anchor(&self, id: &str) -> String {
        match self.print.and_then(|p| p.prefix(self.source)) {
            Some(prefix) => format!("{prefix}--{id}"),
            None => id.to_string(),
        }
    }

    /// The URL of a file of the book (its path from the content folder) when
    /// the page is not where its source is (print.html, the start page made
    /// from a chapter in a folder); `None` when the link as written works.
    pub fn file_href(&self, path: &str) -> Option<String> {
        let dir = |p: &'a str| p.rsplit_once('/').map_or("", |(d, _)| d);
        if self.print.is_some() {
            // print.html is at the site root.
            Some(paths::encode_path(path))
        } else {
            (dir(self.source) != dir(self.output))
                .then(|| paths::encode_path(&paths::relative_url(self.output, path)))
        }
    }

    /// The URL of a chapter (by source path) with an optional fragment
    /// (as written): relative on the chapter's page, within print.html there.
    pub fn chapter_href(&self, source: &str, fragment: Option<&str>) -> String {
        if let Some(prefix) = self.print.and_then(|p| p.prefix(source)) {
            return match fragment.filter(|f| !f.is_empty()) {
                Some(f) => format!("#{prefix}--{f}"),
                None => format!("#{prefix}"),
            };
        }
        let mut url = paths::encode_path(&paths::relative_url(
            self.output,
            &paths::output_path(source),
        ));
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(f);
        }
        url
    }
}

/// The chapters on print.html: each one's id prefix, by source path.
#[derive(Debug, Default)]
pub struct PrintMap {
    prefixes: HashMap<String, String>,
}

impl PrintMap {
    /// From (source, output) paths: `docker/images.html` gets `docker-images`.
    pub fn new<'s>(chapters: impl IntoIterator<Item = (&'s str, &'s str)>) -> PrintMap {
        let mut used = HashSet::new();
        let prefixes = chapters
            .into_iter()
            .map(|(source, output)| {
                let base = output.trim_end_matches(".html").replace('/', "-");
                let mut prefix = slug::id_from_content(&base);
                let mut n = 1;
                while !used.insert(prefix.clone()) {
                    prefix = format!("{}-{n}", slug::id_from_content(&base));
                    n += 1;
                }
                (source.to_string(), prefix)
            })
            .collect();
        PrintMap { prefixes }
    }

    /// The id of a chapter's start on print.html.
    pub fn prefix(&self, source: &str) -> Option<&str> {
        self.prefixes.get(source).map(String::as_str)
    }
}
