//! The lock that lets one build at a time write a build dir: an editor's
//! build-on-save and a terminal build of the same book wait for each other
//! instead of installing a mix of both; the staged output holds it from
//! its first file to the swap.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;

/// How long a build waits for another build of the same folder (an editor's
/// build-on-save and a terminal build) before it gives up.
const WAIT: Duration = Duration::from_secs(60);

/// Seconds to wait instead of [`WAIT`]; `0` fails at once (for CI).
pub const WAIT_ENV: &str = "KURSBUCH_BUILD_WAIT";

/// The lock file beside a build dir, `.book.kursbuch.lock` for `book/`
/// (kept: removing it would let a waiting build lock a file nobody else sees).
pub fn lock_path(final_dir: &Path) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    final_dir.with_file_name(format!(".{name}.kursbuch.lock"))
}

/// An advisory lock on [`lock_path`]. The system releases it when its
/// process ends, however it ends, so a held lock always means a live build
/// and a staged folder without one is a leftover.
pub struct BuildLock {
    _file: File,
}

impl BuildLock {
    /// Waits (saying so once on stderr) while another build holds the lock,
    /// as long as [`WAIT_ENV`] says or [`WAIT`].
    pub fn acquire(final_dir: &Path) -> Result<BuildLock, Diagnostic> {
        let limit = std::env::var(WAIT_ENV)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .filter(|s: &f64| s.is_finite() && *s >= 0.0)
            .map_or(WAIT, Duration::from_secs_f64);
        Self::acquire_within(final_dir, limit)
    }

    pub(crate) fn acquire_within(
        final_dir: &Path,
        limit: Duration,
    ) -> Result<BuildLock, Diagnostic> {
        let path = lock_path(final_dir);
        let io_error = |e: io::Error| {
            Diagnostic::error(format!("cannot lock `{}`: {e}", path.display()))
                .with_help("kursbuch needs to create a file beside the build dir; check the folder's permissions")
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_error)?;
        let start = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(BuildLock { _file: file }),
                Err(TryLockError::Error(e)) => return Err(io_error(e)),
                Err(TryLockError::WouldBlock) if start.elapsed() >= limit => {
                    return Err(Diagnostic::error(format!(
                        "another build of `{}` did not finish within {:.0} s",
                        final_dir.display(),
                        limit.as_secs_f64()
                    ))
                    .with_help(format!(
                        "wait for it, or stop it; {WAIT_ENV}=<seconds> sets how long a build waits"
                    )));
                }
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        eprintln!(
                            "kursbuch: waiting for another build of {} …",
                            final_dir.display()
                        );
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
}
