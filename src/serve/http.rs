//! Answering requests: files from the in-memory site only, GET and HEAD only,
//! no caching, and `/__livereload` for open pages.

use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::livereload::{self, LiveReload};
use super::state::State;

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

fn content_type(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("wasm") => "application/wasm",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        None if path.ends_with("CNAME") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(request: Request, status: u16, kind: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let head = request.method() == &Method::Head;
    let len = body.len();
    let mut response = Response::from_data(if head { Vec::new() } else { body })
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    for (k, v) in extra {
        response = response.with_header(header(k, v));
    }
    if head {
        response = response.with_header(header("Content-Length", &len.to_string()));
    }
    let _ = request.respond(response);
}

/// Handles one request. Returns the request back if it is a live-reload
/// stream, which the caller runs on a thread of its own.
pub fn handle(request: Request, state: &State) -> Option<Request> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"405 Method Not Allowed\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
        return None;
    }
    let url = request.url().to_string();
    if url == "/__livereload" || url.starts_with("/__livereload?") {
        return Some(request);
    }
    let Some(path) = site_path(&url) else {
        respond(
            request,
            400,
            "text/plain; charset=utf-8",
            b"400 Bad Request\n".to_vec(),
            &[],
        );
        return None;
    };
    let site = state.current(&path);
    if site.files.is_empty() {
        // No good build yet: a page that shows why, and reloads once fixed.
        let error = site.error.as_deref().unwrap_or("The book is being built …");
        let escaped = crate::escape::text(error);
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>kursbuch: the book has errors</title></head>\n<body><h1>The book does not build yet</h1>\n<pre>{escaped}</pre>\n</body></html>\n"
        );
        respond(
            request,
            503,
            "text/html; charset=utf-8",
            livereload::inject(page.as_bytes(), site.build),
            &[],
        );
        return None;
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
            None => (
                404,
                "404.txt".to_string(),
                Arc::new(b"404 Not Found\n".to_vec()),
            ),
        },
    };
    let kind = content_type(&path);
    let body = if kind.starts_with("text/html") {
        livereload::inject(&body, site.build)
    } else {
        body.as_ref().clone()
    };
    respond(request, status, kind, body, &[]);
    None
}

/// Streams live-reload events to one page until it goes away.
pub fn live(request: Request, state: &State, reload: &LiveReload) {
    let site = state.peek();
    let error = site
        .error
        .as_deref()
        .map_or("null".to_string(), livereload::json_string);
    let hello = format!(
        "{{\"type\":\"hello\",\"build\":{},\"error\":{error}}}",
        site.build
    );
    reload.stream(request.into_writer(), hello);
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
        ] {
            assert!(content_type(p).starts_with(t), "{p}");
        }
    }
}
