//! The theme: Tera templates and static files. The default theme (this
//! repository's `templates/` and `static/`) is compiled into the binary; a
//! book's own `templates/` and `static/` replace it file by file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::book::visible_files;
use crate::diag::{Diagnostic, Location};
use crate::paths::{join_shown, path_to_slash};

static DEFAULT_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static DEFAULT_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// How the default theme's files are named in messages.
const DEFAULT_THEME_NAME: &str = "<default theme>";

/// A file the site needs, with the name it is written under.
pub struct Asset {
    pub output: String,
    pub bytes: Cow<'static, [u8]>,
}

pub struct Theme {
    pub tera: Tera,
    pub assets: Vec<Asset>,
    /// Theme file path (`css/kursbuch.css`) → output path with its content
    /// hash (`css/kursbuch.3f9a0c1e.css`), so browsers never use a stale copy.
    pub asset_urls: BTreeMap<String, String>,
    /// Template name → path shown in messages about it.
    pub shown_templates: BTreeMap<String, PathBuf>,
}

struct TemplateSource {
    name: String,
    text: String,
    shown: PathBuf,
}

/// Loads the theme for the book at `root`. Template syntax errors come back
/// as diagnostics at their file:line:col.
pub fn load(root: &Path, shown_root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
    for file in all_files(&DEFAULT_TEMPLATES) {
        let name = path_to_slash(file.path());
        let text = String::from_utf8_lossy(file.contents()).into_owned();
        let shown = Path::new(DEFAULT_THEME_NAME)
            .join("templates")
            .join(file.path());
        templates.insert(name.clone(), TemplateSource { name, text, shown });
    }
    for (rel, disk) in visible_files(&root.join("templates")) {
        let shown = join_shown(shown_root, &Path::new("templates").join(&rel));
        match std::fs::read_to_string(&disk) {
            Ok(text) => {
                templates.insert(
                    rel.clone(),
                    TemplateSource {
                        name: rel,
                        text,
                        shown,
                    },
                );
            }
            Err(e) => diags
                .push(Diagnostic::error(format!("cannot read the template: {e}")).in_file(&shown)),
        }
    }

    let mut tera = Tera::new();
    strict_filters(&mut tera);
    let shown_by_name: BTreeMap<String, PathBuf> = templates
        .values()
        .map(|t| (t.name.clone(), t.shown.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(
        templates
            .values()
            .map(|t| (t.name.as_str(), t.text.as_str())),
    ) {
        diags.push(template_error(&e, &shown_by_name));
    }

    let mut files: BTreeMap<String, Cow<'static, [u8]>> = BTreeMap::new();
    for file in all_files(&DEFAULT_STATIC) {
        let name = path_to_slash(file.path());
        let text = std::str::from_utf8(file.contents()).ok();
        let bytes = match (name.rsplit_once('.').map(|(_, ext)| ext), text) {
            (Some("css"), Some(text)) => Cow::Owned(crate::minify::css(text).into_bytes()),
            (Some("js"), Some(text)) => Cow::Owned(crate::minify::js(text).into_bytes()),
            _ => Cow::Borrowed(file.contents()),
        };
        files.insert(name, bytes);
    }
    for (rel, disk) in visible_files(&root.join("static")) {
        match std::fs::read(&disk) {
            // A copy of a default file (this repository's own course) is
            // the default, written as the default is.
            Ok(bytes)
                if DEFAULT_STATIC
                    .get_file(&rel)
                    .is_some_and(|f| f.contents() == bytes) => {}
            Ok(bytes) => {
                files.insert(rel, Cow::Owned(bytes));
            }
            Err(e) => diags.push(
                Diagnostic::error(format!("cannot read the static file: {e}"))
                    .in_file(&join_shown(shown_root, &Path::new("static").join(&rel))),
            ),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut assets = Vec::with_capacity(files.len());
    let mut asset_urls = BTreeMap::new();
    for (name, bytes) in files {
        let output = hashed_name(&name, &bytes);
        asset_urls.insert(name, output.clone());
        assets.push(Asset { output, bytes });
    }
    Ok(Theme {
        tera,
        assets,
        asset_urls,
        shown_templates: shown_by_name,
    })
}

/// Tera's `safe` and `str` filters turn an undefined value into an empty
/// string, so a misspelt variable (`{{ page.contents | safe }}`) would make
/// blank pages without an error. These versions refuse an undefined value,
/// as every other filter does, and Tera reports it at the template's line.
fn strict_filters(tera: &mut Tera) {
    tera.register_filter("safe", strict_safe);
    tera.register_filter("str", strict_str);
}

fn defined(value: &Value) -> TeraResult<()> {
    if value.is_undefined() {
        return Err(tera::Error::message(
            "the value is undefined (a misspelt variable or field?)",
        ));
    }
    Ok(())
}

fn strict_safe(value: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    defined(value)?;
    // A string is marked, not copied: a chapter's HTML can be 50 MB.
    Ok(match value.as_str() {
        Some(_) => value.clone().mark_safe(),
        None => Value::safe_string(&value.to_string()),
    })
}

fn strict_str(value: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    defined(value)?;
    Ok(value.to_string())
}

/// `css/site.css` → `css/site.0123abcd.css` for stylesheets and scripts,
/// which pages load by name; other files (images, fonts) keep their names
/// because authors refer to them from Markdown and CSS.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return name.to_string();
    };
    if !matches!(ext, "css" | "js") {
        return name.to_string();
    }
    let hash = xxhash_rust::xxh3::xxh3_64(bytes);
    format!("{stem}.{:08x}.{ext}", hash >> 32)
}

fn all_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        out.extend(d.files());
        stack.extend(d.dirs());
    }
    out
}

/// A Tera error as a diagnostic at the template's file:line:col.
pub fn template_error(e: &tera::Error, shown_by_name: &BTreeMap<String, PathBuf>) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let path = shown_by_name
                .get(report.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(report.filename()));
            Diagnostic::error(format!("template: {}", report.message())).at(Location {
                path,
                line: span.start_line,
                col: span.start_col + 1,
            })
        }
        // Reference checks (unknown filter, include, …) come as preformatted
        // reports: "error: MESSAGE\n --> NAME:LINE:COL\n…".
        _ => {
            let text = e.to_string();
            let message = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ");
            let place = text
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "));
            let parsed = place.and_then(|p| {
                let mut parts = p.rsplitn(3, ':');
                let col: usize = parts.next()?.trim().parse().ok()?;
                let line: usize = parts.next()?.trim().parse().ok()?;
                Some((parts.next()?.to_string(), line, col))
            });
            match parsed {
                Some((name, line, col)) => {
                    Diagnostic::error(format!("template: {message}")).at(Location {
                        path: shown_by_name
                            .get(&name)
                            .cloned()
                            .unwrap_or_else(|| PathBuf::from(name)),
                        line,
                        col,
                    })
                }
                None => Diagnostic::error(format!("template: {text}")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_get_content_hashes() {
        let a = hashed_name("css/site.css", b"body{}");
        let b = hashed_name("css/site.css", b"body{color:red}");
        assert!(
            a.starts_with("css/site.")
                && a.ends_with(".css")
                && a.len() == "css/site..css".len() + 8,
            "{a}"
        );
        assert_ne!(a, b);
        assert_eq!(hashed_name("img/logo.svg", b"x"), "img/logo.svg");
    }

    #[test]
    fn default_theme_loads() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), Path::new(".")).unwrap();
        assert!(theme.tera.get_template_names().any(|n| n == "page.html"));
        assert!(theme.asset_urls.contains_key("css/kursbuch.css"));
    }

    /// An undefined variable is an error whatever filter follows it
    /// (`default` aside, which is there for undefined values).
    #[test]
    fn undefined_values_are_errors_through_every_filter() {
        let dir = tempfile::tempdir().unwrap();
        let mut theme = load(dir.path(), Path::new(".")).unwrap();
        let filters = [
            "safe",
            "str",
            "upper",
            "lower",
            "wordcount",
            "escape",
            "escape_html",
            "escape_xml",
            "newlines_to_br",
            "pluralize",
            "trim",
            "trim_start",
            "trim_end",
            "replace(from=\"a\", to=\"b\")",
            "capitalize",
            "title",
            "truncate(length=2)",
            "indent",
            "int",
            "float",
            "length",
            "reverse",
            "split(pat=\",\")",
            "abs",
            "round",
            "first",
            "last",
            "nth(n=0)",
            "join(sep=\",\")",
            "sort",
            "unique",
            "get(key=\"a\")",
            "values",
            "keys",
            "pairs",
            "group_by(attribute=\"a\")",
        ];
        let mut ctx = tera::Context::new();
        ctx.insert("page", &BTreeMap::from([("content", "x")]));
        for f in filters {
            let name = format!("t-{f}");
            let text = format!("{{{{ page.contents | {f} }}}}");
            theme.tera.add_raw_template(&name, &text).unwrap();
            assert!(
                theme.tera.render(&name, &ctx).is_err(),
                "`| {f}` let an undefined value through"
            );
        }
        theme
            .tera
            .add_raw_template(
                "ok",
                "{{ page.content | safe }}{{ page.x | default(value=\"-\") }}{{ 3 | str }}",
            )
            .unwrap();
        assert_eq!(theme.tera.render("ok", &ctx).unwrap(), "x-3");
    }

    #[test]
    fn book_templates_override_and_errors_have_positions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/page.html"),
            "line one\n{% if %}\n",
        )
        .unwrap();
        let errs = load(dir.path(), Path::new("book")).err().unwrap();
        let loc = errs[0].location.clone().unwrap();
        assert_eq!(loc.path, PathBuf::from("book/templates/page.html"));
        assert_eq!(loc.line, 2, "{}", errs[0]);
    }
}
