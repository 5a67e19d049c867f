//! `kursbuch serve`: build the book into memory, serve it on loopback with
//! live reload, and rebuild what a change touches.
//!
//! One thread owns the prepared book and rebuilds; worker threads answer
//! requests from the in-memory site (see [`state`]); each open page holds a
//! live-reload stream (see [`livereload`]).

pub mod http;
pub mod livereload;
pub mod state;
pub mod watch;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::cmd::print_all;
use crate::diag::Diagnostic;
use crate::site::{BuildOptions, Prepared, prepare_site};
use livereload::{LiveReload, json_string};
use state::{MemSink, Site, State};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

/// Request threads; live-reload streams get threads of their own.
const WORKERS: usize = 8;

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
struct Builder {
    opts: BuildOptions,
    prepared: Option<Prepared>,
    state: Arc<State>,
    reload: Arc<LiveReload>,
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1" | "[::1]") || host.starts_with("127.")
}

pub fn run(opts: &ServeOptions) -> u8 {
    if !is_loopback(&opts.host) {
        eprintln!(
            "kursbuch: warning: serving on {} makes the preview reachable from other machines",
            opts.host
        );
    }
    let address = format!("{}:{}", opts.host, opts.port);
    let server = match tiny_http::Server::http(&address) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            let in_use = e
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse);
            if in_use {
                eprintln!("error: port {} is already in use", opts.port);
                eprintln!(
                    "  help: stop the other server, or choose another port with `--port`, e.g. `kursbuch serve --port 3001`"
                );
            } else {
                eprintln!("error: cannot listen on {address}: {e}");
                eprintln!("  help: check `--host` and `--port`");
            }
            return crate::cmd::EXIT_ERROR;
        }
    };
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    let state = Arc::new(State::default());
    let reload = Arc::new(LiveReload::default());
    let stop = Arc::new(AtomicBool::new(false));

    // The first build, before answering: the first page is the finished one.
    let mut builder = Builder {
        opts: BuildOptions {
            root: opts.root.clone(),
            dest_dir: None,
            // Served at the root of the loopback address, whatever site-url says.
            base_url: Some("/".into()),
            in_memory: true,
        },
        prepared: None,
        state: state.clone(),
        reload: reload.clone(),
    };
    builder.full(false);

    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (server, state, reload, stop) =
            (server.clone(), state.clone(), reload.clone(), stop.clone());
        workers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let Ok(request) = server.recv() else { break };
                if let Some(live) = http::handle(request, &state) {
                    let (state, reload) = (state.clone(), reload.clone());
                    std::thread::spawn(move || http::live(live, &state, &reload));
                }
            }
        }));
    }
    {
        let (stop, server) = (stop.clone(), server.clone());
        let handler = ctrlc::set_handler(move || {
            stop.store(true, Ordering::Relaxed);
            for _ in 0..WORKERS {
                server.unblock();
            }
        });
        if let Err(e) = handler {
            eprintln!("kursbuch: warning: Ctrl-C will not stop the server cleanly: {e}");
        }
    }

    let url = format!(
        "http://{}:{port}/",
        if opts.host == "0.0.0.0" {
            "127.0.0.1"
        } else {
            &opts.host
        }
    );
    println!("kursbuch: serving at {url} (Ctrl-C to stop)");
    if opts.open
        && let Err(e) = opener::open(&url)
    {
        eprintln!("kursbuch: warning: cannot open a browser: {e}");
    }

    let mut watcher = match watch::Watcher::new() {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "kursbuch: warning: cannot watch the book for changes ({e}); serving without live reload"
            );
            None
        }
    };
    if let Some(w) = &mut watcher {
        builder.watch(w);
        while let Some(batch) = w.next_batch(&stop) {
            let plan = builder.plan(&batch);
            let full = matches!(plan, Plan::Full { .. });
            builder.execute(plan, &batch);
            if full {
                builder.watch(w);
            }
        }
    } else {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    }
    reload.close_all();
    for w in workers {
        let _ = w.join();
    }
    println!("kursbuch: stopped");
    0
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

impl Builder {
    fn root(&self) -> PathBuf {
        self.opts
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.opts.root.clone())
    }

    /// Watches what the book is read from: book.toml's folder, the content
    /// folder, data/, templates/, static/, extra-watch-dirs and every folder
    /// an `{{#include}}` reaches into.
    fn watch(&self, w: &mut watch::Watcher) {
        let root = self.root();
        w.watch(&root, false);
        for dir in ["content", "src", "data", "templates", "static"] {
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
                if ["content", "src", "data", "templates", "static"].contains(&name.as_str()) {
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

    fn execute(&mut self, plan: Plan, batch: &BTreeSet<PathBuf>) {
        match plan {
            Plan::Nothing => {}
            Plan::Full { css_only } => self.full(css_only),
            Plan::Chapters(which) => self.chapters(&which, batch),
        }
    }

    /// A whole build into memory; on errors the previous site stays.
    fn full(&mut self, css_only: bool) {
        let start = Instant::now();
        self.state.begin(true, true);
        let old = self.state.peek();
        let result = prepare_site(&self.opts).and_then(|(p, warnings)| {
            let sink = MemSink::default();
            let problems = p.write(&sink);
            if problems.iter().any(Diagnostic::is_error) {
                return Err(crate::site::BuildFailure {
                    diagnostics: problems,
                });
            }
            Ok((p, warnings, sink.into_files()))
        });
        match result {
            Ok((p, warnings, files)) => {
                print_all(&warnings);
                let chapters = p.chapter_count();
                let swap = self
                    .prepared
                    .as_ref()
                    .map(|old_p| old_p.css_changes(&p))
                    .unwrap_or_default();
                self.prepared = Some(p);
                let build = old.build + 1;
                self.state.finish(
                    Some(Site {
                        files,
                        build,
                        error: None,
                    }),
                    true,
                    true,
                );
                if css_only && !swap.is_empty() {
                    let pairs: Vec<String> = swap
                        .iter()
                        .map(|(a, b)| format!("{}:{}", json_string(a), json_string(b)))
                        .collect();
                    self.reload.broadcast(&format!(
                        "{{\"type\":\"css\",\"build\":{build},\"swap\":{{{}}}}}",
                        pairs.join(",")
                    ));
                } else {
                    self.reload.broadcast(&format!(
                        "{{\"type\":\"reload\",\"build\":{build},\"all\":true}}"
                    ));
                }
                println!(
                    "kursbuch: built {chapters} chapter{} in {} ms",
                    if chapters == 1 { "" } else { "s" },
                    start.elapsed().as_millis()
                );
            }
            Err(failure) => self.failed(&failure.diagnostics, &old),
        }
    }

    /// Only `which` chapters again, then the search index.
    fn chapters(&mut self, which: &BTreeSet<usize>, batch: &BTreeSet<PathBuf>) {
        let start = Instant::now();
        let Some(p) = &mut self.prepared else {
            return self.full(false);
        };
        self.state.begin(true, true);
        let old = self.state.peek();
        match p.update_chapters(which) {
            Ok(update) if update.needs_full_build => self.full(false),
            Ok(update) => {
                print_all(&update.warnings);
                let mut files = old.files.clone();
                let paths: Vec<String> = update
                    .files
                    .iter()
                    .map(|(path, _)| json_string(path))
                    .collect();
                for (path, bytes) in update.files {
                    files.insert(path, Arc::new(bytes));
                }
                let build = old.build + 1;
                self.state.finish(
                    Some(Site {
                        files,
                        build,
                        error: None,
                    }),
                    true,
                    false,
                );
                self.reload.broadcast(&format!(
                    "{{\"type\":\"reload\",\"build\":{build},\"all\":false,\"paths\":[{}]}}",
                    paths.join(",")
                ));
                let page_ms = start.elapsed().as_millis();
                // The search index after the pages: only search requests wait for it.
                let search = p.search_files();
                let current = self.state.peek();
                let mut files: std::collections::HashMap<String, Arc<Vec<u8>>> = current
                    .files
                    .iter()
                    .filter(|(k, _)| !k.starts_with("search/"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (name, text) in search {
                    files.insert(format!("search/{name}"), Arc::new(text.into_bytes()));
                }
                self.state.finish(
                    Some(Site {
                        files,
                        build,
                        error: None,
                    }),
                    false,
                    true,
                );
                let changed: Vec<String> =
                    batch.iter().map(|b| shown(&self.opts.root, b)).collect();
                println!(
                    "kursbuch: updated {} in {page_ms} ms (search index {} ms)",
                    changed.join(", "),
                    start.elapsed().as_millis()
                );
            }
            Err(diags) => self.failed(&diags, &old),
        }
    }

    /// Prints the problems, keeps the last good site and shows the overlay.
    fn failed(&self, diags: &[Diagnostic], old: &Site) {
        print_all(diags);
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
            }),
            true,
            true,
        );
        self.reload.broadcast(&format!(
            "{{\"type\":\"error\",\"error\":{}}}",
            json_string(&text)
        ));
    }
}

/// A changed path as the author knows it (relative to the book folder).
fn shown(root: &Path, path: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}
