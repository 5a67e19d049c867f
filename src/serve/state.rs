//! The site being served: every file in memory, swapped whole after each
//! rebuild, and a gate that makes requests wait while a rebuild runs, so a
//! reader never gets a mix of old and new pages.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

/// One version of the site.
#[derive(Debug, Default)]
pub struct Site {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Counts successful builds; pages carry it to notice they are stale.
    pub build: u64,
    /// The problems of the last failed rebuild, shown as an overlay.
    pub error: Option<String>,
    /// Files of the previous build's content-named folders (the search
    /// index) kept for one rebuild: a page that loaded the old index may
    /// still ask for them.
    pub kept: HashSet<String>,
}

#[derive(Debug, Default)]
struct Gate {
    /// Pages are being rebuilt.
    pages: bool,
    /// The search index is being rebuilt (after the pages).
    search: bool,
}

#[derive(Default)]
pub struct State {
    site: RwLock<Arc<Site>>,
    gate: Mutex<Gate>,
    opened: Condvar,
}

/// How long a request waits for a rebuild before it takes what there is.
const MAX_WAIT: Duration = Duration::from_secs(5);

impl State {
    /// The current site, once no rebuild that concerns `path` is running.
    pub fn current(&self, path: &str) -> Arc<Site> {
        let deadline = Instant::now() + MAX_WAIT;
        let mut gate = self.gate.lock().expect("gate lock");
        let waits = |g: &Gate| g.pages || (g.search && path.starts_with("search/"));
        while waits(&gate) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            gate = self.opened.wait_timeout(gate, left).expect("gate lock").0;
        }
        drop(gate);
        self.site.read().expect("site lock").clone()
    }

    /// The current site, without waiting.
    pub fn peek(&self) -> Arc<Site> {
        self.site.read().expect("site lock").clone()
    }

    pub fn begin(&self, pages: bool, search: bool) {
        let mut g = self.gate.lock().expect("gate lock");
        g.pages |= pages;
        g.search |= search;
    }

    /// Replaces the site (if given) and opens the gate.
    pub fn finish(&self, site: Option<Site>, pages: bool, search: bool) {
        if let Some(site) = site {
            *self.site.write().expect("site lock") = Arc::new(site);
        }
        let mut g = self.gate.lock().expect("gate lock");
        if pages {
            g.pages = false;
        }
        if search {
            g.search = false;
        }
        self.opened.notify_all();
    }
}
