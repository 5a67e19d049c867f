//! Markdown files in the content folder that no page shows: not listed in
//! SUMMARY.md, not included by a page, not the 404 page and not matched by
//! `[output.kursbuch] allow-unlisted`. mdBook skips them in silence; an
//! author who forgot a line in SUMMARY.md loses the chapter without
//! noticing, so kursbuch warns.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;

use super::{Book, Chapter, visible_files};
use crate::diag::Diagnostic;

/// The `allow-unlisted` patterns, compiled; an invalid one is an error at
/// its place in book.toml (`place` turns an offset of book.toml into a
/// diagnostic there).
pub fn allowed(
    patterns: &[Spanned<String>],
    place: impl Fn(Diagnostic, usize) -> Diagnostic,
) -> Result<GlobSet, Vec<Diagnostic>> {
    let mut builder = GlobSetBuilder::new();
    let mut errors = Vec::new();
    for p in patterns {
        // `*` stays inside one folder, `**` crosses folders, as in .gitignore.
        match GlobBuilder::new(p.get_ref())
            .literal_separator(true)
            .build()
        {
            Ok(g) => {
                builder.add(g);
            }
            Err(e) => errors.push(place(
                Diagnostic::error(format!("`allow-unlisted`: invalid pattern: {}", e.kind()))
                    .with_help("patterns are paths in the content folder, e.g. \"entwuerfe/**\" or \"notizen.md\""),
                p.span().start,
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    builder
        .build()
        .map_err(|e| vec![Diagnostic::error(format!("`allow-unlisted`: {e}"))])
}

/// One warning per Markdown file of the content folder that no page shows.
/// `extra` are pages SUMMARY.md does not list (the 404 page); `linked`
/// files are left out too: the link check reports them at the link ("not a
/// chapter of the book"), and a cause is reported once.
pub fn warnings(
    book: &Book,
    extra: &[&Chapter],
    linked: &HashSet<&str>,
    allowed: &GlobSet,
) -> Vec<Diagnostic> {
    let listed: HashSet<&str> = book
        .summary
        .links()
        .into_iter()
        .filter_map(|l| l.location.as_deref())
        .chain(extra.iter().map(|c| c.source.as_str()))
        .chain(linked.iter().copied())
        .collect();
    let included: HashSet<&Path> = book
        .chapters
        .iter()
        .chain(extra.iter().copied())
        .flat_map(|c| c.expanded.files.iter().skip(1))
        .map(|f| f.disk.as_path())
        .collect();
    let is_included = |disk: &PathBuf| {
        included.contains(disk.as_path())
            || std::fs::canonicalize(disk).is_ok_and(|c| included.contains(c.as_path()))
    };
    visible_files(&book.src_dir())
        .into_iter()
        .filter(|(rel, _)| rel.to_ascii_lowercase().ends_with(".md"))
        .filter(|(rel, _)| rel != "SUMMARY.md" && !listed.contains(rel.as_str()))
        .filter(|(rel, disk)| !allowed.is_match(rel) && !is_included(disk))
        .map(|(rel, _)| {
            Diagnostic::warning(format!(
                "`{rel}` is not in SUMMARY.md: no page shows it"
            ))
            .in_file(&book.shown_source(&rel))
            .with_help(format!(
                "list it in SUMMARY.md, include it in a chapter, or add \"{rel}\" to `allow-unlisted` under [output.kursbuch] in book.toml"
            ))
        })
        .collect()
}
