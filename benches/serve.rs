//! `kursbuch serve` on the synthetic 1,000-chapter book:
//!
//!     cargo bench --bench serve             # 1,000 chapters, 20 edits
//!     cargo bench --bench serve -- 200 10   # 200 chapters, 10 edits
//!
//! Reports the time from starting the server to the first page served
//! (target ≤ 1.5 s) and, for edits of one chapter's body, the time from
//! writing the file to the live-reload event (targets: median ≤ 50 ms,
//! worst ≤ 100 ms of 20 edits). It does not fail on a miss.

#[path = "support/book.rs"]
mod book;
// Shared with the serve tests; the benchmark uses a part of it.
#[allow(dead_code)]
#[path = "../tests/suite/common/serve.rs"]
mod serve;

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let chapters = args.first().copied().unwrap_or(1000);
    let edits = args.get(1).copied().unwrap_or(20).max(1);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    book::generate(dir, chapters);

    let start = Instant::now();
    let s = serve::Served::start(dir, &[]);
    let first = loop {
        if serve::request(s.port, "GET", "/").status == 200 {
            break start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    println!(
        "first page served {:.0} ms after start (target ≤ 1500 ms)",
        first.as_secs_f64() * 1000.0
    );

    let mut events = serve::Events::connect(s.port);
    events.next();
    let mut times = Vec::new();
    for n in 0..edits {
        let i = (n * 37 + 11) % chapters;
        let path = dir.join("content").join(book::chapter_path(i));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!("\nÄnderung {n}: ein neuer Satz.\n"));
        std::thread::sleep(Duration::from_millis(250));
        let t = Instant::now();
        std::fs::write(&path, text).unwrap();
        let e = events.next_with("\"type\":\"reload\"");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(e.contains(".html"), "{e}");
    }
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let median = sorted[sorted.len() / 2];
    let worst = sorted[sorted.len() - 1];
    println!(
        "edit → reload event: median {median:.1} ms, worst {worst:.1} ms over {edits} edits (targets ≤ 50 / ≤ 100 ms)"
    );
    println!(
        "  all: {}",
        times
            .iter()
            .map(|t| format!("{t:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
}
