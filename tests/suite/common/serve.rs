//! Running `kursbuch serve` in tests: the process on a free port, raw HTTP
//! requests (no client-side clean-up of hostile paths) and the live-reload
//! stream.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub struct Served {
    pub child: Child,
    pub port: u16,
    /// Lines printed before the server said where it listens.
    pub early: Vec<String>,
    /// What the server prints, line by line.
    pub lines: Receiver<String>,
}

impl Served {
    pub fn start(dir: &Path, extra: &[&str]) -> Served {
        // KURSBUCH_BIN: another binary, for benchmarks that compare two.
        let bin = std::env::var_os("KURSBUCH_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_kursbuch").into());
        // Waited for in Drop (the server runs for as long as the test needs it).
        #[allow(clippy::zombie_processes)]
        let mut child = Command::new(bin)
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx2.send(l);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut early = Vec::new();
        loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("kursbuch serve did not start");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port = rest
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                return Served {
                    child,
                    port,
                    early,
                    lines,
                };
            }
            early.push(line);
        }
    }

    /// Waits for a printed line containing `needle`; returns it.
    pub fn wait_line(&self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(l) if l.contains(needle) => return l,
                Ok(_) => {}
                Err(_) => panic!("no line with {needle:?} within {timeout:?}"),
            }
        }
    }

    pub fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request with the path exactly as given.
pub fn request(port: u16, method: &str, path: &str) -> Response {
    request_with(port, method, path, &[])
}

/// One request with extra header lines (`("Range", "bytes=0-9")`).
pub fn request_with(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(nl) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..nl]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[nl + 2..nl + 2 + size]);
        data = &data[nl + 2 + size + 2..];
    }
    out
}

/// A live-reload stream, as an open page holds it.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn connect(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        Events {
            reader: BufReader::new(s),
        }
    }

    /// The next `data:` line (a JSON object), skipping pings; within 20
    /// seconds (pings keep the stream busy, so the read timeout alone
    /// would never end a wait for an event that does not come).
    pub fn next(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut line = String::new();
        loop {
            assert!(
                Instant::now() < deadline,
                "no live-reload event within 20 s"
            );
            line.clear();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("the live-reload stream");
            assert!(n > 0, "the live-reload stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim_end().to_string();
            }
        }
    }

    /// The next event whose JSON contains `needle`, within 20 seconds.
    pub fn next_with(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            assert!(
                Instant::now() < deadline,
                "no event with {needle:?} within 20 s"
            );
            let e = self.next();
            if e.contains(needle) {
                return e;
            }
        }
    }
}

/// The live-reload script the server adds to HTML, taken out again.
pub fn without_script(html: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(html);
    match (s.find("<script data-kursbuch-serve>"), s.rfind("</script>")) {
        (Some(a), Some(b)) if b > a => {
            let mut out = s[..a].to_string();
            out.push_str(&s[b + "</script>".len()..]);
            out.into_bytes()
        }
        _ => html.to_vec(),
    }
}
