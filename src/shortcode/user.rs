//! A book's own shortcodes: `templates/shortcodes/NAME.html` (Tera), called
//! with the arguments of the call, `page`, `root`, the book-wide globals and,
//! for a block, its body rendered as Markdown (`body`).

use serde::Serialize;

use super::syntax::{Call, Value};
use super::{Body, Context, Markup, Problem};
use crate::diag::OffsetError;
use crate::page::Page;

/// What a template gets besides the call's arguments (so no argument may
/// take these names).
const PROVIDED: &[&str] = &["body", "page", "book", "ui", "assets", "root"];

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

pub(super) fn expand(
    cx: &Context,
    call: &Call,
    body: Option<&Body>,
    page: &Page,
    render_body: &mut dyn FnMut(&Body) -> (String, Vec<Problem>),
    out: &mut Markup,
) -> Result<String, Problem> {
    let template = &cx.registry.user[&call.name];
    let used = cx.tera.get_template_variables(template).unwrap_or_default();
    for a in &call.args {
        if !used.contains(a.name.as_str()) || PROVIDED.contains(&a.name.as_str()) {
            let mut params: Vec<&str> = used
                .iter()
                .copied()
                .filter(|v| !PROVIDED.contains(v))
                .collect();
            params.sort_unstable();
            return Err(OffsetError::new(
                a.name_span.start,
                format!("`{}` has no argument `{}`", call.name, a.name),
            )
            .with_help(if params.is_empty() {
                format!("`{}` takes no arguments", call.name)
            } else {
                format!("`{}` uses: {}", call.name, params.join(", "))
            })
            .into());
        }
    }
    let mut ctx = tera::Context::new();
    for a in &call.args {
        ctx.insert(a.name.clone(), &a.value);
    }
    ctx.insert("page", page);
    let root = crate::paths::path_to_root(page.output);
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
    cx.tera.render(template, &ctx).map(trim).map_err(|e| {
        let d = crate::theme::template_error(&e, cx.shown_templates);
        let place = d
            .location
            .as_ref()
            .map(|l| format!(" ({}:{}:{})", l.path.display(), l.line, l.col))
            .unwrap_or_default();
        OffsetError::new(
            call.range.start,
            format!(
                "shortcode `{}`: {}{place}",
                call.name,
                d.message.trim_start_matches("template: ")
            ),
        )
        .into()
    })
}
