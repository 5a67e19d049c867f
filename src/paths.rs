//! Paths inside a book and its site: lexical normalisation, `/`-separated
//! site paths, the output page of a chapter and relative URLs between pages.
//! A leaf module: everything from loading to serving uses it, it uses nothing
//! of the crate.

use std::path::{Component, Path, PathBuf};

/// `a/b/../c` → `a/c` without touching the file system (the file may not exist).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for comp in path.components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir => {
                let at_start = matches!(
                    out.components().next_back(),
                    None | Some(Component::ParentDir)
                );
                if at_start {
                    out.push("..");
                } else {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `./x` shows as `x`.
pub fn join_shown(shown_root: &Path, rel: &Path) -> PathBuf {
    if shown_root == Path::new(".") || shown_root.as_os_str().is_empty() {
        rel.to_path_buf()
    } else {
        shown_root.join(rel)
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

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(
            normalize(Path::new("content/../examples/x.py")),
            PathBuf::from("examples/x.py")
        );
        assert_eq!(normalize(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(normalize(Path::new("../up")), PathBuf::from("../up"));
        assert_eq!(normalize(Path::new("../../up")), PathBuf::from("../../up"));
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }
}
