//! HTML pages from templates: the theme, the typed contexts and the sidebar.

pub mod context;
pub mod sidebar;

use tera::Context;

use crate::diag::Diagnostic;
use crate::theme::{self, Theme};
use context::{BookContext, PageContext, PrintContext, RedirectContext};

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

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.theme
            .tera
            .render(template, ctx)
            .map_err(|e| theme::template_error(&e, &self.theme.shown_templates))
    }

    pub fn page(&self, page: &PageContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("page", page);
        ctx.insert("root", &page.path_to_root);
        self.render("page.html", &ctx)
    }

    pub fn print(&self, print: &PrintContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("print_page", print);
        ctx.insert("root", "");
        self.render("print.html", &ctx)
    }

    pub fn redirect(&self, redirect: &RedirectContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("redirect", redirect);
        self.render("redirect.html", &ctx)
    }
}
