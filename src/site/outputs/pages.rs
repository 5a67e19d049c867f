//! Chapter pages and the start page (`index.html`: the first chapter again,
//! rendered for the site root when it lies in a folder, or an empty page).

use rayon::prelude::*;

use super::{Output, PageFailure, Render, Scope, by_template_line, render_page};
use crate::diag::Diagnostic;
use crate::markdown::Html;
use crate::output::Sink;
use crate::site::prepare::Prepared;

pub struct ChapterPages;

impl Output for ChapterPages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn paths(&self, site: &Prepared) -> Vec<String> {
        let chapters = site.book.chapters.iter().map(|c| c.output.clone());
        chapters.chain(["index.html".to_string()]).collect()
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        // Each page is written as soon as it is rendered (a big book's pages
        // never sit in memory together). A problem comes back with the page
        // when the page failed to render, alone when it failed to write.
        let write = |page: &str, render: &Render| match render_page(sink, page, render) {
            Ok(()) => None,
            Err(PageFailure::Render(d)) => Some((Some(page.to_string()), d)),
            Err(PageFailure::Write(d)) => Some((None, d)),
        };
        let chapters = &site.book.chapters;
        let mut problems: Vec<(Option<String>, Diagnostic)> = (0..chapters.len())
            .into_par_iter()
            .filter(|&i| scope.has_chapter(i))
            .filter_map(|i| {
                let page = &chapters[i].output;
                write(page, &|out| site.chapter_page(i, page, out))
            })
            .collect();
        problems.extend(start_page(site, scope).and_then(|render| write("index.html", &*render)));
        let (mut diags, mut failed) = (Vec::new(), Vec::new());
        for (page, d) in problems {
            match page {
                Some(page) => failed.push((page, d)),
                None => diags.push(d),
            }
        }
        diags.extend(by_template_line(failed));
        diags
    }
}

/// The start page when the book has no `index.html` chapter: the first
/// chapter again (rendered for the site root when it lies in a folder), or
/// an empty page. `None` when there is none, or the scope does not touch it.
fn start_page<'a>(site: &'a Prepared, scope: Scope) -> Option<Box<Render<'a>>> {
    if site.has_index_chapter() || !scope.has_chapter(0) {
        return None;
    }
    match site.book.chapters.first() {
        Some(first) if !first.output.contains('/') => {
            Some(Box::new(|out| site.chapter_page(0, "index.html", out)))
        }
        Some(_) => Some(Box::new(|out| site.chapter_page_at_root(0, out))),
        // An empty page does not depend on a chapter's content.
        None if !scope.is_all() => None,
        None => {
            let title = site.lang.strings().not_found_title;
            Some(Box::new(move |out| {
                let empty = Html::default();
                let page = site.root_page_context(title, &empty, "index.html");
                site.renderer.page(&page, out)
            }))
        }
    }
}
