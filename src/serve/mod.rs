//! `kursbuch serve`: the book built into memory, served on loopback with live
//! reload, and rebuilt where a change touches it. The command itself
//! (printing, Ctrl-C, the browser) is `cmd::serve`.
//!
//! One thread owns the prepared book and rebuilds ([`rebuild`]); each
//! connection has a thread that reads its requests within limits
//! ([`listener`], [`wire`]) and answers from the in-memory site ([`state`],
//! [`http`]); each open page holds a live-reload stream ([`livereload`]);
//! [`watch`] turns file events into batches.

pub mod http;
pub mod listener;
pub mod livereload;
pub mod rebuild;
pub mod state;
pub mod watch;
pub mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use listener::{Connection, Handler, Listener, Reply};
use livereload::LiveReload;
use state::State;
use wire::{Limits, Request};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    /// `--warn-links`: broken links are warnings.
    pub warn_links: bool,
    /// `--include-root`: more folders includes may read.
    pub include_roots: Vec<PathBuf>,
    /// How diagnostics are printed (`--color`).
    pub printer: crate::diag::Printer,
}

/// The HTTP side: a listening socket and what answers it.
pub struct Server {
    listener: Listener,
    pub state: Arc<State>,
    pub reload: Arc<LiveReload>,
}

/// Why the server could not listen.
pub enum BindError {
    InUse,
    Other(String),
}

/// The site and the live-reload streams, as the front door sees them.
struct App {
    state: Arc<State>,
    reload: Arc<LiveReload>,
}

impl Handler for App {
    fn respond(&self, request: &Request) -> Reply {
        http::respond(request, &self.state)
    }

    fn stream(&self, connection: Connection) {
        http::live(connection, &self.state, &self.reload);
    }
}

/// How long a shutdown waits for answers being written.
const SHUTDOWN_WAIT: Duration = Duration::from_millis(150);

impl Server {
    /// Listens on `host:port` (nothing is answered until [`Server::start`]).
    pub fn bind(host: &str, port: u16, limits: Limits) -> Result<Server, BindError> {
        let listener = Listener::bind(host, port, limits).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                BindError::InUse
            } else {
                BindError::Other(e.to_string())
            }
        })?;
        Ok(Server {
            listener,
            state: Arc::new(State::default()),
            reload: Arc::new(LiveReload::default()),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.listener.addr()
    }

    /// Starts answering requests.
    pub fn start(&mut self) {
        self.listener.start(Arc::new(App {
            state: self.state.clone(),
            reload: self.reload.clone(),
        }));
    }

    /// Ends the live-reload streams and the idle connections; waits briefly
    /// for answers being written.
    pub fn shut_down(mut self) {
        self.reload.close_all();
        self.listener.shut_down(SHUTDOWN_WAIT);
    }
}

/// The address to show for a server listening on `addr`: a wildcard
/// address as loopback, IPv6 in brackets (SocketAddr's Display does that).
pub fn url(addr: SocketAddr) -> String {
    format!("http://{}/", listener::reachable(addr))
}

/// Is `host` a loopback address (the preview stays on this machine)?
pub fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1" | "[::1]") || host.starts_with("127.")
}
