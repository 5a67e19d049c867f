//! Files for the host: `.nojekyll` (GitHub Pages serves files and folders
//! that start with `_` too) and `CNAME` from `[output.html] cname`.

use super::{Output, Scope, put};
use crate::diag::Diagnostic;
use crate::output::Sink;
use crate::site::prepare::Prepared;

pub struct HostFiles;

impl HostFiles {
    fn files(site: &Prepared) -> Vec<(&'static str, String)> {
        let mut files = vec![(".nojekyll", String::new())];
        if let Some(cname) = &site.config.config.output.html.cname {
            files.push(("CNAME", format!("{}\n", cname.trim())));
        }
        files
    }
}

impl Output for HostFiles {
    fn name(&self) -> &'static str {
        "host files"
    }

    fn paths(&self, site: &Prepared) -> Vec<String> {
        Self::files(site)
            .into_iter()
            .map(|(name, _)| name.to_string())
            .collect()
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !scope.is_all() {
            return Vec::new();
        }
        Self::files(site)
            .into_iter()
            .filter_map(|(name, text)| put(sink, name, text.as_bytes()))
            .collect()
    }
}
