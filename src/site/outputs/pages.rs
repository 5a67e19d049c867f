//! Chapter pages and the start page (`index.html`: the first chapter again,
//! a redirect to it when it lies in a folder, or an empty page).

use rayon::prelude::*;

use super::{Output, Scope, by_template_line, put};
use crate::diag::Diagnostic;
use crate::output::Sink;
use crate::paths::encode_path;
use crate::render::context::RedirectContext;
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
        let write = |out: &str, html: Result<String, Diagnostic>| match html {
            Ok(html) => put(sink, out, html.as_bytes()).map(|d| (None, d)),
            Err(d) => Some((Some(out.to_string()), d)),
        };
        let chapters = &site.book.chapters;
        let mut problems: Vec<(Option<String>, Diagnostic)> = (0..chapters.len())
            .into_par_iter()
            .filter(|&i| scope.has_chapter(i))
            .filter_map(|i| {
                write(
                    &chapters[i].output,
                    site.chapter_page(i, &chapters[i].output),
                )
            })
            .collect();
        problems.extend(start_page(site, scope).and_then(|html| write("index.html", html)));
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
/// chapter again, a redirect to it when it lies in a folder, or an empty
/// page. `None` when there is none, or the scope does not touch it.
fn start_page(site: &Prepared, scope: Scope) -> Option<Result<String, Diagnostic>> {
    if site.has_index_chapter() || !scope.has_chapter(0) {
        return None;
    }
    match site.book.chapters.first() {
        Some(first) if !first.output.contains('/') => Some(site.chapter_page(0, "index.html")),
        // Neither a redirect nor an empty page depends on a chapter's content.
        _ if !scope.is_all() => None,
        Some(first) => Some(site.renderer.redirect(&RedirectContext {
            url: &encode_path(&first.output),
        })),
        None => {
            let title = site.lang.strings().not_found_title;
            Some(
                site.renderer
                    .page(&site.root_page_context(title, "", "index.html")),
            )
        }
    }
}
