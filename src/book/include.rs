//! mdBook's `{{#...}}` directives, expanded in the raw Markdown (inside code
//! blocks too: that is how an example file becomes a listing):
//! `{{#include path}}`, `path:10:20` (1-based, inclusive; also `:10`, `::20`,
//! `:10:`), `path:anchor` (between `ANCHOR: anchor` and `ANCHOR_END: anchor`),
//! `{{#rustdoc_include}}`, `{{#playground}}` and `{{#title}}`.
//! `\{{#...}}` stays literal. Unknown directives are left as written, as in mdBook.
//!
//! Unlike mdBook, a missing file, a missing anchor or a cycle is an error, and
//! every line keeps a map back to its file for later diagnostics.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::book::reach::{Reach, ReadRoots};
use crate::book::source::{Expanded, ReadError, SourceFile, read_text};
use crate::diag::Diagnostic;
use crate::paths::{join_shown, normalize};

/// mdBook's limit; deeper nesting is almost certainly a cycle through symlinks.
const MAX_DEPTH: usize = 10;

pub struct Expansion {
    pub expanded: Expanded,
    /// From `{{#title ...}}`: the whole `<title>` of the page.
    pub title: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where paths are shown from: files under `book_root` are shown as
/// `shown_root/relative`, others by their absolute path.
pub struct Roots<'a> {
    pub book_root: &'a Path,
    pub shown_root: &'a Path,
    /// Where includes may read from.
    pub read: &'a ReadRoots,
}

impl Roots<'_> {
    pub fn shown(&self, disk: &Path) -> PathBuf {
        let norm = normalize(disk);
        let root = normalize(self.book_root);
        match norm.strip_prefix(&root) {
            Ok(rel) => join_shown(self.shown_root, rel),
            Err(_) => norm,
        }
    }
}

/// Expands the directives in `chapter.text[body_start..]`.
pub fn expand(chapter: SourceFile, body_start: usize, roots: &Roots) -> Expansion {
    let text_len = chapter.text.len();
    let mut out = Expanded::new(chapter);
    // Most chapters include little: room for their own text saves growing
    // by doubling (and its unused half) on a large one.
    out.text.reserve(text_len - body_start);
    let mut ex = Expander {
        out,
        title: None,
        diagnostics: Vec::new(),
        stack: Vec::new(),
        file_index: HashMap::new(),
        roots,
    };
    if let Ok(canon) = std::fs::canonicalize(&ex.out.files[0].disk) {
        ex.file_index.insert(canon.clone(), 0);
        ex.stack.push(canon);
    }
    // Split on '\n' only, so the chapter's own text comes out byte for byte.
    let mut lines = Vec::new();
    let mut start = body_start;
    let text = &ex.out.files[0].text;
    for (i, _) in text[body_start..].match_indices('\n') {
        let end = body_start + i;
        lines.push(Line::plain(start..end));
        start = end + 1;
    }
    lines.push(Line::plain(start..text_len));
    ex.emit_lines(0, &lines, None, 0);
    Expansion {
        expanded: ex.out,
        title: ex.title,
        diagnostics: ex.diagnostics,
    }
}

#[derive(Debug, Clone)]
struct Line {
    range: Range<usize>,
    /// Text put before the line (rustdoc_include's `# ` for hidden lines).
    hide: bool,
}

impl Line {
    fn plain(range: Range<usize>) -> Self {
        Line { range, hide: false }
    }
}

/// Continuation lines of an include inside a list item or blockquote get the
/// same indentation/quote markers, so the included block stays inside it.
struct Prefix {
    text: String,
    file: usize,
    src: usize,
}

struct Expander<'a> {
    out: Expanded,
    title: Option<String>,
    diagnostics: Vec<Diagnostic>,
    /// Canonical paths of the files being expanded, outermost first.
    stack: Vec<PathBuf>,
    file_index: HashMap<PathBuf, usize>,
    roots: &'a Roots<'a>,
}

struct Directive<'t> {
    name: &'t str,
    args: &'t str,
    len: usize,
}

/// `{{ #name args }}` at the start of `s`; `args` cannot contain `}` (as in mdBook).
fn parse_directive(s: &str) -> Option<Directive<'_>> {
    let rest = s.strip_prefix("{{")?;
    let after_ws = rest.trim_start();
    let body = after_ws.strip_prefix('#')?;
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    if name_len == 0 {
        return None;
    }
    let name = &body[..name_len];
    let after_name = &body[name_len..];
    if !after_name.starts_with(char::is_whitespace) {
        return None;
    }
    let close = after_name.find('}')?;
    if !after_name[close..].starts_with("}}") {
        return None;
    }
    let args = after_name[..close].trim();
    if args.is_empty() {
        return None;
    }
    let consumed = s.len() - after_name.len() + close + 2;
    Some(Directive {
        name,
        args,
        len: consumed,
    })
}

impl Expander<'_> {
    fn error(&mut self, file: usize, src: usize, d: Diagnostic) {
        let d = self.out.diag_in_file(d, file, src);
        self.diagnostics.push(d);
    }

    fn emit_lines(&mut self, file: usize, lines: &[Line], prefix: Option<&Prefix>, depth: usize) {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                let nl_src = lines[i - 1].range.end;
                self.out.push_mapped("\n", file, nl_src);
                if let Some(p) = prefix {
                    self.out.push_mapped(&p.text, p.file, p.src);
                }
            }
            if line.hide {
                self.out.push_mapped("# ", file, line.range.start);
            }
            self.expand_line(file, line.range.clone(), depth);
        }
    }

    fn expand_line(&mut self, file: usize, range: Range<usize>, depth: usize) {
        // The line is copied out because expanding may add files to `self.out`.
        let line = self.out.files[file].text[range.clone()].to_string();
        let base = range.start;
        let mut pos = 0;
        while let Some(i) = line[pos..].find("{{") {
            let at = pos + i;
            if at > 0 && line.as_bytes()[at - 1] == b'\\' && line[at + 2..].starts_with('#') {
                // `\{{#...}}`: literal, without the backslash.
                self.out.push_mapped(&line[pos..at - 1], file, base + pos);
                let end = line[at..].find("}}").map_or(line.len(), |e| at + e + 2);
                self.out.push_mapped(&line[at..end], file, base + at);
                pos = end;
                continue;
            }
            match parse_directive(&line[at..]) {
                Some(d) => {
                    self.out.push_mapped(&line[pos..at], file, base + pos);
                    self.directive(&d, file, base + at, depth);
                    pos = at + d.len;
                }
                None => {
                    self.out.push_mapped(&line[pos..at + 2], file, base + pos);
                    pos = at + 2;
                }
            }
        }
        self.out.push_mapped(&line[pos..], file, base + pos);
    }

    fn directive(&mut self, d: &Directive, file: usize, src: usize, depth: usize) {
        match d.name {
            "title" => self.title = Some(d.args.to_string()),
            "include" | "rustdoc_include" | "playground" | "playpen" => {
                self.include(d, file, src, depth)
            }
            // Unknown: as written (mdBook does the same).
            _ => {
                let written = self.out.files[file].text[src..src + d.len].to_string();
                self.out.push_mapped(&written, file, src);
            }
        }
    }

    fn continuation_prefix(&self, file: usize, src: usize) -> Option<Prefix> {
        let line_start = self.out.text.rfind('\n').map_or(0, |i| i + 1);
        let before = &self.out.text[line_start..];
        let structural = |c: char| {
            c.is_whitespace()
                || c == '>'
                || matches!(c, '-' | '*' | '+' | '.' | ')')
                || c.is_ascii_digit()
        };
        if before.is_empty() || !before.chars().all(structural) {
            return None;
        }
        let text = before
            .chars()
            .map(|c| {
                if c == '>' || c.is_whitespace() {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        Some(Prefix { text, file, src })
    }

    fn include(&mut self, d: &Directive, file: usize, src: usize, depth: usize) {
        let playground = matches!(d.name, "playground" | "playpen");
        let (path_part, selector, attrs) = split_args(d.args, playground);
        let including_dir = self.out.files[file]
            .disk
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let disk = including_dir.join(&path_part);
        let shown = self.roots.shown(&disk);
        if depth >= MAX_DEPTH {
            self.error(
                file,
                src,
                Diagnostic::error(format!(
                    "`{{{{#{} {}}}}}` is nested more than {MAX_DEPTH} includes deep",
                    d.name, d.args
                ))
                .with_help("check for a cycle of includes"),
            );
            return;
        }
        let resolved = std::fs::canonicalize(&disk);
        // Checked before anything else looks at the file: a refused one is
        // never opened, and `/dev/…` is refused, not "not a file".
        if let Ok(canon) = &resolved {
            let reach = self.roots.read.reach(canon);
            if reach != Reach::Inside {
                let what = format!("cannot include `{path_part}`");
                let d = self.roots.read.refused(&what, canon, &reach);
                self.error(file, src, d);
                return;
            }
        }
        let canon = match resolved {
            Ok(c) if c.is_file() => c,
            _ => {
                self.error(
                    file,
                    src,
                    Diagnostic::error(format!(
                        "cannot include `{path_part}`: no such file ({})",
                        shown.display()
                    ))
                    .with_help(
                        "include paths are relative to the file that contains the directive",
                    ),
                );
                return;
            }
        };
        if let Some(pos) = self.stack.iter().position(|p| *p == canon) {
            let mut chain: Vec<String> = self.stack[pos..]
                .iter()
                .map(|p| self.roots.shown(p).display().to_string())
                .collect();
            chain.push(shown.display().to_string());
            self.error(
                file,
                src,
                Diagnostic::error(format!("include cycle: {}", chain.join(" → ")))
                    .with_help("a file cannot include itself, directly or through other files"),
            );
            return;
        }
        let idx = match self.file_index.get(&canon) {
            Some(&i) => i,
            None => match read_text(&canon, &shown, "save the included file as UTF-8") {
                Ok(text) => {
                    self.out.files.push(SourceFile {
                        shown: shown.clone(),
                        disk: canon.clone(),
                        text,
                    });
                    let i = self.out.files.len() - 1;
                    self.file_index.insert(canon.clone(), i);
                    i
                }
                Err(ReadError::NotUtf8(d)) => {
                    self.diagnostics.push(d);
                    return;
                }
                Err(ReadError::Io(e)) => {
                    self.error(
                        file,
                        src,
                        Diagnostic::error(format!("cannot include `{path_part}`: {e}")),
                    );
                    return;
                }
            },
        };
        let lines = match select_lines(
            &self.out.files[idx].text,
            &selector,
            d.name == "rustdoc_include",
        ) {
            Ok(lines) => lines,
            Err(e) => {
                self.error(
                    file,
                    src,
                    Diagnostic::error(format!("cannot include `{}`: {}", d.args, e.message))
                        .with_help(e.help),
                );
                return;
            }
        };
        let prefix = self.continuation_prefix(file, src);
        if playground {
            let mut fence = String::from("```rust");
            for a in &attrs {
                fence.push(',');
                fence.push_str(a);
            }
            fence.push('\n');
            self.out.push_mapped(&fence, file, src);
            if let Some(p) = &prefix {
                self.out.push_mapped(&p.text, file, src);
            }
        }
        self.stack.push(canon);
        self.emit_lines(idx, &lines, prefix.as_ref(), depth + 1);
        self.stack.pop();
        if playground {
            self.out.push_mapped("\n", file, src);
            if let Some(p) = &prefix {
                self.out.push_mapped(&p.text, file, src);
            }
            self.out.push_mapped("```", file, src);
        }
    }
}

/// `path`, `path:sel`, `"quoted path":sel`; for playground, `path attr attr`.
fn split_args(args: &str, playground: bool) -> (String, String, Vec<String>) {
    let (target, attrs) = if playground {
        let mut parts = args.split_whitespace();
        let first = parts.next().unwrap_or_default();
        (first, parts.map(str::to_string).collect())
    } else {
        (args, Vec::new())
    };
    if let Some(rest) = target.strip_prefix('"')
        && let Some(end) = rest.find('"')
    {
        let selector = rest[end + 1..].strip_prefix(':').unwrap_or_default();
        return (rest[..end].to_string(), selector.to_string(), attrs);
    }
    match target.split_once(':') {
        Some((p, sel)) => (p.to_string(), sel.to_string(), attrs),
        None => (target.to_string(), String::new(), attrs),
    }
}

/// The byte ranges of a file's lines (without line terminators).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n').trim_end_matches('\r');
        out.push(start..start + body.len());
        start += line.len();
    }
    out
}

fn anchor_name<'t>(line: &'t str, marker: &str) -> Option<&'t str> {
    let mut search = line;
    while let Some(i) = search.find(marker) {
        let rest = search[i + marker.len()..].trim_start();
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if len > 0 {
            return Some(&rest[..len]);
        }
        search = &search[i + marker.len()..];
    }
    None
}

fn is_anchor_line(line: &str) -> bool {
    anchor_name(line, "ANCHOR:").is_some() || anchor_name(line, "ANCHOR_END:").is_some()
}

/// Why a selector picks nothing, and what to do about it.
#[derive(Debug)]
struct SelectError {
    message: String,
    help: &'static str,
}

const ANCHOR_HELP: &str =
    "anchors are marked with `ANCHOR: name` and `ANCHOR_END: name` comments in the included file";
const RANGE_HELP: &str =
    "line numbers count from 1; `file:10:20` is lines 10 to 20, `file:10:` from line 10 to the end";

/// The lines a selector picks. `rustdoc` keeps the others too, marked hidden.
///
/// A range that starts past the end of the file is an error (mdBook
/// includes nothing, an empty listing nobody notices); one that starts
/// inside and ends past the end is cut at the end, as in mdBook: the file
/// grew shorter, but what the range meant is still there.
fn select_lines(text: &str, selector: &str, rustdoc: bool) -> Result<Vec<Line>, SelectError> {
    let all = line_ranges(text);
    let n = all.len();
    let selector = selector.trim();
    let pick = |range: Range<usize>, drop_anchor_lines: bool| -> Vec<Line> {
        all.iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let inside = range.contains(&i);
                let line = &text[r.clone()];
                if drop_anchor_lines && is_anchor_line(line) {
                    return None;
                }
                if inside {
                    Some(Line::plain(r.clone()))
                } else if rustdoc {
                    Some(Line {
                        range: r.clone(),
                        hide: true,
                    })
                } else {
                    None
                }
            })
            .collect()
    };
    if selector.is_empty() || selector == ":" {
        return Ok(pick(0..n, false));
    }
    let mut parts = selector.splitn(2, ':');
    let first = parts.next().unwrap_or_default().trim();
    let second = parts.next().map(str::trim);
    let number = |s: &str| s.parse::<usize>().ok();
    if first.is_empty() || number(first).is_some() {
        let start = number(first).map_or(0, |s| s.saturating_sub(1));
        let end = match second {
            None => start + 1, // `:10` is line 10 only
            Some(s) => number(s).unwrap_or(n),
        };
        let lines = |k: usize| {
            if k == 1 {
                "1 line".to_string()
            } else {
                format!("{k} lines")
            }
        };
        if start >= n {
            return Err(SelectError {
                message: format!(
                    "line {} is past the end of the file ({})",
                    start + 1,
                    lines(n)
                ),
                help: RANGE_HELP,
            });
        }
        if end <= start {
            return Err(SelectError {
                message: format!(
                    "the range ends at line {end} before it starts at line {}",
                    start + 1
                ),
                help: RANGE_HELP,
            });
        }
        return Ok(pick(start..end.min(n), false));
    }
    // Anchor mode.
    let name = first;
    let start = all
        .iter()
        .position(|r| anchor_name(&text[r.clone()], "ANCHOR:") == Some(name));
    let Some(start) = start else {
        let mut known: Vec<&str> = all
            .iter()
            .filter_map(|r| anchor_name(&text[r.clone()], "ANCHOR:"))
            .collect();
        known.dedup();
        let message = if known.is_empty() {
            format!("no anchor `{name}` (the file has no anchors)")
        } else {
            format!("no anchor `{name}` (the file has: {})", known.join(", "))
        };
        return Err(SelectError {
            message,
            help: ANCHOR_HELP,
        });
    };
    let end = all[start + 1..]
        .iter()
        .position(|r| anchor_name(&text[r.clone()], "ANCHOR_END:") == Some(name))
        .map_or(n, |e| start + 1 + e);
    // An anchor on the file's last line, or one that ends where it starts,
    // would be an empty listing.
    let holds_lines = all[start + 1..end]
        .iter()
        .any(|r| !is_anchor_line(&text[r.clone()]));
    if !holds_lines {
        return Err(SelectError {
            message: format!("the anchor `{name}` marks no lines"),
            help: ANCHOR_HELP,
        });
    }
    Ok(pick(start + 1..end, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, sel: &str) -> Vec<String> {
        select_lines(text, sel, false)
            .unwrap()
            .into_iter()
            .map(|l| text[l.range].to_string())
            .collect()
    }

    #[test]
    fn directive_syntax() {
        let d = parse_directive("{{#include a.md:1:2}} tail").unwrap();
        assert_eq!((d.name, d.args, d.len), ("include", "a.md:1:2", 21));
        let d = parse_directive("{{ #title Mein Titel }}").unwrap();
        assert_eq!((d.name, d.args), ("title", "Mein Titel"));
        assert!(parse_directive("{{#include}}").is_none());
        assert!(parse_directive("{{ name(x=1) }}").is_none());
        assert!(parse_directive("{{#include a}b}}").is_none());
    }

    #[test]
    fn line_ranges_are_one_based_and_inclusive() {
        let t = "l1\nl2\nl3\nl4\n";
        assert_eq!(texts(t, "2:3"), ["l2", "l3"]);
        assert_eq!(texts(t, "2"), ["l2"]);
        assert_eq!(texts(t, "3:"), ["l3", "l4"]);
        assert_eq!(texts(t, ":2"), ["l1", "l2"]);
        assert_eq!(texts(t, ""), ["l1", "l2", "l3", "l4"]);
        assert_eq!(
            texts(t, "3:99"),
            ["l3", "l4"],
            "the end is cut at the file's end"
        );
        let past = select_lines(t, "9:12", false).unwrap_err();
        assert_eq!(past.message, "line 9 is past the end of the file (4 lines)");
        assert!(select_lines(t, "5", false).is_err());
        assert!(select_lines(t, "3:2", false).is_err());
        assert_eq!(texts(t, "4"), ["l4"]);
    }

    #[test]
    fn anchors_drop_marker_lines() {
        let t = "a\n# ANCHOR: outer\nb\n# ANCHOR: inner\nc\n# ANCHOR_END: inner\nd\n# ANCHOR_END: outer\ne\n";
        assert_eq!(texts(t, "outer"), ["b", "c", "d"]);
        assert_eq!(texts(t, "inner"), ["c"]);
        let err = select_lines(t, "nope", false).unwrap_err().message;
        assert!(err.contains("outer, inner"), "{err}");
        let empty = "a\n// ANCHOR: leer\n// ANCHOR_END: leer\n// ANCHOR: ende";
        for name in ["leer", "ende"] {
            let err = select_lines(empty, name, false).unwrap_err().message;
            assert_eq!(err, format!("the anchor `{name}` marks no lines"));
        }
    }

    #[test]
    fn rustdoc_include_hides_other_lines() {
        let t = "a\nb\nc\n";
        let lines = select_lines(t, "2", true).unwrap();
        let hidden: Vec<bool> = lines.iter().map(|l| l.hide).collect();
        assert_eq!(hidden, [true, false, true]);
    }

    #[test]
    fn split_args_forms() {
        assert_eq!(
            split_args("a.rs:3:4", false),
            ("a.rs".into(), "3:4".into(), vec![])
        );
        assert_eq!(
            split_args("\"a b.rs\":x", false),
            ("a b.rs".into(), "x".into(), vec![])
        );
        assert_eq!(
            split_args("a.rs editable", true),
            ("a.rs".into(), String::new(), vec!["editable".to_string()])
        );
    }
}
