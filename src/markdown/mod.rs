//! Markdown to HTML: the pulldown-cmark options in one place, and one pass over
//! the event stream that yields everything a chapter feeds: the HTML, its
//! headings (table of contents), its anchor ids and its links (for checking).
//!
//! Headings, code blocks, GitHub alerts and links are rewritten on the event
//! stream; nothing is pasted into the text and re-parsed.

pub mod inline;
pub mod links;
mod shortcodes;
pub mod slug;

pub use inline::{MarkdownOptions, html_to_text, inline_html};
pub use shortcodes::calls_shortcode;

use std::cell::Cell;
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd,
};

use crate::escape;
use crate::glossary::Glossary;
use crate::highlight::Highlighter;
use crate::i18n::UiLang;
use crate::page::Page;
use crate::paths;
use crate::search::Section;
use crate::shortcode::{self, Problem};
use inline::{german_quotes, parser_options};
use links::LinkTarget;
use slug::IdSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text, for the table of contents and titles.
    pub text: String,
}

/// A link to a chapter or anchor, kept for checking once every page is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    pub target: LinkTarget,
    /// Byte offset of the link in the rendered text.
    pub offset: usize,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every id a link can target on the page: headings and ids in raw HTML.
    pub ids: HashSet<String>,
    pub links: Vec<PageLink>,
    /// Errors and warnings from shortcodes.
    pub problems: Vec<Problem>,
    /// Data files the page's shortcodes read (relative to `data/`).
    pub data_files: Vec<String>,
    /// The page's text, cut at its headings, for the search index.
    pub sections: Vec<Section>,
    /// Each code block's length and highlighted HTML, in order.
    pub code_html: Vec<(usize, String)>,
}

/// What the renderer needs besides the text: the page it renders and what
/// the chapter adds to it (tooltips, front-matter boxes, code highlighted
/// before).
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub page: Page<'a>,
    /// Turns the first use of each glossary term into a tooltip.
    pub glossary: Option<&'a Glossary>,
    /// Front matter `objectives`: a box after the title.
    pub objectives: &'a [String],
    /// Front matter `summary`: a box at the end.
    pub summary: Option<&'a str>,
    /// The page's code blocks as an earlier render highlighted them
    /// ([`Rendered::code_html`]): print.html reuses them instead of
    /// highlighting every block a second time.
    pub highlighted: &'a [(usize, String)],
}

impl<'a> Inputs<'a> {
    /// The page with nothing added.
    pub fn plain(page: Page<'a>) -> Inputs<'a> {
        Inputs {
            page,
            glossary: None,
            objectives: &[],
            summary: None,
            highlighted: &[],
        }
    }
}

/// Renders a chapter. With `shortcodes`, calls in it are expanded.
pub fn render(
    text: &str,
    input: &Inputs,
    opts: &MarkdownOptions,
    hl: &Highlighter,
    shortcodes: Option<&shortcode::Context>,
) -> Rendered {
    render_part(text, input, opts, hl, shortcodes, &Cell::new(0))
}

/// Renders a chapter or a part of one (a shortcode's body); `figures`
/// numbers the figures of the whole page so their ids stay unique.
fn render_part(
    text: &str,
    input: &Inputs,
    opts: &MarkdownOptions,
    hl: &Highlighter,
    shortcodes: Option<&shortcode::Context>,
    figures: &Cell<u32>,
) -> Rendered {
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(text, parser_options(opts.smart_punctuation))
            .into_offset_iter()
            .map(|(e, range)| (german_quotes(e, &text[range.clone()], opts), range))
            .collect();
    let mut r = Renderer {
        page: input.page,
        input,
        opts,
        hl,
        out: Vec::with_capacity(events.len() + 16),
        footnotes: Vec::new(),
        footnote_depth: 0,
        ids: IdSet::default(),
        rendered: Rendered::default(),
        heading: None,
        code: None,
        sections: vec![Section::default()],
        link_depth: 0,
        image_depth: 0,
        calls: shortcodes::Calls::find(text, &events, shortcodes, figures),
        gloss_used: vec![false; input.glossary.map_or(0, Glossary::len)],
        gloss_count: 0,
        objectives_done: input.objectives.is_empty(),
        code_blocks: 0,
    };
    let problems = std::mem::take(&mut r.calls.problems);
    r.rendered.problems.extend(problems);
    // Custom ids win over generated ones wherever they appear on the page.
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            r.ids.reserve(id);
        }
    }
    for (event, range) in events {
        if r.calls.is_empty() {
            r.event(event, range);
        } else {
            r.dispatch(event, range);
        }
    }
    r.finish()
}

struct HeadingState<'a> {
    level: HeadingLevel,
    custom_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
    has_link: bool,
    events: Vec<Event<'a>>,
}

struct CodeState {
    lang: Option<String>,
    code: String,
}

struct Renderer<'p, 'a> {
    page: Page<'p>,
    input: &'p Inputs<'p>,
    opts: &'p MarkdownOptions,
    hl: &'p Highlighter,
    out: Vec<Event<'a>>,
    /// Footnote definitions, moved to the end of the page.
    footnotes: Vec<Event<'a>>,
    footnote_depth: usize,
    ids: IdSet,
    rendered: Rendered,
    heading: Option<HeadingState<'a>>,
    code: Option<CodeState>,
    link_depth: usize,
    /// Inside an image: its text is the alt text.
    image_depth: usize,
    calls: shortcodes::Calls<'p>,
    /// Glossary terms that have had their tooltip on this page.
    gloss_used: Vec<bool>,
    gloss_count: u32,
    /// The objectives box is written (or there is none).
    objectives_done: bool,
    code_blocks: usize,
    /// The search sections so far; text goes to the last.
    sections: Vec<Section>,
}

impl<'a> Renderer<'_, 'a> {
    fn push(&mut self, e: Event<'a>) {
        if let Some(h) = &mut self.heading {
            h.events.push(e);
        } else if self.footnote_depth > 0 {
            self.footnotes.push(e);
        } else {
            self.out.push(e);
        }
    }

    fn html(&mut self, s: String) {
        self.push(Event::Html(s.into()));
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(HeadingState {
                    level,
                    custom_id: id,
                    classes,
                    attrs,
                    text: String::new(),
                    has_link: false,
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([',', ' ', '\t', '{'])
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some(CodeState {
                    lang,
                    code: String::new(),
                });
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind, self.opts.lang);
                self.html(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</div>\n".into()),
            Event::Start(Tag::Table(align)) => {
                // Wide tables scroll inside their own box, never the page.
                self.html("<div class=\"table-wrap\" tabindex=\"0\">".into());
                self.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                self.push(Event::End(TagEnd::Table));
                self.html("</div>\n".into());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnote_depth += 1;
                let label = match self.page.print {
                    Some(_) => self.page.anchor(&label).into(),
                    None => label,
                };
                self.push(Event::Start(Tag::FootnoteDefinition(label)));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.push(Event::End(TagEnd::FootnoteDefinition));
                self.footnote_depth = self.footnote_depth.saturating_sub(1);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link_depth += 1;
                if let Some(h) = &mut self.heading {
                    h.has_link = true;
                }
                let dest_url = self.rewrite_link(link_type, dest_url, range.start);
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let mut dest_url = dest_url;
                if let LinkTarget::File { path } = links::classify(&dest_url, self.page.source) {
                    if self.page.print.is_some() {
                        // print.html is at the site root.
                        dest_url = CowStr::from(paths::encode_path(&path));
                    }
                    self.rendered.links.push(PageLink {
                        target: LinkTarget::File { path },
                        offset: range.start,
                    });
                }
                self.image_depth += 1;
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.push(Event::End(TagEnd::Image));
            }
            Event::FootnoteReference(name) if self.page.print.is_some() => {
                let name = self.page.anchor(&name);
                self.push(Event::FootnoteReference(name.into()));
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.push(Event::End(TagEnd::Link));
            }
            Event::Text(t) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&t);
                } else {
                    self.search_text(&t);
                }
                if self.link_depth == 0 && t.contains("://") {
                    self.autolink(t);
                } else if self.link_depth == 0
                    && self.image_depth == 0
                    && self.heading.is_none()
                    && let Some(g) = self.input.glossary
                {
                    self.glossary_text(g, t);
                } else {
                    self.push(Event::Text(t));
                }
            }
            Event::Code(c) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&c);
                } else {
                    self.search_text(&c);
                }
                self.push(Event::Code(c));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                collect_html_ids(&h, &mut self.rendered.ids);
                self.push(Event::Html(h));
            }
            other => {
                if matches!(other, Event::SoftBreak | Event::HardBreak | Event::End(_))
                    && self.heading.is_none()
                {
                    self.search_text(" ");
                }
                self.push(other)
            }
        }
    }

    /// Text with the first use of each glossary term as a tooltip.
    fn glossary_text(&mut self, g: &Glossary, t: CowStr<'a>) {
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

    /// A front-matter box (objectives, summary) with its items as inline Markdown.
    fn front_box(&self, class: &str, title: &str, items: &[&str]) -> String {
        let id = self.page.anchor(&format!("{class}-title"));
        let mut html = format!(
            "<div class=\"box box-{class}\" role=\"group\" aria-labelledby=\"{id}\">\n<p class=\"box-title\" id=\"{id}\">{title}</p>\n"
        );
        if let [one] = items {
            html.push_str(&format!("<p>{}</p>\n", inline_html(one, self.opts)));
        } else {
            html.push_str("<ul>\n");
            for item in items {
                html.push_str(&format!("<li>{}</li>\n", inline_html(item, self.opts)));
            }
            html.push_str("</ul>\n");
        }
        html.push_str("</div>\n");
        html
    }

    fn objectives_box(&mut self) -> Option<String> {
        if self.objectives_done {
            return None;
        }
        self.objectives_done = true;
        let items: Vec<&str> = self.input.objectives.iter().map(String::as_str).collect();
        for item in &items {
            let text = html_to_text(&inline_html(item, self.opts));
            self.search_text(&text);
            self.search_text(" ");
        }
        Some(self.front_box("objectives", self.opts.lang.strings().objectives, &items))
    }

    /// Text for the search index, into the current section.
    fn search_text(&mut self, text: &str) {
        if let Some(s) = self.sections.last_mut() {
            s.text.push_str(text);
        }
    }

    fn rewrite_link(&mut self, link_type: LinkType, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
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
            LinkTarget::File { path } if self.page.print.is_some() => {
                let mut url = paths::encode_path(path);
                if let Some(f) = raw_fragment {
                    url.push('#');
                    url.push_str(f);
                }
                Some(url)
            }
            LinkTarget::SamePage { .. } | LinkTarget::File { .. } => None,
            LinkTarget::Untouched => return dest,
        };
        self.rendered.links.push(PageLink { target, offset });
        rewritten.map_or(dest, CowStr::from)
    }

    /// Bare `https://…` in text becomes a link (GFM's autolink extension).
    fn autolink(&mut self, text: CowStr<'a>) {
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

    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            return;
        };
        let level = h.level as u8;
        let id = match &h.custom_id {
            Some(custom) => custom.to_string(),
            None => self.ids.unique(slug::id_from_content(&h.text)),
        };
        let mut open = format!("<h{level}");
        for (key, value) in &h.attrs {
            open.push_str(&format!(" {}", escape::html(key)));
            if let Some(v) = value {
                open.push_str(&format!("=\"{}\"", escape::html(v)));
            }
        }
        let shown_id = self.page.anchor(&id);
        open.push_str(&format!(" id=\"{}\"", escape::html(&shown_id)));
        if !h.classes.is_empty() {
            let classes: Vec<&str> = h.classes.iter().map(|c| c.as_ref()).collect();
            open.push_str(&format!(" class=\"{}\"", escape::html(&classes.join(" "))));
        }
        open.push('>');
        // The whole heading is the link to itself (mdBook's markup), unless
        // it holds a link already: links cannot nest.
        let wrap = !h.has_link;
        if wrap {
            open.push_str(&format!(
                "<a class=\"header\" href=\"#{}\">",
                escape::href(&shown_id)
            ));
        }
        self.html(open);
        for e in h.events {
            self.push(e);
        }
        self.html(format!("{}</h{level}>\n", if wrap { "</a>" } else { "" }));
        if level == 1
            && let Some(b) = self.objectives_box()
        {
            self.html(b);
        }
        self.rendered.ids.insert(id.clone());
        let text = h.text.trim().to_string();
        if level <= self.opts.split_level {
            self.sections.push(Section {
                anchor: Some(id.clone()),
                level,
                title: text.clone(),
                text: String::new(),
            });
        } else {
            self.search_text(&format!(" {text} "));
        }
        self.rendered.headings.push(Heading { level, id, text });
    }

    fn end_code_block(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        self.search_text(&code.code);
        self.search_text(" ");
        let n = self.code_blocks;
        self.code_blocks += 1;
        let inner = match self.input.highlighted.get(n) {
            Some((len, html)) if *len == code.code.len() => html.clone(),
            _ => self.hl.highlight(code.lang.as_deref(), &code.code),
        };
        if self.page.print.is_none() {
            self.rendered
                .code_html
                .push((code.code.len(), inner.clone()));
        }
        let class = code
            .lang
            .as_deref()
            .map(|l| format!(" class=\"language-{}\"", escape::html(l)))
            .unwrap_or_default();
        // tabindex: a code block that scrolls sideways must be reachable by keyboard.
        self.html(format!(
            "<pre><code{class} tabindex=\"0\">{inner}</code></pre>\n"
        ));
    }

    fn finish(mut self) -> Rendered {
        let mut html = String::with_capacity(self.out.len() * 24);
        // No title to put the objectives under: they open the page.
        if let Some(b) = self.objectives_box() {
            self.out.insert(0, Event::Html(b.into()));
        }
        if let Some(summary) = self.input.summary {
            self.search_text(" ");
            let text = html_to_text(&inline_html(summary, self.opts));
            self.search_text(&text);
            let b = self.front_box("summary", self.opts.lang.strings().summary, &[summary]);
            self.out.push(Event::Html(b.into()));
        }
        let footnotes = std::mem::take(&mut self.footnotes);
        let mut events = std::mem::take(&mut self.out);
        if !footnotes.is_empty() {
            let mut label = self.opts.lang.strings().footnotes.to_string();
            // On print.html every chapter has its footnotes: name them apart.
            if self.page.print.is_some() {
                label = format!("{label}: {}", escape::html(self.page.title));
            }
            events.push(Event::Html(
                format!("<section class=\"footnotes\" aria-label=\"{label}\">\n").into(),
            ));
            events.extend(footnotes);
            events.push(Event::Html("</section>\n".into()));
        }
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        self.rendered.html = html;
        // Text runs are joined as they came; one space between words is enough.
        self.rendered.sections = std::mem::take(&mut self.sections)
            .into_iter()
            .filter_map(|mut s| {
                s.text = squeeze_whitespace(&s.text);
                (s.anchor.is_some() || !s.text.is_empty()).then_some(s)
            })
            .collect();
        self.rendered
    }
}

/// Runs of whitespace as one space, trimmed.
fn squeeze_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn alert(kind: BlockQuoteKind, lang: UiLang) -> (&'static str, &'static str) {
    let s = lang.strings();
    match kind {
        BlockQuoteKind::Note => ("note", s.note),
        BlockQuoteKind::Tip => ("tip", s.tip),
        BlockQuoteKind::Important => ("important", s.important),
        BlockQuoteKind::Warning => ("warning", s.warning),
        BlockQuoteKind::Caution => ("caution", s.caution),
    }
}

/// `id="…"` attributes in raw HTML are link targets too (`<a id="x"></a>`).
fn collect_html_ids(html: &str, ids: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = &rest[i + 3..];
        rest = after;
        if !before_ok {
            continue;
        }
        let (quote, body) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => (q, &after[1..]),
            _ => continue,
        };
        if let Some(end) = body.find(quote) {
            ids.insert(body[..end].to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Rendered {
        md_lang(text, UiLang::En)
    }

    fn md_lang(text: &str, lang: UiLang) -> Rendered {
        let page = Inputs::plain(Page::new("dir/page.md", "dir/page.html", "Page"));
        let opts = MarkdownOptions {
            smart_punctuation: true,
            lang,
            split_level: 3,
        };
        render(text, &page, &opts, &Highlighter::new(), None)
    }

    #[test]
    fn headings_get_mdbook_ids_and_links() {
        let r = md("# Was ist Docker?\n\n## Images\n\n## Images\n\n### Mit `code` {#eigene .x}\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["was-ist-docker", "images", "images-1", "eigene"]);
        assert!(
            r.html.contains(
                "<h2 id=\"images-1\"><a class=\"header\" href=\"#images-1\">Images</a></h2>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h3 id=\"eigene\" class=\"x\">"),
            "{}",
            r.html
        );
        assert_eq!(r.headings[3].text, "Mit code");
    }

    #[test]
    fn heading_with_link_is_not_wrapped() {
        let r = md("## See [other](other.md)\n");
        assert!(!r.html.contains("class=\"header\""), "{}", r.html);
        assert!(r.html.contains("href=\"other.html\""), "{}", r.html);
    }

    #[test]
    fn chapter_links_are_rewritten_and_recorded() {
        let r = md(
            "[a](../intro.md#start) [b](sub/x.md) [c](#local) [d](https://x.org/a.md) [e](img.png)\n",
        );
        assert!(
            r.html.contains("href=\"../intro.html#start\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"sub/x.html\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.org/a.md\""), "{}", r.html);
        assert!(r.html.contains("href=\"img.png\""), "{}", r.html);
        assert_eq!(r.links.len(), 4, "three chapter links and one file");
        assert_eq!(r.links[0].offset, 0);
    }

    #[test]
    fn code_blocks_are_highlighted_or_escaped() {
        let r = md("```bash\necho \"<hi>\"\n```\n\n```nosuchlang\n<b>\n```\n\n    indented <x>\n");
        assert!(
            r.html
                .contains("<pre><code class=\"language-bash\" tabindex=\"0\"><span class=\"k-"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<pre><code class=\"language-nosuchlang\" tabindex=\"0\">&lt;b&gt;\n</code></pre>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre><code tabindex=\"0\">indented &lt;x&gt;\n</code></pre>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn gfm_features() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ text[^1]\n\n[^1]: A note.\n\nMore text after.\n",
        );
        assert!(
            r.html
                .contains("<div class=\"table-wrap\" tabindex=\"0\"><table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("checkbox"), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
        let foot = r
            .html
            .find("class=\"footnotes\"")
            .expect("footnotes section");
        assert!(
            r.html.find("More text after").unwrap() < foot,
            "footnotes go last: {}",
            r.html
        );
    }

    #[test]
    fn alerts_become_callouts_in_the_book_language() {
        let r = md_lang("> [!WARNING]\n> Kosten!\n\n> plain quote\n", UiLang::De);
        assert!(
            r.html
                .contains("<div class=\"callout callout-warning\" role=\"note\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p class=\"callout-title\">Warnung</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<blockquote>"), "{}", r.html);
    }

    #[test]
    fn smart_quotes_follow_the_language() {
        assert!(
            md_lang("\"Hallo\" -- ok...\n", UiLang::De)
                .html
                .contains("„Hallo“ – ok…")
        );
        assert!(md("\"Hi\"\n").html.contains("“Hi”"));
        let typed = md_lang("Ein „Zitat“ und \"eins\" in *\"Kursiv\"*.\n", UiLang::De);
        assert!(
            typed
                .html
                .contains("Ein „Zitat“ und „eins“ in <em>„Kursiv“</em>."),
            "typed German quotes stay as typed: {}",
            typed.html
        );
        let heading = md_lang("## Das \"Hallo\" {#h}\n", UiLang::De);
        assert_eq!(heading.headings[0].text, "Das „Hallo“");
    }

    #[test]
    fn bare_urls_become_links_but_not_in_code_or_links() {
        let r = md("See https://aws.amazon.com/lambda/ now. `https://x.org` [t](https://y.org)\n");
        assert!(
            r.html.contains(
                "<a href=\"https://aws.amazon.com/lambda/\">https://aws.amazon.com/lambda/</a> now."
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<code>https://x.org</code>"), "{}", r.html);
        assert_eq!(r.html.matches("<a ").count(), 2, "{}", r.html);
    }

    #[test]
    fn raw_html_ids_are_targets() {
        let r = md("<a id=\"here\"></a>\n\nText <span id='there'>x</span>\n");
        assert!(
            r.ids.contains("here") && r.ids.contains("there"),
            "{:?}",
            r.ids
        );
    }
}
