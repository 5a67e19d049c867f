//! HTML pages from templates: the theme, the typed contexts and the sidebar.

pub mod context;
pub mod sidebar;

use tera::Context;

use crate::diag::Diagnostic;
use crate::theme::{self, Theme};
use context::{BookContext, PageContext, PrintContext, RedirectContext};

/// About what the default theme adds around a page's content (head,
/// sidebar, navigation); more only costs a reallocation.
const THEME_MARKUP: usize = 64 * 1024;

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

    /// Renders into a buffer of `content` bytes plus room for the theme's
    /// markup and the page's table of contents (an eighth more): grown by
    /// doubling, the page of a 50 MB chapter would take 128 MB.
    fn render(&self, template: &str, ctx: &Context, content: usize) -> Result<String, Diagnostic> {
        let error = |e: tera::Error| theme::template_error(&e, &self.theme.shown_templates);
        let mut out = Vec::with_capacity(content + content / 8 + THEME_MARKUP);
        self.theme
            .tera
            .render_to(template, ctx, &mut out)
            .map_err(error)?;
        String::from_utf8(out).map_err(|e| error(e.into()))
    }

    pub fn page(&self, page: &PageContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("page", page);
        ctx.insert("root", &page.path_to_root);
        self.render("page.html", &ctx, page.content.len())
    }

    pub fn print(&self, print: &PrintContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("print_page", print);
        ctx.insert("root", "");
        let content = print.chapters.iter().map(|c| c.content.len()).sum();
        self.render("print.html", &ctx, content)
    }

    pub fn redirect(&self, redirect: &RedirectContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("redirect", redirect);
        self.render("redirect.html", &ctx, 0)
    }
}
