//! Shortcode calls on the event stream. The calls are found in the source
//! (outside code); each event's source range tells whether it lies before,
//! inside or around a call. Events inside a call are dropped and the call's
//! output takes their place, once; text that straddles a call is split at its
//! exact source offsets. Containers that merely enclose a call (list items,
//! blockquotes, table cells) are kept, so the surroundings stay intact; a
//! container that starts or ends inside a call is an error, never mangled HTML.

use std::cell::Cell;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{PageLink, Renderer, render_part};
use crate::diag::OffsetError;
use crate::markdown::inline::html_to_text;
use crate::shortcode::syntax::{self, Call, CallKind};
use crate::shortcode::{self, Body, Problem};

pub(super) struct Calls<'p> {
    text: &'p str,
    calls: Vec<Call>,
    next: usize,
    /// The current call's output has been written.
    emitted: bool,
    ctx: Option<&'p shortcode::Context<'p>>,
    figures: &'p Cell<u32>,
    pub problems: Vec<Problem>,
    /// A paragraph that holds nothing but the current (inline) call: its
    /// `<p>` is dropped so a table or figure does not end up inside one.
    suppress_paragraph: bool,
    /// Emphasis whose delimiters sit inside calls (`{{/* a */}} … {%/* b */%}`
    /// pairs the two `*`): undone, by its range, as if the calls were opaque.
    undone: Vec<Range<usize>>,
}

/// Byte ranges where nothing is expanded: code blocks, code spans, raw HTML.
fn code_ranges(events: &[(Event, Range<usize>)]) -> Vec<Range<usize>> {
    let mut v: Vec<Range<usize>> = events
        .iter()
        .filter(|(e, _)| {
            matches!(
                e,
                Event::Start(Tag::CodeBlock(_))
                    | Event::Code(_)
                    | Event::Html(_)
                    | Event::InlineHtml(_)
            )
        })
        .map(|(_, r)| r.clone())
        .collect();
    v.sort_by_key(|r| r.start);
    v
}

/// The calls in `text` that are not inside code.
fn scan_outside_code(
    text: &str,
    events: &[(Event, Range<usize>)],
    names: &dyn syntax::Names,
) -> (Vec<Call>, Vec<OffsetError>) {
    let code = code_ranges(events);
    let in_code = |o: usize| {
        let i = code.partition_point(|r| r.start <= o);
        code[..i].iter().rev().take(8).any(|r| r.contains(&o))
    };
    syntax::scan(text, names, &in_code)
}

/// Does the chapter call shortcode `name`? (The glossary's page must be
/// known before any chapter links to it.)
pub fn calls_shortcode(text: &str, name: &str, names: &dyn syntax::Names) -> bool {
    if !text.contains(name) {
        return false;
    }
    let events: Vec<(Event, Range<usize>)> =
        pulldown_cmark::Parser::new_ext(text, super::inline::parser_options(false))
            .into_offset_iter()
            .collect();
    scan_outside_code(text, &events, names)
        .0
        .iter()
        .any(|c| c.name == name && !matches!(c.kind, CallKind::Literal { .. }))
}

impl<'p> Calls<'p> {
    pub(super) fn find(
        text: &'p str,
        events: &[(Event, Range<usize>)],
        ctx: Option<&'p shortcode::Context<'p>>,
        figures: &'p Cell<u32>,
    ) -> Calls<'p> {
        let mut calls = Calls {
            text,
            calls: Vec::new(),
            next: 0,
            emitted: false,
            ctx,
            figures,
            problems: Vec::new(),
            suppress_paragraph: false,
            undone: Vec::new(),
        };
        // The common case, and the hot path of big books: nothing to find.
        let Some(c) = ctx else { return calls };
        if !text.contains("{{") && !text.contains("{%") {
            return calls;
        }
        let (found, errors) = scan_outside_code(text, events, c.registry);
        calls.calls = found;
        calls.problems.extend(errors.into_iter().map(Problem::At));
        calls
    }

    pub(super) fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    fn current(&self) -> Option<&Call> {
        self.calls.get(self.next)
    }

    fn inside_a_call(&self, offset: usize) -> bool {
        self.calls.iter().any(|c| c.range.contains(&offset))
    }

    /// Does `range` cut through a call (overlap it without one holding the other)?
    fn cuts_a_call(&self, range: &Range<usize>) -> bool {
        self.calls.iter().any(|c| {
            let overlap = range.start < c.range.end && c.range.start < range.end;
            let holds = range.start <= c.range.start && range.end >= c.range.end;
            let held = c.range.start <= range.start && c.range.end >= range.end;
            overlap && !holds && !held
        })
    }
}

/// Length of the delimiter of an inline span that calls can cut through.
fn delimiter_len(tag: &Tag) -> Option<usize> {
    match tag {
        Tag::Emphasis => Some(1),
        Tag::Strong | Tag::Strikethrough => Some(2),
        _ => None,
    }
}

/// The body of a block call with its container prefix (`> `, indentation)
/// taken off every line, as the Markdown parser sees it.
fn block_body<'t>(text: &'t str, call: &Call, body: &Range<usize>) -> Body<'t> {
    let line_start = text[..call.range.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..call.range.start];
    let mut out = Body {
        text: String::new(),
        lines: Vec::new(),
        source: text,
    };
    let mut pos = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        // A line without the full prefix (a blank line, a lazy quote line)
        // loses what it has of it: spaces, tabs and `>`.
        let strip = if line.starts_with(prefix) {
            prefix.len()
        } else {
            line.bytes()
                .take(prefix.len())
                .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
                .count()
        };
        out.lines.push((out.text.len(), pos + strip));
        out.text.push_str(&line[strip..]);
        pos += line.len();
    }
    out
}

impl<'a> Renderer<'_, 'a> {
    fn problem(&mut self, e: OffsetError) {
        self.rendered.problems.push(Problem::At(e));
    }

    /// Handles one event when the page has shortcode calls.
    pub(super) fn dispatch(&mut self, mut event: Event<'a>, mut range: Range<usize>) {
        // Emphasis made of `*`/`_`/`~` inside calls is undone: its delimiters
        // outside calls become text again, those inside vanish with the call.
        let text = self.calls.text;
        match &event {
            Event::Start(tag) if delimiter_len(tag).is_some() && self.calls.cuts_a_call(&range) => {
                let n = delimiter_len(tag).expect("checked");
                self.calls.undone.push(range.clone());
                if !self.calls.inside_a_call(range.start) {
                    let delim = text[range.start..(range.start + n).min(range.end)].to_string();
                    self.dispatch(Event::Text(delim.into()), range.start..range.start + n);
                }
                return;
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
                if self.calls.undone.contains(&range) =>
            {
                let n = if matches!(event, Event::End(TagEnd::Emphasis)) {
                    1
                } else {
                    2
                };
                let at = range.end.saturating_sub(n).max(range.start);
                if !self.calls.inside_a_call(at) {
                    self.dispatch(
                        Event::Text(text[at..range.end].to_string().into()),
                        at..range.end,
                    );
                }
                return;
            }
            _ => {}
        }
        loop {
            let Some(call) = self.calls.current() else {
                return self.event(event, range);
            };
            let c = call.range.clone();
            // Block elements' ranges include their trailing newlines; a
            // paragraph that is exactly the call's lines lies inside it.
            let end = range.start + text[range.clone()].trim_end().len();
            if end <= c.start {
                return self.event(event, range);
            }
            if range.start >= c.end {
                self.finish_call();
                continue;
            }
            if range.start >= c.start && end <= c.end {
                self.emit_call();
                return; // part of the call's own text
            }
            // The event overlaps the call without lying inside it.
            match event {
                Event::Text(t) if &text[range.clone()] == t.as_ref() => {
                    if range.start < c.start {
                        self.event(
                            Event::Text(CowStr::from(&text[range.start..c.start]).into_static()),
                            range.start..c.start,
                        );
                    }
                    self.emit_call();
                    if range.end <= c.end {
                        return;
                    }
                    self.finish_call();
                    event = Event::Text(CowStr::from(&text[c.end..range.end]).into_static());
                    range = c.end..range.end;
                }
                Event::Start(Tag::Paragraph)
                    if matches!(call.kind, CallKind::Inline)
                        && text[range.clone()].trim() == &text[c.clone()] =>
                {
                    self.calls.suppress_paragraph = true;
                    return;
                }
                Event::End(TagEnd::Paragraph) if self.calls.suppress_paragraph => {
                    self.calls.suppress_paragraph = false;
                    return;
                }
                Event::Start(_) | Event::End(_) if range.start <= c.start && end >= c.end => {
                    // A container around the call: a list item, a quote, a paragraph.
                    let paragraph_around_block = matches!(event, Event::Start(Tag::Paragraph))
                        && matches!(call.kind, CallKind::Block { .. });
                    if paragraph_around_block {
                        let name = call.name.clone();
                        self.problem(
                            OffsetError::new(
                                c.start,
                                format!("`{{% {name} %}}` runs into the surrounding paragraph"),
                            )
                            .with_help(
                                "leave a blank line before the opening line and after `{% end %}`",
                            ),
                        );
                    }
                    return self.event(event, range);
                }
                _ => {
                    let name = if call.name.is_empty() {
                        "this literal".to_string()
                    } else {
                        format!("`{}`", call.name)
                    };
                    let help = if matches!(call.kind, CallKind::Block { .. }) {
                        "leave blank lines around the block, indent its body like its first line, and close every code fence inside it"
                    } else {
                        "keep the call on its own, away from Markdown emphasis or links that begin outside it"
                    };
                    self.problem(
                        OffsetError::new(
                            c.start,
                            format!("{name} overlaps Markdown structure around it"),
                        )
                        .with_help(help),
                    );
                    self.emit_call();
                    // Keep the element: its other tag has the same range and
                    // comes through here too, so the output stays balanced.
                    if matches!(event, Event::Start(_) | Event::End(_)) {
                        return self.event(event, range);
                    }
                    return;
                }
            }
        }
    }

    /// Past the current call: make sure its output was written, go to the next.
    fn finish_call(&mut self) {
        self.emit_call();
        self.calls.next += 1;
        self.calls.emitted = false;
        self.calls.suppress_paragraph = false;
    }

    /// Writes the current call's output, once.
    fn emit_call(&mut self) {
        if self.calls.emitted {
            return;
        }
        self.calls.emitted = true;
        let Some(call) = self.calls.calls.get(self.calls.next).cloned() else {
            return;
        };
        if let Some(text) = shortcode::literal(&call) {
            self.push(Event::Text(CowStr::from(text.to_string())));
            return;
        }
        let Some(ctx) = self.calls.ctx else { return };
        let text = self.calls.text;
        let body = match &call.kind {
            CallKind::Block { body } => Some(block_body(text, &call, body)),
            _ => None,
        };
        let n = self.calls.figures.get() + 1;
        self.calls.figures.set(n);
        let kind = ctx.registry.id_prefix(&call.name);
        let id = self.page.anchor(&format!("{kind}-{n}"));
        let page = self.page;
        // Tera shortcodes' bodies are Markdown: rendered like the page, with
        // their links and ids joining the page's (but no glossary tooltips or
        // boxes of their own: those belong to the page once).
        let nested_page = super::Inputs {
            code: self.input.code,
            ..super::Inputs::plain(self.page)
        };
        let (page_info, opts, hl, figures) = (&nested_page, self.opts, self.hl, self.calls.figures);
        let mut nested_links: Vec<PageLink> = Vec::new();
        let mut nested_ids = Vec::new();
        let mut nested_data = Vec::new();
        let mut nested_code = super::CodeFeatures::default();
        let mut render_body = |b: &Body| {
            let r = render_part(&b.text, page_info, opts, hl, Some(ctx), figures);
            nested_links.extend(r.links.into_iter().map(|l| PageLink {
                offset: b.to_source(l.offset),
                ..l
            }));
            nested_ids.extend(r.ids);
            nested_data.extend(r.data_files);
            nested_code = nested_code.union(r.code);
            let problems = r
                .problems
                .into_iter()
                .map(|p| match p {
                    Problem::At(e) => Problem::At(e.moved(|o| b.to_source(o))),
                    placed => placed,
                })
                .collect();
            (r.html.to_string(), problems)
        };
        let mut out = ctx.expand(&call, body.as_ref(), &id, &page, &mut render_body);
        self.rendered.links.extend(nested_links);
        self.rendered.ids.extend(nested_ids);
        self.rendered.data_files.extend(nested_data);
        self.rendered.code = self.rendered.code.union(nested_code);
        self.rendered.data_files.extend(out.data_files);
        self.rendered.problems.extend(out.problems);
        if out.html.is_empty() {
            return;
        }
        if out.block
            && matches!(call.kind, CallKind::Inline)
            && !self.calls.suppress_paragraph
            && self.in_paragraph()
        {
            self.problem(
                OffsetError::new(
                    call.range.start,
                    format!(
                        "`{}` makes a block (a figure or table) and cannot stand inside a sentence",
                        call.name
                    ),
                )
                .with_help("put the call on a line of its own, with blank lines around it"),
            );
            return;
        }
        if self.heading.is_none() {
            let text = out
                .search_text
                .take()
                .unwrap_or_else(|| html_to_text(&out.html));
            self.search_text_as(&text, out.search_part);
            self.search_text(" ");
        }
        self.push(if out.block {
            Event::Html(out.html.into())
        } else {
            Event::InlineHtml(out.html.into())
        });
    }

    /// Is the output currently inside an open paragraph?
    fn in_paragraph(&self) -> bool {
        let mut depth = 0i32;
        for e in self.out.iter().rev() {
            match e {
                Event::End(TagEnd::Paragraph) => depth += 1,
                Event::Start(Tag::Paragraph) => {
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                }
                _ => {}
            }
        }
        false
    }
}
