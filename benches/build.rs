//! Whole-process benchmark of `kursbuch build` on a synthetic book.
//!
//!     cargo bench --bench build                 # 1,000 chapters, 5 runs
//!     cargo bench --bench build -- 200 3        # 200 chapters, 3 runs
//!     KURSBUCH_BENCH_KEEP=/tmp/bench-book cargo bench --bench build
//!                                               # keep the book (e.g. to build it with mdBook too)
//!
//! Each chapter has about 1,000 words: four h2 sections with h3s, a list, a
//! table, four fenced code blocks (bash, python, json, dockerfile) and links to
//! other chapters. Reports the median wall time and the peak RSS of the build
//! process against the targets (1.0 s and 200 MB for 1,000 chapters on the
//! 2-core reference machine), then the search index: its share of the build
//! time (≤ 20 %) and its size on disk (≤ 10 MB, a third of mdBook's 32 MB:
//! like mdBook's, it carries the sections' text, for excerpts around a match).
//! What a student's browser fetches for a query: `cargo bench --bench search`.
//! It does not fail on a miss: machines differ.

#[path = "support/book.rs"]
mod book;
#[path = "support/measure.rs"]
mod measure;

use book::generate;
use measure::measure;

use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET_SECONDS: f64 = 1.0;
const TARGET_MB: f64 = 200.0;

/// Median wall time and peak RSS of `runs` builds of `dir` (after one warm-up).
fn time_builds(exe: &str, dir: &Path, runs: usize) -> (f64, f64, Vec<f64>) {
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    for run in 0..=runs {
        let (wall, mb) = measure(Command::new(exe).args(["build", "-q"]).arg(dir));
        if run > 0 {
            walls.push(wall);
            peaks.push(mb);
        }
    }
    if walls.is_empty() {
        return (0.0, 0.0, walls);
    }
    (median(walls.clone()), median(peaks), walls)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; the numbers are ours.
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let chapters = args.first().copied().unwrap_or(1000);
    let runs = args.get(1).copied().unwrap_or(5).max(1);
    let keep = std::env::var_os("KURSBUCH_BENCH_KEEP").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let words = generate(&dir, chapters);
    println!(
        "book: {chapters} chapters, {words} words, in {}",
        dir.display()
    );

    let exe = env!("CARGO_BIN_EXE_kursbuch");
    let (wall, peak, walls) = time_builds(exe, &dir, runs);
    let scale = chapters as f64 / 1000.0;
    let verdict = |ok: bool| if ok { "within target" } else { "OVER TARGET" };
    println!(
        "kursbuch build: median {wall:.3} s wall (min {:.3}, max {:.3}, {runs} runs), peak RSS {peak:.0} MB",
        walls.iter().copied().fold(f64::INFINITY, f64::min),
        walls.iter().copied().fold(0.0, f64::max),
    );
    if chapters == 1000 {
        println!(
            "  wall: {} (≤ {TARGET_SECONDS} s)",
            verdict(wall <= TARGET_SECONDS)
        );
        println!(
            "  peak RSS: {} (≤ {TARGET_MB} MB)",
            verdict(peak <= TARGET_MB)
        );
    } else {
        println!(
            "  (targets are for 1,000 chapters; scaled: ≤ {:.2} s)",
            TARGET_SECONDS * scale
        );
    }
    let out = dir.join("book");
    let files = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    println!("output: {files} files in {}", out.display());

    // The search index.
    let index_bytes: u64 = walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!(
        "search index: {:.2} MB on disk (target ≤ 10 MB for 1,000 chapters)",
        index_bytes as f64 / 1e6
    );
    let toml = dir.join("book.toml");
    let with_search = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("{with_search}[output.html.search]\nenable = false\n"),
    )
    .unwrap();
    let (without, _, _) = time_builds(exe, &dir, runs);
    std::fs::write(&toml, with_search).unwrap();
    println!(
        "search share of the build: {:+.1} % ({wall:.3} s with, {without:.3} s without; target ≤ 20 %)",
        (wall / without - 1.0) * 100.0
    );
    println!("(the search in a browser: cargo bench --bench search)");
}
