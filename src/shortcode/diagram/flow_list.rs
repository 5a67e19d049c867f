//! The narrow layout of a flow, for phones: one box per row in the order of
//! the ranks, all boxes one width, so the figure is as narrow as its widest
//! box plus its labels.
//!
//! An arrow from a box to the next row's box goes straight down, its label
//! beside it. Every other arrow leaves its box on the right, runs down a
//! lane of its own and enters its target on the right: each arrow has its
//! own port on a box's side (no two arrowheads meet) and its label sits on
//! its first stretch, in a column left of all lanes that no other line
//! enters, so labels never cross a line or each other.

use super::flow::{Graph, Laid};
use super::geometry::{Drawing, Path, Rect};
use super::svg::{FONT_SIZE, LINE_HEIGHT, lines_width, wrap};

const PAD: f64 = 10.0;
const MARGIN: f64 = 4.0;
const MAX_TEXT: f64 = 120.0;
const MAX_LABEL: f64 = 120.0;
const LANE: f64 = 10.0;
pub const LABEL_LINE: f64 = 16.0;

pub fn layout(g: &Graph, rank: &[usize]) -> Laid {
    let n = g.nodes.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (rank[i], i));
    let mut row = vec![0; n];
    for (r, &i) in order.iter().enumerate() {
        row[i] = r;
    }
    let node_lines: Vec<Vec<String>> = g
        .nodes
        .iter()
        .map(|s| wrap(s, MAX_TEXT, FONT_SIZE))
        .collect();
    let box_w = node_lines
        .iter()
        .map(|l| lines_width(l, FONT_SIZE) + 2.0 * PAD)
        .fold(90.0, f64::max);
    let label_lines: Vec<Vec<String>> = g
        .edges
        .iter()
        .map(|e| {
            e.label
                .as_deref()
                .map(|l| wrap(l, MAX_LABEL, FONT_SIZE - 1.0))
                .unwrap_or_default()
        })
        .collect();
    let label_size: Vec<(f64, f64)> = label_lines
        .iter()
        .map(|l| {
            (
                lines_width(l, FONT_SIZE - 1.0) + 10.0,
                l.len() as f64 * LABEL_LINE + 4.0,
            )
        })
        .collect();

    // Straight arrows: to the next row, one per box side.
    let mut straight = vec![false; g.edges.len()];
    let (mut bottom_used, mut top_used) = (vec![false; n], vec![false; n]);
    for (k, e) in g.edges.iter().enumerate() {
        if row[e.to] == row[e.from] + 1 && !bottom_used[e.from] && !top_used[e.to] {
            straight[k] = true;
            bottom_used[e.from] = true;
            top_used[e.to] = true;
        }
    }
    // Lanes: short arrows nearest the boxes.
    let mut lanes: Vec<usize> = (0..g.edges.len()).filter(|&k| !straight[k]).collect();
    lanes.sort_by_key(|&k| {
        (
            row[g.edges[k].to] - row[g.edges[k].from],
            row[g.edges[k].from],
        )
    });
    let mut lane_of = vec![0; g.edges.len()];
    for (l, &k) in lanes.iter().enumerate() {
        lane_of[k] = l;
    }
    // Ports on each box's right side: arrows coming in on top (lower ports
    // to outer lanes), going out below (lower ports to inner lanes), so no
    // stub of a box crosses a lane of the same box.
    let mut side: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (v, ports) in side.iter_mut().enumerate() {
        let mut inc: Vec<usize> = lanes
            .iter()
            .copied()
            .filter(|&k| g.edges[k].to == v)
            .collect();
        inc.sort_by_key(|&k| lane_of[k]);
        let mut out: Vec<usize> = lanes
            .iter()
            .copied()
            .filter(|&k| g.edges[k].from == v)
            .collect();
        out.sort_by_key(|&k| std::cmp::Reverse(lane_of[k]));
        *ports = inc
            .into_iter()
            .map(|k| (k, 12.0))
            .chain(out.into_iter().map(|k| (k, label_size[k].1.max(8.0) + 4.0)))
            .collect();
    }
    let heights: Vec<f64> = (0..n)
        .map(|i| {
            let base = (node_lines[i].len() as f64 * LINE_HEIGHT + 2.0 * PAD).max(44.0);
            base.max(side[i].iter().map(|p| p.1).sum::<f64>() + 8.0)
        })
        .collect();
    let gap_below: Vec<f64> = (0..n)
        .map(|r| {
            let v = order[r];
            match (0..g.edges.len()).find(|&k| straight[k] && g.edges[k].from == v) {
                Some(k) if !label_lines[k].is_empty() => label_size[k].1 + 16.0,
                Some(_) => 30.0,
                None => 16.0,
            }
        })
        .collect();
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0
        };
        n
    ];
    let mut y = MARGIN;
    for r in 0..n {
        let v = order[r];
        boxes[v] = Rect {
            x: MARGIN,
            y,
            w: box_w,
            h: heights[v],
        };
        y += heights[v] + gap_below[r];
    }
    let height = y - gap_below[n - 1] + MARGIN;
    let mut port = vec![(0.0, 0.0); g.edges.len()];
    for v in 0..n {
        let total: f64 = side[v].iter().map(|p| p.1).sum();
        let mut at = boxes[v].cy() - total / 2.0;
        for &(k, pitch) in &side[v] {
            let slot = if g.edges[k].to == v { 1 } else { 0 };
            if slot == 1 {
                port[k].1 = at + pitch / 2.0;
            } else {
                port[k].0 = at + pitch / 2.0;
            }
            at += pitch;
        }
    }

    // Straight arrows and their labels, then lane labels; lanes start right of all labels.
    let cx = MARGIN + box_w / 2.0;
    let right = MARGIN + box_w;
    let mut paths: Vec<Path> = Vec::new();
    let mut label_right = right + 16.0;
    for (k, e) in g.edges.iter().enumerate() {
        let (a, b) = (boxes[e.from], boxes[e.to]);
        let (w, h) = label_size[k];
        let has_label = !label_lines[k].is_empty();
        let path = if straight[k] {
            let label = has_label.then(|| Rect {
                x: cx + 6.0,
                y: (a.bottom() + b.y) / 2.0 - h / 2.0,
                w,
                h,
            });
            Path {
                points: vec![(cx, a.bottom()), (cx, b.y)],
                label,
            }
        } else {
            let label = has_label.then(|| Rect {
                x: right + 6.0,
                y: port[k].0 - h / 2.0,
                w,
                h,
            });
            Path {
                points: vec![(right, port[k].0), (right, port[k].1)],
                label,
            }
        };
        if let Some(l) = path.label {
            label_right = label_right.max(l.right());
        }
        paths.push(path);
    }
    let lanes_start = label_right + 6.0;
    for &k in &lanes {
        let x = lanes_start + LANE * (lane_of[k] as f64 + 0.5);
        let (y0, y1) = port[k];
        paths[k].points = vec![(right, y0), (x, y0), (x, y1), (right, y1)];
    }
    let width = lanes_start + LANE * lanes.len() as f64 + MARGIN;
    Laid {
        drawing: Drawing {
            width,
            height,
            boxes,
            paths,
            texts: Vec::new(),
        },
        node_lines,
        label_lines,
    }
}
