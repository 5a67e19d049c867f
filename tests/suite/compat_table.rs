//! The author guide's mdBook compatibility page (content/autoren-mdbook.md)
//! is checked against what kursbuch does: every book.toml key mdBook 0.5
//! documents has a row, a key marked "unterstützt" builds without a warning
//! about it, and one marked "anders" or "nicht unterstützt" gets a warning
//! that names it.

use std::path::Path;

use crate::common::TestBook;

/// Every book.toml key mdBook 0.5 documents, with a value an mdBook book
/// sets (the list the config's key check reads too).
fn mdbook_keys() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mdbook-keys.toml");
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let keys: Vec<(String, String)> = table
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap().to_string()))
        .collect();
    assert!(keys.len() > 50, "{keys:?}");
    keys
}

/// Rows the page has beyond mdBook 0.5's documented keys: whole tables
/// (`*` stands for any preprocessor or renderer) and keys of older mdBook
/// books.
const MORE_ROWS: &[(&str, &str)] = &[
    ("preprocessor.*", "{}"),
    ("output.html", "{}"),
    ("output.markdown", "{}"),
    ("output.*", "{}"),
    ("book.multilingual", "true"),
    ("output.html.curly-quotes", "true"),
];

#[derive(Debug, PartialEq)]
enum Status {
    Supported,
    Different,
    Unsupported,
}

/// The rows of the page's key table: (key, status).
fn table_rows() -> Vec<(String, Status)> {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/autoren-mdbook.md"),
    )
    .unwrap();
    let start = page
        .find("## Schlüssel in `book.toml`")
        .expect("the key section");
    let section = &page[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    section[..end]
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let key = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let status = match *cells.get(2)? {
                "unterstützt" => Status::Supported,
                "anders" => Status::Different,
                "nicht unterstützt" => Status::Unsupported,
                other => panic!("`{key}`: unknown status {other:?}"),
            };
            Some((key.split(' ').next().unwrap().to_string(), status))
        })
        .collect()
}

/// The key as a book writes it: a `*` row by a name mdBook books use.
fn concrete(key: &str) -> String {
    key.replace("preprocessor.*", "preprocessor.katex")
        .replace("output.*", "output.linkcheck")
}

/// book.toml with `key = value`.
fn book_toml(key: &str, value: &str) -> String {
    let key = concrete(key);
    let (table, last) = key.rsplit_once('.').unwrap_or(("", &key));
    let table_line = if table.is_empty() {
        String::new()
    } else {
        format!("[{table}]\n")
    };
    format!("{table_line}{last} = {value}\n")
}

#[test]
fn every_documented_mdbook_key_has_a_row_and_the_row_is_true() {
    let rows = table_rows();
    let documented = mdbook_keys();
    let mut problems = Vec::new();
    for (key, _) in &documented {
        if !rows.iter().any(|(k, _)| k == key) {
            problems.push(format!("`{key}`: no row on the compatibility page"));
        }
    }
    for (key, status) in &rows {
        let more = MORE_ROWS
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()));
        let Some((_, value)) = documented
            .iter()
            .cloned()
            .chain(more)
            .find(|(k, _)| k == key)
        else {
            problems.push(format!("`{key}`: a row for a key that is not checked"));
            continue;
        };
        let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
        // The files the sample values name.
        match key.as_str() {
            "book.src" => {
                book.write("src/SUMMARY.md", "- [A](a.md)\n");
                book.write("src/a.md", "# A\n");
            }
            "output.html.additional-css" => {
                book.write("a.css", "p {}\n");
            }
            "output.html.additional-js" => {
                book.write("a.js", "1;\n");
            }
            "output.html.input-404" => {
                book.write("content/nf.md", "# Nicht gefunden\n");
            }
            _ => {}
        }
        book.write("book.toml", &book_toml(key, &value));
        let report = match book.build() {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("`{key}`: the build failed: {e:?}"));
                continue;
            }
        };
        let warnings = book.warnings(&report);
        let shown = concrete(key);
        // A warning names the key or a table it is in (`output.html.fold`
        // for `output.html.fold.level`).
        let names: Vec<&str> = shown
            .match_indices('.')
            .map(|(i, _)| &shown[..i])
            .skip(1)
            .chain([shown.as_str()])
            .collect();
        let warned = warnings.iter().any(|w| {
            names.iter().any(|n| {
                ["`{}`", "`[{}]`", "`{} ="]
                    .iter()
                    .any(|form| w.contains(&form.replace("{}", n)))
            })
        });
        match status {
            Status::Supported if warned => problems.push(format!(
                "`{key}` is marked supported, but warns: {warnings:?}"
            )),
            Status::Different | Status::Unsupported if !warned => problems.push(format!(
                "`{key}` is marked {status:?}, but builds without a word: {warnings:?}"
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
