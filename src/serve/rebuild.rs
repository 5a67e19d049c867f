//! What `kursbuch serve` does with a batch of changed files: nothing, the
//! changed chapters (a few milliseconds), or the whole book; then the new
//! files go live and the open pages hear about it. On errors the last good
//! version stays served and the pages show them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::livereload::{LiveReload, Message};
use super::state::{Site, State};
use super::watch;
use crate::diag::{Diagnostic, Printer};
use crate::output::MemorySink;
use crate::site::{
    BuildFailure, BuildOptions, Prepared, WATCHED_FOLDERS, deferred_folders, prepare_site,
};

/// What a batch of changes calls for.
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    Nothing,
    Chapters(BTreeSet<usize>),
    /// Everything again; `css_only` when only stylesheets changed, so pages
    /// can swap them without reloading.
    Full {
        css_only: bool,
    },
}

/// Where the rebuilds happen: the prepared book and what it was read from.
pub struct Builder {
    opts: BuildOptions,
    prepared: Option<Prepared>,
    state: Arc<State>,
    reload: Arc<LiveReload>,
    printer: Printer,
}

impl Builder {
    /// For the book at `root`, served at the root of the address (whatever
    /// `site-url` says).
    pub fn new(root: &Path, state: Arc<State>, reload: Arc<LiveReload>) -> Builder {
        Builder {
            opts: BuildOptions {
                root: root.to_path_buf(),
                dest_dir: None,
                base_url: Some("/".into()),
                in_memory: true,
                ..Default::default()
            },
            prepared: None,
            state,
            reload,
            printer: Printer::default(),
        }
    }

    /// `--warn-links`: broken links are warnings.
    pub fn warn_links(mut self, warn: bool) -> Builder {
        self.opts.warn_links = warn;
        self
    }

    /// `--include-root`: more folders includes may read.
    pub fn include_roots(mut self, roots: Vec<PathBuf>) -> Builder {
        self.opts.include_roots = roots;
        self
    }

    /// How diagnostics are printed (`--color`).
    pub fn printer(mut self, printer: Printer) -> Builder {
        self.printer = printer;
        self
    }

    fn root(&self) -> PathBuf {
        self.opts
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.opts.root.clone())
    }

    /// Watches what the book is read from: book.toml's folder, the content
    /// folder, data/, templates/, static/, extra-watch-dirs and every folder
    /// an `{{#include}}` reaches into.
    pub fn watch(&self, w: &mut watch::Watcher) {
        let root = self.root();
        w.watch(&root, false);
        for dir in WATCHED_FOLDERS {
            w.watch(&root.join(dir), true);
        }
        if let Some(p) = &self.prepared {
            let (_, content, data) = p.folders();
            w.watch(&content, true);
            w.watch(&data, true);
            for extra in p.extra_watch_dirs() {
                w.watch(&root.join(extra), true);
            }
            for (file, _) in p.source_files() {
                if let Some(dir) = file.parent() {
                    w.watch(dir, false);
                }
            }
        }
    }

    /// Rebuilds what `batch` touches; true when that was the whole book (so
    /// the watched folders may have changed).
    pub fn changed(&mut self, batch: &BTreeSet<PathBuf>) -> bool {
        match self.plan(batch) {
            Plan::Nothing => false,
            Plan::Full { css_only } => {
                self.full(css_only);
                true
            }
            Plan::Chapters(which) => {
                self.chapters(&which, batch);
                false
            }
        }
    }

    fn plan(&self, batch: &BTreeSet<PathBuf>) -> Plan {
        let Some(p) = &self.prepared else {
            return Plan::Full { css_only: false };
        };
        let root = self.root();
        let (_, content, data) = p.folders();
        let content = content.canonicalize().unwrap_or(content);
        let data = data.canonicalize().unwrap_or(data);
        let sources: BTreeMap<PathBuf, Vec<usize>> = p.source_files().into_iter().collect();
        let others = p.other_sources();
        let mut chapters = BTreeSet::new();
        let mut css = 0;
        let mut full = false;
        for path in batch {
            let path = path.canonicalize().unwrap_or_else(|_| path.clone());
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default()
                .to_ascii_lowercase();
            if let Some(list) = sources.get(&path) {
                chapters.extend(list.iter().copied());
            } else if others.contains(&path) || path == root.join("book.toml") {
                full = true;
            } else if path.starts_with(root.join("static")) && ext == "css" {
                css += 1;
            } else if path.starts_with(root.join("templates"))
                || path.starts_with(root.join("static"))
            {
                full = true;
            } else if path.starts_with(&data) {
                let rel = path
                    .strip_prefix(&data)
                    .map(crate::paths::path_to_slash)
                    .unwrap_or_default();
                if rel == crate::glossary::FILE {
                    // Every chapter's tooltips come from it.
                    full = true;
                }
                chapters.extend(p.chapters_using_data(rel.trim_end_matches(".toml")));
            } else if path.starts_with(&content) {
                // SUMMARY.md, a new or removed image, 404.md: the shape of the site.
                // A Markdown file no chapter reads changes nothing.
                if ext != "md" || path.file_name().is_some_and(|n| n == "SUMMARY.md") {
                    full = true;
                }
            } else if path.parent() == Some(root.as_path()) {
                // Directly in the book folder: only folders the book reads matter.
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if WATCHED_FOLDERS.contains(&name.as_str()) {
                    full = true;
                }
            } else if p
                .extra_watch_dirs()
                .iter()
                .any(|d| path.starts_with(root.join(d)))
            {
                full = true;
            }
        }
        if full || (css > 0 && !chapters.is_empty()) {
            Plan::Full { css_only: false }
        } else if css > 0 {
            Plan::Full { css_only: true }
        } else if chapters.is_empty() {
            Plan::Nothing
        } else {
            Plan::Chapters(chapters)
        }
    }

    /// A whole build into memory; on errors the previous site stays.
    pub fn full(&mut self, css_only: bool) {
        let start = Instant::now();
        self.state.begin(true, true);
        let old = self.state.peek();
        let result = prepare_site(&self.opts).and_then(|(p, warnings)| {
            let sink = MemorySink::default();
            let problems = p.write(&sink);
            if problems.iter().any(Diagnostic::is_error) {
                return Err(BuildFailure {
                    diagnostics: problems,
                });
            }
            Ok((p, warnings, sink.into_files()))
        });
        let (p, warnings, files) = match result {
            Ok(done) => done,
            Err(failure) => return self.failed(&failure.diagnostics, &old),
        };
        self.printer.print_all(&warnings);
        let chapters = p.chapter_count();
        let swap: BTreeMap<String, String> = self
            .prepared
            .as_ref()
            .map(|old_p| old_p.css_changes(&p).into_iter().collect())
            .unwrap_or_default();
        self.prepared = Some(p);
        let build = old.build + 1;
        publish(&self.state, files, build, true, true);
        self.reload.broadcast(&if css_only && !swap.is_empty() {
            Message::Css { build, swap: &swap }
        } else {
            Message::Reload {
                build,
                all: true,
                paths: &[],
            }
        });
        println!(
            "kursbuch: built {chapters} chapter{} in {} ms",
            if chapters == 1 { "" } else { "s" },
            start.elapsed().as_millis()
        );
    }

    /// Only `which` chapters again, then the deferred outputs (search index).
    fn chapters(&mut self, which: &BTreeSet<usize>, batch: &BTreeSet<PathBuf>) {
        let start = Instant::now();
        let Some(p) = &mut self.prepared else {
            return self.full(false);
        };
        self.state.begin(true, true);
        let old = self.state.peek();
        let update = match p.update_chapters(which) {
            Ok(update) if update.needs_full_build => return self.full(false),
            Ok(update) => update,
            Err(diags) => return self.failed(&diags, &old),
        };
        self.printer.print_all(&update.warnings);
        let mut files = old.files.clone();
        let paths: Vec<String> = update.files.iter().map(|(path, _)| path.clone()).collect();
        for (path, bytes) in update.files {
            files.insert(path, Arc::new(bytes));
        }
        let build = old.build + 1;
        publish(&self.state, files, build, true, false);
        self.reload.broadcast(&Message::Reload {
            build,
            all: false,
            paths: &paths,
        });
        let page_ms = start.elapsed().as_millis();
        // The deferred outputs after the pages: only their requests wait for them.
        let later = p.deferred_files(which);
        self.printer.print_all(&later.problems);
        let current = self.state.peek();
        let mut files = current.files.clone();
        files.retain(|k, _| !later.folders.iter().any(|f| k.starts_with(f)));
        for (name, bytes) in later.files {
            files.insert(name, Arc::new(bytes));
        }
        publish(&self.state, files, build, false, true);
        let changed: Vec<String> = batch.iter().map(|b| shown(&self.opts.root, b)).collect();
        println!(
            "kursbuch: updated {} in {page_ms} ms (search index {} ms)",
            changed.join(", "),
            start.elapsed().as_millis()
        );
    }

    /// Prints the problems, keeps the last good site and shows the overlay.
    fn failed(&self, diags: &[Diagnostic], old: &Site) {
        self.printer.print_all(diags);
        let n = diags.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "kursbuch: {n} error{}; {}",
            if n == 1 { "" } else { "s" },
            if old.files.is_empty() {
                "the book is served once they are fixed"
            } else {
                "still serving the last good version"
            }
        );
        let text = overlay_text(diags);
        self.state.finish(
            Some(Site {
                files: old.files.clone(),
                build: old.build,
                error: Some(text.clone()),
                kept: old.kept.clone(),
            }),
            true,
            true,
        );
        self.reload.broadcast(&Message::Error { error: &text });
    }
}

/// Serves `files` as build number `build`; lets the requests waiting for
/// pages and/or the search index through.
fn publish(
    state: &State,
    mut files: HashMap<String, Arc<Vec<u8>>>,
    build: u64,
    pages: bool,
    search: bool,
) {
    let old = state.peek();
    let kept = if search {
        keep_previous_generation(&old, &mut files)
    } else {
        // The same search files as before, the kept ones included.
        old.kept.clone()
    };
    let site = Site {
        files,
        build,
        error: None,
        kept,
    };
    state.finish(Some(site), pages, search);
}

/// Adds to `files` (a new build, with a new search index) the files of
/// the old build's content-named folders that it replaced, except those the
/// old build had kept itself: one generation stays, not all. Their entry
/// file (`search/index.js`) is always the new one.
fn keep_previous_generation(
    old: &Site,
    files: &mut HashMap<String, Arc<Vec<u8>>>,
) -> HashSet<String> {
    let folders = deferred_folders();
    let mut kept = HashSet::new();
    for (name, bytes) in &old.files {
        let generated = folders.iter().any(|f| name.starts_with(f));
        if generated && !files.contains_key(name) && !old.kept.contains(name) {
            files.insert(name.clone(), bytes.clone());
            kept.insert(name.clone());
        }
    }
    kept
}

/// The problems of a build as the overlay shows them.
fn overlay_text(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A changed path as the author knows it (relative to the book folder).
fn shown(root: &Path, path: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}
