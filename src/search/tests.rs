use super::*;
use crate::config::ChapterSearch;
use terms::Lang;

fn section(anchor: &str, level: u8, title: &str, text: &str) -> Section {
    let mut s = Section {
        anchor: Some(anchor.into()),
        level,
        title: title.into(),
        ..Section::default()
    };
    s.push(text, Part::Prose);
    s
}

fn file<'f>(files: &'f [File], prefix: &str) -> Vec<&'f File> {
    files
        .iter()
        .filter(|(n, _)| n.starts_with(prefix))
        .collect()
}

/// The postings string of `term` in the (only) term file.
fn postings_of(files: &[File], term: &str) -> String {
    let shard = &file(files, "t-")[0].1;
    let at = shard
        .find(&format!("\"{term}\":\""))
        .unwrap_or_else(|| panic!("{term} in {shard}"));
    let rest = &shard[at + term.len() + 4..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Decoded postings: [(section, weight)].
fn decode(postings: &str) -> Vec<(u32, u32)> {
    let mut s = 0;
    postings
        .split('|')
        .next()
        .unwrap()
        .split(',')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let w = t[..1].parse::<char>().unwrap().to_digit(36).unwrap();
            s += u32::from_str_radix(&t[1..], 36).unwrap();
            (s, w)
        })
        .collect()
}

/// The index of `chapters`, German, default settings.
fn index(chapters: &[ChapterInput]) -> Vec<File> {
    build(
        chapters,
        &Analyzer::new(Lang::De),
        &SearchConfig::default(),
        &[],
    )
}

/// One chapter's `ChapterInput`.
fn chapter<'a>(title: &'a str, sections: &'a [Section]) -> ChapterInput<'a> {
    ChapterInput {
        title,
        path: "k.html",
        sections,
    }
}

fn two_chapters() -> Vec<File> {
    let s1 = [
        section(
            "docker",
            1,
            "Docker",
            "Container laufen überall. Container!",
        ),
        section("images", 2, "Images", "docker push"),
    ];
    let s2 = [section("lambda", 1, "Lambda", "Funktionen ohne Container")];
    let chapters = [
        ChapterInput {
            title: "Was ist Docker?",
            path: "docker.html",
            sections: &s1,
        },
        ChapterInput {
            title: "Lambda",
            path: "lambda.html",
            sections: &s2,
        },
    ];
    index(&chapters)
}

#[test]
fn postings_carry_build_time_weights_and_title_chapters() {
    let files = two_chapters();
    assert_eq!(file(&files, "t-").len(), 1, "a small index fits one file");
    // "contain": sections 0 (twice) and 2 (once, in a section as long).
    let contain = decode(&postings_of(&files, "contain"));
    assert_eq!(contain.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 2]);
    assert!(contain[0].1 > contain[1].1, "{contain:?}");
    // A heading outweighs prose: "dock" in section 0's heading, in section 1's prose.
    let dock = postings_of(&files, "dock");
    let d = decode(&dock);
    assert!(d[0].1 > d[1].1, "{d:?}");
    // "Docker" is all of chapter 0's title ("was ist" are stop words).
    assert!(dock.ends_with("|z0"), "{dock}");
    assert!(postings_of(&files, "lambda").ends_with("|z1"));
    let shard = &file(&files, "t-")[0].1;
    assert!(shard.contains("\"container\":\"contain\""), "{shard}");
}

#[test]
fn a_rare_word_is_most_of_its_title() {
    let s1 = [section(
        "a",
        1,
        "AWS Lambda",
        "AWS Lambda ist ein Dienst von AWS.",
    )];
    let s2 = [section("b", 1, "AWS Batch", "AWS Batch rechnet.")];
    let s3 = [section("c", 1, "Preise", "Bei AWS kostet alles.")];
    let files = index(&[
        chapter("AWS Lambda", &s1),
        chapter("AWS Batch", &s2),
        chapter("Preise", &s3),
    ]);
    let share = |term: &str| {
        let p = postings_of(&files, term);
        let title = p.split('|').nth(1).unwrap().to_string();
        title.chars().next().unwrap().to_digit(36).unwrap()
    };
    // "aws" is in every section, "lambda" in one: "lambda" is most of its title.
    assert!(
        share("lambda") > 3 * share("aws"),
        "{} {}",
        share("lambda"),
        share("aws")
    );
    assert_eq!(share("lambda") + share("aws"), 35);
}

#[test]
fn the_index_names_chapters_and_files_but_no_words() {
    let files = two_chapters();
    let index = &files.iter().find(|(n, _)| n == "index.js").unwrap().1;
    assert!(
        index.contains(
            "chapters:[[\"Was ist Docker?\",\"docker.html\",2],[\"Lambda\",\"lambda.html\",1]]"
        ),
        "{index}"
    );
    let (detail_name, detail) = file(&files, "x-")[0];
    let stem = detail_name.trim_end_matches(".js");
    assert!(
        index.contains(&format!("details:[[0,\"{stem}\"]]")),
        "{index}"
    );
    assert_eq!(
        detail,
        &format!(
            "kursbuchSearch.loaded(\"{stem}\",[[\"\",\"Docker\",\"Container laufen überall. Container!\"],[\"images\",\"Images\",\"docker push\"],[\"\",\"Lambda\",\"Funktionen ohne Container\"]]);\n"
        )
    );
    let shard = file(&files, "t-")[0].0.trim_end_matches(".js");
    assert!(
        index.contains(&format!("shards:{{\"co\":\"{shard}\",\"do\":\"{shard}\",")),
        "{index}"
    );
    assert!(!index.contains("contain"), "no term in index.js: {index}");
    // Same content, same names: an edit elsewhere leaves a file's name alone.
    assert_eq!(two_chapters(), files);
}

#[test]
fn compound_parts_find_the_compound_at_a_lower_weight() {
    let s = [
        section("a", 1, "Plattform", "Eine Plattform für Container."),
        section(
            "b",
            2,
            "Betrieb",
            "Die Containerplattform übernimmt den Betrieb.",
        ),
    ];
    let files = index(&[chapter("Betrieb", &s)]);
    let plattform = decode(&postings_of(&files, "plattform"));
    assert_eq!(plattform.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1]);
    let whole = decode(&postings_of(&files, "containerplattform"));
    assert!(plattform[1].1 < whole[0].1, "{plattform:?} {whole:?}");
    assert_eq!(
        decode(&postings_of(&files, "contain"))
            .iter()
            .map(|p| p.0)
            .collect::<Vec<_>>(),
        [0, 1]
    );
}

#[test]
fn link_lists_weigh_less_than_prose() {
    let mut links = Section {
        anchor: Some("quellen".into()),
        level: 2,
        title: "Quellen".into(),
        ..Section::default()
    };
    for _ in 0..5 {
        links.push("AWS Lambda Developer Guide", Part::Link);
        links.push(" ", Part::Prose);
    }
    let prose = section(
        "grenzen",
        2,
        "Grenzen",
        "AWS Lambda begrenzt die Laufzeit eines Aufrufs auf 15 Minuten. Lambda skaliert selbst. Das Guide-Kapitel erklärt es.",
    );
    let s = [prose, links];
    let files = index(&[chapter("Kapitel", &s)]);
    let lambda = decode(&postings_of(&files, "lambda"));
    assert!(lambda[0].1 > lambda[1].1, "{lambda:?}");
}

#[test]
fn long_sections_keep_a_bounded_excerpt_text() {
    let long = "Wort ".repeat(10_000);
    let cut = excerpt_text(&long);
    assert!(cut.len() <= SECTION_TEXT_BYTES && cut.len() > SECTION_TEXT_BYTES - 10);
    assert!(cut.ends_with("Wort"));
    assert_eq!(excerpt_text("kurz"), "kurz");
}

#[test]
fn chapters_can_be_left_out() {
    let mut c = SearchConfig::default();
    c.chapter
        .insert("anhang".into(), ChapterSearch { enable: false });
    assert!(!c.includes("anhang/glossar.md"));
    assert!(c.includes("anhangsweise.md"));
    assert!(c.includes("docker.md"));
}
