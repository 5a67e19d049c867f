//! The built-in `diagram` shortcode: figures drawn at build time as inline
//! SVG with real text, coloured through CSS classes (so they follow the light
//! and dark theme), inside `<figure>` with a caption and a text alternative.
//!
//! Kinds and their body formats are documented in the author guide:
//! `stack` (layer stacks), `flow` (boxes and labelled arrows) and `layers`
//! (who manages which layer of a service).

pub mod flow;
pub mod layers;
pub mod stack;
pub mod svg;

use std::fmt::Write as _;

use svg::esc;

/// A problem in a diagram's body, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

impl BodyError {
    pub fn new(offset: usize, message: impl Into<String>, help: &str) -> Self {
        BodyError {
            offset,
            message: message.into(),
            help: (!help.is_empty()).then(|| help.to_string()),
        }
    }
}

/// The body's non-empty lines with their byte offsets; `#` starts a comment line.
pub fn body_lines(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let lead = text.len() - text.trim_start().len();
            out.push((offset + lead, trimmed));
        }
        offset += line.len();
    }
    out
}

/// What every figure needs besides its drawing.
pub struct FigureInfo<'a> {
    /// Unique on the page: prefixes the ids inside the figure.
    pub id: &'a str,
    pub caption: Option<&'a str>,
    /// The author's text alternative; otherwise one made from the body.
    pub alt: Option<&'a str>,
}

/// `<figure>` around one or more SVGs, with caption and a text alternative
/// that screen readers (and the search) get instead of the drawing.
pub fn figure(kind: &str, info: &FigureInfo, svgs: &[String], generated_alt: &str) -> String {
    let id = info.id;
    let mut out =
        format!("<figure class=\"diagram diagram-{kind}\" id=\"{id}\">\n<div class=\"dg-row\">");
    for s in svgs {
        out.push_str(s);
    }
    out.push_str("</div>\n");
    if let Some(c) = info.caption {
        let _ = writeln!(out, "<figcaption id=\"{id}-cap\">{}</figcaption>", esc(c));
    }
    let alt = match info.alt {
        Some(a) => format!("<p>{}</p>", esc(a)),
        None => generated_alt.to_string(),
    };
    let _ = writeln!(
        out,
        "<div class=\"visually-hidden\" id=\"{id}-alt\">{alt}</div>\n</figure>"
    );
    out
}

/// The opening `<svg>` tag: scales down with the page, labelled by the caption
/// and described by the text alternative.
pub fn svg_open(info: &FigureInfo, width: f64, height: f64, label: Option<&str>) -> String {
    let id = info.id;
    let name = match (label, info.caption) {
        (Some(l), _) => format!("aria-label=\"{}\"", esc(l)),
        (None, Some(_)) => format!("aria-labelledby=\"{id}-cap\""),
        (None, None) => format!("aria-labelledby=\"{id}-alt\""),
    };
    format!(
        "<svg class=\"dg\" role=\"img\" {name} aria-describedby=\"{id}-alt\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        w = width.ceil(),
        h = height.ceil()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_lines_skip_blanks_and_comments() {
        let lines = body_lines("\n  a | b\n# note\n\nc\n");
        assert_eq!(lines, vec![(3, "a | b"), (17, "c")]);
    }
}
