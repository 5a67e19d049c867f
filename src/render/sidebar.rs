//! The chapter tree of the sidebar, rendered once per folder depth and marked
//! per page by inserting `aria-current="page"` at a known offset.
//!
//! Built here rather than in a Tera template: a template loop over every
//! chapter for every page is quadratic and dominated the build time of large
//! books, while this costs one copy of the finished HTML per page.

use std::collections::HashMap;

use crate::book::summary::{Summary, SummaryItem, format_number};
use crate::escape;
use crate::i18n::UiStrings;
use crate::paths::{encode_path, output_path};

pub struct Sidebar {
    html: String,
    /// Where to insert the current-page marker, by chapter output path.
    marks: HashMap<String, usize>,
}

impl Sidebar {
    /// The sidebar for pages whose way back to the site root is `path_to_root`.
    pub fn build(
        summary: &Summary,
        path_to_root: &str,
        show_numbers: bool,
        ui: &UiStrings,
    ) -> Sidebar {
        Self::build_with(summary, path_to_root, "", show_numbers, ui)
    }

    /// The sidebar of `toc.html`, as mdBook 0.5 writes it: links from the
    /// site root that open in the page embedding it (`target="_parent"`,
    /// which is the page itself where it is not embedded). One copy serves
    /// every page, so it is the piece a shared sidebar file can be made of.
    pub fn for_frame(summary: &Summary, show_numbers: bool, ui: &UiStrings) -> String {
        Self::build_with(summary, "", " target=\"_parent\"", show_numbers, ui).html
    }

    fn build_with(
        summary: &Summary,
        path_to_root: &str,
        link_attrs: &str,
        show_numbers: bool,
        ui: &UiStrings,
    ) -> Sidebar {
        let mut b = Builder {
            html: String::with_capacity(4096),
            marks: HashMap::new(),
            path_to_root,
            link_attrs,
            show_numbers,
            ui,
        };
        b.html.push_str("<ol class=\"toc\">\n");
        b.items(&summary.prefix);
        b.items(&summary.numbered);
        b.items(&summary.suffix);
        b.html.push_str("</ol>\n");
        Sidebar {
            html: b.html,
            marks: b.marks,
        }
    }

    /// The sidebar with the link to `current` (an output path) marked.
    pub fn for_page(&self, current: &str) -> String {
        const MARK: &str = " aria-current=\"page\"";
        match self.marks.get(current) {
            Some(&at) => {
                let mut s = String::with_capacity(self.html.len() + MARK.len());
                s.push_str(&self.html[..at]);
                s.push_str(MARK);
                s.push_str(&self.html[at..]);
                s
            }
            None => self.html.clone(),
        }
    }
}

struct Builder<'a> {
    html: String,
    marks: HashMap<String, usize>,
    path_to_root: &'a str,
    /// Written after each link's `href` (`target="_parent"` in toc.html).
    link_attrs: &'a str,
    show_numbers: bool,
    ui: &'a UiStrings,
}

impl Builder<'_> {
    fn items(&mut self, items: &[SummaryItem]) {
        for item in items {
            match item {
                SummaryItem::Separator => self
                    .html
                    .push_str("<li class=\"toc-sep\" aria-hidden=\"true\"></li>\n"),
                SummaryItem::PartTitle(t) => {
                    self.html.push_str("<li class=\"toc-part\">");
                    self.html.push_str(&escape::text(t));
                    self.html.push_str("</li>\n");
                }
                SummaryItem::Link(l) => {
                    let number = match (&l.number, self.show_numbers) {
                        (Some(n), true) => {
                            format!("<span class=\"toc-num\">{}</span> ", format_number(n))
                        }
                        _ => String::new(),
                    };
                    match &l.location {
                        Some(src) => {
                            let out = output_path(src);
                            self.html.push_str("<li class=\"toc-item\"><a");
                            self.marks.insert(out.clone(), self.html.len());
                            self.html.push_str(" href=\"");
                            self.html.push_str(self.path_to_root);
                            self.html.push_str(&escape::text(&encode_path(&out)));
                            self.html.push('"');
                            self.html.push_str(self.link_attrs);
                            self.html.push('>');
                        }
                        None => self
                            .html
                            .push_str("<li class=\"toc-item toc-draft\"><span>"),
                    }
                    self.html.push_str(&number);
                    self.html.push_str(&escape::text(&l.title));
                    if l.location.is_some() {
                        self.html.push_str("</a>");
                    } else {
                        self.html.push_str(" <span class=\"toc-draft-note\">(");
                        self.html.push_str(self.ui.draft);
                        self.html.push_str(")</span></span>");
                    }
                    if !l.nested.is_empty() {
                        // Collapsible without JavaScript; open by default so
                        // every chapter is one click away.
                        self.html.push_str("\n<details class=\"toc-fold\" open><summary><span class=\"visually-hidden\">");
                        self.html.push_str(self.ui.toggle_subchapters);
                        self.html.push_str(": ");
                        self.html.push_str(&escape::text(&l.title));
                        self.html
                            .push_str("</span></summary>\n<ol class=\"toc-sub\">\n");
                        self.items(&l.nested);
                        self.html.push_str("</ol></details>\n");
                    }
                    self.html.push_str("</li>\n");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::summary::parse;
    use crate::i18n::UiLang;

    #[test]
    fn marks_the_current_page_and_prefixes_links() {
        let s = parse(
            "[Intro](README.md)\n\n# Teil\n\n- [A](a.md)\n  - [B](sub/b.md)\n  - [Draft]()\n",
        )
        .unwrap();
        let bar = Sidebar::build(&s, "../", true, UiLang::De.strings());
        let html = bar.for_page("sub/b.html");
        assert!(html.contains("<a aria-current=\"page\" href=\"../sub/b.html\"><span class=\"toc-num\">1.1.</span> B</a>"), "{html}");
        assert_eq!(html.matches("aria-current").count(), 1);
        assert!(html.contains("href=\"../index.html\">Intro</a>"), "{html}");
        assert!(html.contains("<li class=\"toc-part\">Teil</li>"), "{html}");
        assert!(html.contains("toc-draft"), "{html}");
        assert!(html.contains("<details class=\"toc-fold\" open><summary><span class=\"visually-hidden\">Unterkapitel ein- oder ausblenden: A</span></summary>"), "{html}");
        assert!(!bar.for_page("other.html").contains("aria-current"));
    }

    #[test]
    fn the_frame_links_from_the_root_into_the_parent() {
        let s = parse("- [A](a.md)\n  - [B](sub/b.md)\n").unwrap();
        let html = Sidebar::for_frame(&s, true, UiLang::En.strings());
        assert!(html.contains("<a href=\"sub/b.html\" target=\"_parent\"><span class=\"toc-num\">1.1.</span> B</a>"), "{html}");
        assert!(!html.contains("aria-current"), "{html}");
    }

    #[test]
    fn titles_are_escaped_and_numbers_optional() {
        let s = parse("- [Fish & Chips](a.md)\n").unwrap();
        let html = Sidebar::build(&s, "", false, UiLang::En.strings()).for_page("a.html");
        assert!(html.contains(">Fish &amp; Chips</a>"), "{html}");
        assert!(!html.contains("toc-num"), "{html}");
    }
}
