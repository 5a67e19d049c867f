//! `kursbuch build`: config → book → Markdown (in parallel) → link check →
//! pages through the theme → a staged output folder swapped in at the end.
//! [`Prepared`] keeps everything a build computed, so `kursbuch serve` can
//! update one chapter without building the rest again (see `incremental`).

pub mod incremental;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::book::include::Roots;
use crate::book::summary::format_number;
use crate::book::{self, Book, Chapter, ChapterEntry, LoadOptions};
use crate::config::{self, LoadedConfig, Severity as LinkSeverity, TextDirection, ThemeChoice};
use crate::diag::{Diagnostic, Diagnostics};
use crate::glossary::Glossary;
use crate::highlight::Highlighter;
use crate::i18n::UiLang;
use crate::markdown::links::LinkTarget;
use crate::markdown::{self, Inputs, MarkdownOptions, Rendered};
use crate::output::{self, DirSink, Sink, Staging};
use crate::page::{Page, PrintMap};
use crate::paths::{decode, encode_path, normalize, path_to_root, path_to_slash, relative_url};
use crate::render::PageRenderer;
use crate::render::context::{
    BookContext, NavLink, PageContext, PrintChapter, PrintContext, RedirectContext, TocEntry,
};
use crate::render::sidebar::Sidebar;
use crate::search;
use crate::shortcode;
use crate::theme;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The book root (the folder with book.toml).
    pub root: PathBuf,
    /// Output folder; relative paths are relative to the book root, as in mdBook.
    pub dest_dir: Option<PathBuf>,
    /// Overrides `site-url`: a path (`/repo/`) or a full URL.
    pub base_url: Option<String>,
    /// The site is kept in memory (`kursbuch serve`): no output folder is
    /// written, so none is checked.
    pub in_memory: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub chapters: usize,
    pub warnings: Vec<Diagnostic>,
    pub out_dir: PathBuf,
    pub elapsed: Duration,
}

/// A build that did not produce a site; the previous output is untouched.
#[derive(Debug)]
pub struct BuildFailure {
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

fn fail(diags: Diagnostics) -> BuildFailure {
    BuildFailure {
        diagnostics: diags.sorted().into_iter().cloned().collect(),
    }
}

/// With `KURSBUCH_TIMINGS` set, how long a phase took (for profiling builds).
fn timing(phase: &str, since: Instant) {
    if std::env::var_os("KURSBUCH_TIMINGS").is_some() {
        eprintln!(
            "kursbuch: {phase:>12}: {:7.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// `./book` is shown as `book`, `.` stays `.`.
fn shown_root(root: &Path) -> PathBuf {
    let s = root.strip_prefix(".").unwrap_or(root);
    if s.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        s.to_path_buf()
    }
}

/// Where the site is served: its path (always `/…/`) and, for a full URL, the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl {
    pub base_path: String,
    pub absolute: Option<String>,
}

pub fn parse_site_url(url: Option<&str>) -> SiteUrl {
    let url = url.unwrap_or("/").trim();
    let (absolute, path) = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let path = after.find('/').map_or("/", |p| &after[p..]);
            (Some(url), path)
        }
        None => (None, url),
    };
    let mut base = String::from("/");
    base.push_str(path.trim_matches('/'));
    if !base.ends_with('/') {
        base.push('/');
    }
    let absolute = absolute.map(|a| {
        let mut a = a.to_string();
        if !a.ends_with('/') {
            a.push('/');
        }
        a
    });
    SiteUrl {
        base_path: base,
        absolute,
    }
}

/// Everything known once the sources are read and rendered, before writing.
pub struct Prepared {
    root: PathBuf,
    shown: PathBuf,
    src_rel: PathBuf,
    md_opts: MarkdownOptions,
    highlighter: Highlighter,
    registry: shortcode::Registry,
    data: shortcode::DataDir,
    /// Every file the site has (for checking links against).
    outputs: HashSet<String>,
    config: LoadedConfig,
    book: Book,
    rendered: Vec<Rendered>,
    page_404: Option<(Chapter, Rendered)>,
    redirects: Vec<(String, String)>,
    additional_css: Vec<(String, PathBuf)>,
    additional_js: Vec<(String, PathBuf)>,
    content_files: Vec<(String, PathBuf)>,
    /// The search index's analyzer, when the book has search.
    search: Option<search::terms::Analyzer>,
    glossary: Option<Glossary>,
    /// print.html: the chapters' ids there, and each chapter rendered for it.
    print: Option<(PrintMap, Vec<String>)>,
    build_dir: PathBuf,
    renderer: PageRenderer,
    site_url: SiteUrl,
    lang: UiLang,
}

/// Reads, renders and checks a book for writing it somewhere. Returns it with
/// its warnings, or every problem found.
pub fn prepare_site(opts: &BuildOptions) -> Result<(Prepared, Vec<Diagnostic>), BuildFailure> {
    let mut diags = Diagnostics::default();
    match prepare(opts, &mut diags) {
        Some(p) if !diags.has_errors() => Ok((p, diags.sorted().into_iter().cloned().collect())),
        _ => Err(fail(diags)),
    }
}

impl Prepared {
    /// Writes every file of the site into `sink`; returns the problems.
    pub fn write(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        write_site(self, sink)
    }

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
        }
    }

    /// One chapter's Markdown, rendered for its page, or for print.html
    /// (reusing the code highlighted for its page).
    fn render_chapter(&self, ch: &Chapter, print: Option<(&PrintMap, &Rendered)>) -> Rendered {
        markdown::render(
            &ch.expanded.text,
            &page_info(ch, self.glossary.as_ref(), print),
            &self.md_opts,
            &self.highlighter,
            Some(&self.shortcodes()),
        )
    }

    /// No chapter is `index.html`: the start page is made from the first.
    fn has_index_chapter(&self) -> bool {
        self.book.chapters.iter().any(|c| c.output == "index.html")
    }

    /// The start page is a copy of the first chapter (at the site root).
    fn first_chapter_is_start_page(&self) -> bool {
        !self.has_index_chapter()
            && self
                .book
                .chapters
                .first()
                .is_some_and(|c| !c.output.contains('/'))
    }

    /// The page of chapter `i`, written at `out_path`.
    fn chapter_page(&self, i: usize, out_path: &str) -> Result<String, Diagnostic> {
        let html = &self.config.config.output.html;
        let show_numbers = !html.no_section_label;
        let prefix = path_to_root(out_path);
        let mut sidebars = HashMap::new();
        let bar = Sidebar::build(
            &self.book.summary,
            &prefix,
            show_numbers,
            self.lang.strings(),
        );
        sidebars.insert(prefix, bar);
        let pages = ChapterPages {
            p: self,
            sidebars: &sidebars,
            book_title: self.config.config.book.title.as_deref().unwrap_or_default(),
            src_rel: path_to_slash(&self.book.src_rel),
            show_numbers,
        };
        self.renderer.page(&pages.context(i, out_path))
    }

    /// Links to chapters, anchors and files, checked across the whole book.
    fn link_diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let outputs: HashSet<&str> = self.outputs.iter().map(String::as_str).collect();
        check_links(
            &self.book,
            &self.rendered,
            self.page_404.as_ref(),
            &outputs,
            self.config.config.build.broken_links,
            &mut diags,
        );
        if let Some(g) = &self.glossary {
            check_glossary_links(
                g,
                &self.book,
                &self.rendered,
                self.config.config.build.broken_links,
                &mut diags,
            );
        }
        diags
    }
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let prepared = prepare(opts, &mut diags);
    let prepared = match prepared {
        Some(p) if !diags.has_errors() => p,
        _ => return Err(fail(diags)),
    };
    let build_dir = prepared.build_dir.clone();
    let chapters = prepared.book.chapters.len();
    let staging = match Staging::create(&build_dir) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(format!(
                "cannot create the output folder next to `{}`: {e}",
                build_dir.display()
            )));
            return Err(fail(diags));
        }
    };
    let sink = DirSink::new(staging.dir().to_path_buf());
    let t = Instant::now();
    diags.extend(write_site(&prepared, &sink));
    timing("write", t);
    if diags.has_errors() {
        return Err(fail(diags)); // staging is dropped: the old site stays
    }
    let t = Instant::now();
    let committed = staging.commit();
    timing("swap in", t);
    if let Err(e) = committed {
        diags.push(Diagnostic::error(format!(
            "cannot move the new site into `{}`: {e}",
            build_dir.display()
        )));
        return Err(fail(diags));
    }
    Ok(BuildReport {
        chapters,
        warnings: diags.sorted().into_iter().cloned().collect(),
        out_dir: build_dir,
        elapsed: start.elapsed(),
    })
}

/// Where a book's parts are, from its root and config.
pub struct Located {
    /// The root, canonical.
    pub root: PathBuf,
    /// The root as the user named it, for messages.
    pub shown: PathBuf,
    pub config: LoadedConfig,
    pub config_warnings: Vec<Diagnostic>,
    /// The content folder, relative to the root.
    pub src_rel: PathBuf,
    /// The output folder, absolute.
    pub build_dir: PathBuf,
    /// Source folders the output must never be, contain or lie in.
    pub protected: Vec<PathBuf>,
}

/// Reads book.toml and works out the folders of the book at `root`.
pub fn locate(root: &Path, dest_dir: Option<&Path>) -> Result<Located, Diagnostic> {
    let shown = shown_root(root);
    let canonical = match root.canonicalize() {
        Ok(r) if r.is_dir() => r,
        _ => {
            return Err(
                Diagnostic::error(format!("`{}` is not a folder", root.display()))
                    .with_help("pass the folder that holds book.toml, or run kursbuch inside it"),
            );
        }
    };
    let (config, config_warnings) = config::load(&canonical, &shown)?;
    let c = &config.config;
    let src_rel = book::content_dir(&canonical, c.book.src.as_deref());
    let build_dir = canonical.join(dest_dir.unwrap_or(&c.build.build_dir));
    let build_dir = output::resolve(&build_dir).unwrap_or(build_dir);
    let protected = [
        src_rel.as_path(),
        Path::new("templates"),
        Path::new("static"),
        Path::new("data"),
        Path::new("examples"),
    ]
    .iter()
    .filter_map(|p| output::resolve(&canonical.join(p)).ok())
    .collect();
    Ok(Located {
        root: canonical,
        shown,
        config,
        config_warnings,
        src_rel,
        build_dir,
        protected,
    })
}

/// Reads and renders everything, collecting every problem on the way.
fn prepare(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
    let located = match locate(&opts.root, opts.dest_dir.as_deref()) {
        Ok(l) => l,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let Located {
        root,
        shown,
        config,
        config_warnings,
        src_rel,
        build_dir,
        protected,
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

    let load_opts = LoadOptions {
        root: &root,
        shown_root: &shown,
        src_rel: &src_rel,
        create_missing: c.build.create_missing,
    };
    let t = Instant::now();
    let (book, book_diags) = book::load(&load_opts);
    timing("load", t);
    diags.extend(book_diags);
    let book = book?;

    let lang_tag = c.book.language.clone().unwrap_or_else(|| "en".to_string());
    let lang = UiLang::from_tag(&lang_tag);
    let md_opts = MarkdownOptions {
        smart_punctuation: html.smart_punctuation(),
        split_level: html.search.heading_split_level,
        lang,
    };
    // The theme comes first: Tera shortcodes render while the chapters do.
    let theme = match theme::load(&root, &shown) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let additional_css = additional_files(&config, &root, &html.additional_css, diags);
    let additional_js = additional_files(&config, &root, &html.additional_js, diags);
    let site_url = parse_site_url(opts.base_url.as_deref().or(html.site_url.as_deref()));
    let theme_choice =
        |t: &Option<String>, default| t.as_deref().and_then(ThemeChoice::parse).unwrap_or(default);
    let book_ctx = BookContext {
        title: c.book.title.clone().unwrap_or_default(),
        description: c.book.description.clone(),
        authors: c.book.authors.clone(),
        language: lang_tag,
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
    };
    let renderer = PageRenderer::new(theme, &book_ctx, lang.strings());
    let registry = shortcode::Registry::new(&renderer.theme().tera);
    let data = shortcode::data_dir(&root, &shown);
    let glossary = match Glossary::load(&data.dir, &data.shown) {
        Ok((g, warnings)) => {
            diags.extend(warnings);
            g.map(|mut g| {
                g.page = glossary_page(&book, &registry, diags);
                g
            })
        }
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let shortcodes = shortcode::Context {
        registry: &registry,
        tera: &renderer.theme().tera,
        shown_templates: &renderer.theme().shown_templates,
        data: &data,
        lang,
        md_opts: &md_opts,
        glossary: glossary.as_ref(),
    };

    let highlighter = Highlighter::new();
    let render_for = |ch: &Chapter, print: Option<(&PrintMap, &Rendered)>| {
        markdown::render(
            &ch.expanded.text,
            &page_info(ch, glossary.as_ref(), print),
            &md_opts,
            &highlighter,
            Some(&shortcodes),
        )
    };
    let render_one = |ch: &Chapter| render_for(ch, None);
    let t = Instant::now();
    let rendered: Vec<Rendered> = book.chapters.par_iter().map(render_one).collect();
    timing("markdown", t);
    // print.html: every chapter once more, with ids and links for one page.
    let t = Instant::now();
    let print = html.print.enable.then(|| {
        let map = PrintMap::new(
            book.chapters
                .iter()
                .map(|c| (c.source.as_str(), c.output.as_str())),
        );
        let parts = book
            .chapters
            .par_iter()
            .zip(&rendered)
            .map(|(ch, r)| render_for(ch, Some((&map, r))).html)
            .collect();
        (map, parts)
    });
    timing("print", t);
    // Only print.html needed the highlighted code again (serve renders a
    // changed chapter for its page first, which highlights it afresh).
    let mut rendered = rendered;
    for r in &mut rendered {
        r.code_html = Vec::new();
    }
    if let Some(g) = &glossary {
        check_glossary_links(g, &book, &rendered, c.build.broken_links, diags);
    }
    for (ch, r) in book.chapters.iter().zip(&rendered) {
        diags.extend(placed_problems(ch, r));
    }

    // The 404 page: a Markdown file of the content folder, or the theme's text.
    let roots = Roots {
        book_root: &root,
        shown_root: &shown,
    };
    let input_404 = html
        .input_404
        .clone()
        .unwrap_or_else(|| "404.md".to_string());
    let page_404 = if !input_404.is_empty() && root.join(&src_rel).join(&input_404).is_file() {
        let entry = ChapterEntry {
            title: lang.strings().not_found_title,
            number: None,
            source: &input_404,
            output: "404.html",
        };
        let (chapter, ds) = book::load_chapter(entry, &root.join(&src_rel), &load_opts, &roots);
        diags.extend(ds);
        chapter.map(|ch| {
            let r = render_one(&ch);
            diags.extend(placed_problems(&ch, &r));
            (ch, r)
        })
    } else {
        if html.input_404.as_deref().is_some_and(|s| !s.is_empty()) {
            diags.push(config.diag_at(
                Diagnostic::error(format!(
                    "`input-404 = \"{input_404}\"`: no such file in the content folder"
                )),
                config.text.find("input-404").unwrap_or(0),
            ));
        }
        None
    };

    let content_files = content_files(&root.join(&src_rel));
    // Every file the site will have, for checking links and redirects against it.
    let mut outputs: HashSet<&str> = book
        .chapters
        .iter()
        .map(|c| c.output.as_str())
        .chain(content_files.iter().map(|(rel, _)| rel.as_str()))
        .chain(
            additional_css
                .iter()
                .chain(&additional_js)
                .map(|(rel, _)| rel.as_str()),
        )
        .chain(
            renderer
                .theme()
                .asset_urls
                .iter()
                .flat_map(|(name, out)| [name.as_str(), out.as_str()]),
        )
        .chain(["index.html", "404.html"])
        .chain(print.as_ref().map(|_| "print.html"))
        .collect();
    let redirects = check_redirects(&config, &outputs, diags);
    outputs.extend(redirects.iter().map(|(from, _)| from.as_str()));
    check_links(
        &book,
        &rendered,
        page_404.as_ref(),
        &outputs,
        c.build.broken_links,
        diags,
    );
    let outputs: HashSet<String> = outputs.into_iter().map(str::to_string).collect();

    // The search index is built while the pages are written.
    let mut renderer = renderer;
    let search = html.search.enable.then(|| {
        renderer.enable_search();
        search::terms::Analyzer::new(search::terms::Lang::from_tag(&book_ctx.language))
    });
    if print.is_some() {
        renderer.enable_print();
    }
    Some(Prepared {
        root,
        shown,
        src_rel,
        md_opts,
        highlighter,
        registry,
        data,
        outputs,
        config,
        book,
        rendered,
        page_404,
        redirects,
        additional_css,
        additional_js,
        content_files,
        search,
        glossary,
        print,
        build_dir,
        renderer,
        site_url,
        lang,
    })
}

/// What the Markdown renderer needs to know about a chapter.
fn page_info<'a>(
    ch: &'a Chapter,
    glossary: Option<&'a Glossary>,
    print: Option<(&'a PrintMap, &'a Rendered)>,
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
    }
}

/// The chapter that shows the glossary (`{{ glossary() }}`); a second one
/// is a warning, tooltips link to the first.
fn glossary_page(
    book: &Book,
    registry: &shortcode::Registry,
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

/// Every entry's `link` must find its chapter and heading.
fn check_glossary_links(
    g: &Glossary,
    book: &Book,
    rendered: &[Rendered],
    severity: LinkSeverity,
    diags: &mut Diagnostics,
) {
    for t in &g.terms {
        let Some(link) = &t.link else { continue };
        let problem = match Glossary::link_target(t) {
            None => Some(format!(
                "glossary entry `{}`: `link = \"{link}\"` is not a chapter",
                t.term
            )),
            Some((source, fragment)) => match book.by_source.get(&source) {
                None => Some(format!(
                    "glossary entry `{}` links to a missing chapter `{source}`",
                    t.term
                )),
                Some(&i) => fragment
                    .filter(|f| !f.is_empty() && !rendered[i].ids.contains(f))
                    .map(|f| {
                        format!(
                            "glossary entry `{}`: `{source}` has no heading `#{f}`",
                            t.term
                        )
                    }),
            },
        };
        if let Some(msg) = problem {
            let d = match severity {
                LinkSeverity::Error => Diagnostic::error(msg),
                LinkSeverity::Warn => Diagnostic::warning(msg),
            }
            .with_help(
                "`link` is a chapter path from the content folder, e.g. \"docker.md#images\"",
            );
            diags.push(d.at_offset(&g.shown, &g.text, t.offset));
        }
    }
}

/// A chapter's shortcode problems as diagnostics at their files and lines.
fn placed_problems(ch: &Chapter, r: &Rendered) -> Vec<Diagnostic> {
    r.problems
        .iter()
        .map(|p| match p {
            shortcode::Problem::At(e) => ch.expanded.diag_at(e.diagnostic(), e.offset),
            shortcode::Problem::Placed(d) => d.clone(),
        })
        .collect()
}

/// Every link to a chapter must find the chapter, and every `#anchor` a heading.
fn check_links(
    book: &Book,
    rendered: &[Rendered],
    page_404: Option<&(Chapter, Rendered)>,
    outputs: &HashSet<&str>,
    severity: LinkSeverity,
    diags: &mut Diagnostics,
) {
    let listed: HashSet<&str> = book
        .summary
        .links()
        .into_iter()
        .filter_map(|l| l.location.as_deref())
        .collect();
    let src_dir = book.src_dir();
    let make = |msg: String| match severity {
        LinkSeverity::Error => Diagnostic::error(msg),
        LinkSeverity::Warn => Diagnostic::warning(msg),
    };
    let anchor_help = |ids: &HashSet<String>| {
        let mut v: Vec<&str> = ids.iter().map(String::as_str).collect();
        v.sort_unstable();
        let more = if v.len() > 8 { ", …" } else { "" };
        v.truncate(8);
        if v.is_empty() {
            "the page has no headings to link to".to_string()
        } else {
            format!("the page has: #{}{more}", v.join(", #"))
        }
    };
    let pages = book
        .chapters
        .iter()
        .zip(rendered)
        .chain(page_404.map(|(c, r)| (c, r)));
    for (ch, r) in pages {
        for link in &r.links {
            let d = match &link.target {
                LinkTarget::Chapter { source, fragment } => match book.by_source.get(source) {
                    Some(&j) => match fragment {
                        Some(f) if !f.is_empty() && !rendered[j].ids.contains(f) => Some(
                            make(format!("`{source}` has no heading `#{f}`")).with_help(anchor_help(&rendered[j].ids)),
                        ),
                        _ => None,
                    },
                    // Listed but it failed to load: that error is reported already.
                    None if listed.contains(source.as_str()) => None,
                    None if src_dir.join(source).is_file() => Some(
                        make(format!("`{source}` is not a chapter of the book"))
                            .with_help("add it to SUMMARY.md, or link to a chapter that is listed there"),
                    ),
                    None => Some(
                        make(format!("link to a missing chapter `{source}`"))
                            .with_help("chapter links are paths relative to this file, e.g. `docker.md#images`"),
                    ),
                },
                LinkTarget::File { path } => {
                    let exists = outputs.contains(path.as_str())
                        || src_dir.join(path).exists()
                        || outputs.iter().any(|o| o.starts_with(path.as_str()) && o[path.len()..].starts_with('/'));
                    (!exists).then(|| {
                        make(format!("`{path}` does not exist in the book"))
                            .with_help("images and downloads belong in the content folder (or static/); paths are relative to the chapter")
                    })
                }
                LinkTarget::SamePage { fragment } if !fragment.is_empty() && !r.ids.contains(fragment) => Some(
                    make(format!("no heading `#{fragment}` on this page")).with_help(anchor_help(&r.ids)),
                ),
                _ => None,
            };
            if let Some(d) = d {
                diags.push(ch.expanded.diag_at(d, link.offset));
            }
        }
    }
}

/// Non-Markdown files of the content folder (images, downloads): copied as they are.
fn content_files(src_dir: &Path) -> Vec<(String, PathBuf)> {
    book::visible_files(src_dir)
        .into_iter()
        .filter(|(rel, _)| !rel.to_ascii_lowercase().ends_with(".md"))
        .collect()
}

/// `[output.html.redirect]`: validated old path → target URL.
fn check_redirects(
    config: &LoadedConfig,
    outputs: &HashSet<&str>,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (from, to) in &config.config.output.html.redirect {
        // The key has no span of its own here; its value is on the same line.
        let at = to.span().start;
        let key = from.trim();
        let mut rel = key.trim_start_matches('/').to_string();
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        let bad = |msg: String, help: &str| {
            config.diag_at(Diagnostic::error(msg).with_help(help.to_string()), at)
        };
        if rel.contains('#') {
            diags.push(bad(
                format!("redirect `{key}`: redirects from `#anchors` are not supported"),
                "redirect whole pages; keep old anchors with `{#old-id}` on the heading",
            ));
            continue;
        }
        if rel.split('/').any(|s| s == ".." || s == ".") {
            diags.push(bad(
                format!("redirect `{key}` leaves the site"),
                "write the old path from the site root, e.g. \"/old/page.html\"",
            ));
            continue;
        }
        if outputs.contains(rel.as_str()) {
            diags.push(bad(
                format!("redirect `{key}` would replace a page of the book"),
                "delete the redirect or move the chapter",
            ));
            continue;
        }
        let target = to.get_ref().trim();
        if let Some(missing) = missing_redirect_target(&rel, target, outputs) {
            diags.push(config.diag_at(
                Diagnostic::error(format!("redirect `{key}` points at `{target}`, which is not a page of the book ({missing})"))
                    .with_help("targets are relative to the old page (\"../new.html\") or full URLs"),
                to.span().start,
            ));
            continue;
        }
        out.push((rel, target.to_string()));
    }
    out
}

/// For a relative target, the site path it resolves to when no page is there.
fn missing_redirect_target(
    from_rel: &str,
    target: &str,
    outputs: &HashSet<&str>,
) -> Option<String> {
    if target.is_empty()
        || target.contains("://")
        || target.starts_with('/')
        || target.starts_with('#')
        || target.contains(':')
    {
        return None;
    }
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let dir = Path::new(from_rel).parent().unwrap_or(Path::new(""));
    let resolved = normalize(&dir.join(decode(path)));
    let mut resolved = path_to_slash(&resolved);
    if resolved.starts_with("..") {
        return None;
    }
    if resolved.is_empty() || path.ends_with('/') {
        resolved = format!(
            "{}index.html",
            if resolved.is_empty() {
                String::new()
            } else {
                format!("{resolved}/")
            }
        );
    }
    (!outputs.contains(resolved.as_str())).then_some(resolved)
}

/// additional-css / additional-js: files relative to the book root, copied to
/// the same path in the output.
fn additional_files(
    config: &LoadedConfig,
    root: &Path,
    files: &[toml::Spanned<PathBuf>],
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for f in files {
        let rel = normalize(f.get_ref());
        let disk = root.join(&rel);
        if rel.starts_with("..") || rel.is_absolute() || !disk.is_file() {
            diags.push(config.diag_at(
                Diagnostic::error(format!("`{}` is not a file inside the book", f.get_ref().display()))
                    .with_help("paths in additional-css and additional-js are relative to the folder of book.toml"),
                f.span().start,
            ));
            continue;
        }
        out.push((path_to_slash(&rel), disk));
    }
    out
}

/// Writes every file of the site into `sink`. Returns the problems.
fn write_site(p: &Prepared, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let io_err =
        |what: &str, e: std::io::Error| Diagnostic::error(format!("cannot write `{what}`: {e}"));
    let html = &p.config.config.output.html;
    let show_numbers = !html.no_section_label;
    let ui = p.lang.strings();

    for asset in &p.renderer.theme().assets {
        if let Err(e) = sink.write(&asset.output, &asset.bytes) {
            diags.push(io_err(&asset.output, e));
        }
    }
    for (rel, disk) in p
        .content_files
        .iter()
        .chain(&p.additional_css)
        .chain(&p.additional_js)
    {
        if let Err(e) = sink.copy(rel, disk) {
            diags.push(io_err(rel, e));
        }
    }

    let chapters = &p.book.chapters;
    let mut sidebars: HashMap<String, Sidebar> = HashMap::new();
    for prefix in chapters
        .iter()
        .map(|c| path_to_root(&c.output))
        .chain([String::new()])
    {
        sidebars
            .entry(prefix.clone())
            .or_insert_with(|| Sidebar::build(&p.book.summary, &prefix, show_numbers, ui));
    }
    let book_title = p.config.config.book.title.as_deref().unwrap_or_default();
    let pages = ChapterPages {
        p,
        sidebars: &sidebars,
        book_title,
        src_rel: path_to_slash(&p.book.src_rel),
        show_numbers,
    };
    let write_pages = || -> Vec<Diagnostic> {
        (0..chapters.len())
            .into_par_iter()
            .filter_map(|i| {
                let ch = &chapters[i];
                let html = p.renderer.page(&pages.context(i, &ch.output)).ok()?;
                sink.write(&ch.output, html.as_bytes())
                    .err()
                    .map(|e| io_err(&ch.output, e))
            })
            .collect()
    };
    // Writing pages waits on the file system; the index and print.html fill the gaps.
    let write_print = || match print_page(p, book_title) {
        Some(Ok(html)) => sink
            .write("print.html", html.as_bytes())
            .err()
            .map(|e| io_err("print.html", e)),
        Some(Err(d)) => Some(d),
        None => None,
    };
    let (page_errors, (search_errors, print_error)) = rayon::join(write_pages, || {
        rayon::join(|| write_search_index(p, sink), write_print)
    });
    diags.extend(page_errors);
    diags.extend(search_errors);
    diags.extend(print_error);
    // Template errors are the same for every page: report the first once.
    if let Some(first) = chapters.first()
        && let Err(d) = p.renderer.page(&pages.context(0, &first.output))
    {
        diags.push(d);
        return diags;
    }

    // The start page: the first chapter again, or a redirect to it.
    if !p.has_index_chapter() {
        let result = match chapters.first() {
            Some(first) if !first.output.contains('/') => {
                p.renderer.page(&pages.context(0, "index.html"))
            }
            Some(first) => p.renderer.redirect(&RedirectContext {
                url: &encode_path(&first.output),
            }),
            None => p.renderer.page(&empty_page(
                ui.not_found_title,
                "",
                sidebars[""].for_page(""),
            )),
        };
        match result {
            Ok(html) => {
                if let Err(e) = sink.write("index.html", html.as_bytes()) {
                    diags.push(io_err("index.html", e));
                }
            }
            Err(d) => diags.push(d),
        }
    }

    // 404.html is served for any missing URL, at any depth: a <base> makes its relative links work.
    let not_found_body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"index.html\">{}</a></p>\n",
        ui.not_found_title, ui.not_found_text, ui.back_to_start
    );
    let (content_404, toc_404) = match &p.page_404 {
        Some((_, r)) => (r.html.as_str(), toc(r)),
        None => (not_found_body.as_str(), Vec::new()),
    };
    let mut ctx_404 = empty_page(ui.not_found_title, content_404, sidebars[""].for_page(""));
    ctx_404.toc = toc_404;
    ctx_404.html_title = if book_title.is_empty() {
        ui.not_found_title.to_string()
    } else {
        format!("{} - {book_title}", ui.not_found_title)
    };
    ctx_404.path = "404.html";
    ctx_404.is_404 = true;
    ctx_404.base_href = Some(&p.site_url.base_path);
    match p.renderer.page(&ctx_404) {
        Ok(html) => {
            if let Err(e) = sink.write("404.html", html.as_bytes()) {
                diags.push(io_err("404.html", e));
            }
        }
        Err(d) => diags.push(d),
    }

    for (from, to) in &p.redirects {
        match p.renderer.redirect(&RedirectContext { url: to }) {
            Ok(html) => {
                if let Err(e) = sink.write(from, html.as_bytes()) {
                    diags.push(io_err(from, e));
                }
            }
            Err(d) => diags.push(d),
        }
    }

    let mut extra: Vec<(&str, String)> = vec![(".nojekyll", String::new())];
    if let Some(cname) = &html.cname {
        extra.push(("CNAME", format!("{}\n", cname.trim())));
    }
    if let Some(abs) = &p.site_url.absolute {
        extra.push(("sitemap.xml", sitemap(abs, chapters)));
    }
    for (name, text) in extra {
        if let Err(e) = sink.write(name, text.as_bytes()) {
            diags.push(io_err(name, e));
        }
    }
    diags
}

/// Builds the template context of each chapter page.
struct ChapterPages<'a> {
    p: &'a Prepared,
    sidebars: &'a HashMap<String, Sidebar>,
    book_title: &'a str,
    src_rel: String,
    show_numbers: bool,
}

impl<'a> ChapterPages<'a> {
    /// Chapter `i`, written at `out_path` (its own path, or index.html for the first).
    fn context(&self, i: usize, out_path: &'a str) -> PageContext<'a> {
        let p = self.p;
        let chapters = &p.book.chapters;
        let ch = &chapters[i];
        let r = &p.rendered[i];
        let root = path_to_root(out_path);
        let nav = |j: Option<usize>| {
            j.and_then(|j| chapters.get(j)).map(|o| NavLink {
                title: o.title.clone(),
                url: encode_path(&relative_url(out_path, &o.output)),
            })
        };
        let html = &p.config.config.output.html;
        PageContext {
            title: &ch.title,
            html_title: html_title(ch, self.book_title),
            description: ch.front.description.as_deref().or(p
                .config
                .config
                .book
                .description
                .as_deref()),
            number: ch
                .number
                .as_deref()
                .filter(|_| self.show_numbers)
                .map(format_number),
            content: &r.html,
            toc: toc(r),
            path: out_path,
            sidebar: self.sidebars[&root].for_page(&ch.output),
            path_to_root: root,
            edit_url: html
                .edit_url_template
                .as_ref()
                .map(|t| t.replace("{path}", &format!("{}/{}", self.src_rel, ch.source))),
            prev: nav(i.checked_sub(1)),
            next: nav(Some(i + 1)),
            is_404: false,
            base_href: None,
            canonical_url: p
                .site_url
                .absolute
                .as_ref()
                .map(|a| format!("{a}{}", encode_path(out_path))),
        }
    }
}

/// print.html: every chapter in SUMMARY order on one page (None without it).
fn print_page(p: &Prepared, book_title: &str) -> Option<Result<String, Diagnostic>> {
    let (map, parts) = p.print.as_ref()?;
    let show_numbers = !p.config.config.output.html.no_section_label;
    let chapters = p
        .book
        .chapters
        .iter()
        .zip(parts)
        .map(|(ch, html)| PrintChapter {
            id: map.prefix(&ch.source).unwrap_or_default(),
            title: &ch.title,
            number: ch
                .number
                .as_deref()
                .filter(|_| show_numbers)
                .map(format_number),
            content: html,
        })
        .collect();
    Some(p.renderer.print(&PrintContext {
        title: book_title,
        page_break: p.config.config.output.html.print.page_break,
        chapters,
    }))
}

/// Builds the search index and writes it under `search/`.
fn write_search_index(p: &Prepared, sink: &dyn Sink) -> Vec<Diagnostic> {
    let Some(analyzer) = &p.search else {
        return Vec::new();
    };
    let t = Instant::now();
    let files = build_search_index(p, analyzer);
    let errors = files
        .par_iter()
        .filter_map(|(name, text)| {
            let rel = format!("search/{name}");
            sink.write(&rel, text.as_bytes())
                .err()
                .map(|e| Diagnostic::error(format!("cannot write `{rel}`: {e}")))
        })
        .collect();
    timing("search index", t);
    errors
}

/// The search index's files, named relative to `search/`.
fn build_search_index(p: &Prepared, analyzer: &search::terms::Analyzer) -> Vec<(String, String)> {
    let config = &p.config.config.output.html.search;
    let inputs: Vec<search::ChapterInput> = p
        .book
        .chapters
        .iter()
        .zip(&p.rendered)
        .filter(|(ch, _)| config.includes(&ch.source))
        .map(|(ch, r)| search::ChapterInput {
            title: &ch.title,
            path: &ch.output,
            sections: &r.sections,
        })
        .collect();
    search::build(&inputs, analyzer, config, &analyzer.stop_words())
}

fn html_title(ch: &Chapter, book_title: &str) -> String {
    if let Some(t) = &ch.title_override {
        return t.clone();
    }
    let title = ch.front.title.as_deref().unwrap_or(&ch.title);
    if book_title.is_empty() || title == book_title {
        title.to_string()
    } else {
        format!("{title} - {book_title}")
    }
}

fn toc(r: &Rendered) -> Vec<TocEntry<'_>> {
    r.headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .map(|h| TocEntry {
            level: h.level,
            id: &h.id,
            title: &h.text,
        })
        .collect()
}

fn empty_page<'a>(title: &'a str, content: &'a str, sidebar: String) -> PageContext<'a> {
    PageContext {
        title,
        html_title: title.to_string(),
        description: None,
        number: None,
        content,
        toc: Vec::new(),
        path: "index.html",
        path_to_root: String::new(),
        edit_url: None,
        prev: None,
        next: None,
        sidebar,
        is_404: false,
        base_href: None,
        canonical_url: None,
    }
}

fn sitemap(base: &str, chapters: &[Chapter]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for ch in chapters {
        let loc = crate::escape::html(&format!("{base}{}", encode_path(&ch.output)));
        s.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
    }
    s.push_str("</urlset>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls() {
        assert_eq!(parse_site_url(None).base_path, "/");
        assert_eq!(
            parse_site_url(Some("/compute-services")).base_path,
            "/compute-services/"
        );
        let u = parse_site_url(Some("https://user.github.io/compute-services"));
        assert_eq!(u.base_path, "/compute-services/");
        assert_eq!(
            u.absolute.as_deref(),
            Some("https://user.github.io/compute-services/")
        );
        assert_eq!(parse_site_url(Some("https://example.org")).base_path, "/");
    }

    #[test]
    fn redirect_targets() {
        let outputs: HashSet<&str> = ["new.html", "a/index.html", "img.png"]
            .into_iter()
            .collect();
        assert_eq!(
            missing_redirect_target("old.html", "new.html", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("x/old.html", "../a/", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("x/old.html", "../new.html#sec", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("old.html", "https://x.org", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("old.html", "gone.html", &outputs),
            Some("gone.html".into())
        );
    }
}
