//! The book: SUMMARY.md read into a tree, each listed chapter read from disk
//! with its front matter and includes expanded.

pub mod frontmatter;
pub mod include;
pub mod reach;
pub mod source;
pub mod summary;
pub mod unlisted;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::paths::{join_shown, output_path, path_to_slash};
use frontmatter::FrontMatter;
use include::Roots;
use reach::ReadRoots;
use source::{Expanded, SourceFile};
use summary::Summary;

/// A chapter that has a file and becomes a page.
#[derive(Debug)]
pub struct Chapter {
    /// The title in SUMMARY.md.
    pub title: String,
    pub number: Option<Vec<u32>>,
    /// Relative to the content folder, `/`-separated.
    pub source: String,
    /// Relative to the output folder, `/`-separated.
    pub output: String,
    pub front: FrontMatter,
    /// `{{#title}}` from the chapter: the page's whole `<title>`.
    pub title_override: Option<String>,
    pub expanded: Expanded,
}

#[derive(Debug)]
pub struct Book {
    /// The book root, canonical.
    pub root: PathBuf,
    /// The book root as the user named it, for paths in messages.
    pub shown_root: PathBuf,
    /// The content folder, relative to the root (`content` or `src`).
    pub src_rel: PathBuf,
    pub summary: Summary,
    /// Chapters with a file, in reading order.
    pub chapters: Vec<Chapter>,
    /// Index into `chapters` by source path.
    pub by_source: HashMap<String, usize>,
}

impl Book {
    pub fn src_dir(&self) -> PathBuf {
        self.root.join(&self.src_rel)
    }

    /// `content/docker.md` as shown in diagnostics.
    pub fn shown_source(&self, source: &str) -> PathBuf {
        join_shown(&self.shown_root, &self.src_rel.join(source))
    }
}

/// Which folder holds the chapters: `[book] src` if set; else `content/`,
/// or `src/` when only `src/SUMMARY.md` exists (an mdBook book).
pub fn content_dir(root: &Path, configured: Option<&Path>) -> PathBuf {
    if let Some(src) = configured {
        return src.to_path_buf();
    }
    if !root.join("content/SUMMARY.md").is_file() && root.join("src/SUMMARY.md").is_file() {
        PathBuf::from("src")
    } else {
        PathBuf::from("content")
    }
}

pub struct LoadOptions<'a> {
    pub root: &'a Path,
    /// What includes and symlinked chapters may read.
    pub read_roots: &'a ReadRoots,
    pub shown_root: &'a Path,
    pub src_rel: &'a Path,
    pub create_missing: bool,
}

/// Reads SUMMARY.md and every chapter. Problems come back as diagnostics;
/// the book is `None` only when SUMMARY.md itself cannot be used.
pub fn load(opts: &LoadOptions) -> (Option<Book>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let src_dir = opts.root.join(opts.src_rel);
    let summary_path = src_dir.join("SUMMARY.md");
    let shown_summary = join_shown(opts.shown_root, &opts.src_rel.join("SUMMARY.md"));
    let summary_text = match std::fs::read_to_string(&summary_path) {
        Ok(t) => t,
        Err(e) => {
            let d = if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::error(format!("no SUMMARY.md in `{}`", join_shown(opts.shown_root, opts.src_rel).display()))
                    .with_help("a book lists its chapters in SUMMARY.md; `kursbuch init` creates a book to start from")
            } else {
                Diagnostic::error(format!("cannot read {}: {e}", shown_summary.display()))
            };
            return (None, vec![d]);
        }
    };
    let summary = match summary::parse(&summary_text) {
        Ok(s) => s,
        Err(errors) => {
            diags.extend(
                errors
                    .iter()
                    .map(|e| e.place(&shown_summary, &summary_text)),
            );
            return (None, diags);
        }
    };

    // Collect the chapters with files, in reading order, checking each exists.
    struct Entry<'s> {
        title: &'s str,
        number: Option<Vec<u32>>,
        source: &'s str,
        offset: usize,
    }
    let entries: Vec<Entry> = summary
        .links()
        .into_iter()
        .filter_map(|link| {
            Some(Entry {
                title: &link.title,
                number: link.number.clone(),
                source: link.location.as_deref()?,
                offset: link.offset,
            })
        })
        .collect();
    let mut outputs: HashMap<String, &str> = HashMap::new();
    let mut ok_entries = Vec::new();
    for e in entries {
        let disk = src_dir.join(e.source);
        if !disk.is_file() {
            if opts.create_missing && !disk.exists() {
                let created = disk
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|_| std::fs::write(&disk, format!("# {}\n", e.title)));
                if let Err(err) = created {
                    diags.push(
                        Diagnostic::error(format!("cannot create `{}`: {err}", e.source))
                            .at_offset(&shown_summary, &summary_text, e.offset),
                    );
                    continue;
                }
            } else {
                diags.push(
                    Diagnostic::error(format!(
                        "chapter `{}` does not exist ({})",
                        e.source,
                        join_shown(opts.shown_root, &opts.src_rel.join(e.source)).display()
                    ))
                    .at_offset(&shown_summary, &summary_text, e.offset)
                    .with_help("fix the path, create the file, or set `create-missing = true` under [build] in book.toml"),
                );
                continue;
            }
        }
        let output = output_path(e.source);
        if let Some(other) = outputs.insert(output.clone(), e.source) {
            diags.push(
                Diagnostic::error(format!(
                    "`{}` and `{other}` would both become `{output}`",
                    e.source
                ))
                .at_offset(&shown_summary, &summary_text, e.offset)
                .with_help("README.md and index.md in one folder are the same page; keep one"),
            );
            continue;
        }
        ok_entries.push((e, output));
    }

    let roots = Roots {
        book_root: opts.root,
        shown_root: opts.shown_root,
        read: opts.read_roots,
    };
    let loaded: Vec<(Option<Chapter>, Vec<Diagnostic>)> = ok_entries
        .par_iter()
        .map(|(e, output)| {
            load_chapter(
                ChapterEntry {
                    title: e.title,
                    number: e.number.clone(),
                    source: e.source,
                    output,
                },
                &src_dir,
                opts,
                &roots,
            )
        })
        .collect();
    let mut chapters = Vec::with_capacity(loaded.len());
    for (chapter, ds) in loaded {
        // A file several chapters include reports its own problem (not
        // UTF-8, …) once, not once per chapter.
        for d in ds {
            if !diags.contains(&d) {
                diags.push(d);
            }
        }
        chapters.extend(chapter);
    }
    let by_source = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (c.source.clone(), i))
        .collect();
    let book = Book {
        root: opts.root.to_path_buf(),
        shown_root: opts.shown_root.to_path_buf(),
        src_rel: opts.src_rel.to_path_buf(),
        summary,
        chapters,
        by_source,
    };
    (Some(book), diags)
}

/// What SUMMARY.md (or the config, for the 404 page) says about a page.
pub struct ChapterEntry<'a> {
    pub title: &'a str,
    pub number: Option<Vec<u32>>,
    pub source: &'a str,
    pub output: &'a str,
}

/// Whether `rel` (a chapter's path in the content folder) passes through a
/// symlink: a look at its one or two parts, not a resolution of the whole
/// path (a thousand chapters would cost five thousand `readlink`s).
fn through_symlink(src_dir: &Path, rel: &str) -> bool {
    let mut path = src_dir.to_path_buf();
    rel.split('/').any(|part| {
        path.push(part);
        std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// Reads one page's file: front matter, then includes.
pub fn load_chapter(
    entry: ChapterEntry,
    src_dir: &Path,
    opts: &LoadOptions,
    roots: &Roots,
) -> (Option<Chapter>, Vec<Diagnostic>) {
    let disk = src_dir.join(entry.source);
    let shown = join_shown(opts.shown_root, &opts.src_rel.join(entry.source));
    // A symlinked chapter is fine while it stays where the book may read.
    if through_symlink(src_dir, entry.source)
        && let Some(d) = opts
            .read_roots
            .refuse_outside("the chapter is a symlink", &disk)
    {
        return (None, vec![d.in_file(&shown)]);
    }
    let text = match source::read_text(&disk, &shown, "save the chapter as UTF-8") {
        Ok(t) => t,
        Err(source::ReadError::NotUtf8(d)) => return (None, vec![d]),
        Err(source::ReadError::Io(e)) => {
            return (
                None,
                vec![Diagnostic::error(format!("cannot read the chapter: {e}")).in_file(&shown)],
            );
        }
    };
    let parsed = match frontmatter::parse(&text, &shown) {
        Ok(p) => p,
        Err(d) => return (None, vec![d]),
    };
    let mut diags = parsed.warnings;
    let file = SourceFile { shown, disk, text };
    let mut expansion = include::expand(file, parsed.body_start, roots);
    diags.extend(expansion.diagnostics);
    expansion.expanded.share_own_text(parsed.body_start);
    let chapter = Chapter {
        title: entry.title.to_string(),
        number: entry.number,
        source: entry.source.to_string(),
        output: entry.output.to_string(),
        front: parsed.front,
        title_override: expansion.title,
        expanded: expansion.expanded,
    };
    (Some(chapter), diags)
}

/// The files under `dir` that a book publishes or reads: hidden ones (`.git`,
/// `.DS_Store`) skipped. Relative paths (`/`-separated) with their disk paths,
/// sorted; nothing when `dir` does not exist.
pub fn visible_files(dir: &Path) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some((path_to_slash(rel), e.path().to_path_buf()))
        })
        .collect()
}
