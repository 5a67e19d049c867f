//! `toc.html`: the sidebar as a page of its own, as mdBook 0.5 writes it,
//! for embedding (an `<iframe>`) and for readers without JavaScript. Its
//! links start at the site root and open in the embedding page. It depends
//! on SUMMARY.md alone, so `serve` writes it with a full build only.

use super::{Output, Scope, put_page};
use crate::diag::Diagnostic;
use crate::output::Sink;
use crate::render::context::TocContext;
use crate::render::sidebar::Sidebar;
use crate::site::prepare::Prepared;

pub struct TocPage;

impl Output for TocPage {
    fn name(&self) -> &'static str {
        "toc"
    }

    fn paths(&self, _: &Prepared) -> Vec<String> {
        vec!["toc.html".to_string()]
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !scope.is_all() {
            return Vec::new();
        }
        let sidebar =
            Sidebar::for_frame(&site.book.summary, site.show_numbers, site.lang.strings());
        let toc = TocContext { sidebar: &sidebar };
        put_page(sink, "toc.html", &|out| site.renderer.toc(&toc, out))
            .into_iter()
            .collect()
    }
}
