//! `book.toml`: mdBook's key names wherever the meaning is the same, so an
//! mdBook book builds unchanged; keys kursbuch does not know are warnings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

mod keys;
mod mdbook_theme;
mod search;

pub use search::{ChapterSearch, SearchConfig};

use crate::diag::Diagnostic;
use crate::i18n::UiLang;
use crate::toml_source::{self, TomlSource};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct Config {
    pub book: BookSection,
    pub build: BuildSection,
    pub output: OutputSection,
    /// mdBook preprocessors: kursbuch has the default ones (links, index)
    /// built in and runs no external ones. Declared so that each one is
    /// reported by name (as an ignored key), not the whole table once.
    pub preprocessor: BTreeMap<String, IgnoredAny>,
    /// `[rust]`: mdBook's table for the Rust edition of code blocks.
    pub rust: RustSection,
}

/// `[rust]`, with mdBook's key names.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct RustSection {
    /// The edition runnable Rust code blocks are run with on the playground.
    pub edition: Option<RustEdition>,
}

/// A Rust edition, as mdBook spells it in `[rust] edition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum RustEdition {
    #[serde(rename = "2015")]
    E2015,
    #[serde(rename = "2018")]
    E2018,
    #[serde(rename = "2021")]
    E2021,
    #[serde(rename = "2024")]
    E2024,
}

impl RustEdition {
    /// The class mdBook gives a code block for it (`edition2021`).
    pub fn class(self) -> &'static str {
        match self {
            RustEdition::E2015 => "edition2015",
            RustEdition::E2018 => "edition2018",
            RustEdition::E2021 => "edition2021",
            RustEdition::E2024 => "edition2024",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct BookSection {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub language: Option<Spanned<String>>,
    pub text_direction: Option<TextDirection>,
    /// The content folder, relative to the book root.
    pub src: Option<PathBuf>,
    /// mdBook 0.4 writes `multilingual = false` into new books; only `true`
    /// would mean something kursbuch cannot do.
    pub multilingual: Option<Spanned<bool>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct BuildSection {
    pub build_dir: PathBuf,
    /// Create the files SUMMARY.md points at when they are missing (mdBook's key).
    /// Off unless asked for: a missing chapter is more often a typo.
    pub create_missing: bool,
    /// Extra folders `kursbuch serve` watches.
    pub extra_watch_dirs: Vec<PathBuf>,
    /// Folders outside the book that `{{#include}}` and symlinks may read
    /// from (a monorepo's `../examples`), relative to the book folder.
    pub include_roots: Vec<Spanned<PathBuf>>,
    /// What a link to a missing chapter or anchor is: "error" (default) or "warn".
    pub broken_links: Severity,
}

impl Default for BuildSection {
    fn default() -> Self {
        BuildSection {
            build_dir: PathBuf::from("book"),
            create_missing: false,
            extra_watch_dirs: Vec::new(),
            include_roots: Vec::new(),
            broken_links: Severity::Error,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    #[serde(alias = "warning")]
    Warn,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct OutputSection {
    pub html: HtmlConfig,
    /// `[output.kursbuch]`: settings only kursbuch reads.
    pub kursbuch: KursbuchOutput,
}

/// `[output.kursbuch]`: kursbuch-only settings in a table that mdBook 0.5
/// accepts in a book it builds too. mdBook runs a renderer per `[output.*]`
/// table; with `optional = true` it skips the missing `mdbook-kursbuch`
/// with a warning (the book must then keep an `[output.html]` table, or
/// mdBook renders nothing else).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct KursbuchOutput {
    /// mdBook's switch for a renderer it may skip; kursbuch ignores it.
    pub optional: bool,
    /// Formulas (`\\( … \\)`, `\\[ … \\]`, `$$ … $$`) become MathML, as
    /// `output.html.mathjax-support` does, for books that are not mdBook books.
    pub math: bool,
    /// Markdown files of the content folder (globs) that SUMMARY.md may
    /// leave out without a warning: drafts, notes.
    pub allow_unlisted: Vec<Spanned<String>>,
    /// What a link to a missing chapter or anchor is: "error" or "warn".
    /// Here and not under `[build]` for books mdBook builds too: mdBook 0.5
    /// rejects keys it does not know in `[build]`.
    pub broken_links: Option<Severity>,
    /// Folders outside the book that `{{#include}}` and symlinks may read
    /// from, as `[build] include-roots` (which mdBook 0.5 rejects).
    pub include_roots: Vec<Spanned<PathBuf>>,
    /// Where the Run button of a Rust code block sends the code (mdBook
    /// always uses the public Rust playground): a self-hosted playground.
    pub playground_url: Option<String>,
}

/// The public Rust playground's endpoint, mdBook's Run button target.
pub const DEFAULT_PLAYGROUND_URL: &str = "https://play.rust-lang.org/evaluate.json";

impl KursbuchOutput {
    pub fn playground_url(&self) -> &str {
        self.playground_url
            .as_deref()
            .unwrap_or(DEFAULT_PLAYGROUND_URL)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct HtmlConfig {
    /// Where the site is served: a path (`/compute-services/`) or a full URL
    /// (`https://example.org/compute-services/`, which also enables sitemap.xml).
    pub site_url: Option<String>,
    pub default_theme: Option<String>,
    pub preferred_dark_theme: Option<String>,
    pub git_repository_url: Option<String>,
    /// `{path}` is replaced by the chapter's source path relative to the book root.
    pub edit_url_template: Option<String>,
    pub cname: Option<String>,
    /// A Markdown file in the content folder rendered as 404.html (default `404.md`).
    pub input_404: Option<String>,
    pub additional_css: Vec<Spanned<PathBuf>>,
    pub additional_js: Vec<Spanned<PathBuf>>,
    pub smart_punctuation: Option<bool>,
    /// mdBook 0.4's name for `smart-punctuation`.
    pub curly_quotes: Option<Spanned<bool>>,
    /// Hide chapter numbers in the sidebar and titles (mdBook's key).
    pub no_section_label: bool,
    /// Old path (absolute within the site) → new URL (relative to the old page or absolute).
    pub redirect: BTreeMap<String, Spanned<String>>,
    /// `[output.html.search]`: the search index and box.
    pub search: SearchConfig,
    /// `[output.html.print]`: print.html, the whole book on one page.
    pub print: PrintConfig,
    /// mdBook's switch for MathJax: kursbuch renders the formulas to MathML
    /// at build time instead (no script, readable in search and print).
    pub mathjax_support: bool,
    /// `[output.html.playground]` (mdBook 0.4's `playpen` too): Rust code
    /// blocks' Run button, editing and copy button.
    #[serde(alias = "playpen")]
    pub playground: PlaygroundConfig,
    /// `[output.html.code]`: hidden lines of code blocks.
    pub code: CodeConfig,
}

/// `[output.html.playground]`, with mdBook's key names and defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct PlaygroundConfig {
    /// Blocks marked `editable` can be edited in the page.
    pub editable: bool,
    /// Code blocks have a copy button.
    pub copyable: bool,
    /// mdBook: ship the editor's script. Without it editable blocks are not
    /// editable (in mdBook, and here too).
    pub copy_js: bool,
    /// Line numbers beside editable blocks.
    pub line_numbers: bool,
    /// Rust blocks get a Run button.
    pub runnable: bool,
}

impl Default for PlaygroundConfig {
    fn default() -> Self {
        PlaygroundConfig {
            editable: false,
            copyable: true,
            copy_js: true,
            line_numbers: false,
            runnable: true,
        }
    }
}

/// `[output.html.code]`, with mdBook's key names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct CodeConfig {
    /// Language → the prefix that hides a line in its code blocks
    /// (`python = "~"`); Rust has `# ` built in.
    pub hidelines: BTreeMap<String, String>,
}

/// `[output.html.print]`, with mdBook's key names.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct PrintConfig {
    pub enable: bool,
    /// Each chapter starts on a new printed page.
    pub page_break: bool,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            enable: true,
            page_break: true,
        }
    }
}

impl Config {
    /// What a broken link is: `[output.kursbuch]` first, then `[build]`
    /// (kursbuch books before the table existed); an error by default.
    pub fn broken_links(&self) -> Severity {
        self.output
            .kursbuch
            .broken_links
            .unwrap_or(self.build.broken_links)
    }
}

impl HtmlConfig {
    /// mdBook 0.5 turned smart punctuation on by default.
    pub fn smart_punctuation(&self) -> bool {
        self.smart_punctuation
            .or(self.curly_quotes.as_ref().map(|c| *c.get_ref()))
            .unwrap_or(true)
    }
}

/// The config with what is needed to report about it later.
#[derive(Debug)]
pub struct LoadedConfig {
    pub config: Config,
    /// The path of book.toml as shown in diagnostics.
    pub path: PathBuf,
    /// The text of book.toml (empty when there is none), to place diagnostics.
    pub text: String,
}

impl LoadedConfig {
    /// A diagnostic at a byte offset of book.toml.
    pub fn diag_at(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        d.at_offset(&self.path, &self.text, offset)
    }
}

/// Reads `root/book.toml`. A book without one gets the defaults, as in mdBook.
/// Returns the config and its warnings, or the error that stops the build.
pub fn load(root: &Path, shown_root: &Path) -> Result<(LoadedConfig, Vec<Diagnostic>), Diagnostic> {
    let file = root.join("book.toml");
    let shown = crate::paths::join_shown(shown_root, Path::new("book.toml"));
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Diagnostic::error(format!("cannot read book.toml: {e}")).in_file(&shown));
        }
    };
    let src = TomlSource::whole(&shown, &text);
    let (config, unknown): (Config, _) = toml_source::parse(&src)?;
    // The values of keys kursbuch does not read, for the warnings that
    // depend on them (`hash-files = true` is what kursbuch does anyway).
    let values: toml::Table = if unknown.is_empty() {
        toml::Table::new()
    } else {
        toml::from_str(&text).unwrap_or_default()
    };
    let value = |path: &[String]| {
        let (last, tables) = path.split_last()?;
        let mut t = &values;
        for name in tables {
            t = t.get(name)?.as_table()?;
        }
        t.get(last)
    };
    let mut warnings: Vec<Diagnostic> = unknown
        .iter()
        .filter_map(|k| Some(src.diag_at(keys::warning(k, value)?, k.span.start)))
        .collect();
    let theme_key = ["output", "html", "theme"].map(String::from);
    let theme_dir = value(&theme_key)
        .and_then(toml::Value::as_str)
        .map_or_else(|| PathBuf::from("theme"), PathBuf::from);
    let listed: Vec<PathBuf> = html_files(&config.output.html);
    if let Some(d) = mdbook_theme::warning(root, shown_root, &theme_dir, &listed) {
        // It says all the `theme` key's warning would.
        warnings.retain(|w| !w.message.starts_with("`output.html.theme`"));
        warnings.push(d);
    }
    if let Some(l) = &config.book.language
        && UiLang::translated(l.get_ref()).is_none()
    {
        warnings.push(src.diag_at(language_warning(l.get_ref()), l.span().start));
    }
    let html = &config.output.html;
    if let Some(c) = &html.curly_quotes {
        warnings.push(
            src.diag_at(
                Diagnostic::warning("`output.html.curly-quotes` is mdBook 0.4's name")
                    .with_help("rename it to `smart-punctuation`"),
                c.span().start,
            ),
        );
    }
    if let Some(m) = &config.book.multilingual
        && *m.get_ref()
    {
        warnings.push(
            src.diag_at(
                Diagnostic::warning(
                    "`book.multilingual = true` is ignored: a kursbuch book has one language",
                )
                .with_help("set `book.language`, e.g. \"de\""),
                m.span().start,
            ),
        );
    }
    for theme in [&html.default_theme, &html.preferred_dark_theme]
        .into_iter()
        .flatten()
    {
        if ThemeChoice::parse(theme).is_none() {
            let at = text.find(theme.as_str()).unwrap_or(0);
            warnings.push(src.diag_at(
                Diagnostic::warning(format!("unknown theme `{theme}`")).with_help(
                    "use \"light\", \"dark\" or \"auto\" (mdBook's light/rust and coal/navy/ayu are understood too)",
                ),
                at,
            ));
        }
    }
    Ok((
        LoadedConfig {
            config,
            path: shown,
            text,
        },
        warnings,
    ))
}

/// The book's `additional-css` and `additional-js` files.
fn html_files(html: &HtmlConfig) -> Vec<PathBuf> {
    html.additional_css
        .iter()
        .chain(&html.additional_js)
        .map(|p| p.get_ref().clone())
        .collect()
}

/// A `language` the interface has no words for: the theme's own words
/// (search, navigation, quiz feedback) are English then.
pub fn language_warning(tag: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "kursbuch's interface has no translation for language `{tag}`; its own words (navigation, search, quizzes) will be English"
    ))
    .with_help(format!(
        "kursbuch has: {}; the book's text and `<html lang=\"{tag}\">` stay as written",
        UiLang::TRANSLATED
            .iter()
            .map(|(t, name)| format!("`{t}` ({name})"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// The colour schemes of the default theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    Light,
    Dark,
    /// Follow the operating system.
    Auto,
}

impl ThemeChoice {
    /// Our names plus mdBook's, so an mdBook book.toml keeps its intent.
    pub fn parse(name: &str) -> Option<ThemeChoice> {
        match name.to_ascii_lowercase().as_str() {
            "light" | "rust" => Some(ThemeChoice::Light),
            "dark" | "coal" | "navy" | "ayu" => Some(ThemeChoice::Dark),
            "auto" | "system" => Some(ThemeChoice::Auto),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<(LoadedConfig, Vec<Diagnostic>), Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("book.toml"), text).unwrap();
        load(dir.path(), Path::new("."))
    }

    #[test]
    fn mdbook_keys_are_read() {
        let (c, warnings) = load_str(
            r#"
[book]
title = "T"
authors = ["A"]
language = "de"
src = "src"
[build]
build-dir = "out"
create-missing = true
[output.html]
site-url = "/x/"
smart-punctuation = false
cname = "example.org"
additional-css = ["a.css"]
[output.html.redirect]
"/old.html" = "new.html"
"#,
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let c = c.config;
        assert_eq!(c.book.title.as_deref(), Some("T"));
        assert_eq!(c.book.src.as_deref(), Some(Path::new("src")));
        assert_eq!(c.build.build_dir, PathBuf::from("out"));
        assert!(c.build.create_missing);
        assert!(!c.output.html.smart_punctuation());
        assert_eq!(c.output.html.redirect.len(), 1);
    }

    #[test]
    fn unknown_keys_warn_once_each_with_position() {
        let (_c, warnings) = load_str(
            "[book]\ntitle = \"T\"\n[rust]\nedition = \"2021\"\n[output.html]\nmathjax-support = true\n[preprocessor.katex]\n[preprocessor.links]\n[output.linkcheck]\n",
        )
        .unwrap();
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 2, "{text:#?}");
        let has = |needle: &str, line: usize| {
            warnings
                .iter()
                .any(|w| w.message.contains(needle) && w.location.as_ref().unwrap().line == line)
        };
        // mdBook's `[rust]` table is known.
        assert!(
            !warnings.iter().any(|w| w.message.contains("rust")),
            "{text:#?}"
        );
        // mdBook's MathJax switch is read: formulas become MathML.
        assert!(
            !warnings.iter().any(|w| w.message.contains("mathjax")),
            "{text:#?}"
        );
        assert!(has("preprocessor.katex", 7), "{text:#?}");
        assert!(has("output.linkcheck", 9), "{text:#?}");
    }

    #[test]
    fn math_switches_are_read() {
        let (c, w) = load_str("[output.html]\nmathjax-support = true\n").unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert!(c.config.output.html.mathjax_support);
        let (c, w) = load_str("[output.kursbuch]\nmath = true\n").unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert!(c.config.output.kursbuch.math);
    }

    #[test]
    fn invalid_toml_is_an_error_with_position() {
        let err = load_str("[book]\ntitle = \"unterminated\n").unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!(loc.path, PathBuf::from("book.toml"));
        assert_eq!(loc.line, 2, "{err}");
    }

    #[test]
    fn smart_punctuation_defaults_on_and_reads_old_name() {
        let (c, w) = load_str("[output.html]\ncurly-quotes = false\n").unwrap();
        assert!(!c.config.output.html.smart_punctuation());
        assert_eq!(w.len(), 1);
        let (c, _) = load_str("").unwrap();
        assert!(c.config.output.html.smart_punctuation());
    }
}
