//! `print.html`: every chapter in SUMMARY order on one page, ids prefixed per
//! chapter, links between chapters made in-page. Any chapter's change
//! changes it.

use super::{Output, Scope, put_page};
use crate::diag::Diagnostic;
use crate::markdown::CodeFeatures;
use crate::output::Sink;
use crate::render::context::{PrintChapter, PrintContext};
use crate::site::prepare::Prepared;

pub struct PrintPage;

impl Output for PrintPage {
    fn name(&self) -> &'static str {
        "print"
    }

    fn paths(&self, site: &Prepared) -> Vec<String> {
        site.print
            .iter()
            .map(|_| "print.html".to_string())
            .collect()
    }

    fn write(&self, site: &Prepared, _: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        let Some((map, parts)) = &site.print else {
            return Vec::new();
        };
        let chapters = site
            .book
            .chapters
            .iter()
            .zip(parts)
            .map(|(ch, html)| PrintChapter {
                id: map.prefix(&ch.source).unwrap_or_default(),
                title: &ch.title,
                number: site.shown_number(ch),
                content: html,
            })
            .collect();
        let print = PrintContext {
            title: site.book_title(),
            page_break: site.config.config.output.html.print.page_break,
            chapters,
            code: site
                .rendered
                .iter()
                .fold(CodeFeatures::default(), |all, r| all.union(r.code)),
        };
        put_page(sink, "print.html", &|out| site.renderer.print(&print, out))
            .into_iter()
            .collect()
    }
}
