//! `kursbuch build`, in the order the data flows:
//!
//! 1. [`locate`]: book.toml and the book's folders;
//! 2. [`prepare`]: the chapters loaded and rendered once each, in parallel
//!    (`chapters`), print.html's parts and the 404 page;
//! 3. `links`: every link and anchor checked against every page and every
//!    file the [`outputs`] will write;
//! 4. [`outputs`]: one step per output (chapter pages, 404, print.html, the
//!    search index, sitemap, redirects, theme and content files, host files),
//!    all writing into a [`Sink`];
//! 5. a staged folder swapped in when nothing failed.
//!
//! [`Prepared`] keeps what a build computed, so `kursbuch serve` can update
//! chapters without building the rest again (`incremental`).

mod chapters;
mod incremental;
mod links;
pub mod locate;
pub mod outputs;
mod pages;
mod prepare;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{DirSink, Staging};
pub use incremental::{Deferred, Update};
pub use locate::{Located, SiteUrl, WATCHED_FOLDERS, locate, parse_site_url};
pub use outputs::deferred_folders;
pub use prepare::Prepared;

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
    /// `--warn-links`: broken links are warnings whatever book.toml says.
    pub warn_links: bool,
    /// `--deny-warnings`: a warning fails the build like an error.
    pub deny_warnings: bool,
    /// `--include-root`: more folders includes may read, for this run
    /// (relative to the working directory).
    pub include_roots: Vec<PathBuf>,
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

/// `--deny-warnings` and a warning: the build fails (checked before the
/// output is written, and again before the staged site is swapped in).
fn denied(opts: &BuildOptions, diags: &Diagnostics) -> bool {
    opts.deny_warnings && !diags.is_empty()
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

/// Reads, renders and checks a book for writing it somewhere. Returns it with
/// its warnings, or every problem found.
pub fn prepare_site(opts: &BuildOptions) -> Result<(Prepared, Vec<Diagnostic>), BuildFailure> {
    let mut diags = Diagnostics::default();
    match prepare::prepare(opts, &mut diags) {
        Some(p) if !diags.has_errors() => Ok((p, diags.sorted().into_iter().cloned().collect())),
        _ => Err(fail(diags)),
    }
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let prepared = match prepare::prepare(opts, &mut diags) {
        Some(p) if !diags.has_errors() && !denied(opts, &diags) => p,
        _ => return Err(fail(diags)),
    };
    let build_dir = prepared.build_dir.clone();
    // Waits while another build of the same folder runs.
    let staging = match Staging::create(&build_dir) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return Err(fail(diags));
        }
    };
    let sink = DirSink::new(staging.dir().to_path_buf());
    let t = Instant::now();
    diags.extend(prepared.write(&sink));
    timing("write", t);
    // Write errors from a staged folder that vanished say little; this says why.
    if let Err(d) = staging.check() {
        diags.push(d);
    }
    if diags.has_errors() || denied(opts, &diags) {
        return Err(fail(diags)); // staging is dropped: the old site stays
    }
    let t = Instant::now();
    let committed = staging.commit();
    timing("swap in", t);
    if let Err(d) = committed {
        diags.push(d);
        return Err(fail(diags));
    }
    Ok(BuildReport {
        chapters: prepared.book.chapters.len(),
        warnings: diags.sorted().into_iter().cloned().collect(),
        out_dir: build_dir,
        elapsed: start.elapsed(),
    })
}
