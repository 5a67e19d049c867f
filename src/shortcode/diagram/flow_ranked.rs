//! The wide layout of a flow: boxes in ranks along the author's direction
//! (left to right or top down), one straight arrow per edge.
//!
//! Arrows leave and enter a box at their own points of its side (ports,
//! ordered by where the other end lies), so arrowheads never meet in one
//! point; a label sits on its arrow near the end where that arrow is alone,
//! and moves along it until it touches nothing else.

use super::flow::{Direction, Graph, Laid};
use super::geometry::{Drawing, Path, Rect};
use super::svg::{FONT_SIZE, LINE_HEIGHT, lines_width, wrap};

const PAD: f64 = 10.0;
const MARGIN: f64 = 4.0;
const NODE_GAP: f64 = 24.0;
const MAX_TEXT: f64 = 130.0;
/// Room between an arrow's end and its label: the arrowhead is 10.5 long.
const HEAD: f64 = 14.0;
/// The most room between two arrows on one side of a box.
const PORT: f64 = 22.0;

pub fn layout(g: &Graph, rank: &[usize], dir: Direction) -> Laid {
    let lr = dir == Direction::LeftRight;
    let ranks_n = rank.iter().max().map_or(1, |m| m + 1);
    let node_lines: Vec<Vec<String>> = g
        .nodes
        .iter()
        .map(|n| wrap(n, MAX_TEXT, FONT_SIZE))
        .collect();
    let size: Vec<(f64, f64)> = node_lines
        .iter()
        .map(|l| {
            (
                (lines_width(l, FONT_SIZE) + 2.0 * PAD).max(90.0),
                (l.len() as f64 * LINE_HEIGHT + 2.0 * PAD).max(44.0),
            )
        })
        .collect();
    // A box with many arrows on one side grows along that side, so its
    // arrows stay apart and run flat enough to pass their neighbours' labels.
    let size: Vec<(f64, f64)> = size
        .iter()
        .enumerate()
        .map(|(i, &(w, h))| {
            let most = g
                .edges
                .iter()
                .filter(|e| e.from == i)
                .count()
                .max(g.edges.iter().filter(|e| e.to == i).count()) as f64;
            let need = most * PORT + 12.0;
            if lr {
                (w, h.max(need))
            } else {
                (w.max(need), h)
            }
        })
        .collect();
    let label_lines: Vec<Vec<String>> = g
        .edges
        .iter()
        .map(|e| e.label.iter().cloned().collect())
        .collect();
    let label_size: Vec<(f64, f64)> = label_lines
        .iter()
        .map(|l| (lines_width(l, FONT_SIZE - 1.0) + 10.0, 20.0))
        .collect();
    let along = |s: (f64, f64)| if lr { s.0 } else { s.1 };
    let across = |s: (f64, f64)| if lr { s.1 } else { s.0 };
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ranks_n];
    for (i, &r) in rank.iter().enumerate() {
        members[r].push(i);
    }
    let thickness: Vec<f64> = members
        .iter()
        .map(|m| m.iter().map(|&i| along(size[i])).fold(0.0, f64::max))
        .collect();
    // The gap after a rank leaves room for the longest label on its arrows.
    let gaps: Vec<f64> = (0..ranks_n)
        .map(|r| {
            g.edges
                .iter()
                .enumerate()
                .filter(|(_, e)| rank[e.from] == r && e.label.is_some())
                .map(|(k, _)| along(label_size[k]) + HEAD + 6.0)
                .fold(if lr { 56.0 } else { 44.0 }, f64::max)
        })
        .collect();
    // Top down, labels lie across the flow: boxes of a rank stand far
    // enough apart for two labels side by side.
    let node_gap = if lr {
        NODE_GAP
    } else {
        label_size
            .iter()
            .map(|l| l.0 + 8.0)
            .fold(NODE_GAP, f64::max)
    };
    let spread: Vec<f64> = members
        .iter()
        .map(|m| {
            m.iter().map(|&i| across(size[i])).sum::<f64>()
                + node_gap * (m.len().saturating_sub(1)) as f64
        })
        .collect();
    let total_across = spread.iter().copied().fold(0.0, f64::max);
    let mut centre = vec![(0.0, 0.0); g.nodes.len()];
    let mut pos_along = MARGIN;
    for r in 0..ranks_n {
        let mid_along = pos_along + thickness[r] / 2.0;
        let mut pos_across = MARGIN + (total_across - spread[r]) / 2.0;
        for &i in &members[r] {
            let mid_across = pos_across + across(size[i]) / 2.0;
            centre[i] = if lr {
                (mid_along, mid_across)
            } else {
                (mid_across, mid_along)
            };
            pos_across += across(size[i]) + node_gap;
        }
        pos_along += thickness[r] + gaps[r];
    }
    let length = pos_along - gaps[ranks_n - 1] + MARGIN;
    let (width, height) = if lr {
        (length, total_across + 2.0 * MARGIN)
    } else {
        (total_across + 2.0 * MARGIN, length)
    };
    let boxes: Vec<Rect> = (0..g.nodes.len())
        .map(|i| Rect::centred(centre[i].0, centre[i].1, size[i].0, size[i].1))
        .collect();

    // Ports: the across-coordinate of each edge's start and end.
    let across_of = |i: usize| if lr { centre[i].1 } else { centre[i].0 };
    let ports = |ends: Vec<(usize, usize)>| -> Vec<(usize, f64)> {
        // (edge, node) pairs on one side of one node, ordered by the far end.
        let n = ends.len() as f64;
        let side = across(size[ends[0].1]);
        let pitch = ((side - 12.0) / n).min(PORT);
        ends.iter()
            .enumerate()
            .map(|(k, &(e, node))| (e, across_of(node) + (k as f64 - (n - 1.0) / 2.0) * pitch))
            .collect()
    };
    let mut start = vec![0.0; g.edges.len()];
    let mut end = vec![0.0; g.edges.len()];
    for v in 0..g.nodes.len() {
        let mut out: Vec<(usize, usize)> = (0..g.edges.len())
            .filter(|&k| g.edges[k].from == v)
            .map(|k| (k, v))
            .collect();
        out.sort_by(|a, b| across_of(g.edges[a.0].to).total_cmp(&across_of(g.edges[b.0].to)));
        if !out.is_empty() {
            for (k, p) in ports(out) {
                start[k] = p;
            }
        }
        let mut inc: Vec<(usize, usize)> = (0..g.edges.len())
            .filter(|&k| g.edges[k].to == v)
            .map(|k| (k, v))
            .collect();
        inc.sort_by(|a, b| across_of(g.edges[a.0].from).total_cmp(&across_of(g.edges[b.0].from)));
        if !inc.is_empty() {
            for (k, p) in ports(inc) {
                end[k] = p;
            }
        }
    }
    let mut paths: Vec<Path> = g
        .edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let (a, b) = (&boxes[e.from], &boxes[e.to]);
            let points = if lr {
                vec![(a.right(), start[k]), (b.x, end[k])]
            } else {
                vec![(start[k], a.bottom()), (end[k], b.y)]
            };
            Path {
                points,
                label: None,
            }
        })
        .collect();

    // Labels: near the end where the arrow is alone, else wherever it is free.
    for (k, e) in g.edges.iter().enumerate() {
        if e.label.is_none() {
            continue;
        }
        let (w, h) = label_size[k];
        let (p, q) = (paths[k].points[0], paths[k].points[1]);
        let (a0, a1) = if lr { (p.0, q.0) } else { (p.1, q.1) };
        let half = along((w, h)) / 2.0;
        let near_source = a0 + 4.0 + half;
        let near_target = a1 - HEAD - half;
        let lone_source = g.edges.iter().filter(|x| x.from == e.from).count() == 1;
        let lone_target = g.edges.iter().filter(|x| x.to == e.to).count() == 1;
        let mut tries: Vec<f64> = (0..=8)
            .map(|i| near_source + (near_target - near_source) * i as f64 / 8.0)
            .collect();
        if !lone_source && lone_target {
            tries.reverse();
        } else if !lone_source && !lone_target {
            tries.sort_by(|x, y| {
                let mid = (near_source + near_target) / 2.0;
                (x - mid).abs().total_cmp(&(y - mid).abs())
            });
        }
        let rect_at = |t: f64| {
            let f = if (a1 - a0).abs() < 0.01 {
                0.5
            } else {
                (t - a0) / (a1 - a0)
            };
            let c = if lr {
                (t, p.1 + (q.1 - p.1) * f)
            } else {
                (p.0 + (q.0 - p.0) * f, t)
            };
            Rect::centred(c.0, c.1, w, h)
        };
        let free = |r: &Rect, paths: &[Path]| {
            boxes.iter().all(|b| !r.overlaps(b))
                && paths.iter().enumerate().all(|(j, other)| {
                    (j == k || !other.points.windows(2).any(|s| r.crossed_by(s[0], s[1])))
                        && other.label.is_none_or(|l| !l.overlaps(r))
                })
        };
        let chosen = tries
            .iter()
            .map(|&t| rect_at(t))
            .find(|r| free(r, &paths))
            .unwrap_or_else(|| rect_at(tries[0]));
        paths[k].label = Some(chosen);
    }
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
