//! Comments out of the default theme's stylesheet and scripts, as they are
//! written into a site: they explain the theme to its readers here and
//! would cost every student bytes on every first page (about 2.5 KB
//! gzipped of a 30 KB budget). Written by hand: a CSS or JS minifier crate
//! would rewrite the code too (and each has broken modern CSS such as
//! `calc()` spacing or nesting at some point); this only drops comments.

/// `css` without its `/* … */` comments (not inside strings).
pub fn css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    let mut quote: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        match quote {
            Some(q) => {
                if c == '\\' {
                    let n = rest[1..].chars().next().map_or(0, char::len_utf8);
                    out.push_str(&rest[..1 + n]);
                    rest = &rest[1 + n..];
                    continue;
                }
                if c == q {
                    quote = None;
                }
            }
            None if rest.starts_with("/*") => {
                rest = rest[2..].find("*/").map_or("", |end| &rest[2 + end + 2..]);
                continue;
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    // The lines the comments stood on.
    let mut lines = String::with_capacity(out.len());
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        lines.push_str(line);
        lines.push('\n');
    }
    lines
}

/// `js` without the lines that are only a `//` comment. For the default
/// theme's scripts, which keep no such line inside a string or template.
pub fn js(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    for line in js.lines().filter(|l| !l.trim_start().starts_with("//")) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn css_comments_go_and_strings_stay() {
        let css = "/* head */\na { content: \"/* not */\"; } /* b */\n\n/* many\nlines */\nb { c: '\\'/*'; }\n";
        assert_eq!(
            super::css(css),
            "a { content: \"/* not */\"; } \nb { c: '\\'/*'; }\n"
        );
        assert_eq!(super::css("a{} /* open"), "a{} \n");
    }

    #[test]
    fn js_comment_lines_go() {
        let js = "// one\nconst a = 1; // stays\n  // two\nconst b = \"//\";\n";
        assert_eq!(super::js(js), "const a = 1; // stays\nconst b = \"//\";\n");
    }

    #[test]
    fn the_default_theme_keeps_no_comment_line_in_a_template() {
        // js() would cut such a line out of the string.
        for (name, text) in [
            ("kursbuch.js", include_str!("../static/js/kursbuch.js")),
            ("search.js", include_str!("../static/js/search.js")),
            ("code.js", include_str!("../static/js/code.js")),
        ] {
            let mut in_template = false;
            for line in text.lines() {
                if in_template {
                    assert!(!line.trim_start().starts_with("//"), "{name}: {line}");
                }
                if line.matches('`').count() % 2 == 1 {
                    in_template = !in_template;
                }
            }
        }
    }
}
