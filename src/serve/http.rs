//! Answering requests: files from the in-memory site only, and
//! `/__livereload` for open pages. (What is refused before, and how, is
//! [`super::listener`]'s.)

use super::listener::{Connection, Reply};
use super::livereload::{self, LiveReload, Message};
use super::state::State;
use super::wire::{Body, Request, Response};

/// The site path a request path names, or `None` if it is not a plain path
/// inside the site. Requests never touch the file system, so this is a second
/// wall: `..` in any spelling (`%2e%2e`, `%252e`), backslashes, NUL and other
/// control characters, `//` and overlong paths are refused outright.
pub fn site_path(raw: &str) -> Option<String> {
    if raw.len() > 2048 {
        return None;
    }
    let path = raw.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    // Still encoded after one decoding: double encoding, refused.
    if decoded.contains('%') || decoded.contains('\\') || decoded.chars().any(char::is_control) {
        return None;
    }
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|seg| seg == ".." || seg == ".") || rel.contains("//") {
        return None;
    }
    if rel.is_empty() || rel.ends_with('/') {
        return Some(format!("{rel}index.html"));
    }
    Some(rel.to_string())
}

/// The Content-Type of a site file, from its extension (mime_guess's table:
/// video, audio and fonts included); text in UTF-8.
fn content_type(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match mime_guess::from_path(path).first_raw() {
        // RFC 7303 prefers it to mime_guess's `text/xml` (sitemap.xml).
        Some("text/xml") => "application/xml".to_string(),
        Some(t) if t.starts_with("text/") => format!("{t}; charset=utf-8"),
        Some(t) => t.to_string(),
        None if name == "CNAME" => "text/plain; charset=utf-8".to_string(),
        None => "application/octet-stream".to_string(),
    }
}

/// A byte range a request asks for (`Range: bytes=…`), as media players and
/// Safari's `<video>` do: `Some(Ok(range))` for one satisfiable range,
/// `Some(Err(()))` for one that is not, `None` for no range or several (the
/// whole file is a valid answer to those).
fn byte_range(header: Option<&str>, len: usize) -> Option<Result<std::ops::Range<usize>, ()>> {
    let spec = header?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let range = if first.is_empty() {
        // The last N bytes.
        let n: usize = last.parse().ok()?;
        len.saturating_sub(n)..len
    } else {
        let start: usize = first.parse().ok()?;
        let end = match last {
            "" => len,
            l => l.parse::<usize>().ok()?.saturating_add(1).min(len),
        };
        if start >= len || start >= end {
            return Some(Err(()));
        }
        start..end
    };
    if range.is_empty() {
        return Some(Err(()));
    }
    Some(Ok(range))
}

fn text(status: u16, text: &str) -> Reply {
    Reply::Response(Response::text(status, text))
}

/// Answers one request that passed the front door's checks (method, body,
/// `Host`): a file of the current site, or a live-reload stream.
pub fn respond(request: &Request, state: &State) -> Reply {
    let url = request.target.as_str();
    if url == "/__livereload" || url.starts_with("/__livereload?") {
        return Reply::Stream;
    }
    let Some(path) = site_path(url) else {
        return text(400, "This path does not name a file of the site.");
    };
    let site = state.current(&path);
    if site.files.is_empty() {
        // No good build yet: a page that shows why, and reloads once fixed.
        let error = site.error.as_deref().unwrap_or("The book is being built …");
        let escaped = crate::escape::text(error);
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>kursbuch: the book has errors</title></head>\n<body><h1>The book does not build yet</h1>\n<pre>{escaped}</pre>\n</body></html>\n"
        );
        let body = livereload::inject(page.as_bytes(), site.build);
        return Reply::Response(Response::new(
            503,
            "text/html; charset=utf-8",
            Body::Owned(body),
        ));
    }
    let found = site
        .files
        .get(&path)
        .map(|b| (path.clone(), b.clone()))
        .or_else(|| {
            // `/docker` finds `docker/index.html`, as static hosts do.
            let dir = format!("{path}/index.html");
            site.files.get(&dir).map(|b| (dir, b.clone()))
        });
    let (status, path, body) = match found {
        Some((p, b)) => (200, p, b),
        None => match site.files.get("404.html") {
            Some(b) => (404, "404.html".to_string(), b.clone()),
            None => return text(404, "No such file in the site."),
        },
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        let page = livereload::inject(&body, site.build);
        return Reply::Response(Response::new(status, &kind, Body::Owned(page)));
    }
    let len = body.len();
    let range = byte_range(request.header("range").filter(|_| status == 200), len);
    Reply::Response(match range {
        Some(Ok(r)) => {
            let content_range = format!("bytes {}-{}/{len}", r.start, r.end - 1);
            Response::new(206, &kind, Body::Shared(body, r))
                .with("Content-Range", content_range)
                .with("Accept-Ranges", "bytes")
        }
        Some(Err(())) => Response::text(416, "The range lies outside the file.")
            .with("Content-Range", format!("bytes */{len}")),
        None => {
            Response::new(status, &kind, Body::Shared(body, 0..len)).with("Accept-Ranges", "bytes")
        }
    })
}

/// Streams live-reload events to one page until it goes away.
pub fn live(connection: Connection, state: &State, reload: &LiveReload) {
    let site = state.peek();
    let hello = Message::Hello {
        build: site.build,
        error: site.error.as_deref(),
    };
    reload.stream(Box::new(connection), hello.to_json());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/docker/").as_deref(), Some("docker/index.html"));
        assert_eq!(site_path("/css/x.css?v=1#a").as_deref(), Some("css/x.css"));
        assert_eq!(
            site_path("/Gr%C3%B6%C3%9Fe.html").as_deref(),
            Some("Größe.html")
        );
        assert_eq!(site_path("/a%20b.html").as_deref(), Some("a b.html"));
    }

    #[test]
    fn hostile_paths_are_refused() {
        for p in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/x",
            "/..%2fetc",
            "/..\\etc",
            "/%5c..%5cetc",
            "//etc/passwd",
            "/a/./b",
            "/%00",
            "/a\0b",
            "/x%0a",
            "etc/passwd",
            "http://evil/",
            "/%ff%fe",
            "/a//b",
        ] {
            assert_eq!(site_path(p), None, "{p:?}");
        }
        assert_eq!(site_path(&format!("/{}", "a".repeat(3000))), None);
    }

    #[test]
    fn byte_ranges() {
        assert_eq!(byte_range(None, 10), None);
        assert_eq!(byte_range(Some("bytes=0-3"), 10), Some(Ok(0..4)));
        assert_eq!(byte_range(Some("bytes=4-"), 10), Some(Ok(4..10)));
        assert_eq!(byte_range(Some("bytes=-3"), 10), Some(Ok(7..10)));
        assert_eq!(byte_range(Some("bytes=5-99"), 10), Some(Ok(5..10)));
        assert_eq!(byte_range(Some("bytes=10-"), 10), Some(Err(())));
        assert_eq!(byte_range(Some("bytes=7-2"), 10), Some(Err(())));
        assert_eq!(byte_range(Some("bytes=-0"), 10), Some(Err(())));
        assert_eq!(
            byte_range(Some("bytes=0-1,4-5"), 10),
            None,
            "several: the whole file"
        );
        assert_eq!(byte_range(Some("lines=1-2"), 10), None);
        assert_eq!(byte_range(Some("bytes=x-2"), 10), None);
        assert_eq!(byte_range(Some("bytes=99999999999999999999999-"), 10), None);
    }

    #[test]
    fn content_types() {
        for (p, t) in [
            ("a.html", "text/html"),
            ("a.css", "text/css"),
            ("a.js", "text/javascript"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.woff2", "font/woff2"),
            ("a.wasm", "application/wasm"),
            ("a.xml", "application/xml"),
            ("a.txt", "text/plain"),
            ("a.avif", "image/avif"),
            ("a.mp4", "video/mp4"),
            ("a.webm", "video/webm"),
            ("a.mp3", "audio/mpeg"),
            ("a.ttf", "font/ttf"),
            ("a.otf", "application/font-sfnt"),
            ("CNAME", "text/plain"),
            ("x/.nojekyll", "application/octet-stream"),
        ] {
            assert!(content_type(p).starts_with(t), "{p}");
        }
    }
}
