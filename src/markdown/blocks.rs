//! The parts of a page the renderer writes itself: headings (ids, the link
//! to themselves, search sections), code blocks (highlighted), the
//! front-matter boxes, and the page's end (summary box, footnotes).

use pulldown_cmark::Event;

use super::code::code_block;
use super::inline::inline_html;
use super::{Heading, HeadingState, Renderer, drain_shrinking, html_to_text, slug};
use crate::escape;
use crate::markdown::{Html, Rendered};
use crate::search::{Part, Section};
use crate::shortcode::Problem;

impl<'a> Renderer<'_, 'a> {
    /// A front-matter box (objectives, summary) with its items as inline Markdown.
    pub(super) fn front_box(&self, class: &str, title: &str, items: &[&str]) -> String {
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

    pub(super) fn objectives_box(&mut self) -> Option<String> {
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

    pub(super) fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            return;
        };
        let Some(level) = h.level else {
            return self.end_term(h);
        };
        let level = level as u8;
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
        // it holds a link already (links cannot nest) or has no text (a link
        // without a name is lost on a screen reader).
        let wrap = !h.has_link && !h.text.trim().is_empty();
        self.self_linked(open, &shown_id, wrap, h.events, &format!("</h{level}>\n"));
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
                ..Section::default()
            });
        } else {
            self.search_text(&format!(" {text} "));
        }
        self.rendered.headings.push(Heading { level, id, text });
    }

    /// A definition list's term: an id from its text (sharing the page's
    /// ids with the headings) and a link to itself, as mdBook 0.5 writes it.
    fn end_term(&mut self, h: HeadingState<'a>) {
        let id = self.ids.unique(slug::id_from_content(&h.text));
        let shown_id = self.page.anchor(&id);
        let open = format!("<dt id=\"{}\">", escape::html(&shown_id));
        // mdBook nests the term's own link in this one; links cannot nest.
        self.self_linked(open, &shown_id, !h.has_link, h.events, "</dt>\n");
        self.rendered.ids.insert(id);
        self.search_text(&format!(" {} ", h.text.trim()));
    }

    /// A heading's or term's start tag `open`, its content (wrapped in a
    /// link to itself when `wrap`, mdBook's markup) and `close`.
    fn self_linked(
        &mut self,
        mut open: String,
        shown_id: &str,
        wrap: bool,
        content: Vec<Event<'a>>,
        close: &str,
    ) {
        if wrap {
            open.push_str(&format!(
                "<a class=\"header\" href=\"#{}\">",
                escape::href(shown_id)
            ));
        }
        self.html(open);
        for e in content {
            self.push(e);
        }
        self.html(format!("{}{close}", if wrap { "</a>" } else { "" }));
    }

    pub(super) fn end_code_block(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        self.search_text_as(&code.code, Part::Code);
        self.search_text(" ");
        let n = self.code_blocks;
        self.code_blocks += 1;
        let block = code_block(code.info.as_deref(), &code.code, self.input.code);
        self.rendered.code.hidden_lines |= block.has_hidden_lines();
        self.rendered.code.playground |= block.playground;
        let inner = match self.input.highlighted.get(n) {
            Some((len, html)) if *len == code.code.len() => html.clone(),
            _ => self.hl.highlight_lines(block.lang, &block.lines),
        };
        if self.page.print.is_none() {
            self.rendered
                .code_html
                .push((code.code.len(), inner.clone()));
        }
        self.html(format!("{}{inner}</code></pre>\n", block.open_tags()));
    }

    pub(super) fn finish(mut self) -> Rendered {
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
        self.rendered.ids.extend(footnotes.definition_ids());
        let back = self.opts.lang.strings().footnote_back;
        let (footnotes, problems) = footnotes.finish(&self.page, back);
        self.rendered
            .problems
            .extend(problems.into_iter().map(Problem::At));
        let mut events = std::mem::take(&mut self.out);
        if !footnotes.is_empty() {
            let mut label = self.opts.lang.strings().footnotes.to_string();
            // On print.html every chapter has its footnotes: name them apart.
            if self.page.print.is_some() {
                label = format!("{label}: {}", escape::html(self.page.title));
            }
            events.push(Event::Html(
                format!("<section class=\"footnotes\" aria-label=\"{label}\">\n<ol class=\"footnote-definition\">\n").into(),
            ));
            events.extend(footnotes);
            events.push(Event::Html("</ol>\n</section>\n".into()));
        }
        pulldown_cmark::html::push_html(&mut html, drain_shrinking(events));
        self.rendered.html = Html::from(html);
        // Text runs are joined as they came; one space between words is enough.
        self.rendered.sections = std::mem::take(&mut self.sections)
            .into_iter()
            .filter_map(|mut s| {
                s.squeeze_whitespace();
                (s.anchor.is_some() || !s.text.is_empty()).then_some(s)
            })
            .collect();
        self.rendered
    }
}
