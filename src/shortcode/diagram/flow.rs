//! `kind="flow"`: boxes and labelled arrows, laid out by kursbuch.
//!
//! Body: one arrow per line, `A -> B` or `A -> B: label`; chains `A -> B -> C`
//! (without a label) are allowed; a line with just a name adds a lone box.
//! Boxes are placed in ranks by the longest path from a box without incoming
//! arrows, left to right (`direction="lr"`, the default) or top down (`"tb"`).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::svg::{FONT_SIZE, LINE_HEIGHT, lines_width, text_block, text_width, wrap};
use super::{FigureInfo, body_lines, figure, svg_open};
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

struct Edge {
    from: usize,
    to: usize,
    label: Option<String>,
    offset: usize,
}

struct Graph {
    nodes: Vec<String>,
    edges: Vec<Edge>,
}

fn parse(body: &str) -> Result<Graph, OffsetError> {
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
fn ranks(g: &Graph) -> Result<Vec<usize>, OffsetError> {
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

const PAD: f64 = 10.0;
const MARGIN: f64 = 4.0;
const NODE_GAP: f64 = 24.0;
const MAX_TEXT: f64 = 130.0;

pub fn render(
    body: &str,
    info: &FigureInfo,
    dir: Direction,
    flow_word: &str,
) -> Result<String, OffsetError> {
    let g = parse(body)?;
    let rank = ranks(&g)?;
    let ranks_n = rank.iter().max().map_or(1, |m| m + 1);
    let labels: Vec<Vec<String>> = g
        .nodes
        .iter()
        .map(|n| wrap(n, MAX_TEXT, FONT_SIZE))
        .collect();
    let size: Vec<(f64, f64)> = labels
        .iter()
        .map(|l| {
            (
                (lines_width(l, FONT_SIZE) + 2.0 * PAD).max(90.0),
                (l.len() as f64 * LINE_HEIGHT + 2.0 * PAD).max(44.0),
            )
        })
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ranks_n];
    for (i, &r) in rank.iter().enumerate() {
        members[r].push(i);
    }
    // Along the flow: each rank as thick as its largest box; the gap after a
    // rank wide enough for the labels of the arrows leaving it.
    let along = |i: usize| {
        if dir == Direction::LeftRight {
            size[i].0
        } else {
            size[i].1
        }
    };
    let across = |i: usize| {
        if dir == Direction::LeftRight {
            size[i].1
        } else {
            size[i].0
        }
    };
    let thickness: Vec<f64> = members
        .iter()
        .map(|m| m.iter().map(|&i| along(i)).fold(0.0, f64::max))
        .collect();
    let gaps: Vec<f64> = (0..ranks_n)
        .map(|r| {
            let label_need = g
                .edges
                .iter()
                .filter(|e| rank[e.from] == r)
                .filter_map(|e| e.label.as_deref())
                .map(|l| {
                    if dir == Direction::LeftRight {
                        text_width(l, FONT_SIZE - 1.0) + 24.0
                    } else {
                        LINE_HEIGHT + 24.0
                    }
                })
                .fold(0.0, f64::max);
            label_need.max(if dir == Direction::LeftRight {
                56.0
            } else {
                44.0
            })
        })
        .collect();
    let spread: Vec<f64> = members
        .iter()
        .map(|m| {
            m.iter().map(|&i| across(i)).sum::<f64>()
                + NODE_GAP * (m.len().saturating_sub(1)) as f64
        })
        .collect();
    let total_across = spread.iter().copied().fold(0.0, f64::max);
    // Box centres.
    let mut centre = vec![(0.0, 0.0); g.nodes.len()];
    let mut pos_along = MARGIN;
    for r in 0..ranks_n {
        let mid_along = pos_along + thickness[r] / 2.0;
        let mut pos_across = MARGIN + (total_across - spread[r]) / 2.0;
        for &i in &members[r] {
            let mid_across = pos_across + across(i) / 2.0;
            centre[i] = if dir == Direction::LeftRight {
                (mid_along, mid_across)
            } else {
                (mid_across, mid_along)
            };
            pos_across += across(i) + NODE_GAP;
        }
        pos_along += thickness[r] + gaps[r];
    }
    let length = pos_along - gaps[ranks_n - 1] + MARGIN;
    let (width, height) = if dir == Direction::LeftRight {
        (length, total_across + 2.0 * MARGIN)
    } else {
        (total_across + 2.0 * MARGIN + 120.0, length)
    };

    let id = info.id;
    let mut out = svg_open(info, width, height, None);
    let _ = write!(
        out,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"dg-arrowhead\" d=\"M0,0L10,5L0,10z\"/></marker></defs>"
    );
    let mut label_svg = String::new();
    for e in &g.edges {
        let (ax, ay) = centre[e.from];
        let (bx, by) = centre[e.to];
        let (x1, y1, x2, y2) = if dir == Direction::LeftRight {
            (ax + size[e.from].0 / 2.0, ay, bx - size[e.to].0 / 2.0, by)
        } else {
            (ax, ay + size[e.from].1 / 2.0, bx, by - size[e.to].1 / 2.0)
        };
        let _ = write!(
            out,
            "<line class=\"dg-edge\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" marker-end=\"url(#{id}-arrow)\"/>"
        );
        if let Some(l) = &e.label {
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let w = text_width(l, FONT_SIZE - 1.0) + 8.0;
            let (lx, ly, anchor) = if dir == Direction::LeftRight {
                (mx, my - 12.0, "middle")
            } else {
                (mx + 8.0, my, "start")
            };
            let rect_x = if anchor == "middle" {
                lx - w / 2.0
            } else {
                lx - 4.0
            };
            let _ = write!(
                label_svg,
                "<rect class=\"dg-label-bg\" x=\"{rect_x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" rx=\"3\"/>",
                ly - 10.0,
                20.0
            );
            let _ = write!(
                label_svg,
                "<text class=\"dg-edge-label\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\" dominant-baseline=\"central\">{}</text>",
                escape::html(l)
            );
        }
    }
    out.push_str(&label_svg);
    for (i, lines) in labels.iter().enumerate() {
        let (cx, cy) = centre[i];
        let (w, h) = size[i];
        let _ = write!(
            out,
            "<rect class=\"dg-box dg-node\" x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"8\"/>",
            cx - w / 2.0,
            cy - h / 2.0
        );
        text_block(&mut out, lines, cx, cy, "dg-text");
    }
    out.push_str("</svg>");

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
    Ok(figure("flow", info, &[out], &alt))
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
        let html = render(body, &info(), Direction::LeftRight, "Ablauf").unwrap();
        assert_eq!(html.matches("class=\"dg-box dg-node\"").count(), 4);
        assert_eq!(html.matches("class=\"dg-edge\"").count(), 3);
        assert!(html.contains(">docker push</text>"));
        assert!(html.contains("marker-end=\"url(#dg-2-arrow)\""));
        assert!(
            html.contains("<li>Entwickler → Amazon ECR (docker push)</li>"),
            "{html}"
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
