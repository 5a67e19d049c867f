//! `[output.html.search]`: which chapters the search index covers and how
//! results are shown.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `[output.html.search]`, with mdBook's key names.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct SearchConfig {
    pub enable: bool,
    pub limit_results: u32,
    pub teaser_word_count: u32,
    pub boost_title: u32,
    pub heading_split_level: u8,
    /// Chapters (by source path or folder prefix) left out of the index.
    pub chapter: BTreeMap<String, ChapterSearch>,
    // mdBook's other search keys are not read: config/keys.rs says what
    // kursbuch does instead.
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enable: true,
            limit_results: 30,
            teaser_word_count: 30,
            boost_title: 2,
            heading_split_level: 3,
            chapter: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct ChapterSearch {
    pub enable: bool,
}

impl Default for ChapterSearch {
    fn default() -> Self {
        ChapterSearch { enable: true }
    }
}

impl SearchConfig {
    pub fn includes(&self, source: &str) -> bool {
        !self.chapter.iter().any(|(prefix, c)| {
            !c.enable
                && (source == prefix
                    || source.starts_with(&format!("{}/", prefix.trim_end_matches('/'))))
        })
    }
}
