//! Updating a prepared site after some chapters changed on disk: what
//! `kursbuch serve` does on every save. A chapter's page is a function of its
//! source and the book-level context, so re-rendering the changed chapters
//! and asking every output for what depends on them ([`Scope::Chapters`])
//! gives what a clean build gives, byte for byte (the serve tests compare the
//! two). Anything else (SUMMARY.md, book.toml, the theme) is a full build.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::outputs::{Scope, deferred_folders};
use super::prepare::Prepared;
use crate::book::ChapterEntry;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::output::MemorySink;

/// What an update produced.
#[derive(Debug, Default)]
pub struct Update {
    /// Output files to replace: site path and contents.
    pub files: Vec<(String, Vec<u8>)>,
    pub warnings: Vec<Diagnostic>,
    /// The change reaches beyond the chapters (a chapter started or stopped
    /// showing the glossary, which every tooltip links to): build it all.
    pub needs_full_build: bool,
}

/// What the deferred outputs (the search index) wrote after an update.
#[derive(Debug, Default)]
pub struct Deferred {
    pub files: Vec<(String, Vec<u8>)>,
    /// Folders they write whole: files there not in `files` are gone.
    pub folders: Vec<&'static str>,
    pub problems: Vec<Diagnostic>,
}

impl Prepared {
    /// The files each chapter was read from (its own and its includes),
    /// canonical, with the chapters that read them.
    pub fn source_files(&self) -> Vec<(PathBuf, Vec<usize>)> {
        let mut map: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (i, ch) in self.book.chapters.iter().enumerate() {
            for f in &ch.expanded.files {
                let disk = f.disk.canonicalize().unwrap_or_else(|_| f.disk.clone());
                let v = map.entry(disk).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        let mut v: Vec<(PathBuf, Vec<usize>)> = map.into_iter().collect();
        v.sort();
        v
    }

    /// Files a page was made from that are not chapters: the 404 page's
    /// sources. A change to one of them means a full build.
    pub fn other_sources(&self) -> Vec<PathBuf> {
        self.page_404
            .iter()
            .flat_map(|(ch, _)| ch.expanded.files.iter())
            .map(|f| f.disk.canonicalize().unwrap_or_else(|_| f.disk.clone()))
            .collect()
    }

    /// Chapters whose shortcodes read `data/<name>.toml`.
    pub fn chapters_using_data(&self, name: &str) -> Vec<usize> {
        self.rendered
            .iter()
            .enumerate()
            .filter(|(_, r)| r.data_files.iter().any(|d| d == name))
            .map(|(i, _)| i)
            .collect()
    }

    /// The book root, the content folder and `data/`, as read.
    pub fn folders(&self) -> (PathBuf, PathBuf, PathBuf) {
        (
            self.root.clone(),
            self.root.join(&self.src_rel),
            self.data.dir.clone(),
        )
    }

    /// Reads and renders `which` chapters again and returns the files that
    /// changed, but for the deferred outputs ([`Prepared::deferred_files`]).
    /// On errors nothing changes: the previous state stays whole.
    pub fn update_chapters(&mut self, which: &BTreeSet<usize>) -> Result<Update, Vec<Diagnostic>> {
        let mut problems = Diagnostics::default();
        let mut fresh = Vec::new();
        let src_dir = self.root.join(&self.src_rel);
        for &i in which {
            let ch = &self.book.chapters[i];
            // A chapter whose file is gone changes the shape of the book: the
            // full build reports it at its line of SUMMARY.md, as `build` does.
            if !src_dir.join(&ch.source).is_file() {
                return Ok(Update {
                    needs_full_build: true,
                    ..Update::default()
                });
            }
            let entry = ChapterEntry {
                title: &ch.title,
                number: ch.number.clone(),
                source: &ch.source,
                output: &ch.output,
            };
            let (chapter, ds) = self.load_chapter(entry, false);
            problems.extend(ds);
            let Some(c) = chapter else { continue };
            if let Some(g) = &self.glossary {
                let shows = markdown::calls_shortcode(&c.expanded.text, "glossary", &self.registry);
                if shows != (g.page.as_deref() == Some(c.source.as_str())) {
                    return Ok(Update {
                        needs_full_build: true,
                        ..Update::default()
                    });
                }
            }
            let r = self.render_chapter(&c, None);
            problems.extend(super::chapters::placed_problems(&c, &r));
            let printed = self
                .print
                .as_ref()
                .map(|(map, _)| self.render_chapter(&c, Some((map, &r))).html);
            fresh.push((i, c, r, printed));
        }
        if problems.has_errors() {
            return Err(problems.sorted().into_iter().cloned().collect());
        }
        let previous: Vec<_> = fresh
            .into_iter()
            .map(|(i, c, r, printed)| (i, self.swap_chapter(i, c, r, printed)))
            .collect();
        // Headings may have changed: every link of the book is checked again.
        problems.extend(self.link_diagnostics().sorted().into_iter().cloned());
        let sink = MemorySink::default();
        if !problems.has_errors() {
            problems.extend(self.write_scope(Scope::Chapters(which), false, &sink));
        }
        if problems.has_errors() {
            for (i, (c, r, printed)) in previous {
                self.swap_chapter(i, c, r, printed);
            }
            return Err(problems.sorted().into_iter().cloned().collect());
        }
        Ok(Update {
            files: sink.into_sorted(),
            warnings: problems.sorted().into_iter().cloned().collect(),
            needs_full_build: false,
        })
    }

    /// Puts chapter `i` (its page render and print.html part) in place and
    /// returns what was there.
    fn swap_chapter(
        &mut self,
        i: usize,
        c: crate::book::Chapter,
        r: markdown::Rendered,
        printed: Option<markdown::Html>,
    ) -> (
        crate::book::Chapter,
        markdown::Rendered,
        Option<markdown::Html>,
    ) {
        let old_c = std::mem::replace(&mut self.book.chapters[i], c);
        let old_r = std::mem::replace(&mut self.rendered[i], r);
        let old_p = match (&mut self.print, printed) {
            (Some((_, parts)), Some(html)) => Some(std::mem::replace(&mut parts[i], html)),
            _ => None,
        };
        (old_c, old_r, old_p)
    }

    /// After [`Prepared::update_chapters`]: what the deferred outputs (the
    /// search index) write for the same chapters.
    pub fn deferred_files(&self, which: &BTreeSet<usize>) -> Deferred {
        let sink = MemorySink::default();
        let problems = self.write_scope(Scope::Chapters(which), true, &sink);
        Deferred {
            files: sink.into_sorted(),
            folders: deferred_folders(),
            problems,
        }
    }

    pub fn chapter_count(&self) -> usize {
        self.book.chapters.len()
    }

    /// `[build] extra-watch-dirs`, relative to the book root.
    pub fn extra_watch_dirs(&self) -> &[PathBuf] {
        &self.config.config.build.extra_watch_dirs
    }

    /// Stylesheets whose output name (content hash) differs in `newer`:
    /// (old name, new name), for swapping them in open pages.
    pub fn css_changes(&self, newer: &Prepared) -> Vec<(String, String)> {
        let old = &self.renderer.theme().asset_urls;
        newer
            .renderer
            .theme()
            .asset_urls
            .iter()
            .filter(|(name, _)| name.ends_with(".css"))
            .filter_map(|(name, out)| {
                old.get(name)
                    .filter(|o| *o != out)
                    .map(|o| (o.clone(), out.clone()))
            })
            .collect()
    }
}
