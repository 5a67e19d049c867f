//! HTML pages from templates: the theme, the typed contexts and the sidebar.

pub mod context;
pub mod sidebar;

use std::io::Write;

use tera::Context;

use crate::diag::Diagnostic;
use crate::theme::{self, Theme};
use context::{BookContext, PageContext, PrintContext, RedirectContext, TocContext};

/// Renders pages with a loaded theme. Shared read-only by all threads.
pub struct PageRenderer {
    theme: Theme,
}

impl PageRenderer {
    pub fn new(mut theme: Theme, book: &BookContext, ui: &'static crate::i18n::UiStrings) -> Self {
        let globals = theme.tera.global_context();
        globals.insert("book", book);
        globals.insert("ui", ui);
        globals.insert("assets", &theme.asset_urls);
        PageRenderer { theme }
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Tells templates the site has a search index (`search` is true);
    /// without it the theme shows no search box.
    pub fn enable_search(&mut self) {
        self.theme.tera.global_context().insert("search", &true);
    }

    /// Tells templates the site has print.html (`print` is true).
    pub fn enable_print(&mut self) {
        self.theme.tera.global_context().insert("print", &true);
    }

    /// Renders straight into `out` (a file, for a build): the page of a
    /// 50 MB chapter is never held whole in memory on its way to disk.
    fn render(
        &self,
        template: &str,
        ctx: &Context,
        out: &mut dyn Write,
    ) -> Result<(), RenderError> {
        let mut out = Recording {
            inner: out,
            error: None,
        };
        match self.theme.tera.render_to(template, ctx, &mut out) {
            Ok(()) => Ok(()),
            Err(e) => Err(match out.error.take() {
                Some(io) => RenderError::Write(io),
                None => {
                    RenderError::Template(theme::template_error(&e, &self.theme.shown_templates))
                }
            }),
        }
    }

    pub fn page(&self, page: &PageContext, out: &mut dyn Write) -> Result<(), RenderError> {
        let mut ctx = Context::new();
        ctx.insert("page", page);
        ctx.insert("root", &page.path_to_root);
        self.render("page.html", &ctx, out)
    }

    pub fn print(&self, print: &PrintContext, out: &mut dyn Write) -> Result<(), RenderError> {
        let mut ctx = Context::new();
        ctx.insert("print_page", print);
        ctx.insert("root", "");
        self.render("print.html", &ctx, out)
    }

    pub fn toc(&self, toc: &TocContext, out: &mut dyn Write) -> Result<(), RenderError> {
        let mut ctx = Context::new();
        ctx.insert("toc", toc);
        ctx.insert("root", "");
        self.render("toc.html", &ctx, out)
    }

    pub fn redirect(
        &self,
        redirect: &RedirectContext,
        out: &mut dyn Write,
    ) -> Result<(), RenderError> {
        let mut ctx = Context::new();
        ctx.insert("redirect", redirect);
        self.render("redirect.html", &ctx, out)
    }
}

/// Why a page was not rendered: its template failed, or writing it did.
#[derive(Debug)]
pub enum RenderError {
    Template(Diagnostic),
    Write(std::io::Error),
}

/// A writer that keeps its first error, so a failed render can tell a
/// template's mistake from a full disk (Tera reports both as its error).
struct Recording<'a> {
    inner: &'a mut dyn Write,
    error: Option<std::io::Error>,
}

impl Write for Recording<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.error
                .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
