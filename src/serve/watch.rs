//! Watching the book's files (notify) and turning bursts of events into one
//! batch: an editor's save (write, rename-over, delete-and-create) or a
//! `git checkout` of many files becomes a single rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// A batch ends after this long without a new event …
const QUIET: Duration = Duration::from_millis(25);
/// … or after this long in all, whatever comes.
const LONGEST: Duration = Duration::from_millis(600);

pub struct Watcher {
    inner: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    tx: Sender<notify::Result<notify::Event>>,
    watched: BTreeSet<(PathBuf, bool)>,
}

impl Watcher {
    pub fn new() -> notify::Result<Watcher> {
        let (tx, rx) = channel();
        let events = tx.clone();
        let inner = notify::recommended_watcher(move |e| {
            let _ = events.send(e);
        })?;
        Ok(Watcher {
            inner,
            rx,
            tx,
            watched: BTreeSet::new(),
        })
    }

    /// Something that makes [`Watcher::next_batch`] look at its `stop` now
    /// (for Ctrl-C), not at its next poll.
    pub fn waker(&self) -> impl Fn() + Send + 'static {
        let tx = Mutex::new(self.tx.clone());
        move || {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Err(notify::Error::generic("stop")));
            }
        }
    }

    /// Forgets the watches on folders that `batch` says were removed,
    /// renamed or created (a `git checkout`, `mv content x; mv x content`):
    /// the system's watch died with the old folder, so [`Watcher::watch`]
    /// must set it up again. True if any was forgotten.
    pub fn forget_replaced(&mut self, batch: &BTreeSet<PathBuf>) -> bool {
        let stale: Vec<(PathBuf, bool)> = self
            .watched
            .iter()
            // Watched folders are canonical, and so are the events' paths.
            .filter(|(dir, _)| batch.iter().any(|p| dir.starts_with(p)))
            .cloned()
            .collect();
        for entry in &stale {
            let _ = self.inner.unwatch(&entry.0);
            self.watched.remove(entry);
        }
        !stale.is_empty()
    }

    /// Watches `dir` (if it exists and is not watched yet).
    pub fn watch(&mut self, dir: &Path, recursive: bool) {
        let Ok(dir) = dir.canonicalize() else { return };
        if !dir.is_dir() || self.watched.contains(&(dir.clone(), recursive)) {
            return;
        }
        // A folder inside a folder already watched recursively needs nothing.
        if self.watched.iter().any(|(w, r)| *r && dir.starts_with(w)) {
            return;
        }
        let mode = if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if self.inner.watch(&dir, mode).is_ok() {
            self.watched.insert((dir, recursive));
        }
    }

    /// The next batch of changed paths; `None` once `stop` is set.
    pub fn next_batch(&self, stop: &AtomicBool) -> Option<BTreeSet<PathBuf>> {
        let mut batch = BTreeSet::new();
        // Wait for the first event, looking at `stop` now and then.
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            match self.rx.recv_timeout(Duration::from_millis(200)) {
                Ok(e) => {
                    add(&mut batch, e);
                    if !batch.is_empty() {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        let start = Instant::now();
        while start.elapsed() < LONGEST {
            match self.rx.recv_timeout(QUIET) {
                Ok(e) => add(&mut batch, e),
                Err(_) => break,
            }
        }
        Some(batch)
    }
}

/// Editors' temporary and backup files, never part of a book.
pub fn is_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn add(batch: &mut BTreeSet<PathBuf>, event: notify::Result<notify::Event>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for p in event.paths {
        if !is_noise(&p) {
            batch.insert(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_noise() {
        for p in [
            ".docker.md.swp",
            "docker.md~",
            "4913",
            ".#docker.md",
            "x.tmp",
        ] {
            assert!(is_noise(Path::new(p)), "{p}");
        }
        assert!(!is_noise(Path::new("content/docker.md")));
    }
}
