//! Raw HTML in a chapter: the attributes that address something. `href` and
//! `src` (and `poster`) are links, checked and rewritten like Markdown ones;
//! `id` is a link target, prefixed on print.html like a heading's id.
//!
//! A small scanner of start tags rather than an HTML tokenizer crate: raw
//! HTML reaches the renderer in pieces (pulldown-cmark gives an HTML block
//! line by line, and inline HTML tag by tag), so what is needed is a scanner
//! that can stop inside a tag and go on in the next piece, and that gives the
//! byte range of every value so the rest of the piece is written back
//! untouched. html5gum or lol_html would parse and reserialize whole
//! documents, for a handful of attributes.

use std::ops::Range;

/// Where the scanner stopped at the end of a piece of raw HTML.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct TagState {
    /// Inside this start tag (lowercase name), its attributes still to come.
    tag: Option<String>,
    /// Inside `<!-- … -->`.
    comment: bool,
}

/// What an attribute is for the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// `href` of `<a>` or `<area>`: a link to a chapter, an anchor or a file.
    Href,
    /// `src` of an image, media or frame element, or a video's `poster`.
    Src,
    /// `id` of any element.
    Id,
    /// `class` of `<i>` or `<span>`, where mdBook books name Font Awesome
    /// icons (`fa fa-eye`), which mdBook draws and kursbuch does not.
    IconClass,
}

/// One attribute value of interest, by its byte range in the piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attr {
    pub role: Role,
    pub value: Range<usize>,
}

fn role(tag: &str, attr: &str) -> Option<Role> {
    match attr {
        "id" => Some(Role::Id),
        "href" if matches!(tag, "a" | "area") => Some(Role::Href),
        "src"
            if matches!(
                tag,
                "img" | "source" | "video" | "audio" | "track" | "embed" | "iframe" | "input"
            ) =>
        {
            Some(Role::Src)
        }
        "poster" if tag == "video" => Some(Role::Src),
        "class" if matches!(tag, "i" | "span") => Some(Role::IconClass),
        _ => None,
    }
}

/// The attributes of interest in `html`, a piece of raw HTML; `state`
/// carries a tag or comment that goes on into the next piece.
pub(super) fn attributes(html: &str, state: &mut TagState) -> Vec<Attr> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if state.comment {
            match html[i..].find("-->") {
                Some(e) => {
                    state.comment = false;
                    i += e + 3;
                }
                None => return out,
            }
            continue;
        }
        let Some(tag) = state.tag.clone() else {
            // Outside a tag: the next start tag or comment.
            let Some(lt) = html[i..].find('<') else {
                return out;
            };
            i += lt + 1;
            if html[i..].starts_with("!--") {
                state.comment = true;
                i += 3;
            } else if b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                let len = html[i..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or(html.len() - i);
                state.tag = Some(html[i..i + len].to_ascii_lowercase());
                i += len;
            }
            continue;
        };
        // Inside a start tag: an attribute, or its end.
        match b[i] {
            b'>' => {
                state.tag = None;
                i += 1;
                continue;
            }
            c if c.is_ascii_whitespace() || c == b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let name_len = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(html.len() - i);
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len.max(1);
        let after_ws = |j: usize| j + html[j..].len() - html[j..].trim_start().len();
        let eq = after_ws(i);
        if b.get(eq) != Some(&b'=') {
            continue; // an attribute without a value
        }
        let start = after_ws(eq + 1);
        let value = match b.get(start) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[start + 1..]
                    .find(q as char)
                    .map_or(html.len(), |e| start + 1 + e);
                i = (end + 1).min(html.len());
                start + 1..end
            }
            Some(_) => {
                let end = html[start..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |e| start + e);
                i = end;
                start..end
            }
            None => {
                i = start;
                continue;
            }
        };
        if let Some(role) = role(&tag, &name) {
            out.push(Attr { role, value });
        }
    }
    out
}

/// Whether a `class` value names a Font Awesome icon (`fa`, `fas`, `fab`,
/// `far`, `fa-…`), as mdBook's `<i class="fa fa-print">` does.
pub(super) fn names_font_awesome(class: &str) -> bool {
    class
        .split_ascii_whitespace()
        .any(|c| matches!(c, "fa" | "fas" | "far" | "fab") || c.starts_with("fa-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pieces: &[&str]) -> Vec<(Role, String)> {
        let mut state = TagState::default();
        pieces
            .iter()
            .flat_map(|p| {
                attributes(p, &mut state)
                    .into_iter()
                    .map(|a| (a.role, p[a.value].to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn finds_links_sources_and_ids() {
        assert_eq!(
            values(&[
                "<p id=\"x\">Bild: <IMG alt='a > b' SRC='../img/a.png'> <a href=b.md#c class=y>b</a>",
            ]),
            [
                (Role::Id, "x".into()),
                (Role::Src, "../img/a.png".into()),
                (Role::Href, "b.md#c".into()),
            ]
        );
        assert_eq!(
            values(&[
                "<link href=\"x.css\"><script src=\"x.js\"></script><div data-id=\"n\" hidden id = 'm'>"
            ]),
            [(Role::Id, "m".into())],
            "only what addresses a page, a file of the book or an anchor"
        );
    }

    #[test]
    fn a_tag_goes_on_in_the_next_piece_and_comments_are_skipped() {
        assert_eq!(
            values(&[
                "<video controls",
                "  poster=\"p.jpg\"",
                "  src=\"v.mp4\">",
                "<!-- <img src=\"alt.png\">",
                "-->",
                "<img src=\"neu.png\">"
            ]),
            [
                (Role::Src, "p.jpg".into()),
                (Role::Src, "v.mp4".into()),
                (Role::Src, "neu.png".into())
            ]
        );
    }

    #[test]
    fn font_awesome_classes_are_recognised() {
        assert!(names_font_awesome("fa fa-eye"));
        assert!(names_font_awesome("fa-solid fa-print"));
        assert!(names_font_awesome("x fab"));
        assert!(!names_font_awesome("fab-like gloss fast"));
        assert!(!names_font_awesome(""));
    }

    #[test]
    fn broken_html_never_panics() {
        for s in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"",
            "<a href='x",
            "<!--",
            "<é src=x>",
            "<img src=ü>",
        ] {
            let _ = values(&[s]);
        }
    }
}
