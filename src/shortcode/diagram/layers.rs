//! `kind="layers"`: for each service, which layers the customer manages and
//! which the provider manages (the shared-responsibility picture).
//!
//! Body: the first line lists the layers from top to bottom, separated by `|`;
//! each further line is `Service: N`, N being how many of the top layers the
//! customer manages. Cells carry their owner as text, not colour alone.

use std::fmt::Write as _;

use super::fit::{self, Fit};
use super::svg::{FONT_SIZE, LINE_HEIGHT, text_block, text_width, wrap};
use super::{FigureInfo, body_lines, figure, svg_open};
use crate::diag::OffsetError;
use crate::escape;

struct Service {
    name: String,
    customer: usize,
}

/// The owners' names: short for the cells, as shown in the legend; and the
/// example first line help texts show, in the book's language.
pub struct Owners<'a> {
    pub customer: &'a str,
    pub provider: &'a str,
    pub example: &'a str,
}

fn parse(body: &str, example: &str) -> Result<(Vec<String>, Vec<Service>), OffsetError> {
    let lines = body_lines(body);
    let Some(&(_, first)) = lines.first() else {
        return Err(OffsetError::new(0, "the layers diagram is empty").with_help("first line: the layers, top to bottom, separated by `|`; then one `Service: N` per line"));
    };
    let layers: Vec<String> = first.split('|').map(|l| l.trim().to_string()).collect();
    if layers.iter().any(String::is_empty) || layers.len() < 2 {
        return Err(OffsetError::new(
            lines[0].0,
            "the first line must list at least two layers, separated by `|`",
        )
        .with_help(format!("e.g. `{example}`")));
    }
    let mut services = Vec::new();
    for &(offset, line) in &lines[1..] {
        let Some((name, n)) = line.rsplit_once(':') else {
            return Err(OffsetError::new(offset, "expected `Service: N`")
                .with_help("N is how many of the top layers the customer manages"));
        };
        let customer: usize = n.trim().parse().map_err(|_| {
            OffsetError::new(offset, format!("`{}` is not a number of layers", n.trim()))
                .with_help("write a whole number, e.g. `Lambda: 1`")
        })?;
        if customer > layers.len() {
            return Err(OffsetError::new(
                offset,
                format!("{customer} layers, but the diagram has {}", layers.len()),
            ));
        }
        services.push(Service {
            name: name.trim().to_string(),
            customer,
        });
    }
    if services.is_empty() {
        return Err(OffsetError::new(lines[0].0, "no services below the layers")
            .with_help("add lines like `EC2: 4`"));
    }
    Ok((layers, services))
}

const PAD: f64 = 8.0;
const GAP: f64 = 4.0;
const MARGIN: f64 = 2.0;
const ROW_H: f64 = 34.0;
/// On a phone each layer's name stands on its own line above its cells, this high.
const CELL_H: f64 = 26.0;

pub fn render(body: &str, info: &FigureInfo, owners: &Owners) -> Result<String, OffsetError> {
    let (layers, services) = parse(body, owners.example)?;
    let (wide, wide_w) = draw(&layers, &services, owners, info, false);
    let fit = fit::choose(wide_w, FONT_SIZE);
    let svgs = match fit {
        Fit::Wide => vec![wide],
        Fit::Narrow => vec![draw(&layers, &services, owners, info, true).0],
        Fit::Both(_) => vec![
            wide.replacen("class=\"dg\"", "class=\"dg dg-wide\"", 1),
            draw(&layers, &services, owners, info, true).0.replacen(
                "class=\"dg\"",
                "class=\"dg dg-narrow\"",
                1,
            ),
        ],
    };
    let mut alt = String::from("<ul>");
    for s in &services {
        let _ = write!(
            alt,
            "<li>{}: {} – {}; {} – {}</li>",
            escape::html(&s.name),
            escape::html(owners.customer),
            escape::html(&layers[..s.customer].join(", ")),
            escape::html(owners.provider),
            escape::html(&layers[s.customer..].join(", "))
        );
    }
    alt.push_str("</ul>");
    Ok(figure("layers", info, fit.row_class(), &svgs, &alt))
}

/// One layout as an SVG and its width: layer names in a column left of the
/// cells, or (`narrow`) each above its row of cells, with narrower columns.
fn draw(
    layers: &[String],
    services: &[Service],
    owners: &Owners,
    info: &FigureInfo,
    narrow: bool,
) -> (String, f64) {
    let (name_wrap, head_wrap, pad) = if narrow {
        (320.0, 60.0, 4.0)
    } else {
        (170.0, 110.0, PAD)
    };
    // Long layer names wrap (rather than run into the first column); a
    // wrapped row grows to fit its lines.
    let labels: Vec<Vec<String>> = layers
        .iter()
        .map(|l| wrap(l, name_wrap, FONT_SIZE))
        .collect();
    let label_w = if narrow {
        0.0
    } else {
        labels
            .iter()
            .flatten()
            .map(|l| text_width(l, FONT_SIZE))
            .fold(0.0, f64::max)
            + 2.0 * PAD
    };
    let row_h: Vec<f64> = labels
        .iter()
        .map(|l| {
            if narrow {
                l.len() as f64 * LINE_HEIGHT + 4.0 + CELL_H
            } else {
                ROW_H.max(l.len() as f64 * LINE_HEIGHT + PAD)
            }
        })
        .collect();
    let head: Vec<Vec<String>> = services
        .iter()
        .map(|s| wrap(&s.name, head_wrap, FONT_SIZE))
        .collect();
    let col_w = head
        .iter()
        .flatten()
        .map(|l| text_width(l, FONT_SIZE))
        .chain([
            text_width(owners.customer, FONT_SIZE),
            text_width(owners.provider, FONT_SIZE),
        ])
        .fold(60.0, f64::max)
        + 2.0 * pad;
    let head_h = head.iter().map(Vec::len).max().unwrap_or(1) as f64 * LINE_HEIGHT + 2.0 * PAD;
    let grid_w = label_w + services.len() as f64 * (col_w + GAP);
    let width = MARGIN * 2.0
        + if narrow {
            grid_w.max(
                labels
                    .iter()
                    .flatten()
                    .map(|l| text_width(l, FONT_SIZE))
                    .fold(0.0, f64::max)
                    + PAD,
            )
        } else {
            grid_w
        };
    // Cells of a narrow layout sit below their layer's name.
    let cells_h = |h: f64| if narrow { CELL_H } else { h };
    let grid_bottom = MARGIN + head_h + GAP + row_h.iter().map(|h| h + GAP).sum::<f64>();
    let legend_y = grid_bottom + 10.0;
    let height = legend_y + 28.0;

    let width = if narrow { width } else { width.max(320.0) };
    let mut out = svg_open(info, width, height, None, "");
    for (j, name) in head.iter().enumerate() {
        let cx = MARGIN + label_w + GAP + j as f64 * (col_w + GAP) + col_w / 2.0;
        text_block(&mut out, name, cx, MARGIN + head_h / 2.0, "dg-title");
    }
    let mut y = MARGIN + head_h + GAP;
    for (i, (label, &h)) in labels.iter().zip(&row_h).enumerate() {
        let x = MARGIN + PAD;
        let top = if narrow {
            y + LINE_HEIGHT / 2.0 + 2.0
        } else {
            y + h / 2.0 - (label.len() as f64 - 1.0) * LINE_HEIGHT / 2.0
        };
        let x = if narrow { MARGIN + 2.0 } else { x };
        let (cy, ch) = (y + h - cells_h(h), cells_h(h));
        let _ = write!(
            out,
            "<text class=\"dg-text\" x=\"{x:.1}\" y=\"{top:.1}\" dominant-baseline=\"central\">"
        );
        for (k, line) in label.iter().enumerate() {
            let dy = if k == 0 { 0.0 } else { LINE_HEIGHT };
            let _ = write!(
                out,
                "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>",
                escape::html(line)
            );
        }
        out.push_str("</text>");
        for (j, s) in services.iter().enumerate() {
            let x = MARGIN + label_w + GAP + j as f64 * (col_w + GAP);
            let (class, who) = if i < s.customer {
                ("dg-you", owners.customer)
            } else {
                ("dg-provider", owners.provider)
            };
            let _ = write!(
                out,
                "<rect class=\"dg-box {class}\" x=\"{x:.1}\" y=\"{cy:.1}\" width=\"{col_w:.1}\" height=\"{ch:.1}\" rx=\"4\"/>"
            );
            text_block(
                &mut out,
                &[who.to_string()],
                x + col_w / 2.0,
                cy + ch / 2.0,
                &format!("dg-text {class}-text"),
            );
        }
        y += h + GAP;
    }
    // Legend: the same swatches with the full names.
    let mut x = MARGIN;
    for (class, who) in [
        ("dg-you", owners.customer),
        ("dg-provider", owners.provider),
    ] {
        let _ = write!(
            out,
            "<rect class=\"dg-box {class}\" x=\"{x:.1}\" y=\"{legend_y:.1}\" width=\"18\" height=\"18\" rx=\"3\"/>"
        );
        let _ = write!(
            out,
            "<text class=\"dg-text\" x=\"{:.1}\" y=\"{:.1}\" dominant-baseline=\"central\">{}</text>",
            x + 26.0,
            legend_y + 9.0,
            escape::html(who)
        );
        x += 26.0 + text_width(who, FONT_SIZE) + 24.0;
    }
    out.push_str("</svg>");
    (out, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWNERS: Owners = Owners {
        customer: "Sie",
        provider: "AWS",
        example: "Anwendung | Server",
    };

    fn info() -> FigureInfo<'static> {
        FigureInfo {
            id: "dg-3",
            caption: Some("Wer verwaltet was?"),
            alt: None,
        }
    }

    #[test]
    fn cells_carry_their_owner() {
        let body =
            "Anwendung | Laufzeit | Betriebssystem | Server\nEC2: 3\nFargate: 2\nLambda: 1\n";
        let both = render(body, &info(), &OWNERS).unwrap();
        let (html, narrow) = both.split_once("</svg>").unwrap();
        assert_eq!(
            narrow.matches("class=\"dg-box dg-you\"").count(),
            3 + 2 + 1 + 1,
            "the narrow layout has the same cells"
        );
        assert_eq!(
            html.matches("class=\"dg-box dg-you\"").count(),
            3 + 2 + 1 + 1,
            "plus the legend"
        );
        assert_eq!(
            html.matches("class=\"dg-box dg-provider\"").count(),
            1 + 2 + 3 + 1
        );
        assert!(
            both.contains(
                "<li>Lambda: Sie – Anwendung; AWS – Laufzeit, Betriebssystem, Server</li>"
            ),
            "{both}"
        );
    }

    #[test]
    fn long_layer_names_wrap_and_their_rows_grow() {
        let body = "Anwendung und Docker Image des Teams | Laufzeit\nEC2: 1\n";
        let html = render(body, &info(), &OWNERS).unwrap();
        assert!(
            html.contains(
                ">Anwendung und Docker</tspan><tspan x=\"10.0\" dy=\"18\">Image des Teams</tspan>"
            ) || html.matches("<tspan x=\"10.0\"").count() > 2,
            "the long name is split over lines: {html}"
        );
        let heights: Vec<&str> = html
            .match_indices("class=\"dg-box dg-you\"")
            .map(|(i, _)| {
                let rest = &html[i..];
                let h = rest.find("height=\"").unwrap() + 8;
                &rest[h..h + rest[h..].find('"').unwrap()]
            })
            .collect();
        assert!(
            heights[0].parse::<f64>().unwrap() > ROW_H,
            "the wrapped row is taller than one line: {heights:?}"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = render("A | B\nEC2: x\n", &info(), &OWNERS).unwrap_err();
        assert_eq!(e.offset, 6);
        assert!(e.message.contains("not a number"));
        assert!(
            render("A | B\nEC2: 3\n", &info(), &OWNERS)
                .unwrap_err()
                .message
                .contains("3 layers")
        );
        assert!(
            render("A\nX: 1\n", &info(), &OWNERS)
                .unwrap_err()
                .message
                .contains("at least two")
        );
        assert!(
            render("A | B\n", &info(), &OWNERS)
                .unwrap_err()
                .message
                .contains("no services")
        );
        assert!(
            render("A | B\nEC2 3\n", &info(), &OWNERS)
                .unwrap_err()
                .message
                .contains("Service: N")
        );
    }
}
