//! Shortcodes: `{{ name(args) }}` and `{% name(args) %}` … `{% end %}` calls in
//! chapters. Built in: `diagram` and `compare`; any `templates/shortcodes/NAME.html`
//! of the book or the theme is one too (Tera, with the arguments, `body`,
//! `page` and `book`).
//!
//! [`syntax`] finds the calls with their byte ranges; the Markdown renderer
//! expands them on the parsed event stream (nothing is pasted into the text),
//! through [`Context::expand`].

pub mod compare;
pub mod diagram;
pub mod quiz;
pub mod syntax;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::i18n::UiLang;
use syntax::{Arg, Call, CallKind, Names, Value};

const BUILT_IN: &[&str] = &["diagram", "compare", "quiz", "glossary"];

/// The shortcodes a book knows: the built-ins and its Tera ones.
#[derive(Debug, Default)]
pub struct Registry {
    /// Name → template name (`shortcodes/NAME.html`).
    user: BTreeMap<String, String>,
}

impl Registry {
    pub fn new(tera: &tera::Tera) -> Registry {
        let user = tera
            .get_template_names()
            .filter_map(|t| {
                let name = t.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
                (!name.contains('/')).then(|| (name.to_string(), t.to_string()))
            })
            .collect();
        Registry { user }
    }

    /// Every name, for messages.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = BUILT_IN.to_vec();
        v.extend(self.user.keys().map(String::as_str));
        v
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Names for Registry {
    fn is_known(&self, name: &str) -> bool {
        BUILT_IN.contains(&name) || self.user.contains_key(name)
    }

    fn suggest(&self, name: &str) -> Option<String> {
        if name.len() < 4 {
            return None;
        }
        // One typo for short names, two for longer ones: `range` is not `badge`.
        let max = if name.chars().count() <= 6 { 1 } else { 2 };
        self.names()
            .into_iter()
            .map(|n| (edit_distance(name, n), n))
            .filter(|(d, _)| *d <= max)
            .min()
            .map(|(_, n)| n.to_string())
    }
}

/// Where a book's data files are (`data/` at the book root).
#[derive(Debug, Clone)]
pub struct DataDir {
    pub dir: PathBuf,
    pub shown: PathBuf,
}

impl DataDir {
    /// `name` → the text of `data/name.toml` and its shown path.
    fn read(&self, name: &str) -> Result<(String, PathBuf), String> {
        if name.is_empty()
            || name.split('/').any(|s| s == ".." || s.is_empty())
            || name.starts_with('/')
        {
            return Err(format!(
                "`{name}` is not a data file name (write it without `.toml`, e.g. \"ec2-vs-lambda\")"
            ));
        }
        let file = format!("{}.toml", name.trim_end_matches(".toml"));
        let path = self.dir.join(&file);
        let shown = self.shown.join(&file);
        std::fs::read_to_string(&path)
            .map(|t| (t, shown.clone()))
            .map_err(|_| {
                let known: Vec<String> = crate::book::visible_files(&self.dir)
                    .into_iter()
                    .filter_map(|(rel, _)| rel.strip_suffix(".toml").map(str::to_string))
                    .collect();
                if known.is_empty() {
                    format!(
                        "no data file {} (the book has no data/ folder or it is empty)",
                        shown.display()
                    )
                } else {
                    format!(
                        "no data file {} (there are: {})",
                        shown.display(),
                        known.join(", ")
                    )
                }
            })
    }
}

/// A problem from expanding a call.
#[derive(Debug, Clone)]
pub enum Problem {
    /// At a byte offset of the text being rendered.
    At(usize, Diagnostic),
    /// Already placed (in a data file).
    Placed(Diagnostic),
}

/// What a shortcode produced.
pub struct Output {
    pub html: String,
    /// Markup that must not sit inside a paragraph.
    pub block: bool,
    /// Data files read, relative to `data/` (for watching them).
    pub data_files: Vec<String>,
    pub problems: Vec<Problem>,
    /// The text the search index gets, when not simply the HTML's text.
    pub search_text: Option<String>,
}

/// The page a call is expanded on; `title` and `path` are what Tera
/// shortcodes see as `page`.
#[derive(Serialize)]
pub struct PageInfo<'a> {
    pub title: &'a str,
    pub path: &'a str,
    #[serde(skip)]
    pub info: &'a crate::markdown::PageInfo<'a>,
}

/// Everything expansion needs; shared by all pages of a build.
pub struct Context<'a> {
    pub registry: &'a Registry,
    pub tera: &'a tera::Tera,
    pub shown_templates: &'a BTreeMap<String, PathBuf>,
    pub data: &'a DataDir,
    pub lang: UiLang,
    pub md_opts: &'a crate::markdown::MarkdownOptions,
    /// `data/glossary.toml`, when the book has one.
    pub glossary: Option<&'a crate::glossary::Glossary>,
}

#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Str,
    Bool,
    StrList,
}

struct Param {
    name: &'static str,
    ty: Ty,
    required: bool,
}

const DIAGRAM_PARAMS: &[Param] = &[
    Param {
        name: "kind",
        ty: Ty::Str,
        required: true,
    },
    Param {
        name: "caption",
        ty: Ty::Str,
        required: false,
    },
    Param {
        name: "alt",
        ty: Ty::Str,
        required: false,
    },
    Param {
        name: "direction",
        ty: Ty::Str,
        required: false,
    },
    Param {
        name: "customer",
        ty: Ty::Str,
        required: false,
    },
    Param {
        name: "provider",
        ty: Ty::Str,
        required: false,
    },
];

const COMPARE_PARAMS: &[Param] = &[
    Param {
        name: "data",
        ty: Ty::Str,
        required: false,
    },
    Param {
        name: "columns",
        ty: Ty::StrList,
        required: false,
    },
    Param {
        name: "highlight",
        ty: Ty::Bool,
        required: false,
    },
    Param {
        name: "caption",
        ty: Ty::Str,
        required: false,
    },
];

const QUIZ_PARAMS: &[Param] = &[Param {
    name: "title",
    ty: Ty::Str,
    required: false,
}];

fn accepted(params: &[Param]) -> String {
    if params.is_empty() {
        return "no arguments".to_string();
    }
    params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// Checks a built-in's arguments against its parameters.
fn check_args(call: &Call, params: &[Param]) -> Result<(), Problem> {
    for a in &call.args {
        let Some(p) = params.iter().find(|p| p.name == a.name) else {
            return Err(Problem::At(
                a.name_span.start,
                Diagnostic::error(format!("`{}` has no argument `{}`", call.name, a.name))
                    .with_help(format!("`{}` accepts: {}", call.name, accepted(params))),
            ));
        };
        let ok = match (p.ty, &a.value) {
            (Ty::Str, Value::Str(_)) | (Ty::Bool, Value::Bool(_)) => true,
            (Ty::StrList, Value::List(items)) => items.iter().all(|i| matches!(i, Value::Str(_))),
            _ => false,
        };
        if !ok {
            let want = match p.ty {
                Ty::Str => "a string in quotes",
                Ty::Bool => "true or false",
                Ty::StrList => "a list of strings, e.g. [\"EC2\", \"Lambda\"]",
            };
            return Err(Problem::At(
                a.value_span.start,
                Diagnostic::error(format!(
                    "`{}` of `{}` must be {want}, not a {}",
                    a.name,
                    call.name,
                    a.value.type_name()
                )),
            ));
        }
    }
    for p in params.iter().filter(|p| p.required) {
        if !call.args.iter().any(|a| a.name == p.name) {
            return Err(Problem::At(
                call.name_span.start,
                Diagnostic::error(format!("`{}` needs the argument `{}`", call.name, p.name))
                    .with_help(format!("`{}` accepts: {}", call.name, accepted(params))),
            ));
        }
    }
    Ok(())
}

fn arg<'c>(call: &'c Call, name: &str) -> Option<&'c Arg> {
    call.args.iter().find(|a| a.name == name)
}

fn str_arg<'c>(call: &'c Call, name: &str) -> Option<&'c str> {
    match arg(call, name).map(|a| &a.value) {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Str(v) => s.serialize_str(v),
            Value::Int(v) => s.serialize_i64(*v),
            Value::Float(v) => s.serialize_f64(*v),
            Value::Bool(v) => s.serialize_bool(*v),
            Value::List(v) => v.serialize(s),
        }
    }
}

/// The body of a block call, as handed to the shortcode: the text and, per
/// line, where it starts in the rendered text (for positions of errors).
pub struct Body<'t> {
    pub text: String,
    pub lines: Vec<(usize, usize)>,
    pub source: &'t str,
}

impl Body<'_> {
    /// Offset in the rendered text of byte `offset` of the body.
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self
            .lines
            .partition_point(|&(b, _)| b <= offset)
            .saturating_sub(1);
        match self.lines.get(i) {
            Some(&(b, s)) => s + (offset - b),
            None => offset,
        }
    }
}

impl Context<'_> {
    /// Expands one call. `id` is unique on the page (for ids in the output);
    /// `render_body` renders Markdown for Tera shortcodes' `body`.
    pub fn expand(
        &self,
        call: &Call,
        body: Option<&Body>,
        id: &str,
        page: &PageInfo,
        render_body: &mut dyn FnMut(&Body) -> (String, Vec<Problem>),
    ) -> Output {
        let mut out = Output {
            html: String::new(),
            block: true,
            data_files: Vec::new(),
            problems: Vec::new(),
            search_text: None,
        };
        let result = match call.name.as_str() {
            "diagram" => self.diagram(call, body, id),
            "compare" => self.compare(call, body, id, &mut out),
            "quiz" => self.quiz(call, body, id, page, &mut out),
            "glossary" => self.glossary(call, body, page, &mut out),
            _ => self.user(call, body, page, render_body, &mut out),
        };
        match result {
            Ok(html) => out.html = html,
            Err(p) => out.problems.push(p),
        }
        out
    }

    fn needs_body<'b>(
        &self,
        call: &Call,
        body: Option<&'b Body>,
        example: &str,
    ) -> Result<&'b Body<'b>, Problem> {
        body.ok_or_else(|| {
            Problem::At(
                call.range.start,
                Diagnostic::error(format!("`{}` needs a body", call.name))
                    .with_help(format!("write it as a block: {example}")),
            )
        })
    }

    fn diagram(&self, call: &Call, body: Option<&Body>, id: &str) -> Result<String, Problem> {
        check_args(call, DIAGRAM_PARAMS)?;
        let body = self.needs_body(
            call,
            body,
            "`{% diagram(kind=\"stack\") %}`, the lines of the figure, then `{% end %}`",
        )?;
        let ui = self.lang.strings();
        let info = diagram::FigureInfo {
            id,
            caption: str_arg(call, "caption"),
            alt: str_arg(call, "alt"),
        };
        let kind_arg = arg(call, "kind").expect("checked: required");
        let kind = str_arg(call, "kind").unwrap_or_default();
        let only_for = |name: &str, kinds: &[&str]| -> Result<(), Problem> {
            match arg(call, name) {
                Some(a) if !kinds.contains(&kind) => Err(Problem::At(
                    a.name_span.start,
                    Diagnostic::error(format!(
                        "`{name}` is for diagrams of kind {}",
                        kinds.join(" or ")
                    )),
                )),
                _ => Ok(()),
            }
        };
        only_for("direction", &["flow"])?;
        only_for("customer", &["layers"])?;
        only_for("provider", &["layers"])?;
        let result = match kind {
            "stack" => diagram::stack::render(&body.text, &info, ui.diagram_above),
            "flow" => {
                let dir = match arg(call, "direction") {
                    None => diagram::flow::Direction::LeftRight,
                    Some(a) => {
                        match str_arg(call, "direction").and_then(diagram::flow::Direction::parse) {
                            Some(d) => d,
                            None => {
                                return Err(Problem::At(
                                    a.value_span.start,
                                    Diagnostic::error(
                                        "`direction` must be \"lr\" (left to right) or \"tb\" (top down)",
                                    ),
                                ));
                            }
                        }
                    }
                };
                diagram::flow::render(&body.text, &info, dir, ui.diagram_flow)
            }
            "layers" => {
                let owners = diagram::layers::Owners {
                    customer: str_arg(call, "customer").unwrap_or(ui.diagram_customer),
                    provider: str_arg(call, "provider").unwrap_or(ui.diagram_provider),
                };
                diagram::layers::render(&body.text, &info, &owners)
            }
            other => {
                return Err(Problem::At(
                    kind_arg.value_span.start,
                    Diagnostic::error(format!("unknown diagram kind `{other}`"))
                        .with_help("kinds: \"stack\" (layer stacks), \"flow\" (boxes and arrows), \"layers\" (who manages what)"),
                ));
            }
        };
        result.map_err(|e| {
            let mut d = Diagnostic::error(format!("diagram (kind \"{kind}\"): {}", e.message));
            if let Some(h) = e.help {
                d = d.with_help(h);
            }
            Problem::At(body.to_source(e.offset), d)
        })
    }

    fn quiz(
        &self,
        call: &Call,
        body: Option<&Body>,
        id: &str,
        page: &PageInfo,
        out: &mut Output,
    ) -> Result<String, Problem> {
        check_args(call, QUIZ_PARAMS)?;
        let body = self.needs_body(
            call,
            body,
            "`{% quiz() %}`, the questions (`? …`, `- [x] …`, `- [ ] …`), then `{% end %}`",
        )?;
        let opts = quiz::Options {
            id,
            title: str_arg(call, "title"),
            ui: self.lang.strings(),
            md: self.md_opts,
            // On print.html quizzes show their answers.
            solutions_open: page.info.print.is_some(),
        };
        let (html, text) = quiz::render(&body.text, &opts).map_err(|e| {
            let mut d = Diagnostic::error(format!("quiz: {}", e.message));
            if let Some(h) = e.help {
                d = d.with_help(h);
            }
            Problem::At(body.to_source(e.offset), d)
        })?;
        out.search_text = Some(text);
        Ok(html)
    }

    fn glossary(
        &self,
        call: &Call,
        body: Option<&Body>,
        page: &PageInfo,
        out: &mut Output,
    ) -> Result<String, Problem> {
        check_args(call, &[])?;
        if body.is_some() {
            return Err(Problem::At(
                call.name_span.start,
                Diagnostic::error(
                    "`glossary` takes no body: its entries come from data/glossary.toml",
                )
                .with_help("write `{{ glossary() }}` where the list belongs"),
            ));
        }
        let Some(g) = self.glossary else {
            return Err(Problem::At(
                call.name_span.start,
                Diagnostic::error(format!(
                    "`glossary` lists the entries of {}, which does not exist",
                    self.data.shown.join(crate::glossary::FILE).display()
                ))
                .with_help("create it with one `[[term]]` table per entry (term, definition; aliases and link optional)"),
            ));
        };
        out.data_files
            .push(crate::glossary::FILE.trim_end_matches(".toml").to_string());
        Ok(g.render_list(page.info, self.lang.strings().glossary_more))
    }

    fn compare(
        &self,
        call: &Call,
        body: Option<&Body>,
        id: &str,
        out: &mut Output,
    ) -> Result<String, Problem> {
        check_args(call, COMPARE_PARAMS)?;
        let columns: Option<Vec<String>> = match arg(call, "columns").map(|a| &a.value) {
            Some(Value::List(items)) => Some(
                items
                    .iter()
                    .filter_map(|v| match v {
                        Value::Str(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        };
        let opts = compare::Options {
            id,
            caption: str_arg(call, "caption"),
            columns: columns.as_deref(),
            highlight: matches!(
                arg(call, "highlight").map(|a| &a.value),
                Some(Value::Bool(true))
            ),
            ui: self.lang.strings(),
        };
        // The table's TOML, and how to place an offset of it.
        let (text, place): (String, Box<dyn Fn(usize, Diagnostic) -> Problem>) = match (
            str_arg(call, "data"),
            body,
        ) {
            (Some(_), Some(_)) => {
                return Err(Problem::At(
                    call.name_span.start,
                    Diagnostic::error(
                        "`compare` takes its table from `data` or from its body, not both",
                    ),
                ));
            }
            (Some(name), None) => {
                let (text, shown) = self.data.read(name).map_err(|msg| {
                    Problem::At(
                        arg(call, "data").expect("given").value_span.start,
                        Diagnostic::error(msg),
                    )
                })?;
                out.data_files.push(name.to_string());
                let file_text = text.clone();
                (
                    text,
                    Box::new(move |offset, d: Diagnostic| {
                        Problem::Placed(d.at_offset(&shown, &file_text, offset))
                    }),
                )
            }
            (None, Some(b)) => {
                let lines = b.lines.clone();
                let to_source = move |o: usize| {
                    Body {
                        text: String::new(),
                        lines: lines.clone(),
                        source: "",
                    }
                    .to_source(o)
                };
                (
                    b.text.clone(),
                    Box::new(move |offset, d| Problem::At(to_source(offset), d)),
                )
            }
            (None, None) => {
                return Err(Problem::At(
                    call.name_span.start,
                    Diagnostic::error(
                        "`compare` needs a table: `data=\"name\"` (a file data/name.toml) or a body in TOML",
                    ),
                ));
            }
        };
        match compare::render(&text, &opts) {
            Ok((html, warnings)) => {
                out.problems.extend(
                    warnings
                        .into_iter()
                        .map(|(o, w)| place(o, Diagnostic::warning(w))),
                );
                Ok(html)
            }
            Err(compare::CompareError::Toml {
                offset,
                message,
                help,
            }) => {
                let mut d = Diagnostic::error(message);
                if let Some(h) = help {
                    d = d.with_help(h);
                }
                Err(place(offset, d))
            }
            Err(compare::CompareError::Column { name, known }) => {
                let at = arg(call, "columns")
                    .expect("columns given")
                    .value_span
                    .start;
                Err(Problem::At(
                    at,
                    Diagnostic::error(format!("the table has no column `{name}`"))
                        .with_help(format!("its columns: {}", known.join(", "))),
                ))
            }
        }
    }

    fn user(
        &self,
        call: &Call,
        body: Option<&Body>,
        page: &PageInfo,
        render_body: &mut dyn FnMut(&Body) -> (String, Vec<Problem>),
        out: &mut Output,
    ) -> Result<String, Problem> {
        let template = &self.registry.user[&call.name];
        let used = self
            .tera
            .get_template_variables(template)
            .unwrap_or_default();
        const PROVIDED: &[&str] = &["body", "page", "book", "ui", "assets", "root"];
        for a in &call.args {
            if !used.contains(a.name.as_str()) || PROVIDED.contains(&a.name.as_str()) {
                let mut params: Vec<&str> = used
                    .iter()
                    .copied()
                    .filter(|v| !PROVIDED.contains(v))
                    .collect();
                params.sort_unstable();
                return Err(Problem::At(
                    a.name_span.start,
                    Diagnostic::error(format!("`{}` has no argument `{}`", call.name, a.name))
                        .with_help(if params.is_empty() {
                            format!("`{}` takes no arguments", call.name)
                        } else {
                            format!("`{}` uses: {}", call.name, params.join(", "))
                        }),
                ));
            }
        }
        let mut ctx = tera::Context::new();
        for a in &call.args {
            ctx.insert(a.name.clone(), &a.value);
        }
        ctx.insert("page", page);
        let root = crate::markdown::links::path_to_root(page.path);
        ctx.insert("root", &root);
        if let Some(b) = body {
            let (html, problems) = render_body(b);
            out.problems.extend(problems);
            ctx.insert_value("body", tera::Value::safe_string(&html));
        }
        out.block = body.is_some();
        // Template files end with a newline; inline, it would show as a space.
        let trim = |html: String| {
            if body.is_some() {
                html
            } else {
                html.trim_end().to_string()
            }
        };
        self.tera.render(template, &ctx).map(trim).map_err(|e| {
            let d = crate::render::theme::template_error(&e, self.shown_templates);
            let place = d
                .location
                .as_ref()
                .map(|l| format!(" ({}:{}:{})", l.path.display(), l.line, l.col))
                .unwrap_or_default();
            Problem::At(
                call.range.start,
                Diagnostic::error(format!(
                    "shortcode `{}`: {}{place}",
                    call.name,
                    d.message.trim_start_matches("template: ")
                )),
            )
        })
    }
}

/// The literal text of `{{/* … */}}`.
pub fn literal(call: &Call) -> Option<&str> {
    match &call.kind {
        CallKind::Literal { text } => Some(text),
        _ => None,
    }
}

/// Shown path of `data/`.
pub fn data_dir(root: &Path, shown_root: &Path) -> DataDir {
    DataDir {
        dir: root.join("data"),
        shown: crate::book::include::join_shown(shown_root, Path::new("data")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_typos() {
        let r = Registry::default();
        assert_eq!(r.suggest("digram").as_deref(), Some("diagram"));
        assert_eq!(r.suggest("compair").as_deref(), Some("compare"));
        assert_eq!(r.suggest("range"), None);
        assert_eq!(r.suggest("abc"), None);
    }
}
