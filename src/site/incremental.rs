//! Updating a prepared site after some chapters changed on disk: what
//! `kursbuch serve` does on every save. A chapter's page is a function of its
//! source and the book-level context, so re-rendering the changed chapters
//! with the same functions gives what a clean build gives, byte for byte
//! (the serve tests compare the two). Anything else (SUMMARY.md, book.toml,
//! the theme) is a full build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;

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

    /// Reads and renders `which` chapters again and returns the pages that
    /// changed. On errors nothing changes: the previous state stays whole.
    pub fn update_chapters(&mut self, which: &BTreeSet<usize>) -> Result<Update, Vec<Diagnostic>> {
        let mut problems = Diagnostics::default();
        let src_dir = self.root.join(&self.src_rel);
        let load_opts = LoadOptions {
            root: &self.root,
            shown_root: &self.shown,
            src_rel: &self.src_rel,
            create_missing: false,
        };
        let roots = Roots {
            book_root: &self.root,
            shown_root: &self.shown,
        };
        let mut fresh = Vec::new();
        for &i in which {
            let ch = &self.book.chapters[i];
            let entry = ChapterEntry {
                title: &ch.title,
                number: ch.number.clone(),
                source: &ch.source,
                output: &ch.output,
            };
            let (chapter, ds) = book::load_chapter(entry, &src_dir, &load_opts, &roots);
            problems.extend(ds);
            if let Some(c) = chapter {
                if let Some(g) = &self.glossary {
                    let shows =
                        markdown::calls_shortcode(&c.expanded.text, "glossary", &self.registry);
                    let showed = g.page.as_deref() == Some(c.source.as_str());
                    if shows != showed {
                        return Ok(Update {
                            needs_full_build: true,
                            ..Update::default()
                        });
                    }
                }
                let r = self.render_chapter(&c, None);
                problems.extend(placed_problems(&c, &r));
                let printed = self
                    .print
                    .as_ref()
                    .map(|(map, _)| self.render_chapter(&c, Some((map, &r))).html);
                fresh.push((i, c, r, printed));
            }
        }
        if problems.has_errors() {
            return Err(problems.sorted().into_iter().cloned().collect());
        }
        let mut previous = Vec::new();
        for (i, c, r, printed) in fresh {
            let old_c = std::mem::replace(&mut self.book.chapters[i], c);
            let old_r = std::mem::replace(&mut self.rendered[i], r);
            let old_p = match (&mut self.print, printed) {
                (Some((_, parts)), Some(html)) => Some(std::mem::replace(&mut parts[i], html)),
                _ => None,
            };
            previous.push((i, old_c, old_r, old_p));
        }
        // Headings may have changed: every link of the book is checked again.
        let links = self.link_diagnostics();
        problems.extend(links.sorted().into_iter().cloned());
        if problems.has_errors() {
            for (i, c, r, printed) in previous {
                self.book.chapters[i] = c;
                self.rendered[i] = r;
                if let (Some((_, parts)), Some(html)) = (&mut self.print, printed) {
                    parts[i] = html;
                }
            }
            return Err(problems.sorted().into_iter().cloned().collect());
        }
        let mut update = Update::default();
        for &i in which {
            let output = self.book.chapters[i].output.clone();
            let html = self.chapter_page(i, &output).map_err(|d| vec![d])?;
            update.files.push((output, html.into_bytes()));
        }
        if which.contains(&0) && self.first_chapter_is_start_page() {
            let html = self.chapter_page(0, "index.html").map_err(|d| vec![d])?;
            update
                .files
                .push(("index.html".to_string(), html.into_bytes()));
        }
        let book_title = self.config.config.book.title.as_deref().unwrap_or_default();
        if let Some(html) = print_page(self, book_title) {
            update.files.push((
                "print.html".to_string(),
                html.map_err(|d| vec![d])?.into_bytes(),
            ));
        }
        update.warnings = problems.sorted().into_iter().cloned().collect();
        Ok(update)
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

    /// The search index's files (under `search/`), or none without search.
    pub fn search_files(&self) -> Vec<(String, String)> {
        self.search
            .as_ref()
            .map_or_else(Vec::new, |a| build_search_index(self, a))
    }
}

/// Is `path` inside `dir` (both canonical or both as given)?
pub fn is_within(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir)
}
