//! `data/` at the book root: TOML files that shortcodes read (comparison
//! tables; the glossary has its own module).

use std::path::{Path, PathBuf};

use crate::book::reach::ReadRoots;

/// Where a book's data files are (`data/` at the book root).
#[derive(Debug, Clone)]
pub struct DataDir {
    pub dir: PathBuf,
    pub shown: PathBuf,
    /// What a data file may lead to: a symlinked one is read only inside
    /// the book or its include-roots (its values end up in pages).
    pub roots: ReadRoots,
}

impl DataDir {
    /// `name` → the text of `data/name.toml` and its shown path.
    pub fn read(&self, name: &str) -> Result<(String, PathBuf), String> {
        if name.is_empty()
            || name.split('/').any(|s| s == ".." || s.is_empty())
            || name.starts_with('/')
        {
            return Err(format!(
                "`{name}` is not a data file name (write it without `.toml`, e.g. \"ec2-vs-lambda\")"
            ));
        }
        let file = format!("{}.toml", name.trim_end_matches(".toml"));
        let path = self.dir.join(&file);
        let shown = self.shown.join(&file);
        let what = format!("the data file {} is a symlink", shown.display());
        if let Some(d) = self.roots.refuse_outside(&what, &path) {
            return Err(match d.help {
                Some(help) => format!("{} ({help})", d.message),
                None => d.message,
            });
        }
        std::fs::read_to_string(&path)
            .map(|t| (t, shown.clone()))
            .map_err(|_| {
                let known: Vec<String> = crate::book::visible_files(&self.dir)
                    .into_iter()
                    .filter_map(|(rel, _)| rel.strip_suffix(".toml").map(str::to_string))
                    .collect();
                if known.is_empty() {
                    format!(
                        "no data file {} (the book has no data/ folder or it is empty)",
                        shown.display()
                    )
                } else {
                    format!(
                        "no data file {} (there are: {})",
                        shown.display(),
                        known.join(", ")
                    )
                }
            })
    }
}

/// Shown path of `data/`.
pub fn data_dir(root: &Path, shown_root: &Path, roots: &ReadRoots) -> DataDir {
    DataDir {
        dir: root.join("data"),
        shown: crate::paths::join_shown(shown_root, Path::new("data")),
        roots: roots.clone(),
    }
}
