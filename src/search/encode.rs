//! The index's files as JavaScript: strings escaped for a `<script>`, numbers
//! in base 36, files named by their content.

use std::fmt::Write as _;

/// A JSON string literal that cannot end its `<script>` early.
pub fn js(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_js(&mut out, s);
    out
}

/// [`js`] into `out` (the section texts are most of the index's bytes:
/// runs of plain characters are copied whole).
pub fn push_js(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' | '\t' => " ",
            // `</script>` and friends cannot end the file's script early.
            '<' => "\\u003c",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        plain = i + c.len_utf8();
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(escaped);
        }
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// Appends `n` in base 36 (postings are the bulk of the index; no allocation per number).
pub fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// One base-36 digit (a weight or a count up to 35).
pub fn digit(n: u32) -> char {
    char::from_digit(n.min(35), 36).expect("below 36")
}

/// A data file named by its content: `(name, file text)`, `name` being
/// `PREFIX-HASH` (the file is `search/NAME.js` and reports itself as NAME).
pub fn named_file(prefix: &str, data: &str) -> (String, String) {
    let name = format!(
        "{prefix}-{:08x}",
        xxhash_rust::xxh3::xxh3_64(data.as_bytes()) >> 32
    );
    let text = format!("kursbuchSearch.loaded(\"{name}\",{data});\n");
    (name, text)
}

/// A term's entry: `"WDELTA,WDELTA,…"` (each posting's weight as one digit,
/// then the section number's difference to the previous posting's), and
/// when chapter titles hold the term, `|NDELTA,…` (the term's share of the
/// title as one digit, then the chapter's difference).
pub fn push_postings(out: &mut String, sections: &[(u32, u32)], titles: &[(u32, u32)]) {
    out.push('"');
    push_deltas(out, sections);
    if !titles.is_empty() {
        out.push('|');
        push_deltas(out, titles);
    }
    out.push('"');
}

/// `(number, digit)` pairs, numbers ascending: `DIGIT` then the number's
/// difference to the previous one in base 36, comma-separated.
fn push_deltas(out: &mut String, list: &[(u32, u32)]) {
    let mut prev = 0;
    for (k, (n, d)) in list.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push(digit(*d));
        push_base36(out, n - prev);
        prev = *n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base36(n: u32) -> String {
        let mut s = String::new();
        push_base36(&mut s, n);
        s
    }

    #[test]
    fn strings_cannot_break_out_of_the_script() {
        assert_eq!(
            js("</script><img src=x onerror=alert(1)>"),
            "\"\\u003c/script>\\u003cimg src=x onerror=alert(1)>\""
        );
        assert_eq!(js("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    #[test]
    fn numbers() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(digit(10), 'a');
        assert_eq!(digit(99), 'z');
    }

    #[test]
    fn postings_are_delta_encoded_with_one_digit_weights() {
        let mut out = String::new();
        push_postings(&mut out, &[(3, 16), (40, 35), (41, 1)], &[]);
        assert_eq!(out, "\"g3,z11,11\"");
        out.clear();
        push_postings(&mut out, &[(0, 20)], &[(0, 2), (7, 1)]);
        assert_eq!(out, "\"k0|20,17\"");
    }
}
