//! Where the site goes. A build writes into a fresh folder beside the build
//! dir and swaps it into place only when everything succeeded, so a failed
//! build leaves the previous site exactly as it was. kursbuch only ever
//! replaces or deletes a folder it made itself. One build at a time writes a
//! build dir: an advisory lock on a file beside it ([`BuildLock`]) is held
//! from creating the staged folder until the swap.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::build_lock::BuildLock;
use crate::diag::Diagnostic;

/// A file in every kursbuch output folder: proof that the folder is ours to replace.
pub const MARKER: &str = ".kursbuch-output";

/// Receives the files of a site. Writing is called from many threads.
pub trait Sink: Sync {
    /// Writes `bytes` at the site-relative path `rel` (`/`-separated).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Copies a file from disk to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.write(rel, &std::fs::read(from)?)
    }

    /// Writes at `rel` what `produce` writes, as it comes where the sink
    /// can (a file), so a big page is not held whole on its way. If
    /// `produce` fails, nothing is left at `rel`.
    fn write_from(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        produce(&mut bytes)?;
        self.write(rel, &bytes)
    }
}

/// Writes into a folder on disk.
pub struct DirSink {
    root: PathBuf,
}

impl DirSink {
    pub fn new(root: PathBuf) -> Self {
        DirSink { root }
    }

    fn target(&self, rel: &str) -> io::Result<PathBuf> {
        // Paths come from the book's own files and config, but a redirect
        // key like `/../x.html` must not write outside the site.
        if rel.split('/').any(|seg| seg == ".." || seg.contains('\\')) || rel.starts_with('/') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{rel}` leaves the output folder"),
            ));
        }
        let path = self.root.join(rel);
        if let Some(parent) = path.parent()
            && !parent.is_dir()
        {
            // Below the root only: a root that vanished mid-build (removed by
            // another program) fails the build instead of being re-created
            // half-empty and swapped in.
            let mut dir = self.root.clone();
            for part in Path::new(rel)
                .parent()
                .into_iter()
                .flat_map(Path::components)
            {
                dir.push(part);
                match std::fs::create_dir(&dir) {
                    Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                    _ => {}
                }
            }
        }
        Ok(path)
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.target(rel)?, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        std::fs::copy(from, self.target(rel)?).map(|_| ())
    }

    fn write_from(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let target = self.target(rel)?;
        let mut file = io::BufWriter::with_capacity(64 * 1024, File::create(&target)?);
        let written = produce(&mut file).and_then(|()| file.flush());
        if written.is_err() {
            drop(file);
            let _ = std::fs::remove_file(&target);
        }
        written
    }
}

/// Collects a site's files in memory (`kursbuch serve`, and the files an
/// update writes again).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl MemorySink {
    pub fn into_files(self) -> HashMap<String, Arc<Vec<u8>>> {
        self.files.into_inner().expect("sink lock")
    }

    /// The files by path.
    pub fn into_sorted(self) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = self
            .into_files()
            .into_iter()
            .map(|(k, v)| (k, Arc::unwrap_or_clone(v)))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .expect("sink lock")
            .insert(rel.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }

    fn write_from(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        // Kept as produced, not copied.
        let mut bytes = Vec::new();
        produce(&mut bytes)?;
        self.files
            .lock()
            .expect("sink lock")
            .insert(rel.to_string(), Arc::new(bytes));
        Ok(())
    }
}

/// `path` made absolute and free of `..`, even when (the end of) it does not
/// exist yet: the deepest existing ancestor is canonicalised.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let abs = crate::paths::normalize(&abs);
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut canon) => {
                for part in rest.iter().rev() {
                    canon.push(part);
                }
                return Ok(canon);
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => return Ok(abs),
            },
        }
    }
}

/// Refuses a build dir whose replacement would destroy the author's work:
/// the book root, a source folder, anything that contains one, a folder
/// inside one, or an existing folder that kursbuch did not write.
pub fn check_build_dir(
    build_dir: &Path,
    root: &Path,
    protected: &[PathBuf],
) -> Result<(), Diagnostic> {
    let shown = build_dir.display();
    let refuse = |why: String| {
        Err(Diagnostic::error(format!("refusing to use `{shown}` as the build dir: {why}"))
            .with_help("choose another folder with `--dest-dir` or `build-dir` under [build] in book.toml"))
    };
    if root.starts_with(build_dir) {
        return refuse("it is or contains the book root".into());
    }
    for p in protected {
        if p.starts_with(build_dir) {
            return refuse(format!("it contains `{}`", p.display()));
        }
        if build_dir.starts_with(p) {
            return refuse(format!("it is inside `{}`, a source folder", p.display()));
        }
    }
    if build_dir.is_file() {
        return refuse("it is a file".into());
    }
    if build_dir.is_dir() && !build_dir.join(MARKER).exists() {
        let empty = std::fs::read_dir(build_dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse("the folder exists and was not written by kursbuch".into()).map_err(|d| {
                d.with_help(format!(
                    "kursbuch replaces only its own output (marked by a `{MARKER}` file); delete the folder yourself if it may go, or choose another with `--dest-dir`"
                ))
            });
        }
    }
    Ok(())
}

/// A fresh folder next to the build dir that becomes the build dir on `commit`.
/// Dropped without commit, it is removed and the old site stays. It holds the
/// build dir's lock for its whole life.
pub struct Staging {
    final_dir: PathBuf,
    dir: PathBuf,
    committed: bool,
    _lock: BuildLock,
}

fn sibling(final_dir: &Path, tag: &str) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    final_dir.with_file_name(format!(".{name}.kursbuch-{tag}-{}", std::process::id()))
}

impl Staging {
    pub fn create(final_dir: &Path) -> Result<Staging, Diagnostic> {
        Self::create_locked(final_dir, BuildLock::acquire)
    }

    fn create_locked(
        final_dir: &Path,
        lock: impl FnOnce(&Path) -> Result<BuildLock, Diagnostic>,
    ) -> Result<Staging, Diagnostic> {
        let cannot = |e: io::Error| {
            Diagnostic::error(format!(
                "cannot create the output folder next to `{}`: {e}",
                final_dir.display()
            ))
        };
        let parent = final_dir.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(cannot)?;
        let lock = lock(final_dir)?;
        // With the lock held, no other build is writing: every staged folder
        // left is one whose build was killed.
        remove_leftovers(final_dir);
        let dir = sibling(final_dir, "new");
        let made = (|| {
            if dir.exists() {
                std::fs::remove_dir_all(&dir)?;
            }
            std::fs::create_dir(&dir)?;
            std::fs::write(
                dir.join(MARKER),
                "This folder was written by kursbuch and is replaced by each build.\n",
            )
        })();
        made.map_err(cannot)?;
        Ok(Staging {
            final_dir: final_dir.to_path_buf(),
            dir,
            committed: false,
            _lock: lock,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The staged site is whole (its marker is still there) and the build
    /// dir is still ours to replace: what `commit` needs, checked anew
    /// because other programs may have touched either meanwhile.
    pub fn check(&self) -> Result<(), Diagnostic> {
        if !self.dir.join(MARKER).is_file() {
            return Err(Diagnostic::error(format!(
                "the new site in `{}` vanished during the build; nothing was installed, the previous site is unchanged",
                self.dir.display()
            ))
            .with_help("another program removed it (an older kursbuch, a cleanup script); build again"));
        }
        let d = &self.final_dir;
        let foreign = d.is_dir()
            && !d.join(MARKER).exists()
            && std::fs::read_dir(d).is_ok_and(|mut e| e.next().is_some());
        if d.is_file() || foreign {
            return Err(Diagnostic::error(format!(
                "`{}` was replaced by something kursbuch did not write during the build; it is left as it is",
                d.display()
            ))
            .with_help("move it away, or choose another folder with `--dest-dir`"));
        }
        Ok(())
    }

    /// Swaps the new site in: two renames, then the old site is deleted.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.check()?;
        let cannot = |e: io::Error| {
            Diagnostic::error(format!(
                "cannot move the new site into `{}`: {e}",
                self.final_dir.display()
            ))
        };
        self.swap().map_err(cannot)?;
        self.committed = true;
        Ok(())
    }

    fn swap(&self) -> io::Result<()> {
        let old = sibling(&self.final_dir, "old");
        let had_old = self.final_dir.exists();
        if had_old {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.final_dir, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.final_dir) {
            if had_old {
                // Put the old site back rather than leave none.
                let _ = std::fs::rename(&old, &self.final_dir);
            }
            return Err(e);
        }
        if had_old {
            // The new site is in place; an old one left behind is removed
            // by the next build as a leftover.
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Staging folders of builds that were killed midway (ours by name and marker).
fn remove_leftovers(final_dir: &Path) {
    let (Some(parent), Some(name)) = (final_dir.parent(), final_dir.file_name()) else {
        return;
    };
    let prefix = format!(".{}.kursbuch-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && e.path().join(MARKER).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Deletes a build dir, if it is kursbuch's own output.
pub fn clean(build_dir: &Path, root: &Path, protected: &[PathBuf]) -> Result<bool, Diagnostic> {
    if !build_dir.exists() {
        return Ok(false);
    }
    check_build_dir(build_dir, root, protected)?;
    // Not while a build is swapping its site in.
    let _lock = BuildLock::acquire(build_dir)?;
    std::fs::remove_dir_all(build_dir)
        .map_err(|e| Diagnostic::error(format!("cannot remove `{}`: {e}", build_dir.display())))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_build_dirs_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap().join("book");
        let content = root.join("content");
        std::fs::create_dir_all(&content).unwrap();
        let protected = vec![content.clone(), root.join("templates")];
        assert!(
            check_build_dir(&root, &root, &protected).is_err(),
            "the root itself"
        );
        assert!(
            check_build_dir(root.parent().unwrap(), &root, &protected).is_err(),
            "a parent of the root"
        );
        assert!(
            check_build_dir(&content, &root, &protected).is_err(),
            "the content folder"
        );
        assert!(
            check_build_dir(&content.join("out"), &root, &protected).is_err(),
            "inside the content folder"
        );
        assert!(
            check_build_dir(&root.join("site"), &root, &protected).is_ok(),
            "a new folder"
        );
        let foreign = root.join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "x").unwrap();
        assert!(
            check_build_dir(&foreign, &root, &protected).is_err(),
            "someone else's folder"
        );
        std::fs::write(foreign.join(MARKER), "").unwrap();
        assert!(
            check_build_dir(&foreign, &root, &protected).is_ok(),
            "our own output"
        );
    }

    #[test]
    fn staging_commits_or_leaves_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let s = Staging::create(&out).unwrap();
        std::fs::write(s.dir().join("a.html"), "one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one");

        let s = Staging::create(&out).unwrap();
        std::fs::write(s.dir().join("a.html"), "two").unwrap();
        drop(s); // a failed build
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one");
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".site.kursbuch.lock", "site"],
            "no staging folder left behind"
        );
    }

    #[test]
    fn a_staged_folder_that_vanishes_is_never_recreated_or_swapped_in() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let s = Staging::create(&out).unwrap();
        let sink = DirSink::new(s.dir().to_path_buf());
        sink.write("css/a.css", b"x").unwrap();
        std::fs::remove_dir_all(s.dir()).unwrap();
        assert!(sink.write("js/b.js", b"x").is_err());
        assert!(sink.write("index.html", b"x").is_err());
        assert!(!s.dir().exists(), "not re-created");
        let err = s.commit().unwrap_err().to_string();
        assert!(err.contains("vanished during the build"), "{err}");
        assert!(!out.exists(), "nothing installed");
    }

    #[test]
    fn leftovers_go_only_when_their_build_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        // A build killed midway: its staged folder, no lock held.
        let dead = tmp.path().join(".site.kursbuch-new-999999");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join(MARKER), "").unwrap();
        let s = Staging::create(&out).unwrap();
        assert!(!dead.exists(), "a dead build's leftover is removed");
        // While `s` holds the lock, a second build waits, then gives up,
        // and the first build's folder stays.
        let short = |d: &Path| BuildLock::acquire_within(d, std::time::Duration::from_millis(200));
        let err = Staging::create_locked(&out, short)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("did not finish within"), "{err}");
        assert!(
            s.dir().join(MARKER).exists(),
            "the live build's folder stays"
        );
        s.commit().unwrap();
        assert!(out.join(MARKER).exists());
    }

    #[test]
    fn sink_stays_inside() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = DirSink::new(tmp.path().to_path_buf());
        assert!(sink.write("../escape.html", b"x").is_err());
        assert!(sink.write("a/b/c.html", b"x").is_ok());
    }
}
