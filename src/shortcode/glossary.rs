//! The built-in `glossary` shortcode: `{{ glossary() }}` lists every entry of
//! `data/glossary.toml` (see [`crate::glossary`] for the file and the tooltips).

use super::builtin::{BodyRule, BuiltIn, Invocation};
use super::{Markup, Problem};
use crate::diag::OffsetError;
use crate::glossary::FILE;

pub const BUILT_IN: BuiltIn = BuiltIn {
    name: "glossary",
    params: &[],
    body: BodyRule::Refused {
        message: "`glossary` takes no body: its entries come from data/glossary.toml",
        help: "write `{{ glossary() }}` where the list belongs",
    },
    id_prefix: "fig",
    expand,
};

fn expand(inv: &Invocation, out: &mut Markup) -> Result<String, Problem> {
    // The file's own error says what is wrong; "does not exist" would mislead.
    if inv.ctx.glossary_invalid {
        return Ok(String::new());
    }
    let Some(g) = inv.ctx.glossary else {
        return Err(OffsetError::new(
            inv.call.name_span.start,
            format!(
                "`glossary` lists the entries of {}, which does not exist",
                inv.ctx.data.shown.join(FILE).display()
            ),
        )
        .with_help("create it with one `[[term]]` table per entry (term, definition; aliases and link optional)")
        .into());
    };
    out.data_files
        .push(FILE.trim_end_matches(".toml").to_string());
    Ok(g.render_list(inv.page, inv.ctx.lang.strings().glossary_more))
}
