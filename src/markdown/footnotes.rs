//! Footnotes as mdBook 0.5 writes them, so deep links into a migrated book
//! keep working: a reference is `<sup class="footnote-reference"
//! id="fr-NAME-N">` (N counts the references to that footnote), numbered by
//! first reference; the definitions go to the end of the page as
//! `<li id="footnote-NAME">` in that order, each with one back-link per
//! reference. An unused definition is dropped, a repeated one ignored (the
//! first wins), as in mdBook, each with a warning at its line.
//!
//! pulldown-cmark's own footnote HTML has other ids (`#NAME`) and no
//! back-links, so the markup is written here.

use pulldown_cmark::{Event, TagEnd};
use rustc_hash::FxHashMap;

use super::Renderer;
use crate::diag::OffsetError;
use crate::escape;
use crate::page::Page;

/// How a reference's markup starts.
const REFERENCE: &str = "<sup class=\"footnote-reference\"";

#[derive(Default)]
pub(super) struct Footnotes<'a> {
    /// Per footnote name: its number and how many references it has so far.
    numbers: FxHashMap<String, (usize, u32)>,
    /// Definitions in source order.
    defs: Vec<Definition<'a>>,
    /// Where the events of the definition being read go: `None` while a
    /// repeated definition is skipped.
    current: Option<usize>,
    /// Repeated definitions.
    problems: Vec<OffsetError>,
}

struct Definition<'a> {
    name: String,
    /// Where it starts in the text, for a warning.
    offset: usize,
    events: Vec<Event<'a>>,
}

impl<'a> Footnotes<'a> {
    /// A reference: its markup and its id (as written on the chapter's own page).
    pub(super) fn reference(&mut self, name: &str, page: &Page) -> (String, String) {
        let next = self.numbers.len() + 1;
        let (number, count) = self.numbers.entry(name.to_string()).or_insert((next, 0));
        *count += 1;
        let id = format!("fr-{name}-{count}");
        let html = format!(
            "{REFERENCE} id=\"{}\"><a href=\"#{}\">{number}</a></sup>",
            escape::html(&page.anchor(&id)),
            escape::html(&page.anchor(&format!("footnote-{name}"))),
        );
        (html, id)
    }

    /// A definition starts at `offset`; the events until its end belong to it.
    pub(super) fn start(&mut self, name: &str, offset: usize) {
        self.current = if self.defs.iter().any(|d| d.name == name) {
            self.problems.push(
                OffsetError::warning(
                    offset,
                    format!("footnote `{name}` is defined twice; the first definition is shown"),
                )
                .with_help("delete one of them or give it another name"),
            );
            None
        } else {
            self.defs.push(Definition {
                name: name.to_string(),
                offset,
                events: Vec::new(),
            });
            Some(self.defs.len() - 1)
        };
    }

    pub(super) fn push(&mut self, e: Event<'a>) {
        if let Some(i) = self.current {
            self.defs[i].events.push(e);
        }
    }

    pub(super) fn last(&self) -> Option<&Event<'a>> {
        self.current.and_then(|i| self.defs[i].events.last())
    }

    /// The ids of the definitions that are shown (for link checks).
    pub(super) fn definition_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.defs
            .iter()
            .filter(|d| self.numbers.contains_key(&d.name))
            .map(|d| format!("footnote-{}", d.name))
    }

    /// The definitions as list items in reference order, each with its
    /// back-links: at the end of its last paragraph when it ends with one,
    /// else after its content (mdBook's rule).
    /// Also returns the warnings: repeated and unused definitions.
    /// `back` names the back-links for screen readers (mdBook's ↩ alone
    /// is read as an arrow); the ids and targets are mdBook's.
    pub(super) fn finish(self, page: &Page, back: &str) -> (Vec<Event<'a>>, Vec<OffsetError>) {
        let Footnotes {
            numbers,
            defs,
            mut problems,
            ..
        } = self;
        let mut defs: Vec<(usize, u32, Definition)> = defs
            .into_iter()
            .filter_map(|d| match numbers.get(&d.name) {
                Some(&(n, count)) => Some((n, count, d)),
                None => {
                    problems.push(
                        OffsetError::warning(
                            d.offset,
                            format!(
                                "footnote `{}` is never referenced, so it is not shown",
                                d.name
                            ),
                        )
                        .with_help(format!("refer to it with `[^{}]` or delete it", d.name)),
                    );
                    None
                }
            })
            .collect();
        defs.sort_by_key(|(n, ..)| *n);
        let mut out = Vec::new();
        for (_, count, d) in defs {
            let mut links = String::new();
            for usage in 1..=count {
                let nth = if usage == 1 {
                    String::new()
                } else {
                    usage.to_string()
                };
                let target = page.anchor(&format!("fr-{}-{usage}", d.name));
                links.push_str(&format!(
                    " <a href=\"#{}\" aria-label=\"{back} {usage}\">↩{nth}</a>",
                    escape::html(&target)
                ));
            }
            let id = page.anchor(&format!("footnote-{}", d.name));
            out.push(Event::Html(
                format!("<li id=\"{}\">\n", escape::html(&id)).into(),
            ));
            let mut events = d.events;
            // The last event closes the definition's last block.
            if matches!(events.last(), Some(Event::End(TagEnd::Paragraph))) {
                events.insert(events.len() - 1, Event::InlineHtml(links.into()));
                out.extend(events);
            } else {
                out.extend(events);
                out.push(Event::InlineHtml(links.into()));
            }
            out.push(Event::Html("</li>\n".into()));
        }
        problems.sort_by_key(|p| p.offset);
        (out, problems)
    }
}

impl Renderer<'_, '_> {
    pub(super) fn footnote_reference(&mut self, name: &str) {
        // Adjacent references are kept apart by a space, as in mdBook.
        if matches!(self.last_pushed(), Some(Event::Html(h)) if h.starts_with(REFERENCE)) {
            self.push(Event::Text(" ".into()));
        }
        let (html, id) = self.footnotes.reference(name, &self.page);
        self.rendered.ids.insert(id);
        self.html(html);
    }
}
