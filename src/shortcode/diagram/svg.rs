//! Small SVG helpers: text width estimates, wrapping, escaping.
//!
//! Diagrams are laid out at build time without a font engine, so widths are
//! estimated from per-character classes of a typical sans-serif face, with a
//! safety margin; boxes are sized to the estimate, never the other way round.

use std::fmt::Write as _;

pub const FONT_SIZE: f64 = 14.0;
pub const LINE_HEIGHT: f64 = 18.0;

/// Estimated width of `s` at `size` px.
pub fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | '(' | ')' | '['
            | ']' => 0.3,
            ' ' | 'f' | 't' | 'r' | '/' | '-' => 0.38,
            'm' | 'w' | 'M' | 'W' => 0.9,
            c if c.is_ascii_uppercase() => 0.7,
            c if c.is_ascii_digit() => 0.58,
            c if c.is_ascii_lowercase() => 0.56,
            c if c.is_alphabetic() => 0.62,
            _ => 0.7,
        })
        .sum();
    em * size * 1.05
}

/// Greedy word wrap to `max` px; a word longer than a line is broken after
/// `/` or `-` where possible, else kept whole (the box grows instead).
pub fn wrap(s: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        for (k, piece) in pieces(word, max, size).into_iter().enumerate() {
            // The pieces of one word join without a space.
            let sep = if line.is_empty() || k > 0 { "" } else { " " };
            let candidate = format!("{line}{sep}{piece}");
            if text_width(&candidate, size) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = piece.to_string();
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A word too long for a line, cut after its `-` and `/`; else the word.
fn pieces(word: &str, max: f64, size: f64) -> Vec<&str> {
    if text_width(word, size) <= max {
        return vec![word];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if (c == '-' || c == '/') && i + 1 < word.len() {
            out.push(&word[start..=i]);
            start = i + 1;
        }
    }
    out.push(&word[start..]);
    out
}

/// The widest piece `wrap` can make of `s`: words cut after `-` and `/`.
pub fn narrowest(s: &str, size: f64) -> f64 {
    s.split_whitespace()
        .flat_map(|w| pieces(w, 0.0, size))
        .map(|p| text_width(p, size))
        .fold(0.0, f64::max)
}

/// Width needed by the widest of `lines`.
pub fn lines_width(lines: &[String], size: f64) -> f64 {
    lines
        .iter()
        .map(|l| text_width(l, size))
        .fold(0.0, f64::max)
}

/// Centred multi-line text at (cx, cy).
pub fn text_block(out: &mut String, lines: &[String], cx: f64, cy: f64, class: &str) {
    let top = cy - (lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0;
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{cx:.1}\" y=\"{top:.1}\" text-anchor=\"middle\" dominant-baseline=\"central\">"
    );
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            let _ = write!(
                out,
                "<tspan x=\"{cx:.1}\">{}</tspan>",
                crate::escape::html(l)
            );
        } else {
            let _ = write!(
                out,
                "<tspan x=\"{cx:.1}\" dy=\"{LINE_HEIGHT}\">{}</tspan>",
                crate::escape::html(l)
            );
        }
    }
    out.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_width() {
        let lines = wrap(
            "Elastic Container Service mit Application Load Balancer",
            120.0,
            FONT_SIZE,
        );
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(text_width(l, FONT_SIZE) <= 120.0 || !l.contains(' '), "{l}");
        }
        assert_eq!(wrap("", 100.0, FONT_SIZE), vec![String::new()]);
        assert_eq!(
            wrap("Gast-Betriebssystem", 120.0, FONT_SIZE),
            vec!["Gast-", "Betriebssystem"]
        );
        assert_eq!(wrap("Gast-OS", 120.0, FONT_SIZE), vec!["Gast-OS"]);
    }
}
