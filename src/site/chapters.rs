//! Each chapter's Markdown rendered once, in parallel: for its page, and once
//! more for print.html (reusing the code highlighted for its page). The one
//! place that builds the renderer's inputs, for a build and for `serve`.

use std::time::Instant;

use rayon::prelude::*;

use super::prepare::Prepared;
use super::timing;
use crate::book::include::Roots;
use crate::book::{self, Book, Chapter, ChapterEntry, LoadOptions};
use crate::diag::{Diagnostic, Diagnostics};
use crate::glossary::Glossary;
use crate::markdown::code::CodeOptions;
use crate::markdown::{self, Inputs, Rendered};
use crate::page::{Page, PrintMap};
use crate::shortcode::{self, Problem, Registry};

impl Prepared {
    /// The shortcode context for rendering this book's chapters.
    fn shortcodes(&self) -> shortcode::Context<'_> {
        shortcode::Context {
            registry: &self.registry,
            tera: &self.renderer.theme().tera,
            shown_templates: &self.renderer.theme().shown_templates,
            data: &self.data,
            lang: self.lang,
            md_opts: &self.md_opts,
            glossary: self.glossary.as_ref(),
            glossary_invalid: self.glossary_invalid,
        }
    }

    /// One chapter's Markdown, rendered for its page, or for print.html
    /// (reusing the code highlighted for its page).
    pub(super) fn render_chapter(
        &self,
        ch: &Chapter,
        print: Option<(&PrintMap, &Rendered)>,
    ) -> Rendered {
        markdown::render(
            &ch.expanded.text,
            &inputs(ch, self.glossary.as_ref(), print, &self.code_opts),
            &self.md_opts,
            &self.highlighter,
            Some(&self.shortcodes()),
        )
    }

    /// A chapter's Markdown rendered for a page at `output` instead of its
    /// own (the start page): links to files and chapters work from there.
    /// Its problems were reported with its own page.
    pub(super) fn render_chapter_at(&self, ch: &Chapter, output: &str) -> Rendered {
        let mut input = inputs(ch, self.glossary.as_ref(), None, &self.code_opts);
        input.page = Page::new(&ch.source, output, &ch.title);
        markdown::render(
            &ch.expanded.text,
            &input,
            &self.md_opts,
            &self.highlighter,
            Some(&self.shortcodes()),
        )
    }

    /// Every chapter for its page and for print.html.
    pub(super) fn render_chapters(&mut self, diags: &mut Diagnostics) {
        let chapters = &self.book.chapters;
        let t = Instant::now();
        let rendered: Vec<Rendered> = chapters
            .par_iter()
            .map(|ch| self.render_chapter(ch, None))
            .collect();
        timing("markdown", t);
        // print.html: every chapter once more, with ids and links for one page.
        let t = Instant::now();
        let print = self.config.config.output.html.print.enable.then(|| {
            let map = self.print_map();
            let parts = chapters
                .par_iter()
                .zip(&rendered)
                .map(|(ch, r)| self.render_chapter(ch, Some((&map, r))).html)
                .collect();
            (map, parts)
        });
        timing("print", t);
        let mut rendered = rendered;
        // Only print.html needed the highlighted code again (serve renders a
        // changed chapter for its page first, which highlights it afresh).
        for r in &mut rendered {
            r.code_html = Vec::new();
        }
        for (ch, r) in chapters.iter().zip(&rendered) {
            diags.extend(placed_problems(ch, r));
        }
        self.rendered = rendered;
        self.print = print;
    }

    /// The chapters' ids on print.html.
    fn print_map(&self) -> PrintMap {
        PrintMap::new(
            self.book
                .chapters
                .iter()
                .map(|c| (c.source.as_str(), c.output.as_str())),
        )
    }

    /// The 404 page: a Markdown file of the content folder (`404.md` or
    /// `input-404`), or none (the theme's text).
    pub(super) fn render_404(&self, diags: &mut Diagnostics) -> Option<(Chapter, Rendered)> {
        let config = &self.config;
        let configured = config.config.output.html.input_404.as_deref();
        let input_404 = configured.unwrap_or("404.md");
        let src_dir = self.root.join(&self.src_rel);
        if input_404.is_empty() || !src_dir.join(input_404).is_file() {
            if configured.is_some_and(|s| !s.is_empty()) {
                diags.push(config.diag_at(
                    Diagnostic::error(format!(
                        "`input-404 = \"{input_404}\"`: no such file in the content folder"
                    )),
                    config.text.find("input-404").unwrap_or(0),
                ));
            }
            return None;
        }
        let entry = ChapterEntry {
            title: self.lang.strings().not_found_title,
            number: None,
            source: input_404,
            output: "404.html",
        };
        let (chapter, ds) = self.load_chapter(entry, config.config.build.create_missing);
        diags.extend(ds);
        let ch = chapter?;
        let r = self.render_chapter(&ch, None);
        diags.extend(placed_problems(&ch, &r));
        Some((ch, r))
    }

    /// Reads one page's file from the content folder.
    pub(super) fn load_chapter(
        &self,
        entry: ChapterEntry,
        create_missing: bool,
    ) -> (Option<Chapter>, Vec<Diagnostic>) {
        let load_opts = LoadOptions {
            root: &self.root,
            read_roots: &self.read_roots,
            shown_root: &self.shown,
            src_rel: &self.src_rel,
            create_missing,
        };
        let roots = Roots {
            book_root: &self.root,
            shown_root: &self.shown,
            read: &self.read_roots,
        };
        book::load_chapter(entry, &self.root.join(&self.src_rel), &load_opts, &roots)
    }
}

/// What the Markdown renderer needs to know about a chapter.
fn inputs<'a>(
    ch: &'a Chapter,
    glossary: Option<&'a Glossary>,
    print: Option<(&'a PrintMap, &'a Rendered)>,
    code: &'a CodeOptions,
) -> Inputs<'a> {
    // No tooltips on the glossary itself, nor where the author said no.
    let tooltips = ch.front.glossary != Some(false)
        && glossary.is_some_and(|g| g.page.as_deref() != Some(ch.source.as_str()));
    let page = Page::new(&ch.source, &ch.output, &ch.title);
    Inputs {
        page: match print {
            Some((map, _)) => page.on_print_page(map),
            None => page,
        },
        glossary: glossary.filter(|_| tooltips),
        objectives: &ch.front.objectives,
        summary: ch.front.summary.as_deref(),
        highlighted: print.map_or(&[], |(_, r)| r.code_html.as_slice()),
        code,
    }
}

/// The chapter that shows the glossary (`{{ glossary() }}`); a second one
/// is a warning, tooltips link to the first.
pub(super) fn glossary_page(
    book: &Book,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut pages = book
        .chapters
        .iter()
        .filter(|ch| markdown::calls_shortcode(&ch.expanded.text, "glossary", registry));
    let first = pages.next()?;
    for other in pages {
        diags.push(
            Diagnostic::warning(format!(
                "the glossary is shown in `{}` too; its tooltips link to `{}`",
                other.source, first.source
            ))
            .in_file(&other.expanded.files[0].shown),
        );
    }
    Some(first.source.clone())
}

/// A chapter's shortcode problems as diagnostics at their files and lines.
pub(super) fn placed_problems(ch: &Chapter, r: &Rendered) -> Vec<Diagnostic> {
    r.problems
        .iter()
        .map(|p| match p {
            Problem::At(e) => ch.expanded.diag_at(e.diagnostic(), e.offset),
            Problem::Placed(d) => d.clone(),
        })
        .collect()
}
