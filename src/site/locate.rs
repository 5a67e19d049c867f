//! Where a book is: its root, book.toml, the content and output folders, and
//! where the site will be served (`site-url` or `--base-url`).

use std::path::{Path, PathBuf};

use crate::book;
use crate::book::reach::{ReadRoots, system_dir};
use crate::config::{self, LoadedConfig};
use crate::diag::Diagnostic;
use crate::output;

/// The folders of a book root that `kursbuch serve` watches: the content
/// folder (`content/`, or mdBook's `src/`), `data/` and the theme's
/// `templates/` and `static/`.
pub const WATCHED_FOLDERS: &[&str] = &["content", "src", "data", "templates", "static"];

/// Source folders besides the content folder that the output may never be,
/// contain or lie in.
const PROTECTED_FOLDERS: &[&str] = &["templates", "static", "data", "examples"];

/// `./book` is shown as `book`, `.` stays `.`.
fn shown_root(root: &Path) -> PathBuf {
    let s = root.strip_prefix(".").unwrap_or(root);
    if s.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        s.to_path_buf()
    }
}

/// Where the site is served: its path (always `/…/`) and, for a full URL, the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl {
    pub base_path: String,
    pub absolute: Option<String>,
}

pub fn parse_site_url(url: Option<&str>) -> SiteUrl {
    let url = url.unwrap_or("/").trim();
    let (absolute, path) = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let path = after.find('/').map_or("/", |p| &after[p..]);
            (Some(url), path)
        }
        None => (None, url),
    };
    let mut base = String::from("/");
    base.push_str(path.trim_matches('/'));
    if !base.ends_with('/') {
        base.push('/');
    }
    let absolute = absolute.map(|a| {
        let mut a = a.to_string();
        if !a.ends_with('/') {
            a.push('/');
        }
        a
    });
    SiteUrl {
        base_path: base,
        absolute,
    }
}

/// Where a book's parts are, from its root and config.
pub struct Located {
    /// The root, canonical.
    pub root: PathBuf,
    /// The root as the user named it, for messages.
    pub shown: PathBuf,
    pub config: LoadedConfig,
    pub config_warnings: Vec<Diagnostic>,
    /// The content folder, relative to the root.
    pub src_rel: PathBuf,
    /// The output folder, absolute.
    pub build_dir: PathBuf,
    /// Source folders the output must never be, contain or lie in.
    pub protected: Vec<PathBuf>,
    /// Where includes and symlinks may lead.
    pub read_roots: ReadRoots,
}

/// Reads book.toml and works out the folders of the book at `root`;
/// `include_roots` are `--include-root` folders for this run.
pub fn locate(
    root: &Path,
    dest_dir: Option<&Path>,
    include_roots: &[PathBuf],
) -> Result<Located, Diagnostic> {
    let shown = shown_root(root);
    let canonical = match root.canonicalize() {
        Ok(r) if r.is_dir() => r,
        _ => {
            return Err(
                Diagnostic::error(format!("`{}` is not a folder", root.display()))
                    .with_help("pass the folder that holds book.toml, or run kursbuch inside it"),
            );
        }
    };
    let (config, mut config_warnings) = config::load(&canonical, &shown)?;
    let c = &config.config;
    let src_rel = book::content_dir(&canonical, c.book.src.as_deref());
    let read_roots = read_roots(
        &canonical,
        &src_rel,
        &config,
        include_roots,
        &mut config_warnings,
    )?;
    let build_dir = canonical.join(dest_dir.unwrap_or(&c.build.build_dir));
    let build_dir = output::resolve(&build_dir).unwrap_or(build_dir);
    let protected = std::iter::once(src_rel.as_path())
        .chain(PROTECTED_FOLDERS.iter().map(Path::new))
        .filter_map(|p| output::resolve(&canonical.join(p)).ok())
        .collect();
    Ok(Located {
        root: canonical,
        shown,
        config,
        config_warnings,
        src_rel,
        build_dir,
        protected,
        read_roots,
    })
}

/// The book folder, the content folder (`[book] src` may lie outside),
/// the `include-roots` of book.toml (`[build]` and `[output.kursbuch]`) and
/// `--include-root` folders, canonical. A system folder stops the build
/// (nothing can be read from it); a missing one in book.toml is a warning,
/// on the command line an error.
fn read_roots(
    root: &Path,
    src_rel: &Path,
    config: &LoadedConfig,
    from_cli: &[PathBuf],
    warnings: &mut Vec<Diagnostic>,
) -> Result<ReadRoots, Diagnostic> {
    let mut extra: Vec<PathBuf> = root.join(src_rel).canonicalize().into_iter().collect();
    for dir in from_cli {
        let canonical = dir.canonicalize().map_err(|e| {
            Diagnostic::error(format!("`--include-root {}`: {e}", dir.display()))
                .with_help("name a folder, relative to the current folder")
        })?;
        if let Some(sys) = system_dir(&canonical) {
            return Err(Diagnostic::error(format!(
                "`--include-root {}`: nothing under {sys} is ever read",
                dir.display()
            )));
        }
        extra.push(canonical);
    }
    let c = &config.config;
    for entry in c
        .build
        .include_roots
        .iter()
        .chain(&c.output.kursbuch.include_roots)
    {
        let written = entry.get_ref();
        let at = entry.span().start;
        match root.join(written).canonicalize() {
            Ok(dir) => {
                if let Some(sys) = system_dir(&dir) {
                    return Err(config.diag_at(
                        Diagnostic::error(format!(
                            "`{}` cannot be an include root: nothing under {sys} is ever read",
                            written.display()
                        ))
                        .with_help("/proc, /sys and /dev describe the machine that builds the book; remove the entry"),
                        at,
                    ));
                }
                extra.push(dir);
            }
            Err(e) => warnings.push(
                config.diag_at(
                    Diagnostic::warning(format!(
                        "include root `{}` cannot be used: {e}",
                        written.display()
                    ))
                    .with_help("include roots are folders, relative to the folder of book.toml"),
                    at,
                ),
            ),
        }
    }
    Ok(ReadRoots::new(root.to_path_buf(), extra))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls() {
        assert_eq!(parse_site_url(None).base_path, "/");
        assert_eq!(
            parse_site_url(Some("/compute-services")).base_path,
            "/compute-services/"
        );
        let u = parse_site_url(Some("https://user.github.io/compute-services"));
        assert_eq!(u.base_path, "/compute-services/");
        assert_eq!(
            u.absolute.as_deref(),
            Some("https://user.github.io/compute-services/")
        );
        assert_eq!(parse_site_url(Some("https://example.org")).base_path, "/");
    }
}
