//! Which layouts a figure carries: its wide one, a narrow one for phones, or
//! both, the stylesheet showing the one that fits (a container query on the
//! figure's width, `.dg-at-N` in `static/css/kursbuch.css`).
//!
//! A figure scales down with its column, never up; its text must not end up
//! smaller than the page's small print. Both layouts are written only when
//! the wide one shrinks too far somewhere between a phone and the widest
//! column, so small figures cost no extra bytes.

/// The smallest text a figure may show, in CSS px.
pub const MIN_TEXT_PX: f64 = 12.0;
/// The text column on the narrowest phone kursbuch is made for (320 px
/// wide, less the page's padding): a figure that fits there needs no second layout.
const NARROWEST: f64 = 288.0;
/// The widest text column of the default theme (46rem); a wide layout
/// readable only beyond it is left out.
const WIDEST: f64 = 750.0;
/// The container widths the stylesheet has a rule for, in steps of this.
const STEP: f64 = 50.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Wide,
    Narrow,
    /// Both; the wide one from this container width (CSS px) up.
    Both(u32),
}

/// The layouts of a figure whose wide layout is `width` units wide with
/// text down to `smallest_font` units.
pub fn choose(width: f64, smallest_font: f64) -> Fit {
    // The column width at which the smallest text renders at MIN_TEXT_PX.
    let needed = width * MIN_TEXT_PX / smallest_font;
    if needed <= NARROWEST {
        Fit::Wide
    } else {
        let at = ((needed / STEP).ceil() * STEP).max(300.0);
        if at > WIDEST {
            Fit::Narrow
        } else {
            Fit::Both(at as u32)
        }
    }
}

impl Fit {
    /// The class of the figure's row that the stylesheet's container query reads.
    pub fn row_class(self) -> Option<String> {
        match self {
            Fit::Both(at) => Some(format!("dg-at-{at}")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_round_up_to_a_rule_of_the_stylesheet() {
        assert_eq!(choose(300.0, 14.0), Fit::Wide);
        assert_eq!(choose(503.0, 13.0), Fit::Both(500));
        assert_eq!(choose(944.0, 13.0), Fit::Narrow);
        assert_eq!(choose(682.0, 13.0), Fit::Both(650));
        let css = include_str!("../../../static/css/kursbuch.css");
        for at in (300..=750).step_by(50) {
            assert!(
                css.contains(&format!("(min-width: {at}px) {{ .dg-at-{at} ")),
                "no rule for .dg-at-{at}"
            );
        }
    }
}
