//! Files copied as they are: the theme's static files (stylesheets and
//! scripts under content-hashed names) and the book's own files (images and
//! downloads of the content folder, `additional-css`, `additional-js`).

use rayon::prelude::*;

use super::{Output, Scope, put};
use crate::diag::Diagnostic;
use crate::output::Sink;
use crate::site::prepare::Prepared;

pub struct ThemeFiles;

impl Output for ThemeFiles {
    fn name(&self) -> &'static str {
        "theme files"
    }

    /// Both names of each file: a link may name a stylesheet by its source
    /// name (`css/kursbuch.css`), pages load it by its hashed one.
    fn paths(&self, site: &Prepared) -> Vec<String> {
        site.renderer
            .theme()
            .asset_urls
            .iter()
            .flat_map(|(name, out)| [name.clone(), out.clone()])
            .collect()
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !scope.is_all() {
            return Vec::new();
        }
        let assets = &site.renderer.theme().assets;
        assets
            .par_iter()
            .filter_map(|a| put(sink, &a.output, &a.bytes))
            .collect()
    }
}

pub struct BookFiles;

impl BookFiles {
    fn files(site: &Prepared) -> impl Iterator<Item = &(String, std::path::PathBuf)> {
        site.content_files
            .iter()
            .chain(&site.additional_css)
            .chain(&site.additional_js)
    }
}

impl Output for BookFiles {
    fn name(&self) -> &'static str {
        "book files"
    }

    fn paths(&self, site: &Prepared) -> Vec<String> {
        Self::files(site).map(|(rel, _)| rel.clone()).collect()
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !scope.is_all() {
            return Vec::new();
        }
        let files: Vec<_> = Self::files(site).collect();
        files
            .par_iter()
            .filter_map(|(rel, disk)| {
                sink.copy(rel, disk)
                    .err()
                    .map(|e| Diagnostic::error(format!("cannot write `{rel}`: {e}")))
            })
            .collect()
    }
}
