//! Links between chapters: authors write the source path (`docker.md#images`),
//! readers get the output URL, relative so the site works from any base path
//! and from `file://`.

use std::path::Path;

use crate::paths::{decode, normalize, path_to_slash};

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
}
