//! What a built-in shortcode is: one [`BuiltIn`] entry, defined next to its
//! implementation (`diagram/mod.rs`, `compare/mod.rs`, `quiz.rs`,
//! `glossary.rs`) and listed once in [`super::BUILT_INS`]. Its parameters,
//! whether it takes a body and the prefix of its ids are data here, so the
//! arguments are checked, the body is required or refused and the id is made
//! the same way for every built-in.

use super::syntax::{Arg, Call, Value};
use super::{Body, Context, Markup, Problem};
use crate::diag::OffsetError;
use crate::page::Page;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Bool,
    StrList,
}

/// One argument a built-in accepts.
pub struct Param {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

impl Param {
    pub const fn str(name: &'static str) -> Param {
        Param {
            name,
            ty: Ty::Str,
            required: false,
        }
    }

    pub const fn bool(name: &'static str) -> Param {
        Param {
            ty: Ty::Bool,
            ..Param::str(name)
        }
    }

    pub const fn str_list(name: &'static str) -> Param {
        Param {
            ty: Ty::StrList,
            ..Param::str(name)
        }
    }

    pub const fn required(self) -> Param {
        Param {
            required: true,
            ..self
        }
    }
}

/// Whether a built-in is written as a block with a body.
pub enum BodyRule {
    /// Only as a block; `example` shows how.
    Required { example: &'static str },
    /// Never as a block.
    Refused {
        message: &'static str,
        help: &'static str,
    },
    /// Either; the built-in looks at [`Invocation::body`] itself.
    Optional,
}

/// A built-in shortcode.
pub struct BuiltIn {
    pub name: &'static str,
    pub params: &'static [Param],
    pub body: BodyRule,
    /// Its ids on the page are `PREFIX-N` (`fig-3`, `quiz-1`).
    pub id_prefix: &'static str,
    /// Writes the markup; called once the arguments and body passed the checks.
    pub expand: fn(&Invocation, &mut Markup) -> Result<String, Problem>,
}

/// One call of a built-in, as its `expand` sees it.
pub struct Invocation<'a> {
    pub ctx: &'a Context<'a>,
    pub call: &'a Call,
    pub body: Option<&'a Body<'a>>,
    /// Unique on the page, for the ids in the output.
    pub id: &'a str,
    pub page: &'a Page<'a>,
}

impl Invocation<'_> {
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.call.args.iter().find(|a| a.name == name)
    }

    pub fn str_arg(&self, name: &str) -> Option<&str> {
        match self.arg(name).map(|a| &a.value) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The body of a built-in whose [`BodyRule`] is `Required`.
    pub fn required_body(&self) -> &Body<'_> {
        self.body.expect("checked by BodyRule::Required")
    }

    /// An error at `offset` of the body, placed in the chapter.
    pub fn in_body(&self, e: OffsetError) -> Problem {
        let body = self.required_body();
        Problem::At(e.moved(|o| body.to_source(o)))
    }
}

impl BuiltIn {
    /// Checks the call against the parameters and the body rule, then expands it.
    pub fn invoke(&self, inv: &Invocation, out: &mut Markup) -> Result<String, Problem> {
        check_args(inv.call, self.params)?;
        match (&self.body, inv.body) {
            (BodyRule::Required { example }, None) => {
                return Err(Problem::At(
                    OffsetError::new(
                        inv.call.range.start,
                        format!("`{}` needs a body", self.name),
                    )
                    .with_help(format!("write it as a block: {example}")),
                ));
            }
            (BodyRule::Refused { message, help }, Some(_)) => {
                return Err(Problem::At(
                    OffsetError::new(inv.call.name_span.start, *message).with_help(*help),
                ));
            }
            _ => {}
        }
        (self.expand)(inv, out)
    }
}

fn accepted(params: &[Param]) -> String {
    if params.is_empty() {
        return "no arguments".to_string();
    }
    params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// Checks a built-in's arguments against its parameters.
fn check_args(call: &Call, params: &[Param]) -> Result<(), OffsetError> {
    for a in &call.args {
        let Some(p) = params.iter().find(|p| p.name == a.name) else {
            return Err(OffsetError::new(
                a.name_span.start,
                format!("`{}` has no argument `{}`", call.name, a.name),
            )
            .with_help(format!("`{}` accepts: {}", call.name, accepted(params))));
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
            return Err(OffsetError::new(
                a.value_span.start,
                format!(
                    "`{}` of `{}` must be {want}, not a {}",
                    a.name,
                    call.name,
                    a.value.type_name()
                ),
            ));
        }
    }
    for p in params.iter().filter(|p| p.required) {
        if !call.args.iter().any(|a| a.name == p.name) {
            return Err(OffsetError::new(
                call.name_span.start,
                format!("`{}` needs the argument `{}`", call.name, p.name),
            )
            .with_help(format!("`{}` accepts: {}", call.name, accepted(params))));
        }
    }
    Ok(())
}
