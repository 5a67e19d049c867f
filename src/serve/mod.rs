//! `kursbuch serve`: the book built into memory, served on loopback with live
//! reload, and rebuilt where a change touches it. The command itself
//! (printing, Ctrl-C, the browser) is `cmd::serve`.
//!
//! One thread owns the prepared book and rebuilds ([`rebuild`]); worker
//! threads answer requests from the in-memory site ([`state`], [`http`]);
//! each open page holds a live-reload stream ([`livereload`]); [`watch`]
//! turns file events into batches.

pub mod http;
pub mod livereload;
pub mod rebuild;
pub mod state;
pub mod watch;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use livereload::LiveReload;
use state::State;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

/// Request threads; live-reload streams get threads of their own.
const WORKERS: usize = 8;

/// The HTTP side: a listening socket and the threads that answer it.
pub struct Server {
    http: Arc<tiny_http::Server>,
    pub state: Arc<State>,
    pub reload: Arc<LiveReload>,
    workers: Vec<JoinHandle<()>>,
}

/// Why the server could not listen.
pub enum BindError {
    InUse,
    Other(String),
}

impl Server {
    /// Listens on `host:port` (nothing is answered until [`Server::start`]).
    pub fn bind(host: &str, port: u16) -> Result<Server, BindError> {
        let http = tiny_http::Server::http(format!("{host}:{port}")).map_err(|e| {
            let in_use = e
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse);
            if in_use {
                BindError::InUse
            } else {
                BindError::Other(e.to_string())
            }
        })?;
        Ok(Server {
            http: Arc::new(http),
            state: Arc::new(State::default()),
            reload: Arc::new(LiveReload::default()),
            workers: Vec::new(),
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> Option<u16> {
        self.http.server_addr().to_ip().map(|a| a.port())
    }

    /// Starts answering requests until `stop` is set.
    pub fn start(&mut self, stop: &Arc<AtomicBool>) {
        for _ in 0..WORKERS {
            let (server, state, reload, stop) = (
                self.http.clone(),
                self.state.clone(),
                self.reload.clone(),
                stop.clone(),
            );
            self.workers.push(std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(request) = server.recv() else { break };
                    if let Some(live) = http::handle(request, &state) {
                        let (state, reload) = (state.clone(), reload.clone());
                        std::thread::spawn(move || http::live(live, &state, &reload));
                    }
                }
            }));
        }
    }

    /// Something that wakes every worker waiting for a request (for Ctrl-C).
    pub fn unblocker(&self) -> impl Fn() + Send + 'static {
        let http = self.http.clone();
        move || {
            for _ in 0..WORKERS {
                http.unblock();
            }
        }
    }

    /// Ends the live-reload streams and waits for the workers.
    pub fn shut_down(self) {
        self.reload.close_all();
        for w in self.workers {
            let _ = w.join();
        }
    }
}

/// Is `host` a loopback address (the preview stays on this machine)?
pub fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1" | "[::1]") || host.starts_with("127.")
}
