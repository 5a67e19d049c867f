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
        let chapters = &site.book.chapters;
        let mut failed: Vec<(String, Diagnostic)> = (0..chapters.len())
            .into_par_iter()
            .filter(|&i| scope.has_chapter(i))
            .filter_map(|i| {
                let out = &chapters[i].output;
                let problem = match site.chapter_page(i, out) {
                    Ok(html) => put(sink, out, html.as_bytes())?,
                    Err(d) => d,
                };
                Some((out.clone(), problem))
            })
            .collect();
        if !site.has_index_chapter() && (scope.is_all() || site.first_chapter_is_start_page()) {
            let start = match chapters.first() {
                _ if !scope.has_chapter(0) => None,
                Some(first) if !first.output.contains('/') => {
                    Some(site.chapter_page(0, "index.html"))
                }
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
            };
            match start {
                Some(Ok(html)) => failed.extend(
                    put(sink, "index.html", html.as_bytes()).map(|d| ("index.html".to_string(), d)),
                ),
                Some(Err(d)) => failed.push(("index.html".to_string(), d)),
                None => {}
            }
        }
        by_template_line(failed)
    }
}
