//! SUMMARY.md in mdBook's format: an optional `# Title`, prefix chapters (plain
//! links), numbered chapters (nested `-`/`*` lists, split by `# Part` headings
//! and `---`), then suffix chapters. Section numbers run on across parts, as in
//! mdBook.
//!
//! Written by hand because the format is mdBook's own and its parser is not a
//! separate crate; it reads pulldown-cmark events, as mdBook does, so the
//! Markdown corner cases match.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diag::OffsetError;

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryItem {
    Link(SummaryLink),
    Separator,
    PartTitle(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLink {
    pub title: String,
    /// Path relative to the content folder with `/` separators; `None` for a
    /// draft chapter (`[Title]()`), listed but not rendered.
    pub location: Option<String>,
    /// Section number (`[2, 1]` is "2.1."); prefix and suffix chapters have none.
    pub number: Option<Vec<u32>>,
    pub nested: Vec<SummaryItem>,
    /// Byte offset of the entry in SUMMARY.md, for errors about it.
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub title: Option<String>,
    pub prefix: Vec<SummaryItem>,
    pub numbered: Vec<SummaryItem>,
    pub suffix: Vec<SummaryItem>,
}

impl Summary {
    /// All items in reading order (prefix, numbered, suffix), depth-first.
    pub fn links(&self) -> Vec<&SummaryLink> {
        fn walk<'a>(items: &'a [SummaryItem], out: &mut Vec<&'a SummaryLink>) {
            for item in items {
                if let SummaryItem::Link(l) = item {
                    out.push(l);
                    walk(&l.nested, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.prefix, &mut out);
        walk(&self.numbered, &mut out);
        walk(&self.suffix, &mut out);
        out
    }
}

type Events<'a> = std::iter::Peekable<pulldown_cmark::OffsetIter<'a>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Prefix,
    Numbered,
    Suffix,
}

/// Parses SUMMARY.md. Returns every error found, not just the first.
pub fn parse(text: &str) -> Result<Summary, Vec<OffsetError>> {
    let mut events: Events = Parser::new(text).into_offset_iter().peekable();
    let mut summary = Summary::default();
    let mut errors = Vec::new();

    skip_comments(&mut events);
    if let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        _,
    )) = events.peek()
    {
        events.next();
        summary.title = Some(inline_text(&mut events, TagEnd::Heading(HeadingLevel::H1)));
    }

    let mut section = Section::Prefix;
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::List(_)) => match section {
                Section::Suffix => {
                    errors.push(OffsetError::new(range.start, "suffix chapters cannot be followed by a list").with_help("numbered chapters (list items) must come before the plain links that end the summary"));
                    skip_to_end(&mut events, TagEnd::List(false));
                }
                _ => {
                    section = Section::Numbered;
                    let items = parse_list(&mut events, &mut errors);
                    summary.numbered.extend(items);
                }
            },
            Event::Start(Tag::Heading { level, .. }) => {
                let title = inline_text(&mut events, TagEnd::Heading(level));
                if level != HeadingLevel::H1 {
                    continue; // mdBook ignores other headings
                }
                if section == Section::Suffix {
                    errors.push(
                        OffsetError::new(
                            range.start,
                            format!("part title `{title}` after the suffix chapters"),
                        )
                        .with_help("move the part and its chapters before the closing plain links"),
                    );
                } else {
                    section = Section::Numbered;
                    summary.numbered.push(SummaryItem::PartTitle(title));
                }
            }
            Event::Start(Tag::Paragraph) => {
                if section == Section::Numbered {
                    section = Section::Suffix;
                }
                let target = if section == Section::Prefix {
                    &mut summary.prefix
                } else {
                    &mut summary.suffix
                };
                parse_affix_paragraph(&mut events, range.start, target, &mut errors);
            }
            Event::Rule => {
                let target = match section {
                    Section::Prefix => &mut summary.prefix,
                    Section::Numbered => &mut summary.numbered,
                    Section::Suffix => &mut summary.suffix,
                };
                target.push(SummaryItem::Separator);
            }
            _ => {}
        }
    }

    number_chapters(&mut summary.numbered);
    check_duplicates(&summary, &mut errors);
    if errors.is_empty() {
        Ok(summary)
    } else {
        Err(errors)
    }
}

fn skip_comments(events: &mut Events) {
    while let Some((Event::Html(h), _)) = events.peek() {
        if h.trim_start().starts_with("<!--") {
            events.next();
        } else {
            break;
        }
    }
}

/// Text of inline content up to `end`, consumed.
fn inline_text(events: &mut Events, end: TagEnd) -> String {
    let mut out = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(e) if e == end => break,
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn skip_to_end(events: &mut Events, end: TagEnd) {
    let mut depth = 0usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(t) if t.to_end() == end => depth += 1,
            Event::End(e) if e == end => {
                if depth == 0 {
                    return;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
}

/// A paragraph of prefix or suffix chapters: every link in it is a chapter.
fn parse_affix_paragraph(
    events: &mut Events,
    start: usize,
    target: &mut Vec<SummaryItem>,
    errors: &mut Vec<OffsetError>,
) {
    let mut found = false;
    let mut stray = String::new();
    while let Some((event, range)) = events.next() {
        match event {
            Event::End(TagEnd::Paragraph) => break,
            Event::Start(Tag::Link { dest_url, .. }) => {
                found = true;
                let title = inline_text(events, TagEnd::Link);
                match link(title, &dest_url, range.start) {
                    Ok(l) => target.push(SummaryItem::Link(l)),
                    Err(e) => errors.push(e),
                }
            }
            Event::Text(t) => stray.push_str(&t),
            _ => {}
        }
    }
    if !found && !stray.trim().is_empty() {
        errors.push(
            OffsetError::new(start, format!("`{}` is not a chapter link", stray.trim()))
                .with_help("write chapters as `[Title](file.md)`, drafts as `[Title]()`"),
        );
    }
}

/// A (possibly nested) list of numbered chapters; the `Start(List)` is consumed.
fn parse_list(events: &mut Events, errors: &mut Vec<OffsetError>) -> Vec<SummaryItem> {
    let mut items = Vec::new();
    while let Some((event, range)) = events.next() {
        match event {
            Event::End(TagEnd::List(_)) => break,
            Event::Start(Tag::Item) => {
                if let Some(item) = parse_item(events, range.start, errors) {
                    items.push(item);
                }
            }
            _ => {}
        }
    }
    items
}

/// One list item: a link, optionally followed by a nested list.
fn parse_item(
    events: &mut Events,
    start: usize,
    errors: &mut Vec<OffsetError>,
) -> Option<SummaryItem> {
    let mut result: Option<SummaryLink> = None;
    let mut saw_link = false;
    let mut is_separator = false;
    let mut stray = String::new();
    let mut nested = Vec::new();
    while let Some((event, range)) = events.next() {
        match event {
            Event::End(TagEnd::Item) => break,
            Event::Start(Tag::Link { dest_url, .. }) if !saw_link => {
                saw_link = true;
                let title = inline_text(events, TagEnd::Link);
                match link(title, &dest_url, range.start) {
                    Ok(l) => result = Some(l),
                    Err(e) => errors.push(e),
                }
            }
            Event::Start(Tag::List(_)) => nested.extend(parse_list(events, errors)),
            Event::Rule => is_separator = true,
            Event::Text(t) if result.is_none() => stray.push_str(&t),
            _ => {}
        }
    }
    match result {
        Some(mut l) => {
            l.nested = nested;
            Some(SummaryItem::Link(l))
        }
        None if is_separator => Some(SummaryItem::Separator),
        None if saw_link => None, // the link's own error is reported
        None => {
            errors.push(
                OffsetError::new(
                    start,
                    format!("list item `{}` is not a chapter link", stray.trim()),
                )
                .with_help(
                    "numbered chapters are written `- [Title](file.md)`, drafts `- [Title]()`",
                ),
            );
            None
        }
    }
}

fn link(title: String, dest: &str, offset: usize) -> Result<SummaryLink, OffsetError> {
    let dest = dest.trim();
    let location = if dest.is_empty() {
        None
    } else {
        let decoded = percent_decode(dest);
        let path = decoded.strip_prefix("./").unwrap_or(&decoded).to_string();
        if path.contains("://") || path.starts_with('/') || path.starts_with('#') {
            return Err(OffsetError::new(
                offset,
                format!("`{dest}` is not a Markdown file in the content folder"),
            )
            .with_help("SUMMARY.md lists chapters by their path relative to SUMMARY.md"));
        }
        if path.split('/').any(|seg| seg == "..") {
            return Err(
                OffsetError::new(offset, format!("`{dest}` leaves the content folder"))
                    .with_help("keep every chapter inside the folder that holds SUMMARY.md"),
            );
        }
        if !path.to_ascii_lowercase().ends_with(".md") {
            return Err(
                OffsetError::new(offset, format!("chapter `{dest}` is not a `.md` file"))
                    .with_help(
                        "chapters are Markdown files; link other files from inside a chapter",
                    ),
            );
        }
        Some(path)
    };
    Ok(SummaryLink {
        title,
        location,
        number: None,
        nested: Vec::new(),
        offset,
    })
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Numbers run on through parts and separators (mdBook: "we want the section
/// numbers to be continuous through all parts").
fn number_chapters(items: &mut [SummaryItem]) {
    fn walk(items: &mut [SummaryItem], parent: &[u32], counter: &mut u32) {
        for item in items {
            if let SummaryItem::Link(l) = item {
                *counter += 1;
                let mut number = parent.to_vec();
                number.push(*counter);
                let mut child_counter = 0;
                walk(&mut l.nested, &number, &mut child_counter);
                l.number = Some(number);
            }
        }
    }
    let mut counter = 0;
    walk(items, &[], &mut counter);
}

fn check_duplicates(summary: &Summary, errors: &mut Vec<OffsetError>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for l in summary.links() {
        if let Some(loc) = &l.location
            && seen.insert(loc.as_str(), l.offset).is_some()
        {
            errors.push(
                OffsetError::new(l.offset, format!("`{loc}` is listed twice"))
                    .with_help("each chapter file can appear once in SUMMARY.md"),
            );
        }
    }
}

/// "2.1." as mdBook shows section numbers.
pub fn format_number(number: &[u32]) -> String {
    let mut s = String::new();
    for n in number {
        s.push_str(&n.to_string());
        s.push('.');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(items: &[SummaryItem]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                SummaryItem::Link(l) => format!(
                    "{} {}{}",
                    l.number.as_deref().map(format_number).unwrap_or_default(),
                    l.location.as_deref().unwrap_or("(draft)"),
                    if l.nested.is_empty() {
                        String::new()
                    } else {
                        format!(" {:?}", locs(&l.nested))
                    }
                )
                .trim()
                .to_string(),
                SummaryItem::Separator => "---".into(),
                SummaryItem::PartTitle(t) => format!("# {t}"),
            })
            .collect()
    }

    #[test]
    fn full_grammar() {
        let s = parse(
            "# Summary\n\n[Intro](intro.md)\n\n---\n\n- [One](one.md)\n  - [One A](one/a.md)\n  * [One B]()\n- [Two](two.md)\n\n# Part Two\n\n- [Three](three.md)\n\n---\n\n- [Four](four%20x.md)\n\n[Appendix](appendix.md)\n[Credits](./credits.md)\n",
        )
        .unwrap();
        assert_eq!(s.title.as_deref(), Some("Summary"));
        assert_eq!(locs(&s.prefix), vec!["intro.md", "---"]);
        assert_eq!(
            locs(&s.numbered),
            vec![
                "1. one.md [\"1.1. one/a.md\", \"1.2. (draft)\"]",
                "2. two.md",
                "# Part Two",
                "3. three.md",
                "---",
                "4. four x.md",
            ]
        );
        assert_eq!(locs(&s.suffix), vec!["appendix.md", "credits.md"]);
    }

    #[test]
    fn star_bullets_and_no_title() {
        let s = parse("* [A](a.md)\n    * [B](b.md)\n").unwrap();
        assert_eq!(s.title, None);
        assert_eq!(locs(&s.numbered), vec!["1. a.md [\"1.1. b.md\"]"]);
    }

    #[test]
    fn errors_are_collected_with_offsets() {
        let text = "# S\n\n- [A](a.md)\n- Just text\n- [B](b.html)\n- [A again](a.md)\n\n[Suffix](s.md)\n\n- [Late](late.md)\n";
        let errs = parse(text).unwrap_err();
        let lines: Vec<(usize, &str)> = errs
            .iter()
            .map(|e| (crate::diag::line_col(text, e.offset).0, e.message.as_str()))
            .collect();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert_eq!(lines[0].0, 4);
        assert!(lines[0].1.contains("Just text"));
        assert_eq!(lines[1].0, 5);
        assert!(lines[1].1.contains("not a `.md` file"));
        assert_eq!(lines[2].0, 10);
        assert!(lines[2].1.contains("suffix chapters cannot be followed"));
        assert_eq!(lines[3].0, 6);
        assert!(lines[3].1.contains("listed twice"));
    }

    #[test]
    fn paths_outside_the_content_folder_are_refused() {
        for bad in ["../x.md", "https://x.org/a.md", "/abs.md"] {
            let errs = parse(&format!("- [X]({bad})\n")).unwrap_err();
            assert_eq!(errs.len(), 1, "{bad}");
        }
    }

    #[test]
    fn leading_part_heading_without_summary_title_is_the_title() {
        // mdBook: the very first h1 is the title, whatever it says.
        let s = parse("# Part I\n- [A](a.md)\n# Part II\n- [B](b.md)\n").unwrap();
        assert_eq!(s.title.as_deref(), Some("Part I"));
        assert_eq!(locs(&s.numbered), vec!["1. a.md", "# Part II", "2. b.md"]);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "-",
            "- [",
            "[]()",
            "# \n- []()\n  - ",
            "***\n---\n* * *",
            "- [a](b.md)\n\t- [c](",
            "\u{0}",
        ] {
            let _ = parse(text);
        }
    }
}
