//! `kind="flow"`: boxes and labelled arrows, laid out by kursbuch.
//!
//! Body: one arrow per line, `A -> B` or `A -> B: label`; chains `A -> B -> C`
//! (without a label) are allowed; a line with just a name adds a lone box.
//! Boxes are placed in ranks by the longest path from a box without incoming
//! arrows, left to right (`direction="lr"`, the default) or top down (`"tb"`).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::fit::{self, Fit};
use super::geometry::{Drawing, n};
use super::svg::{FONT_SIZE, text_block};
use super::{FigureInfo, body_lines, figure, flow_list, flow_ranked, svg_open};
use crate::diag::OffsetError;
use crate::escape;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    LeftRight,
    TopDown,
}

impl Direction {
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "lr" | "left-right" | "horizontal" => Some(Direction::LeftRight),
            "tb" | "td" | "top-down" | "vertical" => Some(Direction::TopDown),
            _ => None,
        }
    }
}

pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
    offset: usize,
}

pub struct Graph {
    pub nodes: Vec<String>,
    pub edges: Vec<Edge>,
}

pub fn parse(body: &str) -> Result<Graph, OffsetError> {
    let mut g = Graph {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut node = |name: &str, g: &mut Graph| -> usize {
        *index.entry(name.to_string()).or_insert_with(|| {
            g.nodes.push(name.to_string());
            g.nodes.len() - 1
        })
    };
    for (offset, line) in body_lines(body) {
        let line = line.replace('→', "->");
        let parts: Vec<&str> = line.split("->").collect();
        let (last, label) = match parts.last().and_then(|l| l.split_once(':')) {
            Some((target, label)) => (
                target,
                Some(label.trim().to_string()).filter(|l| !l.is_empty()),
            ),
            None => (*parts.last().expect("split yields one part"), None),
        };
        let mut names: Vec<&str> = parts[..parts.len() - 1].iter().map(|s| s.trim()).collect();
        names.push(last.trim());
        if names.iter().any(|n| n.is_empty()) {
            return Err(
                OffsetError::new(offset, "an arrow needs a box on both sides")
                    .with_help("write `From -> To` or `From -> To: label`"),
            );
        }
        if label.is_some() && names.len() > 2 {
            return Err(
                OffsetError::new(offset, "a chain of arrows cannot have a label")
                    .with_help("write labelled arrows on their own lines: `A -> B: label`"),
            );
        }
        let ids: Vec<usize> = names.iter().map(|n| node(n, &mut g)).collect();
        for pair in ids.windows(2) {
            if pair[0] == pair[1] {
                return Err(OffsetError::new(
                    offset,
                    format!("`{}` points at itself", names[0]),
                ));
            }
            g.edges.push(Edge {
                from: pair[0],
                to: pair[1],
                label: label.clone(),
                offset,
            });
        }
    }
    if g.nodes.is_empty() {
        return Err(OffsetError::new(0, "the flow diagram is empty")
            .with_help("write one arrow per line: `Client -> API Gateway: HTTPS`"));
    }
    Ok(g)
}

/// Rank of each node: the longest path from a node without incoming arrows.
pub fn ranks(g: &Graph) -> Result<Vec<usize>, OffsetError> {
    let n = g.nodes.len();
    let mut indegree = vec![0usize; n];
    for e in &g.edges {
        indegree[e.to] += 1;
    }
    let mut rank = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut seen = 0;
    while let Some(v) = queue.pop() {
        seen += 1;
        for e in g.edges.iter().filter(|e| e.from == v) {
            rank[e.to] = rank[e.to].max(rank[v] + 1);
            indegree[e.to] -= 1;
            if indegree[e.to] == 0 {
                queue.push(e.to);
            }
        }
    }
    if seen < n {
        let e = g
            .edges
            .iter()
            .find(|e| indegree[e.to] > 0)
            .expect("a cycle has an edge");
        return Err(OffsetError::new(e.offset, "the arrows form a cycle").with_help("flow diagrams go one way; draw a reply as a label (`Client -> API: Anfrage und Antwort`)"));
    }
    Ok(rank)
}

/// The figure: the author's layout, and for narrow screens a list of rows
/// when the author's layout would shrink its text below the smallest size.
pub fn render(
    body: &str,
    info: &FigureInfo,
    dir: Direction,
    flow_word: &str,
) -> Result<String, OffsetError> {
    let g = parse(body)?;
    let rank = ranks(&g)?;
    let wide = flow_ranked::layout(&g, &rank, dir);
    let smallest = if g.edges.iter().any(|e| e.label.is_some()) {
        LABEL_FONT
    } else {
        FONT_SIZE
    };
    let fit = fit::choose(wide.drawing.width, smallest);
    let svgs = match fit {
        Fit::Wide => vec![draw(&wide, info, "")],
        Fit::Narrow => vec![draw(&flow_list::layout(&g, &rank), info, "")],
        Fit::Both(_) => vec![
            draw(&wide, info, "dg-wide"),
            draw(&flow_list::layout(&g, &rank), info, "dg-narrow"),
        ],
    };

    let mut alt = format!("<p>{}</p><ol>", escape::html(flow_word));
    for e in &g.edges {
        let _ = write!(
            alt,
            "<li>{} → {}",
            escape::html(&g.nodes[e.from]),
            escape::html(&g.nodes[e.to])
        );
        if let Some(l) = &e.label {
            let _ = write!(alt, " ({})", escape::html(l));
        }
        alt.push_str("</li>");
    }
    alt.push_str("</ol>");
    Ok(figure("flow", info, fit.row_class(), &svgs, &alt))
}

const LABEL_FONT: f64 = FONT_SIZE - 1.0;

/// A laid-out flow: the geometry (boxes in node order, paths in edge order)
/// and the text in each box and on each label.
pub struct Laid {
    pub drawing: Drawing,
    pub node_lines: Vec<Vec<String>>,
    pub label_lines: Vec<Vec<String>>,
}

/// One layout as an SVG; `variant` names it for the stylesheet (and keeps
/// the arrowhead's id unique when a figure holds two).
fn draw(laid: &Laid, info: &FigureInfo, variant: &str) -> String {
    let d = &laid.drawing;
    let marker = format!(
        "{}-arrow{}",
        info.id,
        if variant == "dg-narrow" { "-n" } else { "" }
    );
    let mut out = svg_open(info, d.width, d.height, None, variant);
    let _ = write!(
        out,
        "<defs><marker id=\"{marker}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"dg-arrowhead\" d=\"M0,0L10,5L0,10z\"/></marker></defs>"
    );
    let mut labels = String::new();
    for (p, lines) in d.paths.iter().zip(&laid.label_lines) {
        let mut points = p.points.iter();
        let (x, y) = points.next().expect("a path has two points");
        let mut dpath = format!("M{},{}", n(*x), n(*y));
        for (x, y) in points {
            let _ = write!(dpath, "L{},{}", n(*x), n(*y));
        }
        let _ = write!(
            out,
            "<path class=\"dg-edge\" d=\"{dpath}\" marker-end=\"url(#{marker})\"/>"
        );
        if let Some(r) = p.label {
            let _ = write!(
                labels,
                "<rect class=\"dg-label-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
                n(r.x),
                n(r.y),
                n(r.w),
                n(r.h)
            );
            let top = r.cy() - (lines.len() as f64 - 1.0) * flow_list::LABEL_LINE / 2.0;
            let _ = write!(
                labels,
                "<text class=\"dg-edge-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\">",
                n(r.cx()),
                n(top)
            );
            for (i, l) in lines.iter().enumerate() {
                let dy = if i == 0 {
                    String::new()
                } else {
                    format!(" dy=\"{}\"", flow_list::LABEL_LINE)
                };
                let _ = write!(
                    labels,
                    "<tspan x=\"{}\"{dy}>{}</tspan>",
                    n(r.cx()),
                    escape::html(l)
                );
            }
            labels.push_str("</text>");
        }
    }
    out.push_str(&labels);
    for (b, lines) in d.boxes.iter().zip(&laid.node_lines) {
        let _ = write!(
            out,
            "<rect class=\"dg-box dg-node\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            n(b.x),
            n(b.y),
            n(b.w),
            n(b.h)
        );
        text_block(&mut out, lines, b.cx(), b.cy(), "dg-text");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> FigureInfo<'static> {
        FigureInfo {
            id: "dg-2",
            caption: Some("Von der Entwicklung zum Nutzer"),
            alt: None,
        }
    }

    #[test]
    fn chain_with_labels_left_to_right() {
        let body = "Entwickler -> Amazon ECR: docker push\nAmazon ECR -> ECS/Fargate: Image ziehen\nECS/Fargate -> Nutzer\n";
        let both = render(body, &info(), Direction::LeftRight, "Ablauf").unwrap();
        assert!(both.contains("<div class=\"dg-row dg-at-650\">"), "{both}");
        assert!(
            both.contains("marker-end=\"url(#dg-2-arrow-n)\""),
            "the narrow one has its own arrowhead"
        );
        let html = &both[..both.find("</svg>").unwrap()];
        assert!(html.contains("<svg class=\"dg dg-wide\""));
        assert_eq!(html.matches("class=\"dg-box dg-node\"").count(), 4);
        assert_eq!(html.matches("class=\"dg-edge\"").count(), 3);
        assert!(html.contains(">docker push</tspan></text>"));
        assert!(html.contains("marker-end=\"url(#dg-2-arrow)\""));
        assert!(
            both.contains("<li>Entwickler → Amazon ECR (docker push)</li>"),
            "{both}"
        );
        // Left to right: each box starts right of the previous one.
        let xs: Vec<f64> = html
            .split("class=\"dg-box dg-node\" x=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    }

    #[test]
    fn top_down_and_branches() {
        let html = render(
            "Client -> API Gateway -> Lambda\nAPI Gateway -> S3\n",
            &info(),
            Direction::TopDown,
            "Ablauf",
        )
        .unwrap();
        assert_eq!(html.matches("class=\"dg-box dg-node\"").count(), 4);
        let ys: Vec<f64> = html
            .split("class=\"dg-box dg-node\" x=\"")
            .skip(1)
            .map(|s| {
                let y = &s[s.find("y=\"").unwrap() + 3..];
                y[..y.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
        assert_eq!(ys[2], ys[3], "Lambda and S3 share a rank");
    }

    /// The bodies of every flow in the course and its author guide, with
    /// their direction.
    fn course_flows() -> Vec<(String, String, Direction)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (at, _) in text.match_indices("{% diagram(kind=\"flow\"") {
                let head_end = at + text[at..].find("%}").unwrap() + 2;
                let Some(len) = text[head_end..].find("{% end %}") else {
                    continue;
                };
                let d = if text[at..head_end].contains("direction=\"tb\"") {
                    Direction::TopDown
                } else {
                    Direction::LeftRight
                };
                let name = format!("{}@{at}", path.file_name().unwrap().to_string_lossy());
                out.push((name, text[head_end..head_end + len].to_string(), d));
            }
        }
        assert!(out.len() >= 8, "found {} flows", out.len());
        out
    }

    #[test]
    fn no_label_overlaps_a_label_box_or_line_in_any_course_flow() {
        let mut bad = Vec::new();
        for (name, body, dir) in course_flows() {
            let Ok(g) = parse(&body) else { continue };
            let rank = ranks(&g).unwrap();
            for (kind, laid) in [
                ("wide", flow_ranked::layout(&g, &rank, dir)),
                ("narrow", flow_list::layout(&g, &rank)),
            ] {
                for p in laid.drawing.problems() {
                    bad.push(format!("{name} ({kind}): {p}"));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn narrow_layouts_keep_text_at_12_px_on_a_360_px_phone() {
        // 360 px less the page's padding; edge labels are 13 units.
        let column = 328.0;
        for (name, body, dir) in course_flows() {
            let Ok(g) = parse(&body) else { continue };
            let rank = ranks(&g).unwrap();
            let wide = flow_ranked::layout(&g, &rank, dir).drawing.width;
            let narrow = flow_list::layout(&g, &rank).drawing.width;
            let shown = match fit::choose(wide, LABEL_FONT) {
                Fit::Wide => wide,
                _ => narrow,
            };
            let px = LABEL_FONT * (column / shown).min(1.0);
            assert!(
                px >= fit::MIN_TEXT_PX,
                "{name}: {px:.1} px text (wide {wide:.0}, narrow {narrow:.0})"
            );
        }
    }

    #[test]
    fn arrows_into_one_box_end_apart_and_fan_in_labels_stay_clear() {
        let body = "Amazon API Gateway -> Lambda-Funktion: HTTP-Anfrage\nAmazon S3 -> Lambda-Funktion: Datei hochgeladen\nAmazon SQS -> Lambda-Funktion: Nachricht\nLambda-Funktion -> DynamoDB: Daten schreiben\nLambda-Funktion -> Logs: Logs\n";
        let g = parse(body).unwrap();
        let rank = ranks(&g).unwrap();
        for laid in [
            flow_ranked::layout(&g, &rank, Direction::LeftRight),
            flow_ranked::layout(&g, &rank, Direction::TopDown),
            flow_list::layout(&g, &rank),
        ] {
            let d = &laid.drawing;
            assert_eq!(d.problems(), Vec::<String>::new());
            let mut ends: Vec<String> = d
                .paths
                .iter()
                .map(|p| format!("{:?}", p.points.last().unwrap()))
                .collect();
            ends.sort();
            ends.dedup();
            assert_eq!(ends.len(), 5, "five arrowheads, five points");
        }
        // A label's box is crossed by its own line only.
        let mut d = flow_list::layout(&g, &rank).drawing;
        let l = d.paths[1].label.unwrap();
        d.paths[0].points = vec![(l.cx(), l.y - 5.0), (l.cx(), l.bottom() + 5.0)];
        assert!(d.problems().iter().any(|p| p.contains("crossed by edge 0")));
    }

    #[test]
    fn errors() {
        let e = render("A -> B\nB -> A\n", &info(), Direction::LeftRight, "").unwrap_err();
        assert!(e.message.contains("cycle"));
        let e = render("A -> \n", &info(), Direction::LeftRight, "").unwrap_err();
        assert!(e.message.contains("both sides"));
        let e = render("A -> B -> C: x\n", &info(), Direction::LeftRight, "").unwrap_err();
        assert!(e.message.contains("chain"));
        assert_eq!(e.offset, 0);
        let e = render("ok -> fine\nA -> A\n", &info(), Direction::LeftRight, "").unwrap_err();
        assert_eq!(e.offset, 11);
    }
}
