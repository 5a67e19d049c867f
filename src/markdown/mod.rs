//! Markdown to HTML: the pulldown-cmark options in one place, and one pass over
//! the event stream that yields everything a chapter feeds: the HTML, its
//! headings (table of contents), its anchor ids and its links (for checking).
//!
//! Headings, code blocks, GitHub alerts and links are rewritten on the event
//! stream; nothing is pasted into the text and re-parsed.

mod blocks;
pub mod code;
mod footnotes;
mod html;
pub mod inline;
pub mod links;
mod math;
mod raw_html;
mod shortcodes;
pub mod slug;
mod text;

pub use html::Html;
pub use inline::{MarkdownOptions, html_to_text, inline_html};
pub use shortcodes::calls_shortcode;

use std::cell::Cell;
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd,
};

use crate::glossary::Glossary;
use crate::highlight::Highlighter;
use crate::i18n::UiLang;
use crate::page::Page;
use crate::search::Section;
use crate::shortcode::{self, Problem};
use code::CodeOptions;
use footnotes::Footnotes;
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
    pub html: Html,
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
    /// What the page's code blocks need from the code script.
    pub code: CodeFeatures,
}

/// Code blocks that need the code script (`static/js/code.js`): a page
/// without them loads none of it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CodeFeatures {
    /// Some block has hidden lines (the button that shows them).
    pub hidden_lines: bool,
    /// Some block is a runnable Rust block (the Run button).
    pub playground: bool,
}

impl CodeFeatures {
    pub fn any(self) -> bool {
        self.hidden_lines || self.playground
    }

    pub fn union(self, other: CodeFeatures) -> CodeFeatures {
        CodeFeatures {
            hidden_lines: self.hidden_lines || other.hidden_lines,
            playground: self.playground || other.playground,
        }
    }
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
    /// The book's settings for code blocks.
    pub code: &'a CodeOptions,
}

/// mdBook's defaults, for pages rendered without a book's settings.
static DEFAULT_CODE: CodeOptions = CodeOptions::DEFAULT;

impl<'a> Inputs<'a> {
    /// The page with nothing added.
    pub fn plain(page: Page<'a>) -> Inputs<'a> {
        Inputs {
            page,
            glossary: None,
            objectives: &[],
            summary: None,
            highlighted: &[],
            code: &DEFAULT_CODE,
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
    let mut events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(text, parser_options(opts.smart_punctuation))
            .into_offset_iter()
            .map(|(e, range)| (german_quotes(e, &text[range.clone()], opts), range))
            .collect();
    if opts.math && math::may_have_formulas(text) {
        events = math::delimit(events, text);
    }
    // Growing by doubling leaves up to half of it unused (100 MB for a
    // 50 MB chapter) while the output events fill up beside it; a large
    // block shrinks in place.
    events.shrink_to_fit();
    let mut r = Renderer {
        source: text,
        raw_tag: raw_html::TagState::default(),
        page: input.page,
        input,
        opts,
        hl,
        out: Vec::with_capacity(events.len() + 16),
        footnotes: Footnotes::default(),
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
        math: None,
    };
    let problems = std::mem::take(&mut r.calls.problems);
    r.rendered.problems.extend(problems);
    // Custom ids win over generated ones wherever they appear on the page.
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            r.ids.reserve(id);
        }
    }
    for (event, range) in drain_shrinking(events) {
        if r.calls.is_empty() {
            r.event(event, range);
        } else {
            r.dispatch(event, range);
        }
    }
    r.finish()
}

/// The items of `v` in order, its memory given back as it empties: a huge
/// chapter's parsed events make room for the rendered ones instead of
/// lying beside them (a large block shrinks in place).
pub(super) fn drain_shrinking<T>(mut v: Vec<T>) -> impl Iterator<Item = T> {
    /// Below this many items the vector is not worth shrinking.
    const LARGE: usize = 1 << 16;
    v.reverse();
    std::iter::from_fn(move || {
        let item = v.pop();
        if v.capacity() > LARGE && v.len() < v.capacity() / 2 {
            v.shrink_to_fit();
        }
        item
    })
}

/// A heading, or a definition list's term (`level` is `None`): both get an
/// id from their text and link to themselves, as in mdBook.
struct HeadingState<'a> {
    level: Option<HeadingLevel>,
    custom_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
    has_link: bool,
    events: Vec<Event<'a>>,
}

struct CodeState {
    /// The fenced block's info string (`None` for an indented block).
    info: Option<String>,
    code: String,
}

struct Renderer<'p, 'a> {
    /// The text rendered: raw HTML's attributes are placed in it.
    source: &'a str,
    /// Raw HTML comes in pieces: where the last one stopped.
    raw_tag: raw_html::TagState,
    page: Page<'p>,
    input: &'p Inputs<'p>,
    opts: &'p MarkdownOptions,
    hl: &'p Highlighter,
    out: Vec<Event<'a>>,
    /// Footnote definitions, moved to the end of the page.
    footnotes: Footnotes<'a>,
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
    /// Made on the page's first formula.
    math: Option<math::Converter>,
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

    /// The last event [`Self::push`] put where the current one goes.
    fn last_pushed(&self) -> Option<&Event<'a>> {
        if let Some(h) = &self.heading {
            h.events.last()
        } else if self.footnote_depth > 0 {
            self.footnotes.last()
        } else {
            self.out.last()
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
                    level: Some(level),
                    custom_id: id,
                    classes,
                    attrs,
                    text: String::new(),
                    has_link: false,
                    events: Vec::new(),
                });
            }
            Event::Start(Tag::DefinitionListTitle) => {
                self.heading = Some(HeadingState {
                    level: None,
                    custom_id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                    text: String::new(),
                    has_link: false,
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.into_string()),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some(CodeState {
                    info,
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
                self.footnotes.start(&label, range.start);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.footnote_depth = self.footnote_depth.saturating_sub(1);
            }
            Event::FootnoteReference(name) => self.footnote_reference(&name),
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
                    if let Some(url) = self.page.file_href(&path) {
                        dest_url = CowStr::from(url);
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
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.push(Event::End(TagEnd::Link));
            }
            Event::Text(t) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&t);
                } else {
                    self.search_text_as(&t, self.text_part());
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
                    self.search_text_as(&c, self.text_part());
                }
                self.push(Event::Code(c));
            }
            Event::InlineMath(f) => self.formula(f, false, range),
            Event::DisplayMath(f) => self.formula(f, true, range),
            Event::Html(h) | Event::InlineHtml(h) => self.raw_html(h, range),
            other => {
                // A term's line breaks are in its id, as mdBook's `a-b`.
                if let (Some(h), Event::SoftBreak) = (&mut self.heading, &other) {
                    h.text.push('\n');
                }
                if matches!(other, Event::SoftBreak | Event::HardBreak | Event::End(_))
                    && self.heading.is_none()
                {
                    self.search_text(" ");
                }
                self.push(other)
            }
        }
    }
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
            math: true,
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
