//! Finding shortcode calls in a chapter's Markdown source.
//!
//! Inline: `{{ name(key="value", n=3, flag=true, list=["a", "b"]) }}`.
//! Block: a line `{% name(args) %}`, the body, a line `{% end %}`; bodies may
//! nest further blocks. `{{/* … */}}` and `{%/* … */%}` write the literal text.
//!
//! Written by hand: the syntax is Zola's, whose parser is not a separate crate.
//! Calls are only *found* here, with the byte range of every part; the
//! Markdown renderer expands them on the parsed event stream.

use std::ops::Range;

use crate::diag::OffsetError;

/// An argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Value>),
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Bool(_) => "boolean",
            Value::List(_) => "list",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub name_span: Range<usize>,
    pub value: Value,
    pub value_span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CallKind {
    /// `{{ name(…) }}`
    Inline,
    /// `{% name(…) %}` … `{% end %}`: `body` is the text between the lines
    /// (container prefixes such as `> ` still in it).
    Block { body: Range<usize> },
    /// `{{/* … */}}` or `{%/* … */%}`: written as `text`.
    Literal { text: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub name_span: Range<usize>,
    pub args: Vec<Arg>,
    pub kind: CallKind,
    /// Everything the call covers: for a block, from its opening line's `{%`
    /// to the end of its `{% end %}` line.
    pub range: Range<usize>,
}

/// What the scanner needs to know about names.
pub trait Names {
    fn is_known(&self, name: &str) -> bool;
    /// A known name close to `name` (a likely typo), if any.
    fn suggest(&self, name: &str) -> Option<String>;
}

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    fn skip_ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.pos += n;
    }
    fn skip_inline_ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start_matches([' ', '\t']).len();
        self.pos += n;
    }
    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        let mut chars = self.rest().char_indices();
        match chars.next() {
            Some((_, c)) if c.is_ascii_alphabetic() || c == '_' => {}
            _ => return None,
        }
        let len = chars
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(self.rest().len(), |(i, _)| i);
        self.pos += len;
        Some(start..self.pos)
    }
}

/// Parses `(args)` at the cursor (which is at `(`).
fn parse_args(c: &mut Cursor) -> Result<Vec<Arg>, OffsetError> {
    if !c.eat("(") {
        return Err(OffsetError::new(
            c.pos,
            "expected `(` after the shortcode's name",
        ));
    }
    let mut args: Vec<Arg> = Vec::new();
    loop {
        c.skip_ws();
        if c.eat(")") {
            return Ok(args);
        }
        let Some(name_span) = c.ident() else {
            return Err(OffsetError::new(c.pos, "expected an argument name or `)`"));
        };
        let name = c.text[name_span.clone()].to_string();
        c.skip_ws();
        if !c.eat("=") {
            return Err(OffsetError::new(
                c.pos,
                format!("expected `=` after `{name}`"),
            ));
        }
        c.skip_ws();
        let start = c.pos;
        let value = parse_value(c, 0)?;
        let value_span = start..c.pos;
        if args.iter().any(|a| a.name == name) {
            return Err(OffsetError::new(
                name_span.start,
                format!("`{name}` is given twice"),
            ));
        }
        args.push(Arg {
            name,
            name_span,
            value,
            value_span,
        });
        c.skip_ws();
        if c.eat(",") {
            continue;
        }
        if c.eat(")") {
            return Ok(args);
        }
        return Err(OffsetError::new(
            c.pos,
            "expected `,` or `)` after an argument",
        ));
    }
}

fn parse_value(c: &mut Cursor, depth: usize) -> Result<Value, OffsetError> {
    let start = c.pos;
    match c.peek() {
        Some(q @ ('"' | '\'')) => {
            c.pos += 1;
            let mut s = String::new();
            loop {
                let Some(ch) = c.peek() else {
                    return Err(OffsetError::new(start, "unterminated string")
                        .with_help(format!("close it with {q}")));
                };
                c.pos += ch.len_utf8();
                match ch {
                    '\\' => {
                        let Some(esc) = c.peek() else {
                            return Err(OffsetError::new(start, "unterminated string"));
                        };
                        c.pos += esc.len_utf8();
                        s.push(match esc {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                    ch if ch == q => return Ok(Value::Str(s)),
                    ch => s.push(ch),
                }
            }
        }
        Some('[') if depth == 0 => {
            c.pos += 1;
            let mut items = Vec::new();
            loop {
                c.skip_ws();
                if c.eat("]") {
                    return Ok(Value::List(items));
                }
                items.push(parse_value(c, depth + 1)?);
                c.skip_ws();
                if c.eat(",") {
                    continue;
                }
                if c.eat("]") {
                    return Ok(Value::List(items));
                }
                return Err(OffsetError::new(c.pos, "expected `,` or `]` in the list"));
            }
        }
        Some(ch) if ch == '-' || ch.is_ascii_digit() => {
            let len = c.rest()[1..]
                .find(|x: char| !(x.is_ascii_digit() || x == '.' || x == '_'))
                .map_or(c.rest().len(), |i| i + 1);
            let raw = c.rest()[..len].replace('_', "");
            c.pos += len;
            if let Ok(i) = raw.parse::<i64>() {
                Ok(Value::Int(i))
            } else if let Ok(f) = raw.parse::<f64>() {
                Ok(Value::Float(f))
            } else {
                Err(OffsetError::new(start, format!("`{raw}` is not a number")))
            }
        }
        _ => {
            if c.eat("true") {
                Ok(Value::Bool(true))
            } else if c.eat("false") {
                Ok(Value::Bool(false))
            } else {
                Err(OffsetError::new(
                    start,
                    "expected a value: \"text\", a number, true/false or [a list]",
                ))
            }
        }
    }
}

/// `{{ name(args) }}` at `pos`; `Ok(None)` if it is not a call at all.
fn inline_at(text: &str, pos: usize) -> Result<Option<Call>, (String, OffsetError)> {
    let mut c = Cursor { text, pos: pos + 2 };
    c.skip_inline_ws();
    let Some(name_span) = c.ident() else {
        return Ok(None);
    };
    let name = text[name_span.clone()].to_string();
    c.skip_inline_ws();
    if c.peek() != Some('(') {
        return Ok(None);
    }
    let args = parse_args(&mut c).map_err(|e| (name.clone(), e))?;
    c.skip_ws();
    if !c.eat("}}") {
        return Err((
            name,
            OffsetError::new(c.pos, "expected `}}` to close the shortcode"),
        ));
    }
    Ok(Some(Call {
        name,
        name_span,
        args,
        kind: CallKind::Inline,
        range: pos..c.pos,
    }))
}

/// The line containing `pos`: its start and end (before `\n`).
fn line_bounds(text: &str, pos: usize) -> (usize, usize) {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    (start, end)
}

/// Only whitespace and blockquote markers may come before a block tag.
fn is_block_prefix(s: &str) -> bool {
    s.chars().all(|c| c == ' ' || c == '\t' || c == '>')
}

/// `{% name(args) %}` alone on its line, starting at `pos`.
fn block_open_at(text: &str, pos: usize) -> Result<Option<(Call, usize)>, (String, OffsetError)> {
    let (line_start, line_end) = line_bounds(text, pos);
    if !is_block_prefix(&text[line_start..pos]) {
        return Ok(None);
    }
    let mut c = Cursor { text, pos: pos + 2 };
    c.skip_inline_ws();
    let Some(name_span) = c.ident() else {
        return Ok(None);
    };
    let name = text[name_span.clone()].to_string();
    if name == "end" {
        return Ok(None);
    }
    c.skip_inline_ws();
    if c.peek() != Some('(') {
        return Ok(None);
    }
    let args = parse_args(&mut c).map_err(|e| (name.clone(), e))?;
    c.skip_ws();
    if !c.eat("%}") {
        return Err((
            name,
            OffsetError::new(c.pos, "expected `%}` to close the shortcode"),
        ));
    }
    let after = c.pos;
    let (_, close_line_end) = line_bounds(text, after.min(text.len()));
    if !text[after..close_line_end.max(after)].trim().is_empty() {
        return Err((
            name,
            OffsetError::new(after, "a block shortcode's opening tag must end its line").with_help(
                "put the body on the following lines and close it with a line `{% end %}`",
            ),
        ));
    }
    let _ = line_end;
    let call = Call {
        name,
        name_span,
        args,
        kind: CallKind::Block { body: 0..0 },
        range: pos..after,
    };
    Ok(Some((call, close_line_end)))
}

/// Is the line at `line_start..line_end` a `{% end %}` line? Returns the end of `%}`.
fn end_line(text: &str, line_start: usize, line_end: usize) -> Option<usize> {
    let line = &text[line_start..line_end];
    let at = line.find("{%")?;
    if !is_block_prefix(&line[..at]) {
        return None;
    }
    let rest = line[at + 2..].trim_start();
    let rest = rest.strip_prefix("end")?;
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("%}")?;
    rest.trim().is_empty().then(|| line_end - rest.len())
}

/// The matching `{% end %}` for a block opened on the line ending at
/// `open_line_end`: (body range, end of the call). Nested blocks are counted.
fn find_end(
    text: &str,
    open_line_end: usize,
    skip: &dyn Fn(usize) -> bool,
) -> Option<(Range<usize>, usize)> {
    let body_start = (open_line_end + 1).min(text.len());
    let mut depth = 0usize;
    let mut line_start = body_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if !skip(line_start) {
            if let Some(close) = end_line(text, line_start, line_end) {
                if depth == 0 {
                    return Some((body_start..line_start, close));
                }
                depth -= 1;
            } else if let Some(at) = text[line_start..line_end].find("{%") {
                let pos = line_start + at;
                if matches!(block_open_at(text, pos), Ok(Some(_))) {
                    depth += 1;
                }
            }
        }
        line_start = line_end + 1;
    }
    None
}

/// Finds the top-level calls in `text`. `skip(offset)` is true inside code,
/// where nothing is expanded. A well-formed call (`{{ name(args) }}`, a
/// line `{% name(args) %}`) of a name `names` does not know is an error:
/// unnoticed, it would be text where the author meant a figure. Text that
/// only looks similar (`{{ user.name }}`, `{% for x in y %}`, arguments
/// that do not parse) stays text.
pub fn scan(
    text: &str,
    names: &dyn Names,
    skip: &dyn Fn(usize) -> bool,
) -> (Vec<Call>, Vec<OffsetError>) {
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find('{') {
        let at = pos + i;
        pos = at + 1;
        let next = text[at + 1..].chars().next();
        if !matches!(next, Some('{' | '%')) || skip(at) {
            continue;
        }
        let block = next == Some('%');
        // Literal forms.
        let (open_lit, close_lit) = if block {
            ("{%/*", "*/%}")
        } else {
            ("{{/*", "*/}}")
        };
        if text[at..].starts_with(open_lit) {
            // A literal ends on its own line.
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            if let Some(end) = text[at + 4..line_end.max(at + 4)].find(close_lit) {
                let inner = &text[at + 4..at + 4 + end];
                let lit = if block {
                    format!("{{%{inner}%}}")
                } else {
                    format!("{{{{{inner}}}}}")
                };
                let range = at..at + 4 + end + 4;
                pos = range.end;
                calls.push(Call {
                    name: String::new(),
                    name_span: at..at,
                    args: Vec::new(),
                    kind: CallKind::Literal { text: lit },
                    range,
                });
            }
            continue;
        }
        if block {
            match block_open_at(text, at) {
                Ok(None) => {}
                Err((name, e)) => {
                    if names.is_known(&name) {
                        errors.push(e);
                    }
                }
                Ok(Some((mut call, open_line_end))) => match find_end(text, open_line_end, skip) {
                    Some((body, end)) => {
                        if !names.is_known(&call.name) {
                            errors.push(unknown(text, &call, names));
                        } else {
                            call.kind = CallKind::Block { body };
                            call.range = at..end;
                            pos = end;
                            calls.push(call);
                        }
                    }
                    None if names.is_known(&call.name) => errors.push(
                        OffsetError::new(
                            at,
                            format!("`{{% {} %}}` has no `{{% end %}}`", call.name),
                        )
                        .with_help("close the body with a line that holds only `{% end %}`"),
                    ),
                    // Well-formed, so meant as a call: not text in silence.
                    None => errors.push(unknown(text, &call, names)),
                },
            }
        } else {
            match inline_at(text, at) {
                Ok(None) => {}
                Err((name, e)) => {
                    if names.is_known(&name) {
                        errors.push(e);
                    }
                }
                Ok(Some(call)) => {
                    if names.is_known(&call.name) {
                        pos = call.range.end;
                        calls.push(call);
                    } else {
                        // Well-formed, so meant as a call: not text in silence.
                        errors.push(unknown(text, &call, names));
                    }
                }
            }
        }
    }
    (calls, errors)
}

/// A well-formed call of a name no shortcode has: a typo (with the near
/// name), or text meant literally (with how to write that).
fn unknown(text: &str, call: &Call, names: &dyn Names) -> OffsetError {
    let e = OffsetError::new(
        call.name_span.start,
        format!("unknown shortcode `{}`", call.name),
    );
    match names.suggest(&call.name) {
        Some(s) => e.with_help(format!("did you mean `{s}`?")),
        None => {
            // The opening tag as written, its delimiters made literal.
            let tag = &text[call.range.clone()];
            let (open, close) = if tag.starts_with("{%") {
                ("{%/*", "*/%}")
            } else {
                ("{{/*", "*/}}")
            };
            let inner = &tag[2..tag.len() - 2];
            e.with_help(format!(
                "to show it as text, write `{open}{inner}{close}`; in code (`…` or a code block) nothing is expanded"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Known;
    impl Names for Known {
        fn is_known(&self, name: &str) -> bool {
            matches!(name, "diagram" | "compare" | "note")
        }
        fn suggest(&self, name: &str) -> Option<String> {
            (name == "digram").then(|| "diagram".to_string())
        }
    }

    fn scan_all(text: &str) -> (Vec<Call>, Vec<OffsetError>) {
        scan(text, &Known, &|_| false)
    }

    #[test]
    fn inline_call_with_every_value_type() {
        let text = "See {{ compare(data=\"ec2\", n=3, f=-1.5, flag=true, list=[\"a\", 'b'], esc=\"x\\\"y\") }} here.";
        let (calls, errors) = scan_all(text);
        assert!(errors.is_empty(), "{errors:?}");
        let c = &calls[0];
        assert_eq!(c.name, "compare");
        assert_eq!(&text[c.range.clone()], &text[4..text.len() - 6]);
        let values: Vec<&Value> = c.args.iter().map(|a| &a.value).collect();
        assert_eq!(
            values,
            [
                &Value::Str("ec2".into()),
                &Value::Int(3),
                &Value::Float(-1.5),
                &Value::Bool(true),
                &Value::List(vec![Value::Str("a".into()), Value::Str("b".into())]),
                &Value::Str("x\"y".into()),
            ]
        );
        assert_eq!(&text[c.args[0].value_span.clone()], "\"ec2\"");
    }

    #[test]
    fn block_calls_nest_and_keep_their_body() {
        let text = "intro\n\n{% note(title=\"A\") %}\nouter\n{% note() %}\ninner\n{% end %}\nmore\n{% end %}\n\nafter\n";
        let (calls, errors) = scan_all(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(calls.len(), 1, "nested calls belong to the body");
        let CallKind::Block { body } = &calls[0].kind else {
            panic!()
        };
        assert_eq!(
            &text[body.clone()],
            "outer\n{% note() %}\ninner\n{% end %}\nmore\n"
        );
        assert!(text[calls[0].range.clone()].ends_with("more\n{% end %}"));
    }

    #[test]
    fn blocks_in_blockquotes_and_lists() {
        let text = "> {% note() %}\n> body\n> {% end %}\n\n- item\n\n  {% note() %}\n  body\n  {% end %}\n";
        let (calls, errors) = scan_all(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(calls.len(), 2);
    }

    #[test]
    fn literals_and_lookalikes() {
        let text = "{{/* diagram(kind=\"stack\") */}} and {%/* note() */%} and {{ user.name }} and {% for x in y %} and {{ range(10) }} and {{ 1 + 2 }}";
        let (calls, errors) = scan_all(text);
        assert!(errors.is_empty(), "{errors:?}");
        let lits: Vec<&CallKind> = calls.iter().map(|c| &c.kind).collect();
        assert_eq!(
            lits,
            [
                &CallKind::Literal {
                    text: "{{ diagram(kind=\"stack\") }}".into()
                },
                &CallKind::Literal {
                    text: "{% note() %}".into()
                },
            ]
        );
    }

    #[test]
    fn errors_point_into_the_call() {
        let cases = [
            ("{{ compare(data=\"x) }}", "unterminated string", 16),
            ("{{ compare(data=) }}", "expected a value", 16),
            ("{{ compare(data=\"x\" n=1) }}", "expected `,` or `)`", 20),
            ("{{ compare(a=1, a=2) }}", "given twice", 16),
            (
                "{{ digram(kind=\"flow\") }}",
                "unknown shortcode `digram`",
                3,
            ),
            ("{% note() %}\nbody\n", "has no `{% end %}`", 0),
            (
                "{% mystery() %}\nbody\n{% end %}\n",
                "unknown shortcode `mystery`",
                3,
            ),
            (
                "{% mystery() %}\nno end\n",
                "unknown shortcode `mystery`",
                3,
            ),
            ("a {{ range(end=3) }} b", "unknown shortcode `range`", 5),
            (
                "{% note() %} trailing\nx\n{% end %}",
                "must end its line",
                12,
            ),
        ];
        for (text, msg, offset) in cases {
            let (_, errors) = scan_all(text);
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            assert!(
                errors[0].message.contains(msg),
                "{text}: {}",
                errors[0].message
            );
            assert_eq!(errors[0].offset, offset, "{text}");
        }
    }

    #[test]
    fn a_far_unknown_name_says_how_to_write_it_literally() {
        let (_, errors) = scan_all("x {{ range(end=3) }}\n{% mystery(a=1) %}\n");
        let helps: Vec<&str> = errors.iter().filter_map(|e| e.help.as_deref()).collect();
        assert_eq!(
            helps,
            [
                "to show it as text, write `{{/* range(end=3) */}}`; in code (`…` or a code block) nothing is expanded",
                "to show it as text, write `{%/* mystery(a=1) */%}`; in code (`…` or a code block) nothing is expanded",
            ]
        );
    }

    #[test]
    fn skipped_regions_are_not_scanned() {
        let text = "`{{ note() }}` {{ note() }}";
        let (calls, _) = scan(text, &Known, &|o| o < 14);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].range.start, 15);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "{",
            "{{",
            "{%",
            "{{ a(",
            "{{ note(x=\"",
            "{% note(",
            "{{/*",
            "{%/* x",
            "{{ note(x=[[1]]) }}",
            "{{ note(x=-) }}",
            "{% end %}",
            "{{ é(",
            "{{ note(x=\"\\",
            "\u{0}{%",
        ] {
            let _ = scan_all(text);
        }
    }
}
