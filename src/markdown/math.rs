//! Formulas as mdBook books write them for MathJax (`mathjax-support = true`),
//! turned into MathML at build time: no MathJax download, no script, and the
//! formula is in the page for search and print.
//!
//! mdBook does not parse math: its Markdown pass runs over the formula like
//! over any text (`\\(` becomes `\(`, `\_` becomes `_`, `\\\\` becomes `\\`)
//! and MathJax 2 then finds the delimiters in the page's text. So do we: the
//! delimiters are looked for in the text events after the Markdown pass, by
//! MathJax's own rules (tex2jax), so a formula comes out as MathJax saw it in
//! mdBook. pulldown-cmark's math extension would not do: it reads `$…$` too
//! (prices!) and keeps Markdown escapes inside `$$…$$`, which mdBook resolves.
//! The TeX to MathML conversion is math-core's (Cargo.toml says why that one).

use std::borrow::Cow;
use std::ops::Range;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Renderer;
use crate::diag::OffsetError;
use crate::escape;
use crate::shortcode::Problem;

/// Could the chapter hold a formula? The cheap test that keeps pages
/// without one off the slower path (no allocation, a few scans).
pub(super) fn may_have_formulas(text: &str) -> bool {
    ["\\(", "\\[", "$$", "\\begin{"]
        .iter()
        .any(|d| text.contains(d))
}

/// A formula in a run of text, its delimiters included (byte offsets).
#[derive(Debug, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    display: bool,
}

/// The formulas MathJax 2 (tex2jax, as mdBook configures it) finds in one
/// run of text: `\(…\)` inline, `\[…\]`, `$$…$$` and `\begin{env}…\end{env}`
/// display; no `$…$`. The closing delimiter counts only outside braces and
/// after no backslash (`\\)` is not one); a formula without a close leaves
/// the rest of the run as text, as MathJax 2.7.1 (mdBook's) does.
/// Hand-written because it must follow tex2jax's rules exactly, which no
/// crate implements.
fn find(s: &str) -> Vec<Found> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        // Every delimiter starts with an ASCII byte: `i` is a char boundary.
        let found = matches!(b[i], b'$' | b'\\').then(|| opening(s, i));
        let Some((open, close)) = found.flatten() else {
            i += 1;
            continue;
        };
        let close = close.as_bytes();
        let mut j = i + open;
        let mut depth = 0usize;
        // A close inside braces ends the formula only when none follows
        // outside them (tex2jax's fallback for unbalanced braces).
        let mut first_close = None;
        let end = loop {
            if j >= b.len() {
                match first_close {
                    Some(c) => break c,
                    None => return out,
                }
            }
            if b[j..].starts_with(close) {
                if depth == 0 {
                    break j;
                }
                first_close.get_or_insert(j);
                j += close.len();
                continue;
            }
            match b[j] {
                // `\\.` in tex2jax's pattern: `.` takes no newline.
                b'\\' if b.get(j + 1) != Some(&b'\n') => j += 2,
                b'{' => {
                    depth += 1;
                    j += 1;
                }
                b'}' => {
                    depth = depth.saturating_sub(1);
                    j += 1;
                }
                _ => j += 1,
            }
        };
        out.push(Found {
            start: i,
            end: end + close.len(),
            display: close != b"\\)",
        });
        i = end + close.len();
    }
    out
}

/// The formula opening at byte `i`, if one does: the length of its opening
/// delimiter and its closing one. An environment (`\begin{align}`) is its
/// own delimiter: MathJax hands it to TeX whole.
fn opening(s: &str, i: usize) -> Option<(usize, Cow<'static, str>)> {
    let rest = &s[i..];
    for (open, close) in [("$$", "$$"), ("\\(", "\\)"), ("\\[", "\\]")] {
        if rest.starts_with(open) {
            return Some((open.len(), close.into()));
        }
    }
    let name = rest.strip_prefix("\\begin{")?;
    let name = &name[..name.find('}')?];
    Some((
        "\\begin{}".len() + name.len(),
        format!("\\end{{{name}}}").into(),
    ))
}

/// The TeX of a formula as [`find`] found it: without its delimiters, an
/// environment whole.
fn tex_of(written: &str) -> &str {
    if written.starts_with("\\begin{") {
        written
    } else {
        &written[2..written.len() - 2]
    }
}

/// The text an event adds to the page's text as the browser (and MathJax)
/// sees it; `None` for events that are not text.
fn text_of<'e>(e: &'e Event) -> Option<&'e str> {
    match e {
        Event::Text(t) => Some(t),
        // A soft break is a newline in the page's text; tex2jax reads across
        // `<br>` as a space (and the newline after it).
        Event::SoftBreak => Some("\n"),
        Event::HardBreak => Some(" \n"),
        _ => None,
    }
}

/// The chapter's events with each formula as one `InlineMath` or
/// `DisplayMath` event holding the formula with its delimiters, as MathJax
/// found it. Formulas stay within a run of text: an element (emphasis, code,
/// a link) ends it, as it ends MathJax's search; code blocks are skipped.
pub(super) fn delimit<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    source: &str,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    let mut run = Vec::new();
    let mut in_code = false;
    for (e, r) in events {
        if !in_code && text_of(&e).is_some() {
            run.push((e, r));
            continue;
        }
        split_run(&mut run, &mut out, source);
        match e {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        out.push((e, r));
    }
    split_run(&mut run, &mut out, source);
    out
}

/// Moves a run of text events to `out`, its formulas as math events.
fn split_run<'a>(
    run: &mut Vec<(Event<'a>, Range<usize>)>,
    out: &mut Vec<(Event<'a>, Range<usize>)>,
    source: &str,
) {
    let joined: String = match run.as_slice() {
        [] => return,
        // The common case, a paragraph's text in one piece: no copy.
        [(Event::Text(t), _)] if find(t).is_empty() => {
            out.append(run);
            return;
        }
        _ => run.iter().filter_map(|(e, _)| text_of(e)).collect(),
    };
    let found = find(&joined);
    if found.is_empty() {
        out.append(run);
        return;
    }
    // Each piece's start in the joined text, its source range, and whether
    // its text is its source byte for byte (no escape, no entity), which
    // places offsets inside it exactly.
    let mut pieces = Vec::with_capacity(run.len());
    let mut at = 0;
    for (e, r) in run.iter() {
        let t = text_of(e).unwrap_or_default();
        pieces.push((at, r.clone(), source.get(r.clone()) == Some(t)));
        at += t.len();
    }
    let to_source = |k: usize| {
        let i = pieces
            .partition_point(|(s, _, _)| *s <= k)
            .saturating_sub(1);
        let (s, r, exact) = &pieces[i];
        match k - s {
            // A piece made by a Markdown escape (`\\(` gives `\` and `(`)
            // starts after its backslash; the formula starts at it.
            0 if r.start > 0 && source.as_bytes()[r.start - 1] == b'\\' => r.start - 1,
            0 => r.start,
            d if *exact && d <= r.len() => r.start + d,
            _ => r.end,
        }
    };
    let text_event = |from: usize, to: usize| {
        (
            Event::Text(CowStr::from(joined[from..to].to_string())),
            to_source(from)..to_source(to),
        )
    };
    let mut formulas = found.into_iter().peekable();
    let mut pos = 0;
    for (i, (e, r)) in run.drain(..).enumerate() {
        let start = pieces[i].0;
        let end = start + text_of(&e).map_or(0, str::len);
        let mut whole = Some((e, r));
        while pos < end {
            match formulas.peek() {
                Some(f) if f.start < end => {
                    if pos < f.start {
                        out.push(text_event(pos, f.start));
                    }
                    let written = CowStr::from(joined[f.start..f.end].to_string());
                    let event = if f.display {
                        Event::DisplayMath(written)
                    } else {
                        Event::InlineMath(written)
                    };
                    out.push((event, to_source(f.start)..to_source(f.end)));
                    pos = f.end;
                    formulas.next();
                }
                _ => {
                    match whole.take() {
                        Some(piece) if pos == start => out.push(piece),
                        _ => out.push(text_event(pos, end)),
                    }
                    pos = end;
                }
            }
        }
    }
}

/// The converter, made on a page's first formula.
pub(super) struct Converter(LatexToMathML);

impl Converter {
    fn new() -> Converter {
        let config = MathCoreConfig::default();
        Converter(LatexToMathML::new(config).expect("no macros to parse"))
    }

    /// The formula's MathML, its TeX as `alttext` for screen readers that
    /// read no MathML; or why it cannot be converted.
    fn mathml(&self, tex: &str, display: bool) -> Result<String, String> {
        let mode = if display {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        let mathml = self
            .0
            .convert_with_local_state(tex, mode)
            .map_err(|e| e.error_message())?
            .mathml;
        let rest = mathml.strip_prefix("<math").unwrap_or(&mathml);
        Ok(format!(
            "<math alttext=\"{}\"{rest}",
            escape::html(tex.trim())
        ))
    }
}

impl<'a> Renderer<'_, 'a> {
    /// A formula found by [`delimit`], `written` with its delimiters.
    pub(super) fn formula(&mut self, written: CowStr<'a>, display: bool, range: Range<usize>) {
        // An image's alt text and a heading's id take the text as mdBook
        // has it; MathJax changes neither.
        if self.image_depth > 0 {
            self.push(Event::Text(written));
            return;
        }
        let tex = tex_of(&written);
        if let Some(h) = &mut self.heading {
            h.text.push_str(&written);
        } else {
            self.search_text(tex);
        }
        let converter = self.math.get_or_insert_with(Converter::new);
        match converter.mathml(tex, display) {
            Ok(mathml) => self.html(mathml),
            Err(why) => {
                self.rendered.problems.push(Problem::At(
                    OffsetError::warning(
                        range.start,
                        format!("this formula cannot be converted to MathML: {why}"),
                    )
                    .with_help(
                        "the page shows its TeX as text; check the TeX (in Markdown, write `\\\\` \
                         for TeX's `\\` and `\\\\\\\\` for a line break `\\\\`, as for MathJax in mdBook)",
                    ),
                ));
                self.html(format!(
                    "<code class=\"math-error\">{}</code>",
                    escape::text(&written)
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(s: &str) -> Vec<(&str, bool)> {
        find(s)
            .into_iter()
            .map(|f| (&s[f.start..f.end], f.display))
            .collect()
    }

    #[test]
    fn finds_the_delimiters_mathjax_finds() {
        assert_eq!(
            spans(r"a \(x\) b \[y\] c $$z$$ d"),
            [(r"\(x\)", false), (r"\[y\]", true), ("$$z$$", true)]
        );
        assert!(spans("costs $5 and $10").is_empty());
        assert!(spans(r"an open \( without close").is_empty());
    }

    #[test]
    fn an_environment_is_its_own_delimiter() {
        assert_eq!(
            spans("Text \\begin{align} a &= b \\\\ c \\end{align} mehr"),
            [("\\begin{align} a &= b \\\\ c \\end{align}", true)]
        );
        assert_eq!(tex_of("\\begin{x}a\\end{x}"), "\\begin{x}a\\end{x}");
        assert_eq!(tex_of("$$a$$"), "a");
        assert!(spans("ä \\begin{align} ohne Ende").is_empty());
    }

    #[test]
    fn a_close_counts_outside_braces_and_escapes() {
        assert_eq!(spans(r"\( \{ \) x"), [(r"\( \{ \)", false)]);
        assert_eq!(spans(r"\( a \\) b \)"), [(r"\( a \\) b \)", false)]);
        assert_eq!(spans(r"\( {a \) b} \)"), [(r"\( {a \) b} \)", false)]);
        // Unbalanced braces: the first close, as tex2jax falls back to.
        assert_eq!(spans(r"\( {a \) b"), [(r"\( {a \)", false)]);
    }

    #[test]
    fn mathml_carries_the_tex_for_screen_readers() {
        let c = Converter::new();
        let m = c.mathml(r" a<b ", true).unwrap();
        assert!(
            m.starts_with("<math alttext=\"a&lt;b\" display=\"block\">"),
            "{m}"
        );
        assert!(c.mathml(r"\frac{1}{", false).is_err());
    }
}

#[cfg(test)]
mod render_tests {
    use crate::highlight::Highlighter;
    use crate::i18n::UiLang;
    use crate::markdown::{Inputs, MarkdownOptions, Rendered, render};
    use crate::page::Page;

    fn md(text: &str, math: bool) -> Rendered {
        let page = Inputs::plain(Page::new("page.md", "page.html", "Page"));
        let opts = MarkdownOptions {
            smart_punctuation: true,
            lang: UiLang::En,
            split_level: 3,
            math,
        };
        render(text, &page, &opts, &Highlighter::new(), None)
    }

    #[test]
    fn markdown_escapes_are_resolved_first_as_in_mdbook() {
        // `\\` is `\`, `\_` is `_`, `\{` is `{` (a TeX group, as MathJax saw it).
        let r = md("A \\\\( a \\* b\\_1 \\{x\\} \\\\) z\n", true);
        assert!(
            r.html.contains("<p>A <math alttext=\"a * b_1 {x}\">"),
            "{}",
            r.html
        );
        assert!(r.html.ends_with("</math> z</p>\n"), "{}", r.html);
        assert_eq!(r.sections[0].text, "A a * b_1 {x} z");
    }

    #[test]
    fn a_formula_spans_lines_but_not_elements() {
        let r = md("\\\\[\na \\\\\\\\ b\n\\\\]\n\n\\\\( a *b* \\\\)\n", true);
        assert!(
            r.html
                .contains("<p><math alttext=\"a \\\\ b\" display=\"block\">"),
            "{}",
            r.html
        );
        // Emphasis inside ends MathJax's search: text, as in mdBook.
        assert!(r.html.contains("<p>\\( a <em>b</em> \\)</p>"), "{}", r.html);
    }

    #[test]
    fn without_the_switch_or_delimiters_nothing_changes() {
        let text = "Inline \\\\( x \\\\) and $$ y $$ and `\\\\( z \\\\)`.\n";
        let off = md(text, false);
        assert!(!off.html.contains("<math"), "{}", off.html);
        let on = md(text, true);
        assert_eq!(on.html.matches("<math").count(), 2, "{}", on.html);
        assert!(
            on.html.contains("<code>\\\\( z \\\\)</code>"),
            "{}",
            on.html
        );
        assert!(!super::may_have_formulas("Prices: $5 and $10, f(x) [a]."));
    }

    #[test]
    fn a_bad_formula_is_a_warning_at_its_delimiter() {
        let r = md("Text.\n\nBad \\\\( \\frac{1}{ \\\\) here\n", true);
        let [crate::shortcode::Problem::At(e)] = r.problems.as_slice() else {
            panic!("{:?}", r.problems)
        };
        assert_eq!(e.offset, 11, "at the `\\\\(`");
        assert!(e.message.contains("cannot be converted"), "{}", e.message);
        assert!(
            r.html
                .contains("Bad <code class=\"math-error\">\\( \\frac{1}{ \\)</code> here"),
            "{}",
            r.html
        );
    }
}
