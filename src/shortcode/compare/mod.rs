//! The built-in `compare` shortcode: a comparison table from TOML, either a
//! data file under `data/` (`{{ compare(data="ec2-vs-lambda") }}`) or the
//! block's body. The table itself (format, HTML) is [`table`].

pub mod table;

use super::builtin::{BodyRule, BuiltIn, Invocation, Param};
use super::syntax::Value;
use super::{Markup, Problem};
use crate::diag::OffsetError;
use table::CompareError;

pub const BUILT_IN: BuiltIn = BuiltIn {
    name: "compare",
    params: &[
        Param::str("data"),
        Param::str_list("columns"),
        Param::bool("highlight"),
        Param::str("caption"),
    ],
    body: BodyRule::Optional,
    id_prefix: "cmp",
    expand,
};

fn expand(inv: &Invocation, out: &mut Markup) -> Result<String, Problem> {
    let columns: Option<Vec<String>> = match inv.arg("columns").map(|a| &a.value) {
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
    let opts = table::Options {
        id: inv.id,
        caption: inv.str_arg("caption"),
        columns: columns.as_deref(),
        highlight: matches!(
            inv.arg("highlight").map(|a| &a.value),
            Some(Value::Bool(true))
        ),
        ui: inv.ctx.lang.strings(),
    };
    let at_name = inv.call.name_span.start;
    // The table's TOML, and the data file it is in (None: the body).
    let (text, file) = match (inv.str_arg("data"), inv.body) {
        (Some(_), Some(_)) => {
            return Err(OffsetError::new(
                at_name,
                "`compare` takes its table from `data` or from its body, not both",
            )
            .into());
        }
        (Some(name), None) => {
            let at_value = inv.arg("data").expect("given").value_span.start;
            let (text, shown) = inv
                .ctx
                .data
                .read(name)
                .map_err(|msg| OffsetError::new(at_value, msg))?;
            out.data_files.push(name.to_string());
            (text, Some(shown))
        }
        (None, Some(b)) => (b.text.clone(), None),
        (None, None) => {
            return Err(OffsetError::new(
                at_name,
                "`compare` needs a table: `data=\"name\"` (a file data/name.toml) or a body in TOML",
            )
            .into());
        }
    };
    let place = |e: OffsetError| match &file {
        Some(shown) => Problem::Placed(e.place(shown, &text)),
        None => inv.in_body(e),
    };
    match table::render(&text, &opts) {
        Ok((html, warnings)) => {
            out.problems.extend(warnings.into_iter().map(place));
            Ok(html)
        }
        Err(CompareError::Toml(e)) => Err(place(e)),
        Err(CompareError::Column { name, known }) => {
            let at = inv.arg("columns").expect("columns given").value_span.start;
            Err(
                OffsetError::new(at, format!("the table has no column `{name}`"))
                    .with_help(format!("its columns: {}", known.join(", ")))
                    .into(),
            )
        }
    }
}
