//! The built-in `quiz` shortcode: self-check questions in a plain-text body.
//!
//! ```text
//! ? Was ist ein Docker Image?              single choice: exactly one [x]
//! - [ ] Ein laufender Container
//!   > Das ist ein Container; er entsteht aus einem Image.
//! - [x] Eine unveränderliche Vorlage für Container
//!
//! ?? Welche Dienste führen Container aus?   multiple choice: one or more [x]
//! - [x] Amazon ECS
//! - [x] AWS Fargate
//! - [ ] Amazon ECR
//!   > ECR speichert Images, es führt sie nicht aus.
//!
//! ? Eine Lambda-Funktion läuft höchstens 15 Minuten.
//! = wahr                                    true/false: `= wahr` or `= falsch`
//! > 900 Sekunden sind das Maximum.
//! ```
//!
//! Questions, answers and explanations are Markdown (inline). The HTML works
//! without JavaScript (the answers are in a `<details>`); the theme's script
//! adds checking, feedback and the stored result.

use std::fmt::Write as _;

use super::builtin::{BodyRule, BuiltIn, Invocation, Param};
use super::diagram::body_lines;
use super::{Markup, Problem};
use crate::diag::OffsetError;
use crate::escape;
use crate::i18n::UiStrings;
use crate::markdown::inline::{MarkdownOptions, html_to_text, inline_html};

pub const BUILT_IN: BuiltIn = BuiltIn {
    name: "quiz",
    params: &[Param::str("title")],
    body: BodyRule::Required {
        example: "`{% quiz() %}`, the questions (`? …`, `- [x] …`, `- [ ] …`), then `{% end %}`",
    },
    id_prefix: "quiz",
    expand,
};

fn expand(inv: &Invocation, out: &mut Markup) -> Result<String, Problem> {
    let opts = Options {
        id: inv.id,
        title: inv.str_arg("title"),
        ui: inv.ctx.lang.strings(),
        md: inv.ctx.md_opts,
        // On print.html quizzes show their answers.
        solutions_open: inv.page.print.is_some(),
    };
    let (html, text) = render(&inv.required_body().text, &opts).map_err(|mut e| {
        e.message = format!("quiz: {}", e.message);
        inv.in_body(e)
    })?;
    out.search_text = Some(text);
    out.search_part = crate::search::Part::Quiz;
    Ok(html)
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    text: String,
    correct: bool,
    explain: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Single,
    Multiple,
    TrueFalse,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Question {
    offset: usize,
    kind: Kind,
    text: String,
    answers: Vec<Answer>,
    /// For true/false: the explanation of the statement.
    explain: Option<String>,
}

fn parse(body: &str, ui: &UiStrings) -> Result<Vec<Question>, OffsetError> {
    let mut questions: Vec<Question> = Vec::new();
    for (offset, line) in body_lines(body) {
        if let Some(rest) = line.strip_prefix("??") {
            questions.push(Question {
                offset,
                kind: Kind::Multiple,
                text: rest.trim().to_string(),
                answers: Vec::new(),
                explain: None,
            });
        } else if let Some(rest) = line.strip_prefix('?') {
            questions.push(Question {
                offset,
                kind: Kind::Single,
                text: rest.trim().to_string(),
                answers: Vec::new(),
                explain: None,
            });
        } else if let Some(rest) = line
            .strip_prefix("- [")
            .or_else(|| line.strip_prefix("* ["))
        {
            let q = questions.last_mut().ok_or_else(|| {
                OffsetError::new(offset, "an answer before the first question")
                    .with_help("start a question with `? ` (one answer right) or `?? ` (several)")
            })?;
            let (mark, text) = rest.split_once(']').ok_or_else(|| {
                OffsetError::new(offset, "an answer is written `- [x] text` or `- [ ] text`")
            })?;
            let correct = match mark.trim() {
                "x" | "X" => true,
                "" => false,
                other => {
                    return Err(OffsetError::new(
                        offset,
                        format!("`[{other}]` is neither `[x]` (right) nor `[ ]` (wrong)"),
                    ));
                }
            };
            if q.kind == Kind::TrueFalse {
                return Err(OffsetError::new(
                    offset,
                    "a true/false question has no answers to choose",
                )
                .with_help("remove the answers or the `= wahr`/`= falsch` line"));
            }
            q.answers.push(Answer {
                text: text.trim().to_string(),
                correct,
                explain: None,
            });
        } else if let Some(rest) = line.strip_prefix('=') {
            let q = questions
                .last_mut()
                .ok_or_else(|| OffsetError::new(offset, "`=` before the first question"))?;
            if !q.answers.is_empty() {
                return Err(OffsetError::new(
                    offset,
                    "`= wahr`/`= falsch` is for a statement without answers",
                ));
            }
            let truth = match rest.trim().to_lowercase().as_str() {
                "wahr" | "richtig" | "true" | "ja" | "yes" => true,
                "falsch" | "false" | "nein" | "no" => false,
                other => {
                    return Err(OffsetError::new(
                        offset,
                        format!("`= {other}`: write `= wahr` or `= falsch`"),
                    ));
                }
            };
            q.kind = Kind::TrueFalse;
            q.answers = vec![
                Answer {
                    text: ui.quiz_true.to_string(),
                    correct: truth,
                    explain: None,
                },
                Answer {
                    text: ui.quiz_false.to_string(),
                    correct: !truth,
                    explain: None,
                },
            ];
        } else if let Some(rest) = line.strip_prefix('>') {
            let q = questions.last_mut().ok_or_else(|| {
                OffsetError::new(offset, "an explanation before the first question")
            })?;
            let text = rest.trim().to_string();
            let slot = if q.kind == Kind::TrueFalse {
                &mut q.explain
            } else {
                &mut q
                    .answers
                    .last_mut()
                    .ok_or_else(|| {
                        OffsetError::new(offset, "an explanation (`>`) belongs below an answer")
                    })?
                    .explain
            };
            match slot {
                Some(e) => {
                    e.push(' ');
                    e.push_str(&text);
                }
                None => *slot = Some(text),
            }
        } else {
            return Err(OffsetError::new(offset, format!("`{line}` is not part of a quiz")).with_help("questions start with `?` or `??`, answers with `- [x]`/`- [ ]`, explanations with `>`"));
        }
    }
    if questions.is_empty() {
        return Err(OffsetError::new(0, "the quiz has no questions")
            .with_help("start a question with `? `"));
    }
    for q in &questions {
        let right = q.answers.iter().filter(|a| a.correct).count();
        if q.text.is_empty() {
            return Err(OffsetError::new(q.offset, "a question without text"));
        }
        if q.answers.len() < 2 {
            return Err(OffsetError::new(
                q.offset,
                "a question needs at least two answers (or `= wahr`/`= falsch`)",
            ));
        }
        if q.kind == Kind::Single && right != 1 {
            return Err(OffsetError::new(
                q.offset,
                format!("`?` asks for exactly one right answer, this one has {right}"),
            )
            .with_help("mark one answer `[x]`, or write `??` for a question with several"));
        }
        if q.kind == Kind::Multiple && right == 0 {
            return Err(OffsetError::new(
                q.offset,
                "`??` needs at least one right answer (`[x]`)",
            ));
        }
    }
    Ok(questions)
}

pub struct Options<'a> {
    /// Unique on the page.
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub ui: &'a UiStrings,
    pub md: &'a MarkdownOptions,
    /// Solutions unfolded (print.html).
    pub solutions_open: bool,
}

/// A question's id for the stored results: a hash of its text, so that
/// reordering or adding questions keeps every stored answer with its question.
/// The same question twice in one quiz gets `-2`, `-3`, ….
fn question_id(text: &str, taken: &[String]) -> String {
    let base = format!(
        "q{:08x}",
        xxhash_rust::xxh3::xxh3_64(text.trim().as_bytes()) >> 32
    );
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// The quiz as HTML, and its text for the search index (the questions,
/// answers and explanations, without the buttons and signs).
pub fn render(body: &str, opts: &Options) -> Result<(String, String), OffsetError> {
    let (id, ui) = (opts.id, opts.ui);
    let questions = parse(body, ui)?;
    let inline = |md: &str| inline_html(md, opts.md);
    let title = opts.title.map_or_else(|| ui.quiz.to_string(), escape::html);
    // The theme's script reads its words from the quiz itself.
    let mut out = format!(
        "<div class=\"quiz\" role=\"group\" id=\"{id}\" aria-labelledby=\"{id}-title\" data-correct=\"{}\" data-incorrect=\"{}\" data-choose=\"{}\" data-score=\"{}\" data-right=\"{}\" data-wrong=\"{}\">\n<p class=\"quiz-title\" id=\"{id}-title\">{title}</p>\n",
        escape::html(ui.quiz_correct),
        escape::html(ui.quiz_incorrect),
        escape::html(ui.quiz_choose),
        escape::html(ui.quiz_score),
        escape::html(ui.quiz_right),
        escape::html(ui.quiz_wrong),
    );
    let mut qids: Vec<String> = Vec::with_capacity(questions.len());
    for (n, q) in questions.iter().enumerate() {
        let n = n + 1;
        let qid = question_id(&q.text, &qids);
        let kind = match q.kind {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "truefalse",
        };
        let input = if q.kind == Kind::Multiple {
            "checkbox"
        } else {
            "radio"
        };
        let _ = write!(
            out,
            "<form class=\"quiz-q\" data-kind=\"{kind}\" data-qid=\"{qid}\">\n<fieldset>\n<legend><span class=\"quiz-num\">{n}.</span> {}",
            inline(&q.text)
        );
        qids.push(qid);
        if q.kind == Kind::Multiple {
            let _ = write!(
                out,
                " <span class=\"quiz-hint\">({})</span>",
                ui.quiz_several
            );
        }
        out.push_str("</legend>\n");
        for (k, a) in q.answers.iter().enumerate() {
            let _ = writeln!(
                out,
                "<label class=\"quiz-answer\"><input type=\"{input}\" name=\"{id}-{n}\" value=\"{k}\" data-correct=\"{}\"> <span class=\"quiz-text\">{}</span><span class=\"quiz-mark\"></span></label>",
                a.correct,
                inline(&a.text)
            );
            if let Some(e) = &a.explain {
                let _ = writeln!(
                    out,
                    "<p class=\"quiz-explain\" hidden data-for=\"{k}\">{}</p>",
                    inline(e)
                );
            }
        }
        if let Some(e) = &q.explain {
            let _ = writeln!(
                out,
                "<p class=\"quiz-explain\" hidden data-for=\"all\">{}</p>",
                inline(e)
            );
        }
        out.push_str("</fieldset>\n");
        let _ = write!(
            out,
            "<p class=\"quiz-actions\" hidden><button type=\"submit\" class=\"quiz-check\">{}</button></p>\n<p class=\"quiz-feedback\" aria-live=\"polite\"></p>\n",
            ui.quiz_check
        );
        // Without JavaScript (and in print): the solution, folded.
        let _ = write!(
            out,
            "<details class=\"quiz-solution\"{}><summary>{}</summary>\n<ul>\n",
            if opts.solutions_open { " open" } else { "" },
            ui.quiz_solution
        );
        for a in &q.answers {
            let (sign, word) = if a.correct {
                ("✓", ui.quiz_right)
            } else {
                ("✗", ui.quiz_wrong)
            };
            let _ = write!(
                out,
                "<li><span aria-hidden=\"true\">{sign}</span> <span class=\"visually-hidden\">{word}:</span> {}",
                inline(&a.text)
            );
            if let Some(e) = &a.explain {
                let _ = write!(out, " — {}", inline(e));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
        if let Some(e) = &q.explain {
            let _ = writeln!(out, "<p class=\"quiz-statement\">{}</p>", inline(e));
        }
        out.push_str("</details>\n</form>\n");
    }
    out.push_str("<p class=\"quiz-score\" hidden></p>\n</div>\n");
    let mut text = format!("{} ", opts.title.unwrap_or(ui.quiz));
    for q in &questions {
        let words = std::iter::once(&q.text)
            .chain(
                q.answers
                    .iter()
                    .filter(|_| q.kind != Kind::TrueFalse)
                    .map(|a| &a.text),
            )
            .chain(q.answers.iter().filter_map(|a| a.explain.as_ref()))
            .chain(q.explain.as_ref());
        for w in words {
            text.push_str(&html_to_text(&inline(w)));
            text.push(' ');
        }
    }
    Ok((out, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::UiLang;

    const MD: MarkdownOptions = MarkdownOptions {
        smart_punctuation: true,
        lang: UiLang::De,
        split_level: 3,
        math: false,
    };

    fn render(body: &str, id: &str, ui: &UiStrings) -> Result<String, OffsetError> {
        super::render(
            body,
            &Options {
                id,
                title: None,
                ui,
                md: &MD,
                solutions_open: false,
            },
        )
        .map(|(html, _)| html)
    }

    const QUIZ: &str = "? Was ist ein *Image*?\n- [ ] Ein Container\n  > Ein Container entsteht aus einem Image.\n- [x] Eine Vorlage\n\n?? Was führt Container aus?\n- [x] ECS\n- [x] Fargate\n- [ ] ECR\n  > ECR speichert nur.\n\n? Lambda läuft höchstens 15 Minuten.\n= wahr\n> 900 Sekunden.\n";

    #[test]
    fn all_three_kinds() {
        let html = render(QUIZ, "quiz-1", UiLang::De.strings()).unwrap();
        assert_eq!(html.matches("<form class=\"quiz-q\"").count(), 3);
        assert!(
            html.contains("data-kind=\"single\"")
                && html.contains("data-kind=\"multiple\"")
                && html.contains("data-kind=\"truefalse\"")
        );
        assert!(
            html.contains(
                "<legend><span class=\"quiz-num\">1.</span> Was ist ein <em>Image</em>?</legend>"
            ),
            "{html}"
        );
        assert!(html.contains("type=\"checkbox\" name=\"quiz-1-2\""));
        assert!(
            html.contains("<span class=\"quiz-text\">Wahr</span>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"quiz-explain\" hidden data-for=\"2\">ECR speichert nur.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"quiz-explain\" hidden data-for=\"all\">900 Sekunden.</p>"),
            "{html}"
        );
        assert!(html.contains("<p class=\"quiz-statement\">900 Sekunden.</p>"));
        assert!(html.contains("<fieldset>") && html.contains("<details class=\"quiz-solution\">"));
    }

    #[test]
    fn question_ids_follow_the_question_not_its_place() {
        let ui = UiLang::De.strings();
        let qids = |html: &str| -> Vec<String> {
            html.split("data-qid=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].to_string())
                .collect()
        };
        let a = "? Eins?\n- [x] a\n- [ ] b\n\n? Zwei?\n- [x] a\n- [ ] b\n";
        let b = "? Zwei?\n- [x] a\n- [ ] b\n\n? Eins?\n- [x] a\n- [ ] b\n";
        let (ia, ib) = (
            qids(&render(a, "q", ui).unwrap()),
            qids(&render(b, "q", ui).unwrap()),
        );
        assert_eq!(ia.len(), 2);
        assert_ne!(ia[0], ia[1]);
        assert_eq!(
            (&ia[0], &ia[1]),
            (&ib[1], &ib[0]),
            "reordered questions keep their ids"
        );
        let twice = qids(
            &render(
                "? Eins?\n- [x] a\n- [ ] b\n\n? Eins?\n- [x] a\n- [ ] b\n",
                "q",
                ui,
            )
            .unwrap(),
        );
        assert_eq!(twice[1], format!("{}-2", twice[0]));
    }

    #[test]
    fn search_text_is_the_questions_and_answers() {
        let opts = Options {
            id: "q",
            title: None,
            ui: UiLang::De.strings(),
            md: &MD,
            solutions_open: false,
        };
        let (_, text) = super::render(QUIZ, &opts).unwrap();
        assert_eq!(
            text,
            "Selbsttest Was ist ein Image? Ein Container Eine Vorlage Ein Container entsteht aus einem Image. Was führt Container aus? ECS Fargate ECR ECR speichert nur. Lambda läuft höchstens 15 Minuten. 900 Sekunden. "
        );
    }

    #[test]
    fn malformed_quizzes_name_the_line() {
        let ui = UiLang::De.strings();
        let cases = [
            ("- [x] a\n", 0, "before the first question"),
            ("? F\n- [x] a\n- [x] b\n", 0, "exactly one right answer"),
            ("?? F\n- [ ] a\n- [ ] b\n", 0, "at least one right"),
            ("? F\n- [x] a\n", 0, "at least two answers"),
            ("? F\n= vielleicht\n", 4, "write `= wahr`"),
            ("? F\n- [x] a\n- [?] b\n", 12, "neither"),
            (
                "? F\n- [x] a\n- [ ] b\nirgendwas\n",
                20,
                "not part of a quiz",
            ),
            ("? F\n> erklärt\n- [x] a\n", 4, "belongs below an answer"),
            ("", 0, "no questions"),
        ];
        for (body, offset, msg) in cases {
            let e = render(body, "q", ui).unwrap_err();
            assert!(e.message.contains(msg), "{body:?}: {}", e.message);
            assert_eq!(e.offset, offset, "{body:?}");
        }
    }
}
