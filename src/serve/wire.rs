//! HTTP/1.1 on the wire for the preview: reading one request head within
//! limits, and writing one response.
//!
//! Parsing is httparse's (hyper's parser, fuzzed). What is written here by
//! hand is what a parser does not do: the limits the preview needs on a
//! head's size and on how long it may take to arrive, and refusing bodies,
//! since the preview accepts none. (tiny_http 0.12, used before, reads an
//! unbounded head, allocates a declared body's whole length when a request
//! is dropped and gives every connection a thread with no deadline, all in
//! code a program using it cannot reach; see README, "Security".)

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How much a client may ask of the preview.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Request line and headers together, in bytes (431 beyond it).
    pub max_head: usize,
    /// Header fields per request (431 beyond it).
    pub max_headers: usize,
    /// The whole head must arrive within this, from its first byte: a
    /// client that sends a byte now and then (slowloris) is cut off.
    pub head_timeout: Duration,
    /// How long a connection may wait for its next request.
    pub idle_timeout: Duration,
    /// How long a response may take to be taken by the client.
    pub write_timeout: Duration,
    /// Open connections, live-reload streams included (503 beyond it).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_head: 16 * 1024,
            max_headers: 64,
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(30),
            // Above a thousand slow clients plus a browser's few: with the
            // head deadline, honest requests still get a thread.
            max_connections: 2048,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Other(String),
}

/// One request head; the preview never reads a body.
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    /// As sent: percent-encoded, query included.
    pub target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept for another request.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let has = |t: &str| connection.split(',').any(|c| c.trim() == t);
        if self.minor == 0 {
            has("keep-alive")
        } else {
            !has("close")
        }
    }

    /// The body the client announced: `Some(0)` for none, `None` for a
    /// length that is not a number (a framing error: the connection must
    /// close).
    pub fn body_length(&self) -> Option<u64> {
        if self.header("transfer-encoding").is_some() {
            // Chunked: of unknown length, and never read.
            return Some(u64::MAX);
        }
        match self.header("content-length") {
            None => Some(0),
            Some(v) => v.trim().parse().ok(),
        }
    }
}

/// Why no request head was read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The client closed the connection, or was idle too long between
    /// requests: end without a word.
    Closed,
    /// The head is over [`Limits::max_head`] or has too many fields (431).
    TooLarge,
    /// The head did not arrive within [`Limits::head_timeout`] (408).
    TooSlow,
    /// Not HTTP (400).
    Malformed,
}

/// A connection the head reader can set a read deadline on.
pub trait Timed: Read {
    fn set_timeout(&mut self, timeout: Duration) -> io::Result<()>;
}

/// Reads the next request head. `buf` holds bytes already received after
/// the previous request (pipelining) and keeps what follows this head.
pub fn read_head<S: Timed>(
    src: &mut S,
    buf: &mut Vec<u8>,
    limits: &Limits,
) -> Result<Request, HeadError> {
    let mut started = (!buf.is_empty()).then(Instant::now);
    let idle_until = Instant::now() + limits.idle_timeout;
    let mut chunk = [0u8; 4096];
    loop {
        if !buf.is_empty() {
            match parse(buf, limits)? {
                Some((request, used)) => {
                    buf.drain(..used);
                    return Ok(request);
                }
                None if buf.len() >= limits.max_head => return Err(HeadError::TooLarge),
                None => {}
            }
        }
        let deadline = match started {
            Some(t) => t + limits.head_timeout,
            None => idle_until,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(if started.is_some() {
                HeadError::TooSlow
            } else {
                HeadError::Closed
            });
        }
        src.set_timeout(left).map_err(|_| HeadError::Closed)?;
        match src.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => {
                started.get_or_insert_with(Instant::now);
                // Never more than the limit plus one chunk in memory.
                buf.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// The head at the start of `buf`, with its length, or `None` if more is
/// needed.
fn parse(buf: &[u8], limits: &Limits) -> Result<Option<(Request, usize)>, HeadError> {
    // Blank lines before a request are to be ignored (RFC 9112, 2.2).
    let skip = buf
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(buf.len());
    let mut fields = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut req = httparse::Request::new(&mut fields);
    let used = match req.parse(&buf[skip..]) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
        Err(_) => return Err(HeadError::Malformed),
    };
    if skip + used > limits.max_head {
        return Err(HeadError::TooLarge);
    }
    let method = match req.method.unwrap_or_default() {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        other => Method::Other(other.to_string()),
    };
    let headers = req
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let request = Request {
        method,
        target: req.path.unwrap_or_default().to_string(),
        minor: req.version.unwrap_or(1),
        headers,
    };
    Ok(Some((request, skip + used)))
}

/// A response body: bytes of its own, or a part of a file the site shares
/// (no copy of a large file per request).
#[derive(Debug)]
pub enum Body {
    Owned(Vec<u8>),
    Shared(Arc<Vec<u8>>, std::ops::Range<usize>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Owned(b) => b,
            Body::Shared(b, r) => &b[r.clone()],
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A short plain-text answer: the status line and a hint.
    pub fn text(status: u16, text: &str) -> Response {
        let body = format!("{status} {}\n{text}", reason(status));
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Body::Owned(body.into()),
        )
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response; the body only if `body` (not for HEAD). Nothing
    /// the preview sends is to be cached or sniffed.
    pub fn write(&self, out: &mut impl Write, body: bool, keep_alive: bool) -> io::Result<()> {
        let bytes = self.body.bytes();
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
        let connection = if keep_alive { "keep-alive" } else { "close" };
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            bytes.len()
        ));
        if body && bytes.len() <= 16 * 1024 {
            // One write for a small answer: one packet.
            let mut all = head.into_bytes();
            all.extend_from_slice(bytes);
            out.write_all(&all)?;
        } else {
            out.write_all(head.as_bytes())?;
            if body {
                out.write_all(bytes)?;
            }
        }
        out.flush()
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        416 => "Range Not Satisfiable",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// A client that sends its bytes in the given pieces, then goes quiet
    /// (`WouldBlock` after the set timeout), or closes if `closes`.
    struct Script {
        pieces: VecDeque<Vec<u8>>,
        closes: bool,
        waited: Duration,
        /// How long each piece takes to arrive.
        every: Duration,
    }

    impl Read for Script {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            std::thread::sleep(self.every);
            match self.pieces.pop_front() {
                Some(p) => {
                    out[..p.len()].copy_from_slice(&p);
                    Ok(p.len())
                }
                None if self.closes => Ok(0),
                None => {
                    std::thread::sleep(self.waited);
                    Err(io::ErrorKind::WouldBlock.into())
                }
            }
        }
    }

    impl Timed for Script {
        fn set_timeout(&mut self, timeout: Duration) -> io::Result<()> {
            self.waited = timeout;
            Ok(())
        }
    }

    fn script(pieces: &[&[u8]], closes: bool) -> Script {
        Script {
            pieces: pieces.iter().map(|p| p.to_vec()).collect(),
            closes,
            waited: Duration::ZERO,
            every: Duration::ZERO,
        }
    }

    fn quick() -> Limits {
        Limits {
            head_timeout: Duration::from_millis(50),
            idle_timeout: Duration::from_millis(50),
            ..Limits::default()
        }
    }

    #[test]
    fn a_head_in_pieces_and_a_pipelined_second() {
        let mut s = script(
            &[
                b"\r\nGET /a%20b.html?x HTTP/1.1\r\nHo",
                b"st: localhost:3000\r\nConnection: close\r\n\r\nHEAD / HTTP/1.0\r\n\r\n",
            ],
            true,
        );
        let mut buf = Vec::new();
        let r = read_head(&mut s, &mut buf, &quick()).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.target, "/a%20b.html?x");
        assert_eq!(r.header("host"), Some("localhost:3000"));
        assert!(!r.keep_alive());
        let r = read_head(&mut s, &mut buf, &quick()).unwrap();
        assert_eq!((&r.method, r.minor), (&Method::Head, 0));
        assert!(!r.keep_alive(), "HTTP/1.0 closes by default");
        assert_eq!(
            read_head(&mut s, &mut buf, &quick()).unwrap_err(),
            HeadError::Closed
        );
    }

    #[test]
    fn a_head_over_the_limit_is_refused_without_reading_it_all() {
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(100_000));
        let pieces: Vec<&[u8]> = big.as_bytes().chunks(4096).collect();
        let mut s = script(&pieces, true);
        let mut buf = Vec::new();
        assert_eq!(
            read_head(&mut s, &mut buf, &quick()).unwrap_err(),
            HeadError::TooLarge
        );
        assert!(buf.len() <= 16 * 1024 + 4096, "read {} bytes", buf.len());
        assert!(s.pieces.len() > 15, "the rest was never read");

        let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
        let head = format!("GET / HTTP/1.1\r\n{many}\r\n");
        let mut s = script(&[head.as_bytes()], true);
        assert_eq!(
            read_head(&mut s, &mut Vec::new(), &quick()).unwrap_err(),
            HeadError::TooLarge
        );
    }

    #[test]
    fn slow_and_idle_clients_are_cut_off() {
        // Half a head, then nothing.
        let mut s = script(&[b"GET / HTTP/1.1\r\n"], false);
        assert_eq!(
            read_head(&mut s, &mut Vec::new(), &quick()).unwrap_err(),
            HeadError::TooSlow
        );
        // Nothing at all: closed without an answer.
        let mut s = script(&[], false);
        assert_eq!(
            read_head(&mut s, &mut Vec::new(), &quick()).unwrap_err(),
            HeadError::Closed
        );
        // A byte every millisecond keeps no connection past the head deadline.
        let drip: Vec<&[u8]> = std::iter::once(&b"GET / HTTP/1.1\r\nX: "[..])
            .chain((0..10_000).map(|_| &b"X"[..]))
            .collect();
        let mut s = script(&drip, false);
        s.every = Duration::from_millis(1);
        assert_eq!(
            read_head(&mut s, &mut Vec::new(), &quick()).unwrap_err(),
            HeadError::TooSlow
        );
        assert!(
            s.pieces.len() > 9_000,
            "cut off at the deadline, not at the end"
        );
    }

    #[test]
    fn not_http_is_malformed() {
        for junk in [
            &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"[..],
            b"GET / FTP/1.1\r\n\r\n",
        ] {
            let mut s = script(&[junk], true);
            assert_eq!(
                read_head(&mut s, &mut Vec::new(), &quick()).unwrap_err(),
                HeadError::Malformed,
                "{junk:?}"
            );
        }
    }

    #[test]
    fn bodies_as_announced() {
        let head = |extra: &str| {
            let text = format!("POST / HTTP/1.1\r\n{extra}\r\n");
            let mut s = script(&[text.as_bytes()], true);
            read_head(&mut s, &mut Vec::new(), &quick()).unwrap()
        };
        assert_eq!(head("").body_length(), Some(0));
        assert_eq!(
            head("Content-Length: 100000000000\r\n").body_length(),
            Some(100_000_000_000)
        );
        assert_eq!(
            head("Transfer-Encoding: chunked\r\n").body_length(),
            Some(u64::MAX)
        );
        assert_eq!(head("Content-Length: -1\r\n").body_length(), None);
    }

    #[test]
    fn responses_carry_length_and_connection() {
        let r = Response::text(404, "no such page").with("Allow", "GET");
        let mut out = Vec::new();
        r.write(&mut out, true, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"), "{text}");
        assert!(
            text.contains(
                "Allow: GET\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "Content-Length: 26\r\nConnection: keep-alive\r\n\r\n404 Not Found\nno such page"
            ),
            "{text}"
        );
        let mut out = Vec::new();
        r.write(&mut out, false, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with("Content-Length: 26\r\nConnection: close\r\n\r\n"),
            "HEAD: {text}"
        );
        let shared = Response::new(
            206,
            "video/mp4",
            Body::Shared(Arc::new(b"0123456789".to_vec()), 2..5),
        );
        let mut out = Vec::new();
        shared.write(&mut out, true, true).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("Content-Length: 3\r\nConnection: keep-alive\r\n\r\n234")
        );
    }
}
