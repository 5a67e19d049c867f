//! The geometry a figure is checked against: boxes, edges as polylines and
//! label rectangles. Layouts build a [`Drawing`]; [`Drawing::problems`] lists
//! every label that overlaps another label, a box or a line other than its
//! own, so tests can hold every layout to that rule where the geometry is known.

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn centred(cx: f64, cy: f64, w: f64, h: f64) -> Rect {
        Rect {
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
        }
    }

    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }

    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Overlap with a positive area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() - 0.01
            && o.x < self.right() - 0.01
            && self.y < o.bottom() - 0.01
            && o.y < self.bottom() - 0.01
    }

    /// Whether the segment a–b passes through the inside of the rectangle
    /// (Liang–Barsky clipping; a segment along the border does not count).
    pub fn crossed_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let inner = Rect {
            x: self.x + 0.5,
            y: self.y + 0.5,
            w: (self.w - 1.0).max(0.0),
            h: (self.h - 1.0).max(0.0),
        };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - inner.x),
            (dx, inner.right() - a.0),
            (-dy, a.1 - inner.y),
            (dy, inner.bottom() - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        t0 < t1
    }
}

/// One arrow: the points it passes through, the last one at the arrowhead.
#[derive(Debug, Clone)]
pub struct Path {
    pub points: Vec<(f64, f64)>,
    pub label: Option<Rect>,
}

/// What a layout produced, before it is written as SVG.
#[derive(Debug, Default)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub boxes: Vec<Rect>,
    pub paths: Vec<Path>,
    /// Text outside boxes and edges (titles, legends).
    pub texts: Vec<Rect>,
}

impl Drawing {
    /// Every broken rule, in words; empty for a good layout.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let labels: Vec<(usize, Rect)> = self
            .paths
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.label.map(|l| (i, l)))
            .collect();
        let all_labels = labels
            .iter()
            .map(|&(_, l)| l)
            .chain(self.texts.iter().copied());
        for (k, a) in all_labels.clone().enumerate() {
            for b in all_labels.clone().skip(k + 1) {
                if a.overlaps(&b) {
                    out.push(format!("label {a:?} overlaps label {b:?}"));
                }
            }
            for b in &self.boxes {
                if a.overlaps(b) {
                    out.push(format!("label {a:?} overlaps box {b:?}"));
                }
            }
            if a.x < -0.01
                || a.y < -0.01
                || a.right() > self.width + 0.01
                || a.bottom() > self.height + 0.01
            {
                out.push(format!("label {a:?} leaves the drawing"));
            }
        }
        for &(own, l) in &labels {
            for (i, p) in self.paths.iter().enumerate() {
                if i == own {
                    continue;
                }
                if p.points.windows(2).any(|s| l.crossed_by(s[0], s[1])) {
                    out.push(format!("label {l:?} is crossed by edge {i}"));
                }
            }
        }
        for (i, p) in self.paths.iter().enumerate() {
            for b in &self.boxes {
                if p.points.windows(2).any(|s| b.crossed_by(s[0], s[1])) {
                    out.push(format!("edge {i} crosses box {b:?}"));
                }
            }
            let end = p.points.last().copied();
            for (j, q) in self.paths.iter().enumerate().skip(i + 1) {
                if end.is_some() && end == q.points.last().copied() {
                    out.push(format!("edges {i} and {j} end at one point"));
                }
            }
        }
        out
    }
}

/// A number as SVG wants it: one decimal at most, no trailing `.0`.
pub fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_and_overlap() {
        let r = Rect {
            x: 10.0,
            y: 10.0,
            w: 20.0,
            h: 10.0,
        };
        assert!(r.crossed_by((0.0, 15.0), (40.0, 15.0)));
        assert!(!r.crossed_by((0.0, 5.0), (40.0, 5.0)));
        assert!(!r.crossed_by((0.0, 10.0), (40.0, 10.0)), "along the border");
        assert!(r.crossed_by((20.0, 0.0), (20.0, 12.0)), "ends inside");
        assert!(!r.crossed_by((0.0, 0.0), (9.0, 30.0)));
        assert!(r.overlaps(&Rect {
            x: 29.0,
            y: 19.0,
            w: 5.0,
            h: 5.0
        }));
        assert!(!r.overlaps(&Rect {
            x: 30.0,
            y: 10.0,
            w: 5.0,
            h: 5.0
        }));
        assert_eq!(n(3.0), "3");
        assert_eq!(n(2.46), "2.5");
    }
}
