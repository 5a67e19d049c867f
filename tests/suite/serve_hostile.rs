//! What a hostile client can do to `kursbuch serve`: nothing that ends it,
//! holds it, or reads it through a foreign name. Against the process where
//! the default limits are enough; against the front door in-process where a
//! test needs small ones.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use kursbuch::serve::listener::{Connection, Handler, Listener, Reply};
use kursbuch::serve::wire::{Body, Limits, Request, Response};

use crate::common::TestBook;
use crate::common::serve::{Served, request, request_with};

/// Sends `bytes` and returns what comes back until the server closes or
/// stops sending for two seconds.
fn exchange(port: u16, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    s.write_all(bytes).unwrap();
    read_all(&mut s)
}

fn read_all(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What comes back until the server closes; `None` if it does not within
/// the socket's read timeout.
fn until_closed(s: &mut TcpStream) -> Option<String> {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Some(String::from_utf8_lossy(&out).into_owned()),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => return None,
        }
    }
}

fn status(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"))
}

#[test]
fn a_huge_announced_body_ends_nothing() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    // tiny_http 0.12 allocated the announced length when the request was
    // dropped: the process aborted.
    for method in ["GET", "HEAD", "POST"] {
        let head = format!(
            "{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000000\r\n\r\nabc"
        );
        let answer = exchange(s.port, head.as_bytes());
        let expected = if method == "POST" { 405 } else { 413 };
        assert_eq!(status(&answer), expected, "{method}: {answer}");
        assert!(answer.contains("Connection: close"), "{answer}");
        assert_eq!(request(s.port, "GET", "/").status, 200, "after {method}");
    }
    let chunked =
        "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n";
    assert_eq!(status(&exchange(s.port, chunked.as_bytes())), 413);
    let bad = "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: lots\r\n\r\n";
    assert_eq!(status(&exchange(s.port, bad.as_bytes())), 400);
    assert_eq!(request(s.port, "GET", "/").status, 200);
}

#[test]
fn a_huge_or_broken_head_is_refused_without_reading_it() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    // A 100 MB header line: refused after the first 16 KiB.
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    c.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    c.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ")
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    for _ in 0..100 {
        if c.write_all(&chunk).is_err() {
            break;
        }
        sent += 1;
    }
    assert!(sent < 100, "the server took all 100 MB");
    let answer = read_all(&mut c);
    assert!(answer.is_empty() || status(&answer) == 431, "{answer}");
    // The same refusal, seen whole when the client stops sending early.
    let head = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(status(&exchange(s.port, head.as_bytes())), 431);
    let many: String = (0..200).map(|i| format!("X-{i}: 1\r\n")).collect();
    let head = format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}\r\n");
    assert_eq!(status(&exchange(s.port, head.as_bytes())), 431);
    // Not HTTP at all (a TLS hello, binary junk).
    let hello = b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03";
    assert_eq!(status(&exchange(s.port, hello)), 400);
    assert_eq!(status(&exchange(s.port, b"\0\0\0\0\r\n\r\n")), 400);
    assert_eq!(request(s.port, "GET", "/").status, 200);
}

#[test]
fn only_local_names_are_answered() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    let with_host = |host: &str, path: &str| {
        let head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        status(&exchange(s.port, head.as_bytes()))
    };
    let port = s.port;
    for ok in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(with_host(&ok, "/"), 200, "{ok}");
    }
    // A page of evil.example whose name now resolves to 127.0.0.1 (DNS
    // rebinding) may read neither pages nor the event stream.
    for evil in [
        format!("evil.example:{port}"),
        "localhost.evil.example".into(),
    ] {
        assert_eq!(with_host(&evil, "/"), 421, "{evil}");
        assert_eq!(with_host(&evil, "/__livereload"), 421, "{evil}");
    }
    let no_host = exchange(s.port, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&no_host), 421);
    // A name given with --host is one of its own.
    let named = Served::start(book.path(), &["--host", "127.0.0.1"]);
    let r = request_with(named.port, "GET", "/", &[]);
    assert_eq!(r.status, 200);
}

#[test]
fn an_ipv6_address_is_printed_in_brackets() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this machine has no IPv6 loopback");
        return;
    }
    let book = TestBook::fixture("serve");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kursbuch"))
        .args(["serve", "--host", "::1", "--port", "0"])
        .arg(book.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.ends_with(b"\n") || !String::from_utf8_lossy(&seen).contains("serving at") {
        if out.read(&mut byte).unwrap_or(0) == 0 {
            break;
        }
        seen.push(byte[0]);
    }
    let _ = child.kill();
    let _ = child.wait();
    let line = String::from_utf8_lossy(&seen).into_owned();
    assert!(line.contains("serving at http://[::1]:"), "{line}");
}

/// The front door in-process, with limits small enough for a test.
struct Fixed;

impl Handler for Fixed {
    fn respond(&self, _: &Request) -> Reply {
        Reply::Response(Response::new(
            200,
            "text/plain",
            Body::Owned(b"ok".to_vec()),
        ))
    }
    fn stream(&self, mut connection: Connection) {
        let _ = connection.write_all(b"HTTP/1.1 200 OK\r\n\r\n");
        std::thread::sleep(Duration::from_secs(30));
    }
}

fn front_door(limits: Limits) -> (Listener, u16) {
    let mut l = Listener::bind("127.0.0.1", 0, limits).unwrap();
    l.start(Arc::new(Fixed));
    let port = l.addr().port();
    (l, port)
}

const GET: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

#[test]
fn a_slow_client_is_cut_off_at_the_head_deadline() {
    let (mut door, port) = front_door(Limits {
        head_timeout: Duration::from_millis(300),
        ..Limits::default()
    });
    // Slowloris: half a head, then a byte now and then.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: local").unwrap();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(100));
        if slow.write_all(b"h").is_err() {
            break;
        }
    }
    let answer = until_closed(&mut slow).expect("a slow client is cut off");
    assert_eq!(status(&answer), 408, "{answer}");
    door.shut_down(Duration::from_millis(200));
}

#[test]
fn connections_beyond_the_cap_hear_503_and_idle_ones_are_closed() {
    let (mut door, port) = front_door(Limits {
        idle_timeout: Duration::from_millis(300),
        max_connections: 8,
        ..Limits::default()
    });
    // Eight idle connections fill the cap: the ninth hears 503 at once.
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(50));
    let busy = exchange(port, GET);
    assert_eq!(status(&busy), 503, "{busy}");
    assert!(busy.contains("Retry-After: 1"), "{busy}");
    // Idle ones are closed after the idle timeout, without an answer; then
    // there is room again.
    for mut c in idle {
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        assert_eq!(until_closed(&mut c).as_deref(), Some(""), "closed silently");
    }
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(status(&exchange(port, GET)), 200);
    door.shut_down(Duration::from_millis(200));
}

#[test]
fn a_shutdown_closes_idle_and_keep_alive_connections() {
    let (mut door, port) = front_door(Limits::default());
    let mut kept = TcpStream::connect(("127.0.0.1", port)).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    kept.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 512];
    let n = kept.read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).contains("Connection: keep-alive"));
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    door.shut_down(Duration::from_millis(500));
    // Both see the end of the connection (not a hang until a timeout).
    assert_eq!(until_closed(&mut kept).as_deref(), Some(""));
    assert_eq!(until_closed(&mut idle).as_deref(), Some(""));
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "no longer listening"
    );
}
