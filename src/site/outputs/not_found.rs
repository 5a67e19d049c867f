//! `404.html`: `404.md` of the content folder, or the theme's text. Served
//! for any missing URL at any depth, so a `<base>` makes its links work.

use super::{Output, Scope, put_page};
use crate::diag::Diagnostic;
use crate::markdown::Html;
use crate::output::Sink;
use crate::site::pages::toc;
use crate::site::prepare::Prepared;

pub struct NotFound;

impl Output for NotFound {
    fn name(&self) -> &'static str {
        "404"
    }

    fn paths(&self, _: &Prepared) -> Vec<String> {
        vec!["404.html".to_string()]
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !scope.is_all() {
            return Vec::new();
        }
        let ui = site.lang.strings();
        let default_body = Html::from(format!(
            "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"index.html\">{}</a></p>\n",
            ui.not_found_title, ui.not_found_text, ui.back_to_start
        ));
        let (content, toc, code) = match &site.page_404 {
            Some((_, r)) => (&r.html, toc(r), r.code),
            None => (&default_body, Vec::new(), Default::default()),
        };
        let mut ctx = site.root_page_context(ui.not_found_title, content, "404.html");
        ctx.toc = toc;
        ctx.code = code;
        let book_title = site.book_title();
        ctx.html_title = if book_title.is_empty() {
            ui.not_found_title.to_string()
        } else {
            format!("{} - {book_title}", ui.not_found_title)
        };
        ctx.is_404 = true;
        ctx.base_href = Some(&site.site_url.base_path);
        put_page(sink, "404.html", &|out| site.renderer.page(&ctx, out))
            .into_iter()
            .collect()
    }
}
