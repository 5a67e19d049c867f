//! Links between chapters: authors write the source path (`docker.md#images`),
//! readers get the output URL, relative so the site works from any base path
//! and from `file://`.

use std::path::Path;

use crate::book::source::normalize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another chapter (or this one) by its source path, relative to the content folder.
    Chapter {
        source: String,
        fragment: Option<String>,
    },
    /// `#anchor` on the same page.
    SamePage { fragment: String },
    /// An image or download of the book, by its path relative to the content
    /// folder: left as written, but checked to exist.
    File { path: String },
    /// Left as written, not checked: other sites, site-absolute paths, paths that leave the book.
    Untouched,
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// What a link written in the chapter at `from_source` points at.
pub fn classify(dest: &str, from_source: &str) -> LinkTarget {
    if let Some(fragment) = dest.strip_prefix('#') {
        return LinkTarget::SamePage {
            fragment: decode(fragment),
        };
    }
    if dest.is_empty() || has_scheme(dest) || dest.starts_with('/') || dest.starts_with('\\') {
        return LinkTarget::Untouched;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(decode(f))),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let path = decode(path);
    let dir = Path::new(from_source).parent().unwrap_or(Path::new(""));
    let resolved = normalize(&dir.join(&path));
    if resolved.starts_with("..") || path.is_empty() {
        return LinkTarget::Untouched;
    }
    let resolved = path_to_slash(&resolved);
    if path.to_ascii_lowercase().ends_with(".md") {
        LinkTarget::Chapter {
            source: resolved,
            fragment,
        }
    } else {
        LinkTarget::File { path: resolved }
    }
}

pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

pub fn path_to_slash(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The output page of a chapter source path: `a/b.md` → `a/b.html`;
/// `README.md` (any case) and `index.md` → `index.html` in their folder, as mdBook does.
pub fn output_path(source: &str) -> String {
    let (dir, file) = match source.rsplit_once('/') {
        Some((d, f)) => (Some(d), f),
        None => (None, source),
    };
    let stem = file
        .len()
        .checked_sub(3)
        .filter(|&i| file.is_char_boundary(i) && file[i..].eq_ignore_ascii_case(".md"))
        .map_or(file, |i| &file[..i]);
    let name = if stem.eq_ignore_ascii_case("readme") {
        "index.html".to_string()
    } else {
        format!("{stem}.html")
    };
    match dir {
        Some(d) => format!("{d}/{name}"),
        None => name,
    }
}

/// `../` once per folder level of an output path: what leads from a page back to the site root.
pub fn path_to_root(output: &str) -> String {
    "../".repeat(output.matches('/').count())
}

/// A relative URL from the page at `from` to the page at `to` (both output paths).
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from_dirs.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    url
}

/// Percent-encodes what cannot stand in an href as-is (spaces in file names).
pub fn encode_path(path: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'#')
        .add(b'?');
    percent_encoding::utf8_percent_encode(path, SET).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(source: &str, fragment: Option<&str>) -> LinkTarget {
        LinkTarget::Chapter {
            source: source.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn classify_links() {
        assert_eq!(
            classify("docker.md#images", "intro.md"),
            chapter("docker.md", Some("images"))
        );
        assert_eq!(classify("../b.md", "a/x.md"), chapter("b.md", None));
        assert_eq!(classify("./c%20d.md", "a/x.md"), chapter("a/c d.md", None));
        assert_eq!(
            classify("#ausführung", "a.md"),
            LinkTarget::SamePage {
                fragment: "ausführung".into()
            }
        );
        assert_eq!(
            classify("#ausf%C3%BChrung", "a.md"),
            LinkTarget::SamePage {
                fragment: "ausführung".into()
            }
        );
        assert_eq!(
            classify("img/x%20y.png?v=1", "a/b.md"),
            LinkTarget::File {
                path: "a/img/x y.png".into()
            }
        );
        assert_eq!(
            classify("../dl/", "a/b.md"),
            LinkTarget::File { path: "dl".into() }
        );
        for untouched in [
            "https://aws.amazon.com/",
            "mailto:a@b.de",
            "//cdn.example/x.md",
            "/abs.md",
            "../std/index.html",
            "../../outside.md",
            "",
        ] {
            assert_eq!(
                classify(untouched, "a.md"),
                LinkTarget::Untouched,
                "{untouched}"
            );
        }
    }

    #[test]
    fn output_paths() {
        assert_eq!(output_path("intro.md"), "intro.html");
        assert_eq!(output_path("README.md"), "index.html");
        assert_eq!(output_path("a/readme.md"), "a/index.html");
        assert_eq!(output_path("a/index.md"), "a/index.html");
        assert_eq!(output_path("a/b.MD"), "a/b.html");
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("a.html", "b.html"), "b.html");
        assert_eq!(relative_url("x/a.html", "b.html"), "../b.html");
        assert_eq!(relative_url("a.html", "x/y/b.html"), "x/y/b.html");
        assert_eq!(relative_url("x/a.html", "x/b.html"), "b.html");
        assert_eq!(relative_url("x/y/a.html", "x/z/b.html"), "../z/b.html");
        assert_eq!(path_to_root("x/y/a.html"), "../../");
        assert_eq!(path_to_root("a.html"), "");
    }
}
