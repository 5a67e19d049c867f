//! Load on `kursbuch serve`, loopback only and bounded in time:
//!
//!     cargo bench --bench serve_load
//!     KURSBUCH_BIN=/path/to/other/kursbuch cargo bench --bench serve_load   # another binary
//!
//! 1. 200 keep-alive clients ask for pages for 10 s: requests per second,
//!    errors (target 0).
//! 2. 100 live-reload clients through 10 edits: events delivered (target:
//!    every client every event).
//! 3. 1,000 slow connections (half a request head, a byte a second) while
//!    50 normal requests are made: their latency (target < 100 ms).
//! 4. Ctrl-C with clients connected: time until the process has stopped
//!    (target < 200 ms).
//!
//! It reports and does not fail on a missed target.

#[path = "support/book.rs"]
mod book;
// Shared with the serve tests; the benchmark uses a part of it.
#[allow(dead_code)]
#[path = "../tests/suite/common/serve.rs"]
mod serve;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn main() {
    raise_file_limit();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    book::generate(dir, 50);
    let s = serve::Served::start(dir, &[]);
    let port = s.port;

    honest_clients(port);
    live_reload_clients(dir, port);
    slow_connections(port);
    shutdown(s);
}

/// A thousand slow connections and their server need more descriptors
/// than some systems give by default.
fn raise_file_limit() {
    // SAFETY: plain getrlimit/setrlimit on this process.
    unsafe {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) == 0 && l.rlim_cur < 4096 {
            l.rlim_cur = l.rlim_max.min(8192);
            libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        }
    }
}

/// One GET on a kept-alive connection; true for a 200 with its whole body.
fn get(conn: &mut BufReader<TcpStream>, path: &str) -> bool {
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    if conn.get_mut().write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut line = String::new();
    if conn.read_line(&mut line).unwrap_or(0) == 0 {
        return false;
    }
    let ok = line.starts_with("HTTP/1.1 200");
    let mut length = 0;
    loop {
        line.clear();
        if conn.read_line(&mut line).unwrap_or(0) == 0 {
            return false;
        }
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    ok && conn.read_exact(&mut body).is_ok()
}

fn connect(port: u16) -> BufReader<TcpStream> {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    BufReader::new(s)
}

fn honest_clients(port: u16) {
    let (done, errors) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let (done, errors, stop) = (done.clone(), errors.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut conn = connect(port);
                let pages = ["/", "/teil-00/kapitel-0001.html", "/search/index.js"];
                let mut n = i;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    if get(&mut conn, pages[n % pages.len()]) {
                        done.fetch_add(1, Ordering::Relaxed);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                        conn = connect(port);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(10));
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        let _ = c.join();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "200 clients for 10 s: {:.0} requests/s, {} errors (target 0)",
        done.load(Ordering::Relaxed) as f64 / secs,
        errors.load(Ordering::Relaxed)
    );
}

fn live_reload_clients(dir: &std::path::Path, port: u16) {
    let edits = 10;
    let clients: Vec<_> = (0..100)
        .map(|_| {
            let mut events = serve::Events::connect(port);
            events.next();
            std::thread::spawn(move || {
                (0..edits)
                    .filter(|_| events.next_with("\"type\":\"reload\"").contains("reload"))
                    .count()
            })
        })
        .collect();
    for n in 0..edits {
        let path = dir.join("content").join(book::chapter_path(n * 3));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!("\nÄnderung {n}.\n"));
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&path, text).unwrap();
    }
    let delivered: usize = clients.into_iter().map(|c| c.join().unwrap_or(0)).sum();
    println!(
        "100 live-reload clients, {edits} edits: {delivered} of {} events delivered",
        100 * edits
    );
}

fn slow_connections(port: u16) {
    let stop = Arc::new(AtomicBool::new(false));
    let opened = Arc::new(AtomicUsize::new(0));
    let (stop2, opened2) = (stop.clone(), opened.clone());
    // One thread drips into all of them, as a slowloris tool does.
    let dripper = std::thread::spawn(move || {
        let mut slow: Vec<TcpStream> = Vec::new();
        for _ in 0..1000 {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
                slow.push(s);
            }
        }
        opened2.store(slow.len(), Ordering::SeqCst);
        while !stop2.load(Ordering::Relaxed) {
            for s in &mut slow {
                let _ = s.write_all(b"a");
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    while opened.load(Ordering::SeqCst) == 0 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut times: Vec<f64> = (0..50)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(100));
            let t = Instant::now();
            let ok = get(&mut connect(port), "/teil-00/kapitel-0002.html");
            if ok {
                t.elapsed().as_secs_f64() * 1000.0
            } else {
                f64::INFINITY
            }
        })
        .collect();
    stop.store(true, Ordering::Relaxed);
    let _ = dripper.join();
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{} slow connections open: 50 normal requests, median {:.1} ms, worst {:.1} ms (target < 100 ms)",
        opened.load(Ordering::SeqCst),
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

fn shutdown(s: serve::Served) {
    let _events: Vec<_> = (0..20).map(|_| serve::Events::connect(s.port)).collect();
    let mut kept = connect(s.port);
    get(&mut kept, "/");
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    // SAFETY: sending SIGINT to our own child process.
    unsafe { libc::kill(s.pid() as i32, libc::SIGINT) };
    s.wait_line("kursbuch: stopped", Duration::from_secs(10));
    println!(
        "Ctrl-C with 21 clients connected: stopped after {:.0} ms (target < 200 ms)",
        t.elapsed().as_secs_f64() * 1000.0
    );
}
