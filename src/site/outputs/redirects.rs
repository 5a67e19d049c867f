//! `[output.html.redirect]`: pages that forward an old path to its new URL.
//! The keys are checked against every other output before anything is
//! written (a redirect may not replace a page, and must stay in the site).
//!
//! Keys with a `#fragment` work as in mdBook 0.5: `"/old.html#a" =
//! "new.html#b"` sends a reader who opens `old.html#a` to `new.html#b`; the
//! old page's redirect maps each fragment in a small script, the key without
//! a fragment says where the rest goes. On a page of the book, fragment keys
//! forward an anchor that is gone from it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::{Output, Scope, put_page};
use crate::config::LoadedConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::paths::{decode, normalize, path_to_slash};
use crate::render::context::RedirectContext;
use crate::site::prepare::Prepared;

/// Old `#fragment` (with its `#`) → where it goes now.
pub type Fragments = BTreeMap<String, String>;

/// One redirect page.
#[derive(Debug)]
pub struct Redirect {
    /// The old site path.
    pub from: String,
    /// Where the old page goes (relative to it, or a full URL).
    pub to: String,
    /// Where its old fragments go instead.
    pub fragments: Fragments,
}

/// `[output.html.redirect]`, checked.
#[derive(Debug, Default)]
pub struct Redirects {
    pub pages: Vec<Redirect>,
    /// Fragment keys on pages of the book, by the page's site path.
    pub on_pages: HashMap<String, Fragments>,
}

/// A fragment map as a JavaScript object literal that is safe inside
/// `<script>` (`<` escaped, so no `</script>` can end it).
pub fn fragments_script(fragments: &Fragments) -> String {
    serde_json::to_string(fragments)
        .expect("a map of strings serialises")
        .replace('<', "\\u003c")
}

pub struct RedirectPages;

impl Output for RedirectPages {
    fn name(&self) -> &'static str {
        "redirects"
    }

    fn paths(&self, site: &Prepared) -> Vec<String> {
        site.redirects
            .pages
            .iter()
            .map(|r| r.from.clone())
            .collect()
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !scope.is_all() {
            return Vec::new();
        }
        site.redirects
            .pages
            .iter()
            .filter_map(|r| {
                let ctx = RedirectContext {
                    url: &r.to,
                    fragments: fragments_script(&r.fragments),
                };
                put_page(sink, &r.from, &|out| site.renderer.redirect(&ctx, out))
            })
            .collect()
    }
}

/// What the keys of one old page say, while they are read.
#[derive(Default)]
struct Group {
    to: Option<String>,
    fragments: Fragments,
    /// The first fragment key and its offset, for the error when `to` is missing.
    first: Option<(String, usize)>,
}

/// `[output.html.redirect]`, validated. `pages` are the site paths of the
/// book's pages (chapters and the start page), which fragment keys may name.
pub(in crate::site) fn check(
    config: &LoadedConfig,
    outputs: &HashSet<String>,
    pages: &HashSet<&str>,
    diags: &mut Diagnostics,
) -> Redirects {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (from, to) in &config.config.output.html.redirect {
        // The key has no span of its own here; its value is on the same line.
        let at = to.span().start;
        let key = from.trim();
        let (path, fragment) = match key.rsplit_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (key, None),
        };
        // As mdBook reads its keys: from the site root, with or without a
        // leading `/`, and `./` meaning nothing (`"./old.html"`).
        let mut rel = path
            .trim_start_matches('/')
            .split('/')
            .filter(|s| *s != ".")
            .collect::<Vec<_>>()
            .join("/");
        if rel.is_empty() || path.ends_with('/') {
            rel.push_str("index.html");
        }
        let bad = |msg: String, help: &str| {
            config.diag_at(Diagnostic::error(msg).with_help(help.to_string()), at)
        };
        if rel.split('/').any(|s| s == "..") {
            diags.push(bad(
                format!("redirect `{key}` leaves the site"),
                "write the old path from the site root, e.g. \"/old/page.html\"",
            ));
            continue;
        }
        let on_page = pages.contains(rel.as_str());
        if outputs.contains(rel.as_str()) && !(on_page && fragment.is_some()) {
            diags.push(bad(
                format!("redirect `{key}` would replace a page of the book"),
                "delete the redirect or move the chapter; an anchor gone from a page is redirected with `\"/page.html#old\" = \"new.html#anchor\"`",
            ));
            continue;
        }
        let target = to.get_ref().trim();
        if let Some(missing) = missing_redirect_target(&rel, target, outputs) {
            diags.push(config.diag_at(
                Diagnostic::error(format!("redirect `{key}` points at `{target}`, which is not a page of the book ({missing})"))
                    .with_help("targets are relative to the old page (\"../new.html\") or full URLs"),
                to.span().start,
            ));
            continue;
        }
        let group = groups.entry(rel).or_default();
        match fragment {
            Some(f) => {
                group.fragments.insert(format!("#{f}"), target.to_string());
                group.first.get_or_insert((key.to_string(), at));
            }
            None => group.to = Some(target.to_string()),
        }
    }
    let mut out = Redirects::default();
    for (from, g) in groups {
        if pages.contains(from.as_str()) {
            out.on_pages.insert(from, g.fragments);
            continue;
        }
        match (g.to, g.first) {
            (Some(to), _) => out.pages.push(Redirect {
                from,
                to,
                fragments: g.fragments,
            }),
            (None, Some((key, at))) => diags.push(
                config.diag_at(
                    Diagnostic::error(format!(
                        "redirect `{key}`: no key says where the rest of `{from}` goes"
                    ))
                    .with_help(format!(
                        "add a key without the `#fragment`, e.g. \"/{from}\" = \"new.html\""
                    )),
                    at,
                ),
            ),
            (None, None) => {}
        }
    }
    out
}

/// For a relative target, the site path it resolves to when no page is there.
fn missing_redirect_target(
    from_rel: &str,
    target: &str,
    outputs: &HashSet<String>,
) -> Option<String> {
    if target.is_empty()
        || target.contains("://")
        || target.starts_with('/')
        || target.starts_with('#')
        || target.contains(':')
    {
        return None;
    }
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let dir = Path::new(from_rel).parent().unwrap_or(Path::new(""));
    let resolved = normalize(&dir.join(decode(path)));
    let mut resolved = path_to_slash(&resolved);
    if resolved.starts_with("..") {
        return None;
    }
    if resolved.is_empty() || path.ends_with('/') {
        resolved = format!(
            "{}index.html",
            if resolved.is_empty() {
                String::new()
            } else {
                format!("{resolved}/")
            }
        );
    }
    (!outputs.contains(&resolved)).then_some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets() {
        let outputs: HashSet<String> = ["new.html", "a/index.html", "img.png"]
            .into_iter()
            .map(str::to_string)
            .collect();
        assert_eq!(
            missing_redirect_target("old.html", "new.html", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("x/old.html", "../a/", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("x/old.html", "../new.html#sec", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("old.html", "https://x.org", &outputs),
            None
        );
        assert_eq!(
            missing_redirect_target("old.html", "gone.html", &outputs),
            Some("gone.html".into())
        );
    }
}
