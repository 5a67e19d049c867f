//! `kursbuch build` on pathological books, each case a one-chapter book:
//!
//!     cargo bench --bench stress                  # every case
//!     cargo bench --bench stress -- headings 20000
//!     cargo bench --bench stress -- chapter 50    # a 50 MB chapter
//!
//! `headings N`: N equal `## Same` headings (ids `same`, `same-1`, …; once
//! quadratic: 10,000 took 19.8 s). `chapter MB`: one chapter of MB
//! megabytes of the synthetic book's sections; reports the peak RSS as a
//! multiple of the input (target < 10×). Reports wall time and peak RSS;
//! it does not fail on a miss.

#[path = "support/book.rs"]
mod book;
#[path = "support/measure.rs"]
mod measure;

use std::path::Path;
use std::process::Command;

fn build(dir: &Path) -> (f64, f64) {
    measure::measure(
        Command::new(env!("CARGO_BIN_EXE_kursbuch"))
            .args(["build", "-q"])
            .arg(dir),
    )
}

fn headings(dir: &Path, n: usize) {
    let mut md = String::from("# Gleiche Überschriften\n\n");
    for _ in 0..n {
        md.push_str("## Same\n\nText.\n\n");
    }
    book::single_chapter(dir, &md);
    let (wall, mb) = build(dir);
    println!("headings {n}: {wall:.2} s wall, peak RSS {mb:.0} MB");
}

fn chapter(dir: &Path, megabytes: usize) {
    let md = book::huge_chapter(megabytes * 1_000_000);
    let input = md.len() as f64 / 1e6;
    book::single_chapter(dir, &md);
    drop(md);
    let (wall, mb) = build(dir);
    println!(
        "chapter {input:.1} MB: {wall:.2} s wall, peak RSS {mb:.0} MB = {:.1}× the input (target < 10×)",
        mb / input
    );
}

fn main() {
    // `cargo bench` passes `--bench`; the rest names the cases.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let size = |default: usize| args.get(1).and_then(|s| s.parse().ok()).unwrap_or(default);
    // KURSBUCH_BENCH_KEEP=/some/dir keeps the generated book there.
    let tmp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("KURSBUCH_BENCH_KEEP").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path());
    match args.first().map(String::as_str) {
        Some("headings") => headings(dir, size(20_000)),
        Some("chapter") => chapter(dir, size(50)),
        None => {
            headings(dir, 20_000);
            chapter(dir, 50);
        }
        Some(other) => panic!("unknown case {other:?}: headings or chapter"),
    }
}
