//! Which files a book may read into its pages or publish: those inside the
//! book folder and the folders book.toml lists as `include-roots` (or
//! `--include-root` names),
//! judged by where a path leads after symlinks, so neither `../` nor a link
//! can pull in the builder's files (`~/.ssh`, a CI runner's secrets). The
//! machine's own state (`/proc`, `/sys`, `/dev`) is never readable, listed
//! or not: `/proc/self/environ` is the environment of the build.

use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;

/// The setting as book.toml spells it, for messages.
pub const SETTING: &str = "`include-roots` under [output.kursbuch] in book.toml (or [build] in a book only kursbuch builds)";

/// Never readable, whatever book.toml says.
pub const SYSTEM_DIRS: &[&str] = &["/proc", "/sys", "/dev"];

/// Where a path leads, judged after resolving symlinks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Inside,
    /// Outside the book folder and every allowed folder.
    Outside,
    /// Under one of [`SYSTEM_DIRS`].
    System(&'static str),
}

/// The canonical folders a book may read from: the book folder first.
#[derive(Debug, Clone)]
pub struct ReadRoots {
    roots: Vec<PathBuf>,
}

impl ReadRoots {
    /// `book_root` and `extra` must be canonical.
    pub fn new(book_root: PathBuf, extra: Vec<PathBuf>) -> Self {
        let mut roots = vec![book_root];
        roots.extend(extra);
        ReadRoots { roots }
    }

    pub fn book_root(&self) -> &Path {
        &self.roots[0]
    }

    /// Where a canonical path leads.
    pub fn reach(&self, canonical: &Path) -> Reach {
        if let Some(dir) = system_dir(canonical) {
            return Reach::System(dir);
        }
        if self.roots.iter().any(|r| canonical.starts_with(r)) {
            Reach::Inside
        } else {
            Reach::Outside
        }
    }

    /// Where `path` leads once symlinks are resolved, or why it cannot be read.
    pub fn resolve(&self, path: &Path) -> std::io::Result<(PathBuf, Reach)> {
        let canonical = std::fs::canonicalize(path)?;
        let reach = self.reach(&canonical);
        Ok((canonical, reach))
    }

    /// The entry that would allow `canonical` (the folder it lies in, as
    /// book.toml would name it: relative to the book folder).
    pub fn entry_for(&self, canonical: &Path) -> String {
        let folder = canonical.parent().unwrap_or(canonical);
        relative(self.book_root(), folder).display().to_string()
    }

    /// Why a path that leads to `canonical` is refused, for a message that
    /// starts with what refers to it.
    fn refusal(&self, canonical: &Path, reach: &Reach) -> (String, String) {
        match reach {
            Reach::System(dir) => (
                format!("`{}` is under {dir}, which a book can never read", canonical.display()),
                "/proc, /sys and /dev describe the machine that builds the book (its environment can hold secrets); keep a copy of what you need in the book".to_string(),
            ),
            _ => (
                format!("`{}` is outside the book folder", canonical.display()),
                format!(
                    "a book reads only its own folder, the folders listed in {SETTING} and those given with `--include-root`; to allow this one, add include-roots = [\"{}\"] there",
                    self.entry_for(canonical)
                ),
            ),
        }
    }

    /// The error for `path` if it leads outside what the book may read
    /// (`what` names what refers to it); `None` if it may be read or does
    /// not exist (reading it then says so).
    pub fn refuse_outside(&self, what: &str, path: &Path) -> Option<Diagnostic> {
        match self.resolve(path) {
            Ok((canonical, reach)) if reach != Reach::Inside => {
                Some(self.refused(what, &canonical, &reach))
            }
            _ => None,
        }
    }

    /// An error for a file that leads outside what the book may read.
    pub fn refused(&self, what: &str, canonical: &Path, reach: &Reach) -> Diagnostic {
        let (message, help) = self.refusal(canonical, reach);
        Diagnostic::error(format!("{what}: {message}")).with_help(help)
    }
}

/// The files under `dir` (shown as `shown_dir`) a book publishes: hidden
/// ones (`.git`, `.DS_Store`) and those `unlisted` names skipped, symlinks followed while they lead
/// where the book may read. A link that leads elsewhere, a loop and a
/// dangling link are warnings naming the path; nothing of theirs is listed,
/// so a page that links to them fails the link check.
pub fn published_files(
    dir: &Path,
    shown_dir: &Path,
    roots: &ReadRoots,
    unlisted: impl Fn(&str) -> bool,
) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let shown = |p: &Path| shown_dir.join(p.strip_prefix(dir).unwrap_or(p));
    let mut warnings = Vec::new();
    let mut refused = Vec::new();
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0 && name.starts_with('.') {
                return false;
            }
            // Not published, so nothing to say about where they lead.
            if e.file_type().is_file() && unlisted(&name) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            match roots.resolve(e.path()) {
                Ok((_, Reach::Inside)) => true,
                Ok((canonical, reach)) => {
                    let what = format!(
                        "`{}` is a symlink, not published",
                        shown(e.path()).display()
                    );
                    refused.push(
                        roots
                            .refused(&what, &canonical, &reach)
                            .in_file(&shown(e.path())),
                    );
                    false
                }
                // walkdir reports it below.
                Err(_) => true,
            }
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if let Ok(rel) = e.path().strip_prefix(dir) {
                    files.push((crate::paths::path_to_slash(rel), e.path().to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(dir);
                let why = if err.loop_ancestor().is_some() {
                    "it is a symlink to a folder that contains it".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string)
                };
                warnings.push(
                    Diagnostic::warning(format!(
                        "`{}` is not published: {why}",
                        shown(path).display()
                    ))
                    .with_help("fix or remove the symlink")
                    .in_file(&shown(path)),
                );
            }
        }
    }
    for mut d in refused {
        d.severity = crate::diag::Severity::Warning;
        warnings.push(d);
    }
    (files, warnings)
}

/// The system folder `canonical` lies in, if any.
pub fn system_dir(canonical: &Path) -> Option<&'static str> {
    SYSTEM_DIRS
        .iter()
        .copied()
        .find(|d| canonical.starts_with(d))
}

/// `to` relative to `from`; both absolute and canonical.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.iter().collect();
    }
    let mut out: PathBuf = from[common..]
        .iter()
        .map(|_| Component::ParentDir)
        .collect();
    out.extend(&to[common..]);
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_outside_and_system() {
        let roots = ReadRoots::new("/books/b".into(), vec!["/repo/examples".into()]);
        assert_eq!(
            roots.reach(Path::new("/books/b/content/a.md")),
            Reach::Inside
        );
        assert_eq!(roots.reach(Path::new("/repo/examples/x.rs")), Reach::Inside);
        assert_eq!(roots.reach(Path::new("/books/bb/a.md")), Reach::Outside);
        assert_eq!(roots.reach(Path::new("/etc/passwd")), Reach::Outside);
        let everything = ReadRoots::new("/".into(), vec![]);
        assert_eq!(
            everything.reach(Path::new("/proc/1/environ")),
            Reach::System("/proc")
        );
        assert_eq!(everything.reach(Path::new("/devices")), Reach::Inside);
    }

    #[test]
    fn suggested_entries_are_relative_to_the_book() {
        let roots = ReadRoots::new("/repo/books/b".into(), vec![]);
        assert_eq!(
            roots.entry_for(Path::new("/repo/examples/x.rs")),
            "../../examples"
        );
        assert_eq!(roots.entry_for(Path::new("/etc/passwd")), "../../../etc");
        assert_eq!(roots.entry_for(Path::new("/repo/books/b/x")), ".");
    }
}
