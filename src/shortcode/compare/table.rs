//! A comparison table from TOML, either a
//! data file under `data/` (`{{ compare(data="ec2-vs-lambda") }}`) or the body.
//!
//! ```toml
//! caption = "EC2 und Lambda im Vergleich"   # optional
//! label = "Merkmal"                         # optional: header of the first column
//! columns = ["EC2", "Lambda"]
//!
//! [[rows]]
//! label = "Abrechnung"
//! values = ["pro Stunde", "pro Ausführung"]    # one per column, in order …
//! note = "Stand 2026"                          # optional
//!
//! [[rows]]
//! label = "Server verwalten"
//! values = { EC2 = true, Lambda = false }      # … or by column name
//! ```
//!
//! One file can describe many services; `columns=[…]` picks a subset.
//! `true`/`false` show as ✓/✗ with a text for screen readers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::OffsetError;
use crate::escape;
use crate::i18n::UiStrings;

#[derive(Debug, Deserialize)]
struct Table {
    caption: Option<String>,
    label: Option<String>,
    columns: Spanned<Vec<String>>,
    #[serde(default)]
    rows: Vec<Spanned<Row>>,
}

#[derive(Debug, Deserialize)]
struct Row {
    label: String,
    values: Spanned<Values>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Values {
    InOrder(Vec<Cell>),
    ByColumn(BTreeMap<String, Cell>),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum Cell {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Cell {
    fn display(&self) -> String {
        match self {
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Text(t) => t.clone(),
        }
    }
}

/// A problem: in the TOML (at a byte offset of it), or with an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// An error at an offset of the TOML text (a data file or the body).
    Toml(OffsetError),
    /// A `columns=[…]` entry the table does not have.
    Column { name: String, known: Vec<String> },
}

pub struct Options<'a> {
    pub id: &'a str,
    pub caption: Option<&'a str>,
    pub columns: Option<&'a [String]>,
    pub highlight: bool,
    pub ui: &'a UiStrings,
}

/// Parses the table from `toml_text`; keys it does not know come back as
/// warnings.
fn parse(toml_text: &str) -> Result<(Table, Vec<OffsetError>), CompareError> {
    let src = crate::toml_source::TomlSource::whole(std::path::Path::new(""), toml_text);
    match crate::toml_source::parse::<Table>(&src) {
        Ok((t, unknown)) => Ok((
            t,
            unknown
                .iter()
                .map(|k| {
                    OffsetError::warning(
                        k.span.start,
                        format!(
                            "unknown key `{}` in the comparison table is ignored",
                            k.dotted()
                        ),
                    )
                })
                .collect(),
        )),
        Err(d) => {
            let offset = d
                .location
                .as_ref()
                .map(|l| offset_of(toml_text, l.line, l.col))
                .unwrap_or(0);
            let message = d.message.trim_start_matches("invalid TOML: ").to_string();
            Err(CompareError::Toml(
                OffsetError::new(offset, format!("comparison table: {message}"))
                    .with_help("see the author guide for the table format"),
            ))
        }
    }
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let in_line = text[start.min(text.len())..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    start + in_line
}

/// Renders the table. Returns the HTML and warnings.
pub fn render(toml_text: &str, opts: &Options) -> Result<(String, Vec<OffsetError>), CompareError> {
    let (table, warnings) = parse(toml_text)?;
    let all = table.columns.get_ref();
    let shown: Vec<usize> = match opts.columns {
        None => (0..all.len()).collect(),
        Some(wanted) => {
            let mut idx = Vec::new();
            for w in wanted {
                match all.iter().position(|c| c == w) {
                    Some(i) => idx.push(i),
                    None => {
                        return Err(CompareError::Column {
                            name: w.clone(),
                            known: all.clone(),
                        });
                    }
                }
            }
            idx
        }
    };
    // Every row's values, in column order.
    let mut rows: Vec<(&Row, Vec<Option<Cell>>)> = Vec::new();
    for row in &table.rows {
        let r = row.get_ref();
        let span: Range<usize> = r.values.span();
        let cells: Vec<Option<Cell>> = match r.values.get_ref() {
            Values::InOrder(v) => {
                if v.len() != all.len() {
                    return Err(CompareError::Toml(OffsetError::new(span.start, format!(
                            "row `{}` has {} values for {} columns",
                            r.label,
                            v.len(),
                            all.len()
                        )).with_help("give one value per column, in the order of `columns`, or name them: `values = { EC2 = … }`")));
                }
                v.iter().cloned().map(Some).collect()
            }
            Values::ByColumn(m) => {
                if let Some(bad) = m.keys().find(|k| !all.contains(k)) {
                    return Err(CompareError::Toml(OffsetError::new(
                        span.start,
                        format!(
                            "row `{}` names the column `{bad}`, which `columns` does not list",
                            r.label
                        ),
                    )));
                }
                all.iter().map(|c| m.get(c).cloned()).collect()
            }
        };
        rows.push((r, cells));
    }

    let id = opts.id;
    let caption = opts.caption.or(table.caption.as_deref());
    let mut out = format!("<figure class=\"compare\" id=\"{id}\">\n");
    if let Some(c) = caption {
        let _ = writeln!(
            out,
            "<figcaption id=\"{id}-cap\">{}</figcaption>",
            escape::text(c)
        );
    }
    let region = if caption.is_some() {
        format!(" role=\"region\" aria-labelledby=\"{id}-cap\"")
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<div class=\"table-wrap compare-wrap\" tabindex=\"0\"{region}>\n<table class=\"compare-table\">\n<thead><tr><th scope=\"col\">{}</th>",
        escape::text(table.label.as_deref().unwrap_or(opts.ui.compare_feature))
    );
    for &i in &shown {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape::text(&all[i]));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (row, cells) in &rows {
        let values: Vec<Option<&Cell>> = shown.iter().map(|&i| cells[i].as_ref()).collect();
        let differs = opts.highlight
            && values
                .windows(2)
                .any(|w| w[0].map(Cell::display) != w[1].map(Cell::display));
        out.push_str(if differs {
            "<tr class=\"differs\">"
        } else {
            "<tr>"
        });
        let _ = write!(out, "<th scope=\"row\">{}", escape::text(&row.label));
        if differs {
            let _ = write!(
                out,
                " <span class=\"compare-differs\" title=\"{0}\"><span aria-hidden=\"true\">≠</span><span class=\"visually-hidden\">({0})</span></span>",
                opts.ui.compare_differs
            );
        }
        if let Some(n) = &row.note {
            let _ = write!(
                out,
                "<small class=\"compare-note\">{}</small>",
                escape::text(n)
            );
        }
        out.push_str("</th>");
        for v in values {
            match v {
                Some(Cell::Bool(true)) => {
                    let _ = write!(
                        out,
                        "<td class=\"yes\"><span aria-hidden=\"true\">✓</span><span class=\"visually-hidden\">{}</span></td>",
                        opts.ui.yes
                    );
                }
                Some(Cell::Bool(false)) => {
                    let _ = write!(
                        out,
                        "<td class=\"no\"><span aria-hidden=\"true\">✗</span><span class=\"visually-hidden\">{}</span></td>",
                        opts.ui.no
                    );
                }
                Some(c) => {
                    let _ = write!(out, "<td>{}</td>", escape::text(&c.display()));
                }
                None => {
                    let _ = write!(
                        out,
                        "<td class=\"none\"><span aria-hidden=\"true\">–</span><span class=\"visually-hidden\">{}</span></td>",
                        opts.ui.not_applicable
                    );
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</figure>\n");
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::UiLang;

    const DATA: &str = "caption = \"Vergleich\"\ncolumns = [\"EC2\", \"Fargate\", \"Lambda\"]\n\n[[rows]]\nlabel = \"Modell\"\nvalues = [\"IaaS\", \"CaaS\", \"FaaS\"]\n\n[[rows]]\nlabel = \"Server verwalten\"\nvalues = { EC2 = true, Fargate = false, Lambda = false }\nnote = \"Betriebssystem und Patches\"\n\n[[rows]]\nlabel = \"Preis\"\nvalues = { EC2 = \"pro Sekunde\", Lambda = \"pro Aufruf\" }\n";

    fn opts(columns: Option<&[String]>, highlight: bool) -> Options<'_> {
        Options {
            id: "cmp-1",
            caption: None,
            columns,
            highlight,
            ui: UiLang::De.strings(),
        }
    }

    #[test]
    fn full_table_with_yes_no_and_notes() {
        let (html, warnings) = render(DATA, &opts(None, false)).unwrap();
        assert!(warnings.is_empty());
        assert!(
            html.contains("<figcaption id=\"cmp-1-cap\">Vergleich</figcaption>"),
            "{html}"
        );
        assert!(html.contains("<thead><tr><th scope=\"col\">Merkmal</th><th scope=\"col\">EC2</th><th scope=\"col\">Fargate</th><th scope=\"col\">Lambda</th></tr></thead>"), "{html}");
        assert!(html.contains("<td class=\"yes\"><span aria-hidden=\"true\">✓</span><span class=\"visually-hidden\">ja</span></td>"), "{html}");
        assert!(html.contains("<td class=\"no\"><span aria-hidden=\"true\">✗</span><span class=\"visually-hidden\">nein</span></td>"), "{html}");
        assert!(html.contains("<small class=\"compare-note\">Betriebssystem und Patches</small>"));
        assert!(
            html.contains("<td class=\"none\">"),
            "Fargate has no price: {html}"
        );
        assert!(!html.contains("differs"));
    }

    #[test]
    fn a_subset_of_columns_and_highlighted_differences() {
        let cols = vec!["Lambda".to_string(), "Fargate".to_string()];
        let (html, _) = render(DATA, &opts(Some(&cols), true)).unwrap();
        assert!(
            html.contains("<th scope=\"col\">Lambda</th><th scope=\"col\">Fargate</th></tr>"),
            "{html}"
        );
        assert!(!html.contains("EC2"), "{html}");
        // Modell differs (FaaS vs CaaS); "Server verwalten" is false for both.
        assert_eq!(html.matches("<tr class=\"differs\">").count(), 2, "{html}");
        assert!(
            html.contains("<tr><th scope=\"row\">Server verwalten"),
            "{html}"
        );
        assert!(html.contains("<span class=\"visually-hidden\">(unterschiedlich)</span>"));
    }

    #[test]
    fn errors_point_into_the_toml() {
        let e = render(
            "columns = [\"A\", \"B\"]\n[[rows]]\nlabel = \"x\"\nvalues = [1]\n",
            &opts(None, false),
        )
        .unwrap_err();
        let CompareError::Toml(e) = e else { panic!() };
        assert_eq!(e.offset, 51, "at the value of `values`");
        assert!(e.message.contains("1 values for 2 columns"));
        let e = render(
            "columns = [\"A\"]\n[[rows]]\nlabel = \"x\"\nvalues = { B = 1 }\n",
            &opts(None, false),
        )
        .unwrap_err();
        assert!(matches!(e, CompareError::Toml(ref e) if e.message.contains("column `B`")));
        let e = render("columns = [\"A\"\n", &opts(None, false)).unwrap_err();
        assert!(matches!(e, CompareError::Toml(ref e) if e.offset > 0));
        let cols = vec!["Lamda".to_string()];
        let e = render(DATA, &opts(Some(&cols), false)).unwrap_err();
        assert_eq!(
            e,
            CompareError::Column {
                name: "Lamda".into(),
                known: vec!["EC2".into(), "Fargate".into(), "Lambda".into()]
            }
        );
    }

    #[test]
    fn content_is_escaped() {
        let (html, _) = render(
            "columns = [\"<b>\"]\n[[rows]]\nlabel = \"<img src=x>\"\nvalues = [\"&\"]\n",
            &opts(None, false),
        )
        .unwrap();
        assert!(!html.contains("<b>") && !html.contains("<img"), "{html}");
    }
}
