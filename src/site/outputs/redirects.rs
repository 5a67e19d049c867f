//! `[output.html.redirect]`: pages that forward an old path to its new URL.
//! The keys are checked against every other output before anything is
//! written (a redirect may not replace a page, and must stay in the site).

use std::collections::HashSet;
use std::path::Path;

use super::{Output, Scope, put_page};
use crate::config::LoadedConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::paths::{decode, normalize, path_to_slash};
use crate::render::context::RedirectContext;
use crate::site::prepare::Prepared;

pub struct Redirects;

impl Output for Redirects {
    fn name(&self) -> &'static str {
        "redirects"
    }

    fn paths(&self, site: &Prepared) -> Vec<String> {
        site.redirects
            .iter()
            .map(|(from, _)| from.clone())
            .collect()
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !scope.is_all() {
            return Vec::new();
        }
        site.redirects
            .iter()
            .filter_map(|(from, to)| {
                put_page(sink, from, &|out| {
                    site.renderer.redirect(&RedirectContext { url: to }, out)
                })
            })
            .collect()
    }
}

/// `[output.html.redirect]`: validated old path → target URL.
pub(in crate::site) fn check(
    config: &LoadedConfig,
    outputs: &HashSet<String>,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (from, to) in &config.config.output.html.redirect {
        // The key has no span of its own here; its value is on the same line.
        let at = to.span().start;
        let key = from.trim();
        // As mdBook reads its keys: from the site root, with or without a
        // leading `/`, and `./` meaning nothing (`"./old.html"`).
        let mut rel = key
            .trim_start_matches('/')
            .split('/')
            .filter(|s| *s != ".")
            .collect::<Vec<_>>()
            .join("/");
        if rel.is_empty() || key.ends_with('/') {
            rel.push_str("index.html");
        }
        let bad = |msg: String, help: &str| {
            config.diag_at(Diagnostic::error(msg).with_help(help.to_string()), at)
        };
        if rel.contains('#') {
            diags.push(bad(
                format!("redirect `{key}`: redirects from `#anchors` are not supported"),
                "redirect whole pages; keep old anchors with `{#old-id}` on the heading",
            ));
            continue;
        }
        if rel.split('/').any(|s| s == "..") {
            diags.push(bad(
                format!("redirect `{key}` leaves the site"),
                "write the old path from the site root, e.g. \"/old/page.html\"",
            ));
            continue;
        }
        if outputs.contains(rel.as_str()) {
            diags.push(bad(
                format!("redirect `{key}` would replace a page of the book"),
                "delete the redirect or move the chapter",
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
        out.push((rel, target.to_string()));
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
