//! The outputs of a site, one [`Output`] each, listed once in [`OUTPUTS`].
//! From that list come the set of paths links are checked against
//! ([`Prepared::output_paths`]), what `kursbuch build` writes
//! ([`Prepared::write`]) and what `kursbuch serve` writes again after an
//! edit ([`Prepared::write_scope`]). A new output is a file here with a unit
//! struct that implements [`Output`], and one line in [`OUTPUTS`].

mod files;
mod host;
mod not_found;
mod pages;
mod print;
pub(super) mod redirects;
mod search;
mod sitemap;
mod toc;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::time::Instant;

use rayon::prelude::*;

use super::prepare::Prepared;
use super::timing;
use crate::diag::{Diagnostic, Location};
use crate::output::Sink;
use crate::render::RenderError;

/// What to write.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Everything: a build, or a full rebuild in `serve`.
    All,
    /// What depends on the content of these chapters (by index), after they
    /// changed on disk and were rendered again (`serve`).
    Chapters(&'a BTreeSet<usize>),
}

impl Scope<'_> {
    /// Does the scope include chapter `i`'s content?
    pub fn has_chapter(&self, i: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Chapters(set) => set.contains(&i),
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, Scope::All)
    }
}

/// One output of the site.
pub trait Output: Sync {
    /// Its name in `KURSBUCH_TIMINGS=1` output.
    fn name(&self) -> &'static str;

    /// The site paths it writes, known before anything is written: links and
    /// redirects are checked against them.
    fn paths(&self, site: &Prepared) -> Vec<String>;

    /// Writes what `scope` asks for into `sink`; returns its problems (every
    /// page's, not only the first).
    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic>;

    /// Slow and asked for by few requests (the search index): `serve` writes
    /// it after the pages, so a page reloads without waiting for it.
    fn deferred(&self) -> bool {
        false
    }

    /// A folder only this output writes into: when `serve` writes it again,
    /// files there it did not write again are gone (content-named files).
    fn folder(&self) -> Option<&'static str> {
        None
    }
}

/// Every output of a site.
pub const OUTPUTS: &[&dyn Output] = &[
    &pages::ChapterPages,
    &not_found::NotFound,
    &print::PrintPage,
    &search::SearchIndex,
    &sitemap::Sitemap,
    &toc::TocPage,
    &redirects::RedirectPages,
    &files::ThemeFiles,
    &files::BookFiles,
    &host::HostFiles,
];

/// A file written to the sink, or the problem if it could not be.
pub(crate) fn put(sink: &dyn Sink, rel: &str, bytes: &[u8]) -> Option<Diagnostic> {
    sink.write(rel, bytes)
        .err()
        .map(|e| Diagnostic::error(format!("cannot write `{rel}`: {e}")))
}

/// Renders a page: into what it is written to.
pub(crate) type Render<'a> = dyn Fn(&mut dyn Write) -> Result<(), RenderError> + Sync + 'a;

/// Why a page is not in the sink.
pub(crate) enum PageFailure {
    /// Its template failed (grouped by template line with other pages').
    Render(Diagnostic),
    /// Writing it failed.
    Write(Diagnostic),
}

/// Renders a page straight into the sink at `rel`.
pub(crate) fn render_page(sink: &dyn Sink, rel: &str, render: &Render) -> Result<(), PageFailure> {
    let mut template = None;
    let written = sink.write_from(rel, &mut |out| match render(out) {
        Ok(()) => Ok(()),
        Err(RenderError::Write(e)) => Err(e),
        Err(RenderError::Template(d)) => {
            template = Some(d);
            Err(std::io::Error::other("the template failed"))
        }
    });
    match (template, written) {
        (Some(d), _) => Err(PageFailure::Render(d)),
        (None, Err(e)) => Err(PageFailure::Write(Diagnostic::error(format!(
            "cannot write `{rel}`: {e}"
        )))),
        (None, Ok(())) => Ok(()),
    }
}

/// A page rendered into the sink; a render error is its problem, naming
/// the page.
pub(crate) fn put_page(sink: &dyn Sink, rel: &str, render: &Render) -> Option<Diagnostic> {
    match render_page(sink, rel, render) {
        Ok(()) => None,
        Err(PageFailure::Render(d)) => by_template_line(vec![(rel.to_string(), d)]).pop(),
        Err(PageFailure::Write(d)) => Some(d),
    }
}

/// Render errors, one per template line and message, each naming the pages
/// it broke: a mistake in `page.html` breaks every page the same way.
fn by_template_line(failed: Vec<(String, Diagnostic)>) -> Vec<Diagnostic> {
    type Key = (Option<Location>, String);
    let mut groups: BTreeMap<Key, (Diagnostic, Vec<String>)> = BTreeMap::new();
    for (page, d) in failed {
        let key = (d.location.clone(), d.message.clone());
        groups
            .entry(key)
            .or_insert_with(|| (d, Vec::new()))
            .1
            .push(page);
    }
    groups
        .into_values()
        .map(|(mut d, mut pages)| {
            pages.sort();
            let more = match pages.len() {
                1 => String::new(),
                2 => format!(" and `{}`", pages[1]),
                n => format!(" and {} more pages", n - 1),
            };
            d.message = format!("{} (rendering `{}`{more})", d.message, pages[0]);
            d
        })
        .collect()
}

impl Prepared {
    /// Every path the outputs write.
    pub(super) fn output_paths(&self) -> HashSet<String> {
        paths_of(self, OUTPUTS)
    }

    /// Writes every file of the site into `sink`; returns the problems.
    pub fn write(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        write_outputs(self, OUTPUTS, Scope::All, sink)
    }

    /// Writes what `scope` asks of the outputs that are `deferred` (or not).
    pub(super) fn write_scope(
        &self,
        scope: Scope,
        deferred: bool,
        sink: &dyn Sink,
    ) -> Vec<Diagnostic> {
        let outputs: Vec<&dyn Output> = OUTPUTS
            .iter()
            .copied()
            .filter(|o| o.deferred() == deferred)
            .collect();
        write_outputs(self, &outputs, scope, sink)
    }
}

/// The paths `outputs` write.
fn paths_of(site: &Prepared, outputs: &[&dyn Output]) -> HashSet<String> {
    outputs.iter().flat_map(|o| o.paths(site)).collect()
}

/// The outputs write side by side: writing pages waits on the file system,
/// the search index and print.html fill the gaps.
fn write_outputs(
    site: &Prepared,
    outputs: &[&dyn Output],
    scope: Scope,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    outputs
        .par_iter()
        .flat_map_iter(|o| {
            let t = Instant::now();
            let problems = o.write(site, scope, sink);
            timing(o.name(), t);
            problems
        })
        .collect()
}

/// The folders of the deferred outputs, which they write whole.
pub fn deferred_folders() -> Vec<&'static str> {
    OUTPUTS
        .iter()
        .filter(|o| o.deferred())
        .filter_map(|o| o.folder())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_error_per_template_line_naming_the_pages() {
        let at = |line| {
            Diagnostic::error("template: boom").at(Location {
                path: "templates/page.html".into(),
                line,
                col: 1,
            })
        };
        let failed = vec![
            ("b.html".to_string(), at(3)),
            ("a.html".to_string(), at(3)),
            ("c.html".to_string(), at(3)),
            ("b.html".to_string(), at(9)),
        ];
        let ds = by_template_line(failed);
        assert_eq!(ds.len(), 2);
        assert_eq!(
            ds[0].message,
            "template: boom (rendering `a.html` and 2 more pages)"
        );
        assert_eq!(ds[1].message, "template: boom (rendering `b.html`)");
    }

    /// The README's recipe "add an output file", followed: an output that
    /// lists the chapters' titles. Its path is checked against, a build
    /// writes it, and `serve` writes it again when a chapter changes.
    struct TitleList;

    impl Output for TitleList {
        fn name(&self) -> &'static str {
            "title list"
        }

        fn paths(&self, _: &Prepared) -> Vec<String> {
            vec!["titles.txt".to_string()]
        }

        fn write(&self, site: &Prepared, _: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
            let titles: Vec<&str> = site
                .book
                .chapters
                .iter()
                .map(|c| c.title.as_str())
                .collect();
            put(sink, "titles.txt", titles.join("\n").as_bytes())
                .into_iter()
                .collect()
        }
    }

    #[test]
    fn an_output_plugs_into_paths_build_and_serve() {
        use crate::output::MemorySink;
        use crate::site::{BuildOptions, prepare_site};
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/SUMMARY.md"),
            "- [Eins](a.md)\n- [Zwei](b.md)\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("content/a.md"), "# Eins\n").unwrap();
        std::fs::write(dir.path().join("content/b.md"), "# Zwei\n").unwrap();
        let opts = BuildOptions {
            root: dir.path().to_path_buf(),
            in_memory: true,
            ..BuildOptions::default()
        };
        let (site, _) = prepare_site(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        let list: &[&dyn Output] = &[&TitleList, &pages::ChapterPages];
        let paths = paths_of(&site, list);
        assert!(
            paths.contains("titles.txt") && paths.contains("a.html"),
            "{paths:?}"
        );
        let built = MemorySink::default();
        assert!(write_outputs(&site, list, Scope::All, &built).is_empty());
        let built = built.into_sorted();
        let names: Vec<&str> = built.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.html", "b.html", "index.html", "titles.txt"]);
        assert_eq!(built[3].1, b"Eins\nZwei");
        let changed = BTreeSet::from([1]);
        let served = MemorySink::default();
        assert!(write_outputs(&site, list, Scope::Chapters(&changed), &served).is_empty());
        let served = served.into_sorted();
        let names: Vec<&str> = served.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["b.html", "titles.txt"],
            "only what the change touches"
        );
    }
}
