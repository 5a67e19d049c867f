//! The course in this repository: it builds cleanly under a sub-path, every
//! statement of the slide deck is traceable to its chapter, and every
//! chapter has learning objectives, a summary and a self-check.

use crate::common;

use std::path::Path;

use serde::Deserialize;

/// Builds the course once into a temporary folder (as GitHub Pages serves it,
/// under `/compute-services/`).
fn built_course() -> &'static Path {
    static SITE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let (out, _, warnings) = common::build_course(Some("/compute-services/"));
        assert!(
            warnings.is_empty(),
            "the course builds with warnings:\n{}",
            warnings.join("\n")
        );
        out
    })
    .path()
}

fn page(chapter_md: &str) -> String {
    let html = chapter_md.trim_end_matches(".md").to_string() + ".html";
    let path = built_course().join("site").join(&html);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{html}: {e}"))
}

/// The readable text of a page's `<main>`: tags and glossary tooltips
/// removed (a tooltip's definition would sit in the middle of a sentence),
/// entities decoded, whitespace folded, lower case.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("a <main> element");
    let end = html.rfind("</main>").expect("</main>");
    let mut html = html[start..end].to_string();
    while let Some(pos) = html.find("<span class=\"gloss-tip\"") {
        let close = pos + html[pos..].find("</span>").unwrap() + "</span>".len();
        html.replace_range(pos..close, "");
    }
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\u{ad}', "");
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Deserialize)]
struct Statements {
    statement: Vec<Statement>,
}

#[derive(Deserialize)]
struct Statement {
    slide: String,
    text: String,
    chapter: String,
    phrases: Vec<String>,
}

#[test]
fn the_course_builds_without_warnings_under_a_sub_path() {
    let site = built_course().join("site");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<html lang=\"de\""), "{index}");
    let not_found = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert!(not_found.contains("<base href=\"/compute-services/\">"));
    assert!(site.join("print.html").is_file());
}

#[test]
fn every_slide_statement_appears_in_its_chapter() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/slide-statements.toml"),
    )
    .unwrap();
    let statements: Statements = toml::from_str(&source).unwrap();
    assert!(
        statements.statement.len() >= 40,
        "the deck has over 40 statements"
    );
    let mut missing = Vec::new();
    for s in &statements.statement {
        let text = main_text(&page(&s.chapter));
        for phrase in &s.phrases {
            if !text.contains(&phrase.to_lowercase()) {
                missing.push(format!(
                    "{} (slide „{}“: {}): phrase „{phrase}“ not found",
                    s.chapter, s.slide, s.text
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_statement_check_sees_through_markup_and_tooltips() {
    let html = "<main><p>Apps werden in <span class=\"gloss\"><a class=\"gloss-term\" href=\"#\">Container</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"g\">Eine laufende Instanz</span></span>\n  <em>verpackt</em> &amp; laufen</p></main>";
    assert_eq!(
        main_text(html),
        "apps werden in container verpackt & laufen"
    );
}

/// The numbered chapters of SUMMARY.md (the course proper, not the appendices).
fn course_chapters() -> Vec<String> {
    let summary =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/SUMMARY.md"))
            .unwrap();
    let appendix = summary.find("# Anhang").expect("an appendix part");
    summary[..appendix]
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- [")?.split_once("]("))
        .map(|(_, rest)| rest.trim_end_matches(')').to_string())
        .collect()
}

#[test]
fn every_chapter_has_objectives_a_summary_and_a_quiz() {
    let chapters = course_chapters();
    assert!(chapters.len() >= 13, "{chapters:?}");
    let mut problems = Vec::new();
    for chapter in chapters.iter().chain([&"einfuehrung.md".to_string()]) {
        let html = page(chapter);
        for (what, needle) in [
            ("learning objectives", "class=\"box box-objectives\""),
            ("a summary", "class=\"box box-summary\""),
        ] {
            if !html.contains(needle) {
                problems.push(format!("{chapter}: no {what}"));
            }
        }
        if chapter == "einfuehrung.md" {
            continue;
        }
        let questions = html.matches("<fieldset").count();
        if !html.contains("class=\"quiz\"") || questions < 3 {
            problems.push(format!(
                "{chapter}: needs a quiz with at least 3 questions, has {questions}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_glossary_page_lists_terms_and_chapters_link_to_it() {
    let glossary = page("glossar.md");
    for term in [
        "IaaS",
        "PaaS",
        "FaaS",
        "Serverless",
        "Container",
        "Registry",
        "AMI",
    ] {
        assert!(
            glossary.contains(&format!(">{term}</dt>")),
            "glossary lacks {term}"
        );
    }
    let tooltips: usize = course_chapters()
        .iter()
        .map(|c| page(c).matches("class=\"gloss-term\"").count())
        .sum();
    assert!(
        tooltips >= 20,
        "only {tooltips} glossary tooltips in the course"
    );
}

#[test]
fn the_pages_workflow_builds_in_release_mode_for_the_repository_path_and_deploys() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml"),
    )
    .unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let workflow = &docs[0];
    assert_eq!(
        workflow["on"]["push"]["branches"][0].as_str(),
        Some("main"),
        "runs on pushes to main"
    );
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["id-token"].as_str(), Some("write"));
    let steps = |job: &str| -> Vec<yaml_rust2::Yaml> {
        workflow["jobs"][job]["steps"]
            .as_vec()
            .unwrap_or_else(|| panic!("job {job} has steps"))
            .clone()
    };
    let uses = |steps: &[yaml_rust2::Yaml]| -> Vec<String> {
        steps
            .iter()
            .filter_map(|s| s["uses"].as_str())
            .map(|u| u.split('@').next().unwrap().to_string())
            .collect()
    };
    let build = steps("build");
    let build_uses = uses(&build);
    for action in ["actions/configure-pages", "actions/upload-pages-artifact"] {
        assert!(
            build_uses.iter().any(|u| u == action),
            "{action} in {build_uses:?}"
        );
    }
    assert_eq!(uses(&steps("deploy")), ["actions/deploy-pages"]);
    let pages_id = build
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/configure-pages"))
        })
        .and_then(|s| s["id"].as_str())
        .expect("configure-pages has an id");
    let runs: Vec<&str> = build.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter().any(|r| r.contains("cargo build --release")),
        "{runs:?}"
    );
    let site = runs
        .iter()
        .find(|r| r.contains("kursbuch build"))
        .expect("a step builds the course");
    assert!(
        site.contains(&format!(
            "--base-url \"${{{{ steps.{pages_id}.outputs.base_url }}}}/\""
        )),
        "the base path comes from configure-pages: {site}"
    );
    let artifact = build
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .unwrap();
    assert!(
        site.contains(&format!(
            "--dest-dir {}",
            artifact["with"]["path"].as_str().unwrap()
        )),
        "the uploaded folder is the one the course was built into: {site}"
    );
}

/// The relevance list that search is measured against points at pages and
/// sections the course has, covers every kind of query and names each
/// chapter of the course with a topic query.
#[test]
fn the_search_relevance_list_points_at_real_pages_and_sections() {
    let list = common::search_queries();
    assert!(list.query.len() >= 40, "{} queries", list.query.len());
    let mut problems = Vec::new();
    for q in &list.query {
        let html = page(&q.page);
        if let Some(s) = &q.section
            && !html.contains(&format!(" id=\"{s}\""))
        {
            problems.push(format!("{:?}: {} has no section #{s}", q.q, q.page));
        }
        if q.why.trim().is_empty() {
            problems.push(format!("{:?}: no reason given", q.q));
        }
    }
    for kind in [
        "topic",
        "question",
        "inflection",
        "ascii",
        "typo",
        "compound",
        "english",
        "multi",
    ] {
        let n = list.query.iter().filter(|q| q.kind == kind).count();
        if n < 4 {
            problems.push(format!("only {n} `{kind}` queries"));
        }
    }
    for chapter in course_chapters() {
        if !list
            .query
            .iter()
            .any(|q| q.kind == "topic" && q.page == chapter)
        {
            problems.push(format!("{chapter}: no topic query"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[derive(Deserialize)]
struct DatedFacts {
    fact: Vec<DatedFact>,
}

#[derive(Deserialize)]
struct DatedFact {
    fact: String,
    chapter: String,
    phrase: String,
    url: String,
}

fn content(file: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .join(file),
    )
    .unwrap_or_else(|e| panic!("content/{file}: {e}"))
}

fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The blockquotes of a chapter's Markdown that carry a „Stand: November
/// 2026“ date: each a run of lines starting with `>`, the markers removed,
/// whitespace folded, lower case.
fn dated_notes(markdown: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in markdown.lines().chain([""]) {
        match line.trim_start().strip_prefix('>') {
            Some(rest) => current.push(rest),
            None if !current.is_empty() => {
                let note = fold(&current.join(" "));
                if note.contains("stand: november 2026") {
                    notes.push(note);
                }
                current.clear();
            }
            None => {}
        }
    }
    notes
}

#[test]
fn every_updated_fact_has_its_dated_note_and_source() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dated-facts.toml"),
    )
    .unwrap();
    let facts: DatedFacts = toml::from_str(&source).unwrap();
    assert!(facts.fact.len() >= 15, "issue 19 updates over 15 facts");
    let sources = content("quellen.md");
    let mut problems = Vec::new();
    for f in &facts.fact {
        let chapter = content(&f.chapter);
        let phrase = fold(&f.phrase);
        if !dated_notes(&chapter).iter().any(|n| n.contains(&phrase)) {
            problems.push(format!(
                "{} ({}): no „Stand: November 2026“ note contains „{}“",
                f.chapter, f.fact, f.phrase
            ));
        }
        if !chapter.contains(&f.url) {
            problems.push(format!(
                "{} ({}): does not link {}",
                f.chapter, f.fact, f.url
            ));
        }
        if !sources.contains(&f.url) {
            problems.push(format!("quellen.md ({}): does not list {}", f.fact, f.url));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_dated_note_check_reads_only_dated_blockquotes() {
    let md = "Text mit dotnet10.\n\n> [!NOTE]\n> **Stand: November 2026.** Die Runtime\n> `dotnet10` gibt es.\n\n> **Stand: 2025.** Alt: `dotnet8`.\n";
    let notes = dated_notes(md);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains(&fold("Die Runtime `dotnet10` gibt es")));
    assert!(!notes[0].contains("dotnet8"));
}

/// Problems in the quizzes of a chapter's Markdown: an option (`- [x]`,
/// `- [ ]`) or a true/false answer (`= wahr`) without a `>` explanation
/// under it, and an explanation that starts with „Richtig“ (the player
/// already says whether the answer was right). Fenced code is skipped.
fn quiz_problems(file: &str, markdown: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = markdown.lines().collect();
    let (mut in_fence, mut in_quiz) = (false, false);
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if t.starts_with("{% quiz(") {
            in_quiz = true;
            continue;
        }
        if t == "{% end %}" {
            in_quiz = false;
            continue;
        }
        if !in_quiz {
            continue;
        }
        let at = format!("content/{file}:{}", i + 1);
        if t.starts_with("- [x]") || t.starts_with("- [ ]") || t.starts_with("= ") {
            let next = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty());
            if !next.is_some_and(|l| l.starts_with('>')) {
                problems.push(format!("{at}: „{t}“ has no explanation (`> …`)"));
            }
        }
        if let Some(text) = t.strip_prefix('>')
            && text.trim_start().starts_with("Richtig")
        {
            problems.push(format!(
                "{at}: the explanation starts with „Richtig“ (the player says it already)"
            ));
        }
    }
    problems
}

#[test]
fn every_quiz_option_explains_itself_without_saying_richtig() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut problems = Vec::new();
    let mut quizzes = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // The author guide's example shows the syntax, where `>` is optional.
        if name.starts_with("autoren") {
            continue;
        }
        let markdown = std::fs::read_to_string(&path).unwrap();
        quizzes += markdown.matches("{% quiz(").count();
        problems.extend(quiz_problems(&name, &markdown));
    }
    assert!(
        quizzes >= 13,
        "the chapters' quizzes were not found ({quizzes})"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_quiz_check_finds_missing_feedback_and_richtig() {
    let md = "{% quiz() %}\n? Frage\n- [x] Ja\n  > Richtig. Weil.\n- [ ] Nein\n\n? Aussage\n= wahr\n{% end %}\n\n```markdown\n{% quiz() %}\n- [ ] ohne\n{% end %}\n```\n";
    let problems = quiz_problems("x.md", md);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("x.md:4") && problems[0].contains("Richtig"));
    assert!(problems[1].contains("x.md:5") && problems[1].contains("Nein"));
    assert!(problems[2].contains("x.md:8"));
}
