//! The template context of each page (`page` in `page.html`): a chapter's
//! page, the start page and the 404 page share one builder.

use super::outputs::redirects::fragments_script;
use super::prepare::Prepared;
use crate::book::Chapter;
use crate::book::summary::format_number;
use crate::markdown::{CodeFeatures, Html, Rendered};
use crate::paths::{encode_path, path_to_root, relative_url};
use crate::render::RenderError;
use crate::render::context::{NavLink, PageContext, TocEntry};

impl Prepared {
    /// The book's title (may be empty).
    pub(super) fn book_title(&self) -> &str {
        self.config.config.book.title.as_deref().unwrap_or_default()
    }

    /// A chapter's number as shown ("2.1."), unless numbers are hidden.
    pub(super) fn shown_number(&self, ch: &Chapter) -> Option<String> {
        ch.number
            .as_deref()
            .filter(|_| self.show_numbers)
            .map(format_number)
    }

    /// The sidebar for a page at `out_path`, that page marked.
    fn sidebar(&self, out_path: &str, current: &str) -> String {
        self.sidebars[&path_to_root(out_path)].for_page(current)
    }

    /// The context of chapter `i`, written at `out_path` (its own path, or
    /// index.html for the first).
    pub(super) fn chapter_context<'a>(&'a self, i: usize, out_path: &'a str) -> PageContext<'a> {
        let chapters = &self.book.chapters;
        let ch = &chapters[i];
        let r = &self.rendered[i];
        let nav = |j: Option<usize>| {
            j.and_then(|j| chapters.get(j)).map(|o| NavLink {
                title: o.title.clone(),
                url: encode_path(&relative_url(out_path, &o.output)),
            })
        };
        let html = &self.config.config.output.html;
        PageContext {
            title: &ch.title,
            html_title: html_title(ch, self.book_title()),
            description: ch.front.description.as_deref().or(self
                .config
                .config
                .book
                .description
                .as_deref()),
            number: self.shown_number(ch),
            content: &r.html,
            toc: toc(r),
            path: out_path,
            sidebar: self.sidebar(out_path, &ch.output),
            path_to_root: path_to_root(out_path),
            edit_url: html.edit_url_template.as_ref().map(|t| {
                let src_rel = crate::paths::path_to_slash(&self.book.src_rel);
                t.replace("{path}", &format!("{src_rel}/{}", ch.source))
            }),
            prev: nav(i.checked_sub(1)),
            next: nav(Some(i + 1)),
            is_404: false,
            base_href: None,
            canonical_url: self
                .site_url
                .absolute
                .as_ref()
                .map(|a| format!("{a}{}", encode_path(out_path))),
            fragment_redirects: self.redirects.on_pages.get(out_path).map(fragments_script),
            code: r.code,
        }
    }

    /// The page of chapter `i`, written at `out_path`.
    pub(super) fn chapter_page(
        &self,
        i: usize,
        out_path: &str,
        out: &mut dyn std::io::Write,
    ) -> Result<(), RenderError> {
        self.renderer.page(&self.chapter_context(i, out_path), out)
    }

    /// The start page made from chapter `i` in a folder: its page again at
    /// the site root (as mdBook does), its content rendered for there so
    /// that links, images and `index.html#anchor` work.
    pub(super) fn chapter_page_at_root(
        &self,
        i: usize,
        out: &mut dyn std::io::Write,
    ) -> Result<(), RenderError> {
        let r = self.render_chapter_at(&self.book.chapters[i], "index.html");
        let mut page = self.chapter_context(i, "index.html");
        page.content = &r.html;
        self.renderer.page(&page, out)
    }

    /// A page at the site root that is not a chapter: the start page of a
    /// book without chapters, or the 404 page.
    pub(super) fn root_page_context<'a>(
        &'a self,
        title: &'a str,
        content: &'a Html,
        path: &'a str,
    ) -> PageContext<'a> {
        PageContext {
            title,
            html_title: title.to_string(),
            description: None,
            number: None,
            content,
            toc: Vec::new(),
            path,
            path_to_root: String::new(),
            edit_url: None,
            prev: None,
            next: None,
            sidebar: self.sidebar("", ""),
            is_404: false,
            base_href: None,
            canonical_url: None,
            fragment_redirects: None,
            code: CodeFeatures::default(),
        }
    }

    /// No chapter is `index.html`: the start page is made from the first.
    pub(super) fn has_index_chapter(&self) -> bool {
        self.book.chapters.iter().any(|c| c.output == "index.html")
    }
}

fn html_title(ch: &Chapter, book_title: &str) -> String {
    if let Some(t) = &ch.title_override {
        return t.clone();
    }
    let title = ch.front.title.as_deref().unwrap_or(&ch.title);
    if book_title.is_empty() || title == book_title {
        title.to_string()
    } else {
        format!("{title} - {book_title}")
    }
}

/// The page's h2 and h3 headings.
pub(super) fn toc(r: &Rendered) -> Vec<TocEntry<'_>> {
    r.headings
        .iter()
        .filter(|h| (h.level == 2 || h.level == 3) && !h.text.is_empty())
        .map(|h| TocEntry {
            level: h.level,
            id: &h.id,
            title: &h.text,
        })
        .collect()
}
