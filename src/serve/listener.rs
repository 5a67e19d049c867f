//! The preview's front door: connections accepted up to a cap (503 beyond
//! it), each on a thread of its own with its requests read within
//! [`Limits`], the `Host` checked against DNS rebinding, and a shutdown that
//! ends idle connections at once.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::wire::{self, HeadError, Limits, Method, Request, Response};

/// What the application does with a request that passed the checks.
pub trait Handler: Send + Sync + 'static {
    fn respond(&self, request: &Request) -> Reply;
    /// Runs a live-reload stream on the connection until it ends.
    fn stream(&self, connection: Connection);
}

pub enum Reply {
    Response(Response),
    /// The connection becomes an event stream ([`Handler::stream`]).
    Stream,
}

/// A connection handed to [`Handler::stream`].
pub struct Connection(Arc<TcpStream>);

impl Write for Connection {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&*self.0).write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        (&*self.0).flush()
    }
}

/// The `Host` names the preview answers to. A page on another site that
/// makes its own name resolve to 127.0.0.1 (DNS rebinding) sends its own
/// name, and is refused.
#[derive(Debug, Clone)]
pub struct Hosts {
    names: Vec<String>,
    /// Bound to every interface: other machines reach it by IP address,
    /// which no rebinding page can send.
    any_ip: bool,
}

impl Hosts {
    /// For a server bound to `bound` (as given with `--host`).
    pub fn new(bound: &str) -> Hosts {
        let bound = bare(bound).to_ascii_lowercase();
        let any_ip = bound.parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified());
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "::1"]
            .iter()
            .map(ToString::to_string)
            .collect();
        if !names.contains(&bound) {
            names.push(bound);
        }
        Hosts { names, any_ip }
    }

    /// Whether a request with this `Host` header is answered. HTTP/1.0
    /// clients may leave it out (no browser does).
    pub fn allow(&self, host: Option<&str>, minor: u8) -> bool {
        let Some(host) = host else { return minor == 0 };
        let host = host.trim();
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => match host.rsplit_once(':') {
                Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
                _ => host,
            },
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.names.contains(&name) || (self.any_ip && name.parse::<IpAddr>().is_ok())
    }
}

/// `[::1]` → `::1`.
fn bare(host: &str) -> &str {
    host.trim_start_matches('[').trim_end_matches(']')
}

/// What the accepting thread and the connections share.
struct Shared {
    limits: Limits,
    hosts: Hosts,
    stop: AtomicBool,
    /// The open connections, so a shutdown can end their waits.
    open: Mutex<HashMap<u64, Arc<TcpStream>>>,
    closed: Condvar,
    next_id: AtomicU64,
}

impl Shared {
    fn register(&self, stream: &Arc<TcpStream>) -> Option<u64> {
        let mut open = self.open.lock().expect("open lock");
        if open.len() >= self.limits.max_connections {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        open.insert(id, stream.clone());
        Some(id)
    }

    fn unregister(&self, id: u64) {
        self.open.lock().expect("open lock").remove(&id);
        self.closed.notify_all();
    }
}

pub struct Listener {
    listener: Option<TcpListener>,
    addr: SocketAddr,
    shared: Arc<Shared>,
    accepting: Option<JoinHandle<()>>,
}

/// Connection threads do little (a lookup, a write): a small stack lets a
/// thousand of them wait cheaply.
const STACK: usize = 256 * 1024;

impl Listener {
    /// Listens on `host:port`; nothing is answered until [`Listener::start`].
    pub fn bind(host: &str, port: u16, limits: Limits) -> io::Result<Listener> {
        let listener = TcpListener::bind((bare(host), port))?;
        let addr = listener.local_addr()?;
        Ok(Listener {
            listener: Some(listener),
            addr,
            shared: Arc::new(Shared {
                limits,
                hosts: Hosts::new(host),
                stop: AtomicBool::new(false),
                open: Mutex::new(HashMap::new()),
                closed: Condvar::new(),
                next_id: AtomicU64::new(0),
            }),
            accepting: None,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Accepts connections and answers them with `handler` (once).
    pub fn start(&mut self, handler: Arc<dyn Handler>) {
        let Some(listener) = self.listener.take() else {
            return;
        };
        let shared = self.shared.clone();
        self.accepting = Some(std::thread::spawn(move || {
            accept(&listener, &shared, &handler);
        }));
    }

    /// Stops accepting, ends idle connections and waits up to `wait` for
    /// the busy ones to finish their answers.
    pub fn shut_down(&mut self, wait: Duration) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // The accepting thread waits in accept(): one connection wakes it.
        let _ = TcpStream::connect_timeout(&reachable(self.addr), wait);
        if let Some(t) = self.accepting.take() {
            let _ = t.join();
        }
        let deadline = Instant::now() + wait;
        let mut open = self.shared.open.lock().expect("open lock");
        for stream in open.values() {
            // A thread waiting for the next request reads the end at once;
            // one writing an answer finishes it, then closes.
            let _ = stream.shutdown(Shutdown::Read);
        }
        while !open.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            open = self
                .shared
                .closed
                .wait_timeout(open, left)
                .expect("open lock")
                .0;
        }
    }
}

/// Where this machine reaches a server listening on `addr`: a wildcard
/// address (`0.0.0.0`, `::`) as loopback of its family.
pub fn reachable(addr: SocketAddr) -> SocketAddr {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, addr.port())
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>, handler: &Arc<dyn Handler>) {
    for incoming in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match incoming {
            Ok(s) => Arc::new(s),
            Err(_) => {
                // Out of file descriptors, or a connection reset while
                // queued: the listener is fine, try again shortly.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        let Some(id) = shared.register(&stream) else {
            refuse_busy(&stream);
            continue;
        };
        let (conn_shared, conn_handler, conn) = (shared.clone(), handler.clone(), stream.clone());
        let spawned = std::thread::Builder::new()
            .name("kursbuch-http".into())
            .stack_size(STACK)
            .spawn(move || {
                serve_connection(&conn, &conn_shared, &*conn_handler);
                conn_shared.unregister(id);
            });
        if spawned.is_err() {
            shared.unregister(id);
            refuse_busy(&stream);
        }
    }
}

/// Beyond the cap: a 503 written without waiting (a fresh socket's buffer
/// takes it), then closed.
fn refuse_busy(stream: &TcpStream) {
    let _ = stream.set_nonblocking(true);
    let response = Response::text(503, "The preview has too many open connections; try again.")
        .with("Retry-After", "1");
    let mut out = stream;
    let _ = response.write(&mut out, true, false);
    let _ = stream.shutdown(Shutdown::Write);
}

/// One connection: requests until the client closes, errs, idles too long
/// or the server stops.
fn serve_connection(stream: &Arc<TcpStream>, shared: &Shared, handler: &dyn Handler) {
    let limits = &shared.limits;
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let mut buf = Vec::new();
    loop {
        let mut src: &TcpStream = stream;
        let request = match wire::read_head(&mut src, &mut buf, limits) {
            Ok(r) => r,
            Err(HeadError::Closed) => return,
            Err(e) => {
                let response = match e {
                    HeadError::TooLarge => Response::text(431, "The request head is too large."),
                    HeadError::TooSlow => Response::text(408, "The request head came too slowly."),
                    _ => Response::text(400, "This is not an HTTP request."),
                };
                return close_with(stream, &response, true);
            }
        };
        let (response, keep_alive) = match check(&request, &shared.hosts) {
            Err((response, may_stay)) => (response, may_stay && request.keep_alive()),
            Ok(()) => match handler.respond(&request) {
                Reply::Response(r) => (r, request.keep_alive()),
                Reply::Stream => {
                    let _ = stream
                        .set_write_timeout(Some(limits.write_timeout.min(Duration::from_secs(10))));
                    return handler.stream(Connection(stream.clone()));
                }
            },
        };
        let keep_alive = keep_alive && !shared.stop.load(Ordering::SeqCst);
        let body = request.method != Method::Head;
        if !keep_alive {
            return close_with(stream, &response, body);
        }
        let mut out: &TcpStream = stream;
        if response.write(&mut out, body, true).is_err() {
            return;
        }
    }
}

/// What is refused before the application sees a request: a body (the
/// preview takes none, and an unread body ends the connection), a foreign
/// `Host`, a method other than GET and HEAD. The answer, and whether the
/// connection may stay.
fn check(request: &Request, hosts: &Hosts) -> Result<(), (Response, bool)> {
    let body = match request.body_length() {
        Some(n) => n,
        None => {
            return Err((
                Response::text(400, "Content-Length is not a number."),
                false,
            ));
        }
    };
    let reading = matches!(request.method, Method::Get | Method::Head);
    if !reading {
        let response = Response::text(405, "The preview only answers GET and HEAD.")
            .with("Allow", "GET, HEAD");
        return Err((response, body == 0));
    }
    if body > 0 {
        return Err((
            Response::text(413, "The preview accepts no request bodies."),
            false,
        ));
    }
    if !hosts.allow(request.header("host"), request.minor) {
        let text = "This preview answers only to localhost, 127.0.0.1, [::1] and the name given \
                    with `--host`. (A page that reaches it under another name may be an attack: \
                    DNS rebinding.)";
        return Err((Response::text(421, text), true));
    }
    Ok(())
}

/// Answers and closes, reading (and dropping) what the client still sends
/// for a moment, so the answer is not lost to a reset; bounded in time and
/// bytes.
fn close_with(stream: &TcpStream, response: &Response, body: bool) {
    let mut out = stream;
    if response.write(&mut out, body, false).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 4096];
    let mut left: usize = 1 << 20;
    let mut src = stream;
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match src.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

impl wire::Timed for &TcpStream {
    fn set_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_a_loopback_preview() {
        let h = Hosts::new("127.0.0.1");
        for ok in [
            "localhost:3000",
            "LOCALHOST",
            "127.0.0.1:80",
            "[::1]:3000",
            "localhost.",
        ] {
            assert!(h.allow(Some(ok), 1), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "localhost.evil.example",
            "10.0.0.2",
            "",
            "[::2]",
            "127.0.0.1.nip.io",
        ] {
            assert!(!h.allow(Some(bad), 1), "{bad}");
        }
        assert!(!h.allow(None, 1), "HTTP/1.1 requires Host");
        assert!(h.allow(None, 0));
    }

    #[test]
    fn hosts_of_a_named_or_public_preview() {
        let h = Hosts::new("buch.local");
        assert!(h.allow(Some("buch.local:8080"), 1));
        assert!(!h.allow(Some("192.168.1.5:8080"), 1));
        let h = Hosts::new("0.0.0.0");
        assert!(
            h.allow(Some("192.168.1.5:8080"), 1),
            "LAN devices by address"
        );
        assert!(h.allow(Some("[fe80::1]:8080"), 1));
        assert!(!h.allow(Some("rebind.evil.example:8080"), 1));
        let h = Hosts::new("[::1]");
        assert!(h.allow(Some("[::1]:1"), 1));
    }
}
