//! Live reload over Server-Sent Events at `/__livereload`. Open pages get a
//! small script (only from `kursbuch serve`, never in built sites) that
//! listens there: it reloads when its page changed (keeping the scroll
//! position), swaps a changed stylesheet in place, and shows build errors as
//! an overlay. The browser's EventSource reconnects by itself, and the first
//! message after connecting says which build is current, so a page that
//! missed a change while the server restarted reloads too.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// Every client gets a line now and then, so a closed tab is noticed (the
/// write fails) and its thread and socket go away.
const PING: Duration = Duration::from_millis(1000);

#[derive(Default)]
pub struct LiveReload {
    clients: Mutex<Vec<Sender<String>>>,
}

impl LiveReload {
    /// Sends `event` (a JSON object) to every connected page.
    pub fn broadcast(&self, event: &str) {
        self.clients
            .lock()
            .expect("clients lock")
            .retain(|c| c.send(event.to_string()).is_ok());
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

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The script served pages get, before `</body>`.
pub fn script(build: u64) -> String {
    format!(
        "<script data-kursbuch-serve>{}</script>",
        SCRIPT.replace("BUILD", &build.to_string())
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

const SCRIPT: &str = r#"
(function () {
  "use strict";
  var build = BUILD;
  // The page keeps its place across reloads because this script puts it
  // back, in every browser alike, not by the browser's own restoration.
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  var key = "kursbuch-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var back = function () { window.scrollTo(0, +saved); };
    back();
    if (document.readyState !== "complete") addEventListener("load", back);
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function here() {
    var p = decodeURIComponent(location.pathname).replace(/^\//, "");
    return p === "" || p.slice(-1) === "/" ? p + "index.html" : p;
  }
  function overlay(text) {
    var o = document.getElementById("kursbuch-serve-error");
    if (!text) { if (o) o.remove(); return; }
    if (!o) {
      o = document.createElement("div");
      o.id = "kursbuch-serve-error";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:9999;" +
        "background:#fff1f0;color:#5c0b06;border:2px solid #b3261e;border-radius:.5rem;padding:1rem;" +
        "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;box-shadow:0 .5rem 2rem rgba(0,0,0,.3)";
      document.body.appendChild(o);
    }
    o.textContent = text;
  }
  var events = new EventSource("/__livereload");
  events.onmessage = function (e) {
    var m = JSON.parse(e.data);
    if (m.type === "hello") {
      overlay(m.error);
      if (m.build !== build && !m.error) reload();
    } else if (m.type === "error") {
      overlay(m.error);
    } else if (m.type === "reload") {
      overlay(null);
      if (m.all || m.paths.indexOf(here()) >= 0) reload();
      else build = m.build;
    } else if (m.type === "css") {
      overlay(null);
      build = m.build;
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
        var href = link.getAttribute("href");
        Object.keys(m.swap).forEach(function (old) {
          if (href.slice(-old.length) === old) link.setAttribute("href", href.slice(0, -old.length) + m.swap[old]);
        });
      });
    }
  };
})();
"#;

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
        assert!(s.contains("var build = 7;"));
        assert!(
            String::from_utf8(inject(b"no body", 1))
                .unwrap()
                .starts_with("no body<script")
        );
    }

    #[test]
    fn json_strings() {
        assert_eq!(
            json_string("a\"b\\\n</script>"),
            "\"a\\\"b\\\\\\n\\u003c/script>\""
        );
    }
}
