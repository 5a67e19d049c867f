//! HTML escaping, in one place: every piece of markup kursbuch writes by hand
//! (sidebar, callouts, figures, tables, quizzes, tooltips, sitemap) escapes
//! through these, so the rules cannot drift apart. pulldown-cmark's escaper
//! does the work: it is what the Markdown renderer itself uses.

/// Text for an attribute value or anywhere in HTML: `&`, `<`, `>`, `"` and `'`.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String");
    out
}

/// Text between tags (never inside an attribute): `&`, `<` and `>` only,
/// so typed quotes stay readable in the page source.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// [`text`] into a buffer the caller reuses.
pub fn push_text(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html_body_text(out, s).expect("writing to a String");
}

/// A URL for an `href`: characters that cannot stand there are percent-encoded.
pub fn href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_href(&mut out, s).expect("writing to a String");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_contexts() {
        assert_eq!(
            html("a \"b\" <c> & 'd'"),
            "a &quot;b&quot; &lt;c&gt; &amp; &#39;d&#39;"
        );
        assert_eq!(text("a \"b\" <c> & 'd'"), "a \"b\" &lt;c&gt; &amp; 'd'");
        assert_eq!(href("#a b\"c"), "#a%20b%22c");
    }
}
