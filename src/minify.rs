//! Comments and layout out of the default theme's stylesheet and scripts,
//! as they are written into a site: they explain the theme to its readers
//! here and would cost every student bytes on every first page (about 3 KB
//! gzipped of a 30 KB budget). Written by hand: a CSS or JS minifier crate
//! would rewrite the code too (and each has broken modern CSS such as
//! `calc()` spacing or nesting at some point); this only drops comments,
//! indentation and the spaces CSS ignores.

/// `css` without its `/* … */` comments and without the whitespace CSS
/// ignores (runs become one space; none next to `{ } ; ,`), strings kept.
pub fn css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    let mut quote: Option<char> = None;
    // Whitespace (or a comment) was skipped since the last character.
    let mut gap = false;
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
                gap = true;
                continue;
            }
            None if c.is_whitespace() => {
                rest = &rest[c.len_utf8()..];
                gap = true;
                continue;
            }
            None => {
                let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
                if gap && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
                    out.push(' ');
                }
                gap = false;
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push('\n');
    out
}

/// `js` without the lines that are only a `//` comment, blank lines and
/// indentation. For the default theme's scripts, which keep no such line
/// inside a template literal (lines inside one are kept as they are).
pub fn js(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_template = false;
    for line in js.lines() {
        let inside = in_template;
        if line.matches('`').count() % 2 == 1 {
            in_template = !in_template;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let line = line.trim_start();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
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
            "a{content: \"/* not */\";}b{c: '\\'/*';}\n"
        );
        assert_eq!(super::css("a{} /* open"), "a{}\n");
        // Spaces that matter stay, one each.
        assert_eq!(
            super::css(
                "a  b ,  c > d {\n  width: calc(100%  +  .4rem);\n  content: \"  x  \";\n}\n"
            ),
            "a b,c > d{width: calc(100% + .4rem);content: \"  x  \";}\n"
        );
    }

    #[test]
    fn js_comment_lines_go() {
        let js = "// one\nconst a = 1; // stays\n\n  // two\n  const b = \"//\";\nconst t = `a\n  // kept\n  b`;\n";
        assert_eq!(
            super::js(js),
            "const a = 1; // stays\nconst b = \"//\";\nconst t = `a\n  // kept\n  b`;\n"
        );
    }

    #[test]
    fn the_default_scripts_close_every_template_they_open() {
        // js() tells template lines by counting backticks per line: a
        // backtick in a string or regex would make it trim inside one.
        for (name, text) in [
            ("kursbuch.js", include_str!("../static/js/kursbuch.js")),
            ("search.js", include_str!("../static/js/search.js")),
            ("code.js", include_str!("../static/js/code.js")),
        ] {
            let odd = text
                .lines()
                .filter(|l| l.matches('`').count() % 2 == 1)
                .count();
            assert_eq!(odd % 2, 0, "{name}");
            assert!(!super::js(text).is_empty());
        }
    }
}
