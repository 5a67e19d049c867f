//! `kind="stack"`: layer stacks side by side, e.g. virtual machines vs. containers.
//!
//! Body: a `[Title]` line starts a stack; each following line is a layer,
//! top to bottom, its cells separated by `|`. A row with fewer cells than
//! the stack has columns spreads them evenly (one cell spans all); `*N` at the
//! end of a cell makes it span N columns. Each stack is its own SVG, so on a
//! phone the stacks wrap below each other instead of shrinking.

use std::fmt::Write as _;

use std::collections::HashMap;

use super::fit::{self, Fit};
use super::geometry::n;
use super::svg::{FONT_SIZE, LINE_HEIGHT, narrowest, text_block, text_width, wrap};
use super::{FigureInfo, body_lines, figure, svg_open};
use crate::diag::OffsetError;
use crate::escape;

struct Cell {
    text: String,
    span: usize,
}

struct Row {
    offset: usize,
    cells: Vec<Cell>,
}

struct Stack {
    title: Option<String>,
    rows: Vec<Row>,
}

const GAP: f64 = 6.0;
const PAD: f64 = 10.0;
const MARGIN: f64 = 2.0;
const TITLE_H: f64 = 30.0;
/// Between two stacks of one figure.
const STACK_GAP: f64 = 24.0;

fn parse(body: &str) -> Result<Vec<Stack>, OffsetError> {
    let mut stacks: Vec<Stack> = Vec::new();
    for (offset, line) in body_lines(body) {
        if let Some(title) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            stacks.push(Stack {
                title: Some(title.trim().to_string()),
                rows: Vec::new(),
            });
            continue;
        }
        if stacks.is_empty() {
            stacks.push(Stack {
                title: None,
                rows: Vec::new(),
            });
        }
        let mut cells = Vec::new();
        for part in line.split('|') {
            let part = part.trim();
            let (text, span) = match part.rsplit_once(" *") {
                Some((t, n)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
                    let span: usize = n.parse().unwrap_or(0);
                    if span == 0 || span > 12 {
                        return Err(OffsetError::new(
                            offset,
                            format!("span `*{n}` must be between 1 and 12"),
                        ));
                    }
                    (t.trim(), span)
                }
                _ => (part, 1),
            };
            if text.is_empty() {
                return Err(OffsetError::new(offset, "empty cell in a stack row")
                    .with_help("write a label between every pair of `|`"));
            }
            cells.push(Cell {
                text: text.to_string(),
                span,
            });
        }
        stacks
            .last_mut()
            .expect("pushed above")
            .rows
            .push(Row { offset, cells });
    }
    if stacks.is_empty() {
        return Err(OffsetError::new(0, "the stack diagram is empty")
            .with_help("write one layer per line, top to bottom; `[Title]` starts a stack"));
    }
    for s in &mut stacks {
        let Some(first) = s.rows.first() else {
            return Err(OffsetError::new(
                0,
                format!("stack `{}` has no layers", s.title.as_deref().unwrap_or("")),
            )
            .with_help("write its layers below the `[Title]` line"));
        };
        let _ = first;
        let columns = s
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.span).sum::<usize>())
            .max()
            .unwrap_or(1);
        for row in &mut s.rows {
            let sum: usize = row.cells.iter().map(|c| c.span).sum();
            if sum == columns {
                continue;
            }
            if columns % sum != 0 {
                return Err(OffsetError::new(
                    row.offset,
                    format!("this layer fills {sum} of {columns} columns"),
                )
                .with_help("mark how many columns a cell spans, e.g. `Hypervisor *2`"));
            }
            for c in &mut row.cells {
                c.span *= columns / sum;
            }
        }
    }
    Ok(stacks)
}

/// "App A", "App B" and "App 2" are the same kind of layer: one colour.
fn colour_key(label: &str) -> String {
    let lower = label.to_lowercase();
    match lower.rsplit_once(' ') {
        Some((head, tail))
            if tail.chars().count() == 1 || tail.chars().all(|c| c.is_ascii_digit()) =>
        {
            head.to_string()
        }
        _ => lower,
    }
}

/// Colours 1–6 by first appearance, so a figure's stacks share them: the
/// same layer ("Host-OS") has the same colour in every stack.
fn colours(stacks: &[Stack]) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for s in stacks {
        for r in &s.rows {
            for c in &r.cells {
                let n = map.len();
                map.entry(colour_key(&c.text)).or_insert(n % 6 + 1);
            }
        }
    }
    map
}

/// A stack's column width, its cells' wrapped labels and its row heights.
struct Layout {
    col: f64,
    wrapped: Vec<Vec<Vec<String>>>,
    heights: Vec<f64>,
}

/// `narrow`: columns as narrow as the longest word (cut after `-` or `/`)
/// allows, for a phone; else room for a label on two lines.
fn layout(stack: &Stack, narrow: bool) -> Layout {
    // Column width: wide enough for every cell's longest word, and for each
    // cell's whole label on at most two lines where that stays reasonable.
    let (mut col, pad): (f64, f64) = if narrow { (70.0, 4.0) } else { (84.0, PAD) };
    for row in &stack.rows {
        for c in &row.cells {
            // A long word is cut after `-` or `/` rather than widen every column.
            let whole = c
                .text
                .split_whitespace()
                .map(|w| text_width(w, FONT_SIZE))
                .fold(0.0, f64::max);
            let longest_word = if narrow {
                narrowest(&c.text, FONT_SIZE)
            } else if whole <= 110.0 {
                whole
            } else {
                narrowest(&c.text, FONT_SIZE).max(110.0)
            };
            let half = if narrow {
                0.0
            } else {
                text_width(&c.text, FONT_SIZE) / 2.0
            };
            let wanted = half.max(longest_word).min(150.0) + 2.0 * pad;
            let k = c.span as f64;
            col = col.max((wanted - (k - 1.0) * GAP) / k);
        }
    }
    let wrapped: Vec<Vec<Vec<String>>> = stack
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|c| {
                    let w = c.span as f64 * col + (c.span as f64 - 1.0) * GAP - 2.0 * pad;
                    wrap(&c.text, w, FONT_SIZE)
                })
                .collect()
        })
        .collect();
    let heights = wrapped
        .iter()
        .map(|cells: &Vec<Vec<String>>| {
            (cells.iter().map(Vec::len).max().unwrap_or(1) as f64 * LINE_HEIGHT + 2.0 * PAD)
                .max(40.0)
        })
        .collect();
    Layout {
        col,
        wrapped,
        heights,
    }
}

/// Stacks stand side by side on a shared base (hardware, host OS): rows at
/// the same distance from the bottom get the same height, so they line up.
fn align_rows(layouts: &mut [Layout]) {
    let depth = layouts.iter().map(|l| l.heights.len()).max().unwrap_or(0);
    for k in 0..depth {
        let h = layouts
            .iter()
            .filter_map(|l| l.heights.iter().rev().nth(k))
            .fold(0.0, |a: f64, b| a.max(*b));
        for l in layouts.iter_mut() {
            if let Some(x) = l.heights.iter_mut().rev().nth(k) {
                *x = h;
            }
        }
    }
}

/// Draws one stack with its top-left corner at (x0, y0); returns its size.
fn draw(
    out: &mut String,
    stack: &Stack,
    layout: &Layout,
    (x0, y0): (f64, f64),
    colours: &HashMap<String, usize>,
) -> (f64, f64) {
    let columns = stack.rows[0].cells.iter().map(|c| c.span).sum::<usize>();
    let col = layout.col;
    let width = columns as f64 * col + (columns as f64 - 1.0) * GAP;
    if let Some(t) = &stack.title {
        let _ = write!(
            out,
            "<text class=\"dg-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            n(x0 + width / 2.0),
            n(y0 + 18.0),
            escape::html(t)
        );
    }
    let mut y = y0 + if stack.title.is_some() { TITLE_H } else { 0.0 };
    for ((row, wrapped), &h) in stack.rows.iter().zip(&layout.wrapped).zip(&layout.heights) {
        let mut x = x0;
        for (c, lines) in row.cells.iter().zip(wrapped) {
            let w = c.span as f64 * col + (c.span as f64 - 1.0) * GAP;
            let colour = colours[&colour_key(&c.text)];
            let _ = write!(
                out,
                "<rect class=\"dg-box dg-c{colour}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
                n(x),
                n(y),
                n(w),
                n(h)
            );
            text_block(
                out,
                lines,
                x + w / 2.0,
                y + h / 2.0,
                &format!("dg-text dg-t{colour}"),
            );
            x += w + GAP;
        }
        y += h + GAP;
    }
    (width, y - GAP - y0)
}

/// The size of a stack as [`draw`] draws it.
fn size(stack: &Stack, layout: &Layout) -> (f64, f64) {
    let columns = stack.rows[0].cells.iter().map(|c| c.span).sum::<usize>() as f64;
    let title = if stack.title.is_some() { TITLE_H } else { 0.0 };
    (
        columns * layout.col + (columns - 1.0) * GAP,
        title + layout.heights.iter().map(|h| h + GAP).sum::<f64>() - GAP,
    )
}

/// All stacks of a figure in one SVG, so they share one scale: side by side
/// on a common base (rows matched from the bottom), or one above the other.
fn compose(
    info: &FigureInfo,
    stacks: &[Stack],
    layouts: &[Layout],
    colours: &HashMap<String, usize>,
    side_by_side: bool,
    variant: &str,
) -> (String, f64) {
    let sizes: Vec<(f64, f64)> = stacks
        .iter()
        .zip(layouts)
        .map(|(s, l)| size(s, l))
        .collect();
    let (width, height) = if side_by_side {
        (
            sizes.iter().map(|s| s.0).sum::<f64>() + STACK_GAP * (sizes.len() - 1) as f64,
            sizes.iter().map(|s| s.1).fold(0.0, f64::max),
        )
    } else {
        (
            sizes.iter().map(|s| s.0).fold(0.0, f64::max),
            sizes.iter().map(|s| s.1).sum::<f64>() + STACK_GAP * (sizes.len() - 1) as f64,
        )
    };
    let mut body = String::new();
    let mut at = MARGIN;
    for ((stack, layout), &(w, h)) in stacks.iter().zip(layouts).zip(&sizes) {
        if side_by_side {
            draw(&mut body, stack, layout, (at, MARGIN + height - h), colours);
            at += w + STACK_GAP;
        } else {
            draw(
                &mut body,
                stack,
                layout,
                (MARGIN + (width - w) / 2.0, at),
                colours,
            );
            at += h + STACK_GAP;
        }
    }
    let (w, h) = (width + 2.0 * MARGIN, height + 2.0 * MARGIN);
    let mut out = svg_open(info, w, h, None, variant);
    out.push_str(&body);
    out.push_str("</svg>");
    (out, w)
}

/// Each stack as one line, top to bottom: "Container: App A, App B über Docker Engine über …".
fn alternative(stacks: &[Stack], above: &str) -> String {
    let mut out = String::from("<ul>");
    for s in stacks {
        out.push_str("<li>");
        if let Some(t) = &s.title {
            let _ = write!(out, "{}: ", escape::html(t));
        }
        let rows: Vec<String> = s
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| escape::html(&c.text))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        out.push_str(&rows.join(above));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

pub fn render(body: &str, info: &FigureInfo, above: &str) -> Result<String, OffsetError> {
    let stacks = parse(body)?;
    let colours = colours(&stacks);
    let mut wide: Vec<Layout> = stacks.iter().map(|s| layout(s, false)).collect();
    align_rows(&mut wide);
    let (side, side_w) = compose(info, &stacks, &wide, &colours, true, "");
    let narrow = |variant| {
        let layouts: Vec<Layout> = stacks.iter().map(|s| layout(s, true)).collect();
        compose(info, &stacks, &layouts, &colours, false, variant).0
    };
    let fit = if stacks.len() == 1 {
        // One stack has nothing to stand beside: its narrow columns suffice.
        match fit::choose(side_w, FONT_SIZE) {
            Fit::Wide => Fit::Wide,
            _ => Fit::Narrow,
        }
    } else {
        fit::choose(side_w, FONT_SIZE)
    };
    let svgs = match fit {
        Fit::Wide => vec![side],
        Fit::Narrow => vec![narrow("")],
        Fit::Both(_) => vec![
            side.replacen("class=\"dg\"", "class=\"dg dg-wide\"", 1),
            narrow("dg-narrow"),
        ],
    };
    let alt = alternative(&stacks, above);
    Ok(figure("stack", info, fit.row_class(), &svgs, &alt))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VM_VS_CONTAINER: &str = "[Virtuelle Maschinen]\nApp A | App B | App C\nBins/Libs | Bins/Libs | Bins/Libs\nGast-OS | Gast-OS | Gast-OS\nHypervisor\nHost-OS\nInfrastruktur\n[Container]\nApp A | App B | App C\nBins/Libs | Bins/Libs | Bins/Libs\nDocker Engine\nHost-OS\nInfrastruktur\n";

    fn info() -> FigureInfo<'static> {
        FigureInfo {
            id: "dg-1",
            caption: Some("VM vs. Container"),
            alt: None,
        }
    }

    #[test]
    fn vm_vs_container_in_under_fifteen_lines() {
        assert!(VM_VS_CONTAINER.lines().count() + 2 <= 15);
        let both = render(VM_VS_CONTAINER, &info(), " über ").unwrap();
        assert_eq!(
            both.matches("<svg").count(),
            2,
            "both stacks in one SVG (one scale), side by side and one above the other"
        );
        assert!(both.contains("<div class=\"dg-row dg-at-"), "{both}");
        let html = &both[..both.find("</svg>").unwrap()];
        assert_eq!(html.matches("dg-box").count(), 3 * 3 + 3 + 3 * 2 + 3);
        assert!(both.contains("<figcaption id=\"dg-1-cap\">VM vs. Container</figcaption>"));
        assert!(both.contains("Container: App A, App B, App C über Bins/Libs, Bins/Libs, Bins/Libs über Docker Engine über Host-OS über Infrastruktur"), "{both}");
        // One colour per kind of layer, shared by both stacks: App, Bins/Libs,
        // Gast-OS, Hypervisor, Host-OS, Infrastruktur, then Docker Engine wraps to 1.
        assert_eq!(html.matches("dg-box dg-c1\"").count(), 3 + 3 + 1, "{html}");
        assert_eq!(
            html.matches("dg-box dg-c5\"").count(),
            2,
            "Host-OS in both stacks"
        );
    }

    /// The y of every box labelled `label`, in order.
    fn ys_of(svg: &str, label: &str) -> Vec<f64> {
        svg.match_indices(&format!(">{label}</tspan>"))
            .map(|(i, _)| {
                let rect = svg[..i].rfind("<rect").unwrap();
                let y = &svg[rect + svg[rect..].find(" y=\"").unwrap() + 4..];
                y[..y.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn side_by_side_the_base_lines_up_one_above_the_other_below_it() {
        let both = render(VM_VS_CONTAINER, &info(), " über ").unwrap();
        let (wide, narrow) = both.split_once("</svg>").unwrap();
        assert!(wide.contains("class=\"dg dg-wide\"") && narrow.contains("class=\"dg dg-narrow\""));
        for label in ["Infrastruktur", "Host-OS"] {
            let ys = ys_of(wide, label);
            assert_eq!(ys.len(), 2);
            assert_eq!(ys[0], ys[1], "{label} lines up side by side");
            let ys = ys_of(narrow, label);
            assert!(
                ys[1] > ys[0] + 100.0,
                "{label}: the second stack stands below"
            );
        }
        // The narrow layout fits a 360 px phone with its text at 12 px or more.
        let width: f64 = {
            let w = &narrow[narrow.find("width=\"").unwrap() + 7..];
            w[..w.find('"').unwrap()].parse().unwrap()
        };
        assert!(FONT_SIZE * 328.0 / width >= fit::MIN_TEXT_PX, "{width}");
    }

    #[test]
    fn rows_line_up_from_the_bottom_across_stacks() {
        let body = "[Eins]\nApp\nBetriebssystem mit einem sehr langen Namen der umbricht\nEC2-Instanz\n[Zwei]\nDocker\nHost\nEC2-Instanz\n";
        let stacks = parse(body).unwrap();
        let mut layouts: Vec<Layout> = stacks.iter().map(|s| layout(s, false)).collect();
        assert!(
            layouts[0].heights[1] > layouts[1].heights[1],
            "the long label wraps"
        );
        align_rows(&mut layouts);
        assert_eq!(layouts[0].heights, layouts[1].heights);
        let short =
            parse("[A]\nX\nY\nZ\n[B]\nY lang lang lang lang lang lang lang lang\nZ\n").unwrap();
        let mut layouts: Vec<Layout> = short.iter().map(|s| layout(s, false)).collect();
        align_rows(&mut layouts);
        assert_eq!(
            layouts[0].heights[1], layouts[1].heights[0],
            "second-to-last rows match"
        );
        assert_eq!(
            layouts[0].heights[0], 40.0,
            "the extra top row keeps its own height"
        );
    }

    #[test]
    fn explicit_spans_and_errors() {
        let html = render("A | B | C\nD *2 | E\n", &info(), " über ").unwrap();
        assert_eq!(html.matches("dg-box").count(), 5);
        let e = render("A | B | C\nD | E\n", &info(), " über ").unwrap_err();
        assert_eq!(e.offset, 10);
        assert!(e.message.contains("fills 2 of 3 columns"), "{}", e.message);
        assert!(
            render("A || B\n", &info(), " über ")
                .unwrap_err()
                .message
                .contains("empty cell")
        );
        assert!(
            render("[Leer]\n", &info(), " über ")
                .unwrap_err()
                .message
                .contains("no layers")
        );
        assert!(
            render("\n# nur Kommentar\n", &info(), " über ")
                .unwrap_err()
                .message
                .contains("empty")
        );
    }

    #[test]
    fn labels_are_escaped() {
        let html = render("<script> & \"x\"\n", &info(), " über ").unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt; &amp;"), "{html}");
    }
}
