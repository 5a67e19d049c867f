//! Text on its way into the page: links rewritten and recorded for checking,
//! bare URLs made links, glossary terms made tooltips, words collected for
//! the search index, raw HTML's links and ids treated like Markdown's.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::links::{self, LinkTarget};
use super::raw_html::{self, Role};
use super::{PageLink, Renderer};
use crate::diag::OffsetError;
use crate::glossary::Glossary;
use crate::search::Part;
use crate::shortcode::Problem;

impl<'a> Renderer<'_, 'a> {
    /// Text with the first use of each glossary term as a tooltip.
    pub(super) fn glossary_text(&mut self, g: &Glossary, t: CowStr<'a>) {
        let mut rest: &str = &t;
        let mut any = false;
        while let Some((start, end, term)) = g.find(rest, &self.gloss_used) {
            any = true;
            self.gloss_used[term] = true;
            self.gloss_count += 1;
            let uid = self.page.anchor(&format!("gloss-{}", self.gloss_count));
            if start > 0 {
                self.push(Event::Text(rest[..start].to_string().into()));
            }
            let tip = g.tooltip(term, &rest[start..end], &self.page, &uid);
            self.html(tip);
            rest = &rest[end..];
        }
        if !any {
            self.push(Event::Text(t));
        } else if !rest.is_empty() {
            self.push(Event::Text(rest.to_string().into()));
        }
    }

    /// What text here is to the search: a link's words or prose.
    pub(super) fn text_part(&self) -> Part {
        if self.link_depth > 0 {
            Part::Link
        } else {
            Part::Prose
        }
    }

    /// Prose for the search index, into the current section.
    pub(super) fn search_text(&mut self, text: &str) {
        self.search_text_as(text, Part::Prose);
    }

    /// Text for the search index that is `part` of the section (code, a
    /// link's text, a quiz): the index weighs it by what it is.
    pub(super) fn search_text_as(&mut self, text: &str, part: Part) {
        // print.html takes only the HTML of its render: a second copy of the
        // chapter's text would be built and dropped (50 MB for a 50 MB chapter).
        if self.page.print.is_some() {
            return;
        }
        if let Some(s) = self.sections.last_mut() {
            s.push(text, part);
        }
    }

    pub(super) fn rewrite_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        offset: usize,
    ) -> CowStr<'a> {
        if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            return dest;
        }
        let target = links::classify(&dest, self.page.source);
        let raw_fragment = dest.split_once('#').map(|(_, f)| f);
        let rewritten = match &target {
            LinkTarget::Chapter { source, .. } => {
                Some(self.page.chapter_href(source, raw_fragment))
            }
            // print.html: one page for all chapters, at the site root.
            LinkTarget::SamePage { .. } if self.page.print.is_some() => Some(format!(
                "#{}",
                self.page.anchor(raw_fragment.unwrap_or_default())
            )),
            LinkTarget::File { path } => self.page.file_href(path).map(|mut url| {
                if let Some(f) = raw_fragment {
                    url.push('#');
                    url.push_str(f);
                }
                url
            }),
            LinkTarget::SamePage { .. } => None,
            LinkTarget::Untouched => return dest,
        };
        self.rendered.links.push(PageLink { target, offset });
        rewritten.map_or(dest, CowStr::from)
    }

    /// Raw HTML: `href`/`src` checked and rewritten like Markdown links
    /// (`x.md` → `x.html`, as mdBook does; on print.html files from the
    /// site root and chapters by their anchor), `id`s recorded as link
    /// targets and prefixed on print.html like headings' ids.
    pub(super) fn raw_html(&mut self, h: CowStr<'a>, range: Range<usize>) {
        let attrs = raw_html::attributes(&h, &mut self.raw_tag);
        if attrs.is_empty() {
            self.push(Event::Html(h));
            return;
        }
        // Where the piece is in the source, to place a broken link's
        // diagnostic at its attribute (a piece inside a list or quote has
        // its indentation or `>` taken off: then at the piece's start).
        let src = self.source.get(range.clone()).unwrap_or_default();
        let at = |value: &Range<usize>| {
            if src == &*h {
                range.start + value.start
            } else {
                src.find(&h[value.clone()])
                    .map_or(range.start, |i| range.start + i)
            }
        };
        let mut out = String::with_capacity(h.len());
        let mut last = 0;
        for a in attrs {
            let value = &h[a.value.clone()];
            let written = match a.role {
                Role::Id => {
                    self.rendered.ids.insert(value.to_string());
                    self.page.print.map(|_| self.page.anchor(value))
                }
                Role::IconClass => {
                    if raw_html::names_font_awesome(value) {
                        self.rendered.problems.push(Problem::At(
                            OffsetError::warning(
                                at(&a.value),
                                format!(
                                    "the icon `{value}` shows nothing: kursbuch has no Font Awesome icons (mdBook draws them)"
                                ),
                            )
                            .with_help("write an emoji or the icon as inline SVG instead"),
                        ));
                    }
                    None
                }
                Role::Href | Role::Src => {
                    let offset = at(&a.value);
                    let new = self.rewrite_link(LinkType::Inline, value.to_string().into(), offset);
                    (*new != *value).then(|| new.into_string())
                }
            };
            if let Some(w) = written {
                out.push_str(&h[last..a.value.start]);
                out.push_str(&w);
                last = a.value.end;
            }
        }
        if last == 0 {
            self.push(Event::Html(h));
        } else {
            out.push_str(&h[last..]);
            self.html(out);
        }
    }

    /// Bare `https://…` in text becomes a link (GFM's autolink extension).
    pub(super) fn autolink(&mut self, text: CowStr<'a>) {
        let mut finder = linkify::LinkFinder::new();
        finder.kinds(&[linkify::LinkKind::Url]);
        let spans: Vec<_> = finder.spans(&text).collect();
        if spans.iter().all(|s| s.kind().is_none()) {
            self.push(Event::Text(text));
            return;
        }
        for span in spans {
            let s = span.as_str().to_string();
            if span.kind().is_some() {
                self.push(Event::Start(Tag::Link {
                    link_type: LinkType::Autolink,
                    dest_url: s.clone().into(),
                    title: "".into(),
                    id: "".into(),
                }));
                self.push(Event::Text(s.into()));
                self.push(Event::End(TagEnd::Link));
            } else {
                self.push(Event::Text(s.into()));
            }
        }
    }
}
