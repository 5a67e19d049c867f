//! Everything a build knows before it writes: the book read, every chapter
//! rendered once, print.html's parts, the 404 page, the paths of every output
//! and the result of checking every link against them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::locate::{Located, SiteUrl, locate, parse_site_url};
use super::outputs::redirects;
use super::{BuildOptions, timing};
use crate::book::reach::{ReadRoots, published_files};
use crate::book::{self, Book, Chapter, LoadOptions};
use crate::config::{LoadedConfig, Severity as LinkSeverity, TextDirection, ThemeChoice};
use crate::diag::{Diagnostic, Diagnostics};
use crate::glossary::Glossary;
use crate::highlight::Highlighter;
use crate::i18n::UiLang;
use crate::markdown::Html;
use crate::markdown::code::CodeOptions;
use crate::markdown::links::LinkTarget;
use crate::markdown::{MarkdownOptions, Rendered};
use crate::output;
use crate::page::PrintMap;
use crate::paths::{normalize, path_to_root, path_to_slash};
use crate::render::PageRenderer;
use crate::render::context::{BookContext, PlaygroundContext};
use crate::render::sidebar::Sidebar;
use crate::search::terms::Analyzer;
use crate::shortcode::{self, DataDir, Registry};
use crate::theme;

/// A book read and rendered, ready to be written (or updated by `serve`).
pub struct Prepared {
    pub(super) root: PathBuf,
    pub(super) shown: PathBuf,
    pub(super) src_rel: PathBuf,
    pub(super) config: LoadedConfig,
    pub(super) book: Book,
    pub(super) md_opts: MarkdownOptions,
    pub(super) code_opts: CodeOptions,
    pub(super) highlighter: Highlighter,
    pub(super) registry: Registry,
    pub(super) data: DataDir,
    pub(super) glossary: Option<Glossary>,
    /// `data/glossary.toml` exists but failed to load (its error is reported).
    pub(super) glossary_invalid: bool,
    pub(super) renderer: PageRenderer,
    pub(super) lang: UiLang,
    pub(super) site_url: SiteUrl,
    /// Chapter numbers are shown (not `no-section-label`).
    pub(super) show_numbers: bool,
    /// The sidebar per folder depth (keyed by the way back to the root).
    pub(super) sidebars: HashMap<String, Sidebar>,
    /// Each chapter rendered for its page, in book order.
    pub(super) rendered: Vec<Rendered>,
    /// print.html: the chapters' ids there, and each chapter rendered for it.
    pub(super) print: Option<(PrintMap, Vec<Html>)>,
    /// `404.md` of the content folder, rendered.
    pub(super) page_404: Option<(Chapter, Rendered)>,
    /// `[output.html.redirect]`, checked.
    pub(super) redirects: redirects::Redirects,
    pub(super) additional_css: Vec<(String, PathBuf)>,
    pub(super) additional_js: Vec<(String, PathBuf)>,
    /// Non-Markdown files of the content folder (images, downloads).
    pub(super) content_files: Vec<(String, PathBuf)>,
    /// The search index's analyzer, when the book has search.
    pub(super) search: Option<Analyzer>,
    /// Every path the outputs write, for checking links against.
    pub(super) outputs: HashSet<String>,
    pub(super) build_dir: PathBuf,
    /// Where includes and symlinks may lead.
    pub(super) read_roots: ReadRoots,
    /// What a broken link is (book.toml, or `--warn-links`).
    pub(super) broken_links: LinkSeverity,
}

/// Reads and renders everything, collecting every problem on the way.
pub(super) fn prepare(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
    let located = locate(&opts.root, opts.dest_dir.as_deref(), &opts.include_roots)
        .map_err(|d| diags.push(d))
        .ok()?;
    let Located {
        root,
        shown,
        config,
        config_warnings,
        src_rel,
        build_dir,
        protected,
        read_roots,
    } = located;
    diags.extend(config_warnings);
    if !opts.in_memory
        && let Err(d) = output::check_build_dir(&build_dir, &root, &protected)
    {
        diags.push(d);
        return None;
    }
    let c = &config.config;
    let html = &c.output.html;
    let t = Instant::now();
    let (book, book_diags) = book::load(&LoadOptions {
        root: &root,
        read_roots: &read_roots,
        shown_root: &shown,
        src_rel: &src_rel,
        create_missing: c.build.create_missing,
    });
    timing("load", t);
    diags.extend(book_diags);
    let book = book?;

    let lang_tag = c
        .book
        .language
        .as_ref()
        .map_or_else(|| "en".to_string(), |l| l.get_ref().clone());
    let lang = UiLang::from_tag(&lang_tag);
    // The theme comes first: Tera shortcodes render while the chapters do.
    let theme = theme::load(&root, &shown)
        .map_err(|ds| diags.extend(ds))
        .ok()?;
    let additional_css = additional_files(&config, &read_roots, &html.additional_css, diags);
    let additional_js = additional_files(&config, &read_roots, &html.additional_js, diags);
    let search_lang = crate::search::terms::Lang::from_tag(&lang_tag);
    let book_ctx = book_context(&config, lang_tag, &additional_css, &additional_js);
    let renderer = PageRenderer::new(theme, &book_ctx, lang.strings());
    let registry = Registry::new(&renderer.theme().tera);
    let data = shortcode::data_dir(&root, &shown, &read_roots);
    let shown_glossary = data.shown.join(crate::glossary::FILE);
    let what = format!("{} is a symlink", shown_glossary.display());
    if let Some(d) = read_roots.refuse_outside(&what, &data.dir.join(crate::glossary::FILE)) {
        diags.push(d.in_file(&shown_glossary));
        return None;
    }
    let mut glossary_invalid = false;
    let glossary = match Glossary::load(&data.dir, &data.shown) {
        Ok((g, warnings)) => {
            diags.extend(warnings);
            g.map(|mut g| {
                g.page = super::chapters::glossary_page(&book, &registry, diags);
                g
            })
        }
        Err(d) => {
            diags.push(d);
            glossary_invalid = true;
            None
        }
    };
    let show_numbers = !html.no_section_label;
    let sidebars = book
        .chapters
        .iter()
        .map(|c| path_to_root(&c.output))
        .chain([String::new()])
        .collect::<HashSet<String>>()
        .into_iter()
        .map(|prefix| {
            let bar = Sidebar::build(&book.summary, &prefix, show_numbers, lang.strings());
            (prefix, bar)
        })
        .collect();
    let mut p = Prepared {
        md_opts: MarkdownOptions {
            smart_punctuation: html.smart_punctuation(),
            split_level: html.search.heading_split_level,
            lang,
            math: html.mathjax_support || c.output.kursbuch.math,
        },
        code_opts: CodeOptions::new(
            html.code.hidelines.clone(),
            &html.playground,
            c.rust.edition,
        ),
        highlighter: Highlighter::new(),
        site_url: parse_site_url(opts.base_url.as_deref().or(html.site_url.as_deref())),
        content_files: content_files(&root, &shown, &src_rel, &read_roots, diags),
        root,
        shown,
        src_rel,
        book,
        registry,
        data,
        glossary,
        glossary_invalid,
        renderer,
        lang,
        show_numbers,
        sidebars,
        rendered: Vec::new(),
        print: None,
        page_404: None,
        redirects: redirects::Redirects::default(),
        additional_css,
        additional_js,
        search: None,
        outputs: HashSet::new(),
        build_dir,
        read_roots,
        broken_links: if opts.warn_links {
            LinkSeverity::Warn
        } else {
            config.config.broken_links()
        },
        config,
    };
    p.render_chapters(diags);
    p.page_404 = p.render_404(diags);
    p.check_unlisted(diags);
    p.check_outputs(diags);

    // The templates learn about search and print.html only now: Tera
    // shortcodes rendered with the chapters, before either existed.
    let html = &p.config.config.output.html;
    if html.search.enable {
        p.search = Some(Analyzer::new(search_lang));
        p.renderer.enable_search();
    }
    if p.print.is_some() {
        p.renderer.enable_print();
    }
    Some(p)
}

impl Prepared {
    /// Markdown files no page shows: a warning each.
    fn check_unlisted(&self, diags: &mut Diagnostics) {
        let patterns = &self.config.config.output.kursbuch.allow_unlisted;
        match book::unlisted::allowed(patterns, |d, at| self.config.diag_at(d, at)) {
            Ok(allowed) => {
                let extra: Vec<&Chapter> = self.page_404.iter().map(|(c, _)| c).collect();
                let linked: HashSet<&str> = self
                    .rendered
                    .iter()
                    .chain(self.page_404.iter().map(|(_, r)| r))
                    .flat_map(|r| &r.links)
                    .filter_map(|l| match &l.target {
                        LinkTarget::Chapter { source, .. } => Some(source.as_str()),
                        _ => None,
                    })
                    .collect();
                diags.extend(book::unlisted::warnings(
                    &self.book, &extra, &linked, &allowed,
                ));
            }
            Err(errors) => diags.extend(errors),
        }
    }

    /// The paths every output writes; redirects checked against them; every
    /// link of the book checked against pages, anchors and paths.
    fn check_outputs(&mut self, diags: &mut Diagnostics) {
        let paths = self.output_paths();
        let mut pages: HashSet<&str> = self
            .book
            .chapters
            .iter()
            .map(|c| c.output.as_str())
            .collect();
        pages.insert("index.html");
        self.redirects = redirects::check(&self.config, &paths, &pages, diags);
        self.outputs = paths;
        self.outputs
            .extend(self.redirects.pages.iter().map(|r| r.from.clone()));
        diags.extend(self.link_diagnostics().sorted().into_iter().cloned());
    }
}

/// The values every template sees as `book`.
fn book_context(
    config: &LoadedConfig,
    language: String,
    additional_css: &[(String, PathBuf)],
    additional_js: &[(String, PathBuf)],
) -> BookContext {
    let c = &config.config;
    let html = &c.output.html;
    let theme_choice =
        |t: &Option<String>, default| t.as_deref().and_then(ThemeChoice::parse).unwrap_or(default);
    BookContext {
        title: c.book.title.clone().unwrap_or_default(),
        description: c.book.description.clone(),
        authors: c.book.authors.clone(),
        language,
        text_direction: match c.book.text_direction {
            Some(TextDirection::Rtl) => "rtl",
            _ => "ltr",
        },
        default_theme: theme_choice(&html.default_theme, ThemeChoice::Auto),
        preferred_dark_theme: theme_choice(&html.preferred_dark_theme, ThemeChoice::Dark),
        repository_url: html.git_repository_url.clone(),
        additional_css: additional_css.iter().map(|(rel, _)| rel.clone()).collect(),
        additional_js: additional_js.iter().map(|(rel, _)| rel.clone()).collect(),
        generator: concat!("kursbuch ", env!("CARGO_PKG_VERSION")),
        copyable: html.playground.copyable,
        playground: PlaygroundContext {
            url: c.output.kursbuch.playground_url().to_string(),
            editable: html.playground.editable && html.playground.copy_js,
            line_numbers: html.playground.line_numbers,
        },
    }
}

/// Non-Markdown files of the content folder (images, downloads): copied as they are.
fn content_files(
    root: &Path,
    shown: &Path,
    src_rel: &Path,
    read_roots: &ReadRoots,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let shown_dir = crate::paths::join_shown(shown, src_rel);
    // Markdown files are chapters (book::load_chapter checks their links).
    let markdown = |name: &str| name.to_ascii_lowercase().ends_with(".md");
    let (files, warnings) = published_files(&root.join(src_rel), &shown_dir, read_roots, markdown);
    diags.extend(warnings);
    files
}

/// additional-css / additional-js: files relative to the book root, copied to
/// the same path in the output.
fn additional_files(
    config: &LoadedConfig,
    read_roots: &ReadRoots,
    files: &[toml::Spanned<PathBuf>],
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for f in files {
        let rel = normalize(f.get_ref());
        let disk = read_roots.book_root().join(&rel);
        if rel.starts_with("..") || rel.is_absolute() || !disk.is_file() {
            diags.push(config.diag_at(
                Diagnostic::error(format!("`{}` is not a file inside the book", f.get_ref().display()))
                    .with_help("paths in additional-css and additional-js are relative to the folder of book.toml"),
                f.span().start,
            ));
            continue;
        }
        // A symlink in the book may not publish what lies outside it.
        let what = format!("`{}` is a symlink", f.get_ref().display());
        if let Some(d) = read_roots.refuse_outside(&what, &disk) {
            diags.push(config.diag_at(d, f.span().start));
            continue;
        }
        out.push((path_to_slash(&rel), disk));
    }
    out
}
