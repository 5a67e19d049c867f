//! The search index under `search/` (see [`crate::search`]), from the
//! sections every chapter's render collected. Its files are named by their
//! content, so it owns its folder.

use rayon::prelude::*;

use super::{Output, Scope, put};
use crate::diag::Diagnostic;
use crate::output::Sink;
use crate::search::{self, ChapterInput};
use crate::site::prepare::Prepared;

pub struct SearchIndex;

/// Where the index lives in the site.
const FOLDER: &str = "search/";

impl Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search index"
    }

    /// The entry file: the others are named by their content.
    fn paths(&self, site: &Prepared) -> Vec<String> {
        site.search
            .iter()
            .map(|_| format!("{FOLDER}index.js"))
            .collect()
    }

    fn write(&self, site: &Prepared, _: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        let Some(analyzer) = &site.search else {
            return Vec::new();
        };
        let config = &site.config.config.output.html.search;
        let inputs: Vec<ChapterInput> = site
            .book
            .chapters
            .iter()
            .zip(&site.rendered)
            .filter(|(ch, _)| config.includes(&ch.source))
            .map(|(ch, r)| ChapterInput {
                title: &ch.title,
                path: &ch.output,
                sections: &r.sections,
            })
            .collect();
        let files = search::build(&inputs, analyzer, config, &analyzer.stop_words());
        files
            .par_iter()
            .filter_map(|(name, text)| put(sink, &format!("{FOLDER}{name}"), text.as_bytes()))
            .collect()
    }

    fn deferred(&self) -> bool {
        true
    }

    fn folder(&self) -> Option<&'static str> {
        Some(FOLDER)
    }
}
