//! Optional TOML front matter between `+++` lines at the top of a chapter
//! (Zola's convention). A YAML `---` block is recognised only to say so.

use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::toml_source::{self, TomlSource};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct FrontMatter {
    /// The page's `<title>` and heading text in the browser tab; the sidebar
    /// keeps the title from SUMMARY.md.
    pub title: Option<String>,
    /// `<meta name="description">` of the page.
    pub description: Option<String>,
    /// Learning objectives, shown in a box below the chapter's title (Markdown).
    pub objectives: Vec<String>,
    /// A summary, shown in a box at the end of the chapter (Markdown).
    pub summary: Option<String>,
    /// `false` keeps glossary terms of this chapter plain (no tooltips).
    pub glossary: Option<bool>,
}

pub struct Parsed {
    pub front: FrontMatter,
    /// Where the Markdown starts.
    pub body_start: usize,
    pub warnings: Vec<Diagnostic>,
}

/// The end of the line starting at `from` (after its `\n`), and the line without terminator.
fn line_at(text: &str, from: usize) -> (&str, usize) {
    match text[from..].find('\n') {
        Some(i) => (text[from..from + i].trim_end_matches('\r'), from + i + 1),
        None => (&text[from..], text.len()),
    }
}

pub fn parse(text: &str, shown: &Path) -> Result<Parsed, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let (first, after_first) = line_at(text, start);
    match first.trim_end() {
        "+++" => {
            let mut pos = after_first;
            while pos < text.len() {
                let (line, next) = line_at(text, pos);
                if line.trim_end() == "+++" {
                    let src = TomlSource {
                        path: shown,
                        file_text: text,
                        range: after_first..pos,
                    };
                    let (front, unknown): (FrontMatter, _) = toml_source::parse(&src)?;
                    let warnings = unknown
                        .iter()
                        .map(|k| {
                            src.diag_at(
                                Diagnostic::warning(format!(
                                    "unknown front matter key `{}` is ignored",
                                    k.dotted()
                                ))
                                .with_help("front matter knows `title`, `description`, `objectives`, `summary` and `glossary`"),
                                k.span.start,
                            )
                        })
                        .collect();
                    return Ok(Parsed {
                        front,
                        body_start: next,
                        warnings,
                    });
                }
                pos = next;
            }
            Err(
                Diagnostic::error("front matter opened with `+++` is never closed")
                    .at_offset(shown, text, start)
                    .with_help("end the front matter with a line that holds only `+++`"),
            )
        }
        "---" if looks_like_yaml(text, after_first) => Err(Diagnostic::error(
            "YAML front matter (`---`) is not supported",
        )
        .at_offset(shown, text, start)
        .with_help("write it as TOML between two `+++` lines, e.g. `title = \"Docker\"`")),
        _ => Ok(Parsed {
            front: FrontMatter::default(),
            body_start: start,
            warnings: Vec::new(),
        }),
    }
}

/// `---` opens YAML only if a closing `---` follows and the lines between
/// look like `key: value`; otherwise it is a Markdown thematic break.
fn looks_like_yaml(text: &str, mut pos: usize) -> bool {
    let mut saw_key = false;
    while pos < text.len() {
        let (line, next) = line_at(text, pos);
        let trimmed = line.trim();
        if trimmed == "---" {
            return saw_key;
        }
        if let Some((key, _)) = trimmed.split_once(':')
            && !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            saw_key = true;
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('-') {
            return false;
        }
        pos = next;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Docker\"\ndescription = \"Container\"\n+++\n# Body\n";
        let p = parse(text, Path::new("a.md")).unwrap();
        assert_eq!(p.front.title.as_deref(), Some("Docker"));
        assert_eq!(p.front.description.as_deref(), Some("Container"));
        assert_eq!(&text[p.body_start..], "# Body\n");
    }

    #[test]
    fn no_front_matter_and_bom() {
        let p = parse("# Hi\n", Path::new("a.md")).unwrap();
        assert_eq!(p.body_start, 0);
        let p = parse("\u{feff}# Hi\n", Path::new("a.md")).unwrap();
        assert_eq!(p.body_start, 3);
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("+++\ntitle = 'x'\n", Path::new("a.md"))
            .err()
            .unwrap();
        assert!(e.message.contains("never closed"));
        let e = parse("+++\ntitle = \n+++\n", Path::new("a.md"))
            .err()
            .unwrap();
        assert_eq!(e.location.unwrap().line, 2);
        let e = parse("---\ntitle: Hallo\n---\n# x\n", Path::new("a.md"))
            .err()
            .unwrap();
        assert!(
            e.to_string()
                .starts_with("a.md:1:1: error: YAML front matter"),
            "{e}"
        );
    }

    #[test]
    fn thematic_break_is_not_yaml() {
        let p = parse("---\n\nSome text.\n\n---\n", Path::new("a.md")).unwrap();
        assert_eq!(p.body_start, 0);
    }

    #[test]
    fn unknown_key_warns_at_its_line() {
        let p = parse("+++\ntitle = 'x'\nweight = 3\n+++\n", Path::new("a.md")).unwrap();
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].location.as_ref().unwrap().line, 3);
    }
}
