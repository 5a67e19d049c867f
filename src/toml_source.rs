//! TOML read with positions: book.toml, front matter and data files all need
//! errors at `path:line:col` and one warning per key kursbuch does not know.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diag::Diagnostic;

/// A TOML document that sits at `range` of a file (all of it for book.toml,
/// what lies between the `+++` lines for front matter).
pub struct TomlSource<'a> {
    /// The path shown in diagnostics.
    pub path: &'a Path,
    pub file_text: &'a str,
    pub range: Range<usize>,
}

impl<'a> TomlSource<'a> {
    pub fn whole(path: &'a Path, file_text: &'a str) -> Self {
        TomlSource {
            path,
            file_text,
            range: 0..file_text.len(),
        }
    }

    fn toml(&self) -> &'a str {
        &self.file_text[self.range.clone()]
    }

    /// A diagnostic at a byte offset of the TOML text.
    pub fn diag_at(&self, d: Diagnostic, offset_in_toml: usize) -> Diagnostic {
        d.at_offset(self.path, self.file_text, self.range.start + offset_in_toml)
    }
}

/// A key the target type did not consume, with its dotted path and place.
#[derive(Debug)]
pub struct UnknownKey {
    pub path: Vec<String>,
    pub span: Range<usize>,
}

impl UnknownKey {
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }
}

/// Parses `src` into `T`. Returns the value and the keys `T` ignored, or the
/// first syntax or type error placed at its position.
pub fn parse<T: DeserializeOwned>(src: &TomlSource) -> Result<(T, Vec<UnknownKey>), Diagnostic> {
    let to_diag = |e: toml::de::Error| {
        let offset = e.span().map_or(0, |s| s.start);
        let mut message = e.message().trim().to_string();
        // A type error points at the value; name its key, which serde does not.
        if let Some(key) = key_before(src.toml(), offset)
            && !message.contains(&format!("`{key}`"))
        {
            message = format!("`{key}`: {message}");
        }
        src.diag_at(
            Diagnostic::error(format!("invalid TOML: {message}")),
            offset,
        )
    };
    let table = DeTable::parse(src.toml()).map_err(to_diag)?;
    let mut ignored: Vec<Vec<String>> = Vec::new();
    let value: T = serde_ignored::deserialize(toml::Deserializer::from(table.clone()), |path| {
        ignored.push(path_segments(&path))
    })
    .map_err(to_diag)?;
    let mut unknown: Vec<UnknownKey> = ignored
        .into_iter()
        .map(|path| {
            // Spans are relative to the TOML text; callers place them with `diag_at`.
            let span = span_of(table.get_ref(), &path).unwrap_or(0..0);
            UnknownKey { path, span }
        })
        .collect();
    unknown.sort_by_key(|k| k.span.start);
    Ok((value, unknown))
}

/// The key of a `key = value` line when `offset` is in its value.
fn key_before(toml: &str, offset: usize) -> Option<&str> {
    let line_start = toml.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = toml[line_start..offset].split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    .then_some(key)
}

fn path_segments(path: &serde_ignored::Path) -> Vec<String> {
    use serde_ignored::Path as P;
    let mut out = Vec::new();
    let mut cur = path;
    loop {
        match cur {
            P::Root => break,
            P::Seq { parent, index } => {
                out.push(index.to_string());
                cur = parent;
            }
            P::Map { parent, key } => {
                out.push(key.clone());
                cur = parent;
            }
            P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
                cur = parent
            }
        }
    }
    out.reverse();
    out
}

/// The span of the key at `path` (the key itself, where the author typed it).
fn span_of(table: &DeTable, path: &[String]) -> Option<Range<usize>> {
    let (first, rest) = path.split_first()?;
    let (key, value) = table.get_key_value(first.as_str())?;
    if rest.is_empty() {
        return Some(key.span());
    }
    match value.get_ref() {
        DeValue::Table(t) => span_of(t, rest).or(Some(key.span())),
        DeValue::Array(items) => {
            let idx: usize = rest[0].parse().ok()?;
            let item = items.get(idx)?;
            match item.get_ref() {
                DeValue::Table(t) if rest.len() > 1 => span_of(t, &rest[1..]),
                _ => Some(item.span()),
            }
        }
        _ => Some(key.span()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct T {
        #[allow(dead_code)]
        a: Option<i64>,
        #[allow(dead_code)]
        sub: Option<Sub>,
    }
    #[derive(Deserialize, Debug)]
    struct Sub {
        #[allow(dead_code)]
        b: Option<bool>,
    }

    fn src(text: &str) -> TomlSource<'_> {
        TomlSource::whole(Path::new("f.toml"), text)
    }

    #[test]
    fn unknown_keys_have_paths_and_positions() {
        let text = "a = 1\nzz = 2\n[sub]\nb = true\nqq = 'x'\n";
        let (_v, unknown): (T, _) = parse(&src(text)).unwrap();
        let got: Vec<(String, (usize, usize))> = unknown
            .iter()
            .map(|u| (u.dotted(), crate::diag::line_col(text, u.span.start)))
            .collect();
        assert_eq!(
            got,
            vec![("zz".into(), (2, 1)), ("sub.qq".into(), (5, 1))],
            "{got:?}"
        );
    }

    #[test]
    fn syntax_error_has_position() {
        let text = "a = 1\nb = = 2\n";
        let err = parse::<T>(&src(text)).unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!((loc.line, loc.col > 1), (2, true), "{err}");
    }

    #[test]
    fn type_error_has_position() {
        let text = "a = 1\n[sub]\nb = 'yes'\n";
        let err = parse::<T>(&src(text)).unwrap_err();
        assert_eq!(err.location.clone().unwrap().line, 3, "{err}");
    }
}
