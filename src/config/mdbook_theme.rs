//! An mdBook theme folder (`theme/` or `[output.html] theme`): its
//! Handlebars templates and overridden files do nothing in kursbuch, whose
//! theme is Tera. Said once, naming the files, never silently ignored.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::paths::{join_shown, path_to_slash};

/// The files of mdBook 0.5's theme a book can override
/// (guide/src/format/theme/README.md), besides any `*.hbs` template.
const MDBOOK_THEME_FILES: &[&str] = &[
    "css/chrome.css",
    "css/general.css",
    "css/print.css",
    "css/variables.css",
    "book.js",
    "highlight.js",
    "highlight.css",
    "tomorrow-night.css",
    "ayu-highlight.css",
    "favicon.svg",
    "favicon.png",
    "fonts/fonts.css",
];

/// The warning for mdBook theme files in `theme_dir` (relative to the book
/// root), or `None`. Files the book lists in `additional-css`/`-js` are
/// used and not named.
pub(super) fn warning(
    root: &Path,
    shown_root: &Path,
    theme_dir: &Path,
    listed: &[PathBuf],
) -> Option<Diagnostic> {
    let dir = root.join(theme_dir);
    if !dir.is_dir() {
        return None;
    }
    let mut found: Vec<String> = walkdir::WalkDir::new(&dir)
        .max_depth(3)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = path_to_slash(e.path().strip_prefix(&dir).ok()?);
            let mdbook = rel.ends_with(".hbs") || MDBOOK_THEME_FILES.contains(&rel.as_str());
            let used = listed.iter().any(|l| root.join(l) == e.path());
            (mdbook && !used).then_some(rel)
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    // Templates first: they are what an author misses most.
    found.sort_by_key(|f| (!f.ends_with(".hbs"), f.clone()));
    let shown_dir = join_shown(shown_root, theme_dir);
    let first = shown_dir.join(&found[0]);
    Some(
        Diagnostic::warning(format!(
            "`{}/` holds mdBook theme files kursbuch does not use: {}",
            path_to_slash(theme_dir),
            found.join(", ")
        ))
        .with_help(
            "kursbuch themes are Tera: put templates into `templates/` and files into `static/`; the author guide's section \"Ein mdBook-Theme übertragen\" maps mdBook's files and variables to kursbuch's",
        )
        .in_file(&first),
    )
}
