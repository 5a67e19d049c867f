//! Wall time and peak RSS of one child process, for the benchmarks.

use std::process::Command;
use std::time::Instant;

/// Runs `cmd` to completion; returns (wall seconds, peak RSS in MB).
pub fn measure(cmd: &mut Command) -> (f64, f64) {
    let start = Instant::now();
    // Reaped by wait4 below, which std's `wait` cannot replace: it also
    // returns the child's resource usage (peak RSS).
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().expect("start kursbuch");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is a child of this process that has not been waited for.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(r, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "kursbuch build failed"
    );
    (wall, usage.ru_maxrss as f64 / 1024.0)
}
