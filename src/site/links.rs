//! Link checking across the whole book: every link to a chapter must find the
//! chapter, every `#anchor` a heading or id, every file link a file of the
//! site, and every glossary entry's `link` its chapter and heading.

use std::collections::HashSet;

use super::prepare::Prepared;
use crate::book::{Book, Chapter};
use crate::config::Severity as LinkSeverity;
use crate::diag::{Diagnostic, Diagnostics};
use crate::glossary::Glossary;
use crate::i18n::UiLang;
use crate::markdown::Rendered;
use crate::markdown::links::LinkTarget;

impl Prepared {
    /// Links to chapters, anchors and files, checked across the whole book.
    pub(super) fn link_diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let severity = self.broken_links;
        let listed: HashSet<&str> = self
            .book
            .summary
            .links()
            .into_iter()
            .filter_map(|l| l.location.as_deref())
            .collect();
        check_links(
            &self.book,
            &listed,
            &self.rendered,
            self.page_404.as_ref(),
            &self.outputs,
            (severity, self.lang),
            &mut diags,
        );
        if let Some(g) = &self.glossary {
            let how = (severity, self.lang);
            check_glossary_links(g, &self.book, &listed, &self.rendered, how, &mut diags);
        }
        diags
    }
}

fn link_problem(severity: LinkSeverity, msg: String) -> Diagnostic {
    match severity {
        LinkSeverity::Error => Diagnostic::error(msg),
        LinkSeverity::Warn => Diagnostic::warning(msg),
    }
}

/// Every entry's `link` must find its chapter and heading.
fn check_glossary_links(
    g: &Glossary,
    book: &Book,
    listed: &HashSet<&str>,
    rendered: &[Rendered],
    (severity, lang): (LinkSeverity, UiLang),
    diags: &mut Diagnostics,
) {
    for t in &g.terms {
        let Some(link) = &t.link else { continue };
        let problem = match Glossary::link_target(t) {
            None => Some(format!(
                "glossary entry `{}`: `link = \"{link}\"` is not a chapter",
                t.term
            )),
            Some((source, fragment)) => match book.by_source.get(&source) {
                // Listed but it failed to load: that error is reported already.
                None if listed.contains(source.as_str()) => None,
                None => Some(format!(
                    "glossary entry `{}` links to a missing chapter `{source}`",
                    t.term
                )),
                Some(&i) => fragment
                    .filter(|f| !f.is_empty() && !rendered[i].ids.contains(f))
                    .map(|f| {
                        format!(
                            "glossary entry `{}`: `{source}` has no heading `#{f}`",
                            t.term
                        )
                    }),
            },
        };
        if let Some(msg) = problem {
            let d = link_problem(severity, msg).with_help(format!(
                "`link` is a chapter path from the content folder, e.g. \"{}\"",
                lang.examples().chapter_link
            ));
            diags.push(d.at_offset(&g.shown, &g.text, t.offset));
        }
    }
}

/// Every link to a chapter must find the chapter, and every `#anchor` a heading.
fn check_links(
    book: &Book,
    listed: &HashSet<&str>,
    rendered: &[Rendered],
    page_404: Option<&(Chapter, Rendered)>,
    outputs: &HashSet<String>,
    (severity, lang): (LinkSeverity, UiLang),
    diags: &mut Diagnostics,
) {
    let src_dir = book.src_dir();
    let make = |msg: String| link_problem(severity, msg);
    let anchor_help = |ids: &HashSet<String>| {
        let mut v: Vec<&str> = ids.iter().map(String::as_str).collect();
        v.sort_unstable();
        let more = if v.len() > 8 { ", …" } else { "" };
        v.truncate(8);
        if v.is_empty() {
            "the page has no headings to link to".to_string()
        } else {
            format!("the page has: #{}{more}", v.join(", #"))
        }
    };
    let pages = book
        .chapters
        .iter()
        .zip(rendered)
        .chain(page_404.map(|(c, r)| (c, r)));
    for (ch, r) in pages {
        for link in &r.links {
            let d = match &link.target {
                LinkTarget::Chapter { source, fragment } => match book.by_source.get(source) {
                    Some(&j) => match fragment {
                        Some(f) if !f.is_empty() && !rendered[j].ids.contains(f) => Some(
                            make(format!("`{source}` has no heading `#{f}`"))
                                .with_help(anchor_help(&rendered[j].ids)),
                        ),
                        _ => None,
                    },
                    // Listed but it failed to load: that error is reported already.
                    None if listed.contains(source.as_str()) => None,
                    None if src_dir.join(source).is_file() => Some(
                        make(format!("`{source}` is not a chapter of the book")).with_help(
                            "add it to SUMMARY.md, or link to a chapter that is listed there",
                        ),
                    ),
                    None => Some(
                        make(format!("link to a missing chapter `{source}`")).with_help(format!(
                            "chapter links are paths relative to this file, e.g. `{}`",
                            lang.examples().chapter_link
                        )),
                    ),
                },
                LinkTarget::File { path } => {
                    // The outputs only: a file on disk that is not published
                    // (hidden, or a symlink that leaves the book) is broken.
                    let exists = outputs.contains(path.as_str())
                        || outputs.iter().any(|o| {
                            o.starts_with(path.as_str()) && o[path.len()..].starts_with('/')
                        });
                    (!exists).then(|| {
                        make(format!("`{path}` does not exist in the book"))
                            .with_help("images and downloads belong in the content folder (or static/); paths are relative to the chapter")
                    })
                }
                LinkTarget::SamePage { fragment }
                    if !fragment.is_empty() && !r.ids.contains(fragment) =>
                {
                    Some(
                        make(format!("no heading `#{fragment}` on this page"))
                            .with_help(anchor_help(&r.ids)),
                    )
                }
                _ => None,
            };
            if let Some(d) = d {
                diags.push(ch.expanded.diag_at(d, link.offset));
            }
        }
    }
}
