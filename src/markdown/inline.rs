//! Markdown options in one place, and the small helpers every part that
//! writes Markdown or HTML text needs: inline Markdown (quiz answers, box
//! items), German quotes, and the text of a piece of HTML for the search
//! index. A leaf of `markdown`: shortcodes use it without the renderer.

use pulldown_cmark::{Event, Options, Parser};

use crate::i18n::UiLang;

#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions {
    pub smart_punctuation: bool,
    /// German typography for smart quotes („…“) and the alerts' titles.
    pub lang: UiLang,
    /// Headings down to this level start a new search section.
    pub split_level: u8,
    /// TeX formulas between MathJax's delimiters become MathML
    /// (`mathjax-support`, `[output.kursbuch] math`).
    pub math: bool,
}

/// CommonMark plus GFM (tables, task lists, strikethrough, footnotes, alerts),
/// heading attributes (`{#id .class}`) and definition lists, as mdBook 0.5.
pub fn parser_options(smart_punctuation: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// A line of Markdown (a list item, a quiz answer) as inline HTML.
pub fn inline_html(md: &str, opts: &MarkdownOptions) -> String {
    let mut html = String::new();
    let events = Parser::new_ext(md, parser_options(opts.smart_punctuation))
        .into_offset_iter()
        .map(|(e, range)| german_quotes(e, &md[range], opts));
    pulldown_cmark::html::push_html(&mut html, events);
    let t = html.trim();
    t.strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .unwrap_or(t)
        .to_string()
}

/// Smart punctuation makes English quotes “…” from `"…"`; German ones are
/// „…“. Only quotes made from a typed `"` change: an author's own „…“ (whose
/// closing “ is the English opening quote) stays as typed.
pub fn german_quotes<'a>(event: Event<'a>, source: &str, opts: &MarkdownOptions) -> Event<'a> {
    match event {
        Event::Text(t) if opts.smart_punctuation && opts.lang == UiLang::De && source == "\"" => {
            Event::Text(match t.as_ref() {
                "\u{201c}" => "\u{201e}".into(),
                "\u{201d}" => "\u{201c}".into(),
                _ => t,
            })
        }
        e => e,
    }
}

/// The text of a shortcode's HTML output, for the search index: tags dropped,
/// the few entities the escaper writes turned back. (Our own output only, so
/// no general HTML parser is needed.)
pub fn html_to_text(html: &str) -> String {
    // Inline tags join the words around them; every other tag separates.
    const INLINE: &[&str] = &[
        "em", "strong", "code", "a", "span", "del", "sup", "sub", "mark",
    ];
    let mut out = String::with_capacity(html.len() / 2);
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                let name = t
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap_or_default();
                if !INLINE.contains(&name) {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, c) => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
