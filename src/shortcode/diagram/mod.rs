//! The built-in `diagram` shortcode: figures drawn at build time as inline
//! SVG with real text, coloured through CSS classes (so they follow the light
//! and dark theme), inside `<figure>` with a caption and a text alternative.
//!
//! Kinds and their body formats are documented in the author guide:
//! `stack` (layer stacks), `flow` (boxes and labelled arrows) and `layers`
//! (who manages which layer of a service).

pub mod fit;
pub mod flow;
mod flow_list;
mod flow_ranked;
pub mod geometry;
pub mod layers;
pub mod stack;
pub mod svg;

use std::fmt::Write as _;

use super::builtin::{BodyRule, BuiltIn, Invocation, Param};
use super::{Markup, Problem};
use crate::diag::OffsetError;
use crate::escape;

pub const BUILT_IN: BuiltIn = BuiltIn {
    name: "diagram",
    params: &[
        Param::str("kind").required(),
        Param::str("caption"),
        Param::str("alt"),
        Param::str("direction"),
        Param::str("customer"),
        Param::str("provider"),
    ],
    body: BodyRule::Required {
        example: "`{% diagram(kind=\"stack\") %}`, the lines of the figure, then `{% end %}`",
    },
    id_prefix: "fig",
    expand,
};

/// The figure of one `diagram` call.
fn expand(inv: &Invocation, _: &mut Markup) -> Result<String, Problem> {
    let body = inv.required_body();
    let ui = inv.ctx.lang.strings();
    let info = FigureInfo {
        id: inv.id,
        caption: inv.str_arg("caption"),
        alt: inv.str_arg("alt"),
    };
    let kind_arg = inv.arg("kind").expect("checked: required");
    let kind = inv.str_arg("kind").unwrap_or_default();
    let only_for = |name: &str, kinds: &[&str]| -> Result<(), Problem> {
        match inv.arg(name) {
            Some(a) if !kinds.contains(&kind) => Err(OffsetError::new(
                a.name_span.start,
                format!("`{name}` is for diagrams of kind {}", kinds.join(" or ")),
            )
            .into()),
            _ => Ok(()),
        }
    };
    only_for("direction", &["flow"])?;
    only_for("customer", &["layers"])?;
    only_for("provider", &["layers"])?;
    let result = match kind {
        "stack" => stack::render(&body.text, &info, ui.diagram_above),
        "flow" => {
            let dir = match inv.arg("direction") {
                None => flow::Direction::LeftRight,
                Some(a) => inv
                    .str_arg("direction")
                    .and_then(flow::Direction::parse)
                    .ok_or_else(|| {
                        OffsetError::new(
                            a.value_span.start,
                            "`direction` must be \"lr\" (left to right) or \"tb\" (top down)",
                        )
                    })?,
            };
            flow::render(&body.text, &info, dir, ui.diagram_flow)
        }
        "layers" => {
            let owners = layers::Owners {
                customer: inv.str_arg("customer").unwrap_or(ui.diagram_customer),
                provider: inv.str_arg("provider").unwrap_or(ui.diagram_provider),
                example: inv.ctx.lang.examples().layers,
            };
            layers::render(&body.text, &info, &owners)
        }
        other => {
            return Err(OffsetError::new(
                kind_arg.value_span.start,
                format!("unknown diagram kind `{other}`"),
            )
            .with_help("kinds: \"stack\" (layer stacks), \"flow\" (boxes and arrows), \"layers\" (who manages what)")
            .into());
        }
    };
    result.map_err(|mut e| {
        e.message = format!("diagram (kind \"{kind}\"): {}", e.message);
        inv.in_body(e)
    })
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
/// `row_class` is [`fit::Fit::row_class`] when the figure holds two layouts.
pub fn figure(
    kind: &str,
    info: &FigureInfo,
    row_class: Option<String>,
    svgs: &[String],
    generated_alt: &str,
) -> String {
    let id = info.id;
    let row = match row_class {
        Some(c) => format!("dg-row {c}"),
        None => "dg-row".to_string(),
    };
    let mut out =
        format!("<figure class=\"diagram diagram-{kind}\" id=\"{id}\">\n<div class=\"{row}\">");
    for s in svgs {
        out.push_str(s);
    }
    out.push_str("</div>\n");
    if let Some(c) = info.caption {
        let _ = writeln!(
            out,
            "<figcaption id=\"{id}-cap\">{}</figcaption>",
            escape::html(c)
        );
    }
    let alt = match info.alt {
        Some(a) => format!("<p>{}</p>", escape::html(a)),
        None => generated_alt.to_string(),
    };
    let _ = writeln!(
        out,
        "<div class=\"visually-hidden\" id=\"{id}-alt\">{alt}</div>\n</figure>"
    );
    out
}

/// The opening `<svg>` tag: scales down with the page, labelled by the caption
/// and described by the text alternative. `variant` is `dg-wide` or
/// `dg-narrow` when the figure holds two layouts, else empty.
pub fn svg_open(
    info: &FigureInfo,
    width: f64,
    height: f64,
    label: Option<&str>,
    variant: &str,
) -> String {
    let id = info.id;
    let name = match (label, info.caption) {
        (Some(l), _) => format!("aria-label=\"{}\"", escape::html(l)),
        (None, Some(_)) => format!("aria-labelledby=\"{id}-cap\""),
        (None, None) => format!("aria-labelledby=\"{id}-alt\""),
    };
    format!(
        "<svg class=\"dg{v}\" role=\"img\" {name} aria-describedby=\"{id}-alt\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        w = width.ceil(),
        h = height.ceil(),
        v = if variant.is_empty() {
            String::new()
        } else {
            format!(" {variant}")
        }
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
