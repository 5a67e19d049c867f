//! Live reload over Server-Sent Events at `/__livereload`. Open pages get a
//! small script (only from `kursbuch serve`, never in built sites) that
//! listens there: it reloads when its page changed (keeping the scroll
//! position), swaps a changed stylesheet in place, and shows build errors as
//! an overlay. The browser's EventSource reconnects by itself, and the first
//! message after connecting says which build is current, so a page that
//! missed a change while the server restarted reloads too.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use serde::Serialize;

/// Every client gets a line now and then, so a closed tab is noticed (the
/// write fails) and its thread and socket go away.
const PING: Duration = Duration::from_millis(1000);

#[derive(Default)]
pub struct LiveReload {
    clients: Mutex<Vec<Sender<String>>>,
}

impl LiveReload {
    /// Sends `message` to every connected page.
    pub fn broadcast(&self, message: &Message) {
        let event = message.to_json();
        self.clients
            .lock()
            .expect("clients lock")
            .retain(|c| c.send(event.clone()).is_ok());
    }

    pub fn connected(&self) -> usize {
        let mut clients = self.clients.lock().expect("clients lock");
        // Drop the ones whose stream has ended.
        clients.retain(|c| c.send(String::new()).is_ok());
        clients.len()
    }

    /// Streams events to one client until it goes away or `stop` closes
    /// the channel (the server shuts down). `hello` is sent first.
    pub fn stream(&self, mut out: Box<dyn Write + Send>, hello: String) {
        let (tx, rx): (Sender<String>, Receiver<String>) = channel();
        self.clients.lock().expect("clients lock").push(tx);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
        if write_event(&mut out, head, &hello).is_err() {
            return;
        }
        loop {
            let result = match rx.recv_timeout(PING) {
                Ok(event) if event.is_empty() => continue,
                Ok(event) => write_event(&mut out, "", &event),
                Err(RecvTimeoutError::Timeout) => {
                    out.write_all(b": ping\n\n").and_then(|_| out.flush())
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if result.is_err() {
                return;
            }
        }
    }

    /// Ends every stream (at shutdown).
    pub fn close_all(&self) {
        self.clients.lock().expect("clients lock").clear();
    }
}

fn write_event(out: &mut Box<dyn Write + Send>, prefix: &str, data: &str) -> std::io::Result<()> {
    out.write_all(prefix.as_bytes())?;
    out.write_all(b"data: ")?;
    out.write_all(data.as_bytes())?;
    out.write_all(b"\n\n")?;
    out.flush()
}

/// What the server tells open pages, as JSON (`data:` of one event).
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message<'a> {
    /// The first message on every connection: the current build, and the
    /// errors of the last rebuild if it failed.
    Hello { build: u64, error: Option<&'a str> },
    /// Pages changed: all of them, or those at `paths`.
    Reload {
        build: u64,
        all: bool,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        paths: &'a [String],
    },
    /// Only stylesheets changed: old output name → new one.
    Css {
        build: u64,
        swap: &'a BTreeMap<String, String>,
    },
    /// A rebuild failed; the last good version stays served.
    Error { error: &'a str },
}

impl Message<'_> {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a message always serialises")
    }
}

/// The script served pages get, before `</body>`.
pub fn script(build: u64) -> String {
    format!(
        "<script data-kursbuch-serve>\n{}</script>",
        SCRIPT.replace("let build = BUILD;", &format!("let build = {build};"))
    )
}

/// Inserts the live-reload script into an HTML page.
pub fn inject(html: &[u8], build: u64) -> Vec<u8> {
    let tag = script(build);
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The reload script (a file of its own, not part of the theme: it must
/// never reach a built site).
const SCRIPT: &str = include_str!("livereload.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>", 7);
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.starts_with("<html><body><p>x</p><script data-kursbuch-serve>"),
            "{s}"
        );
        assert!(s.ends_with("</script></body></html>"), "{s}");
        assert!(s.contains("let build = 7;"), "{s}");
        assert!(
            String::from_utf8(inject(b"no body", 1))
                .unwrap()
                .starts_with("no body<script")
        );
    }

    #[test]
    fn messages_as_the_script_reads_them() {
        assert_eq!(
            Message::Hello {
                build: 3,
                error: None
            }
            .to_json(),
            r#"{"type":"hello","build":3,"error":null}"#
        );
        let paths = ["a b.html".to_string()];
        assert_eq!(
            Message::Reload {
                build: 4,
                all: false,
                paths: &paths
            }
            .to_json(),
            r#"{"type":"reload","build":4,"all":false,"paths":["a b.html"]}"#
        );
        assert_eq!(
            Message::Reload {
                build: 5,
                all: true,
                paths: &[]
            }
            .to_json(),
            r#"{"type":"reload","build":5,"all":true}"#
        );
        let swap = BTreeMap::from([("css/a.1.css".to_string(), "css/a.2.css".to_string())]);
        assert_eq!(
            Message::Css {
                build: 6,
                swap: &swap
            }
            .to_json(),
            r#"{"type":"css","build":6,"swap":{"css/a.1.css":"css/a.2.css"}}"#
        );
        let e = Message::Error {
            error: "a\"b\n</script>",
        }
        .to_json();
        assert_eq!(e, r#"{"type":"error","error":"a\"b\n</script>"}"#);
        assert!(!e.contains('\n'), "one line: an SSE data field");
    }

    #[test]
    fn the_script_is_valid_and_has_no_end_tag() {
        assert!(SCRIPT.contains("let build = BUILD;"));
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
    }
}
