//! The search index: built from the sections the Markdown renderer collected
//! (one per heading down to `heading-split-level`), sharded so that a query
//! loads only what its words need, and written as small JavaScript files that
//! `<script>` tags load, so search works from `file://` as well as over HTTP.
//!
//! Files (under `search/` in the output):
//! - `index.js`: the chapters and sections (title, anchor), the stop words,
//!   the names of the other files and the settings;
//! - `t-HASH.js`: terms with their postings (section and weight) and the word
//!   forms of the book that stem to them (`containern` → `contain`), grouped
//!   by their first two letters; neighbouring groups share a file up to a
//!   size, and `index.js` maps each two-letter key to its file;
//! - `d-HASH.js`: the beginning of each section's text, for snippets, for a
//!   group of chapters (few files: creating files is a large part of a build).
//!
//! The term and text files are named by their content: an unchanged file
//! keeps its name (and its cache entry), and a stale `index.js` can never be
//! paired with newer files (it asks for names that are gone, and the browser
//! then fetches `index.js` afresh). Pages never name an index file, so a
//! change to one chapter's text changes no other page.

pub mod terms;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::config::SearchConfig;
use terms::Analyzer;

/// A part of a chapter between two headings, as the renderer saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; `None` for the part before the first heading.
    pub anchor: Option<String>,
    pub level: u8,
    pub title: String,
    /// Plain text: prose, code, figure and table text.
    pub text: String,
}

/// What the index needs of a chapter.
pub struct ChapterInput<'a> {
    pub title: &'a str,
    /// Output path, relative to the site root.
    pub path: &'a str,
    pub sections: &'a [Section],
}

/// Words of a section's text kept for snippets (the index has all of them).
const SNIPPET_WORDS: usize = 40;
/// Chapters per snippet file.
const DOC_GROUP: usize = 16;

/// Term → [(section, weight)] of one chapter (section numbers local).
type ChapterPostings = Vec<(String, Vec<(u32, u32)>)>;

fn analyze(
    chapter: &ChapterInput,
    analyzer: &Analyzer,
    boost_title: u32,
    forms: &mut HashMap<String, String>,
) -> ChapterPostings {
    // Folding and stemming a million words is the index's hot path. Each
    // folded word is looked up once: a word seen before in this chapter maps
    // straight to its term's slot (or to "stop word"); only new words are
    // stemmed, and nothing is allocated for a repeated word.
    const STOP: u32 = u32::MAX;
    let mut slot_of_word: HashMap<String, u32> = HashMap::default();
    let mut slot_of_stem: HashMap<String, u32> = HashMap::default();
    let mut terms: Vec<(String, Vec<(u32, u32)>)> = Vec::new();
    let mut add = |text: &str, section: u32, weight: u32| {
        terms::for_each_folded(text, analyzer.lang(), |folded| {
            let slot = match slot_of_word.get(folded) {
                Some(&slot) => slot,
                None => {
                    let slot = if folded.is_empty() || analyzer.is_stop_word(folded) {
                        STOP
                    } else {
                        let stem = analyzer.stem(folded);
                        if stem != folded {
                            forms.insert(folded.to_string(), stem.clone());
                        }
                        *slot_of_stem.entry(stem).or_insert_with_key(|stem| {
                            terms.push((stem.clone(), Vec::new()));
                            terms.len() as u32 - 1
                        })
                    };
                    slot_of_word.insert(folded.to_string(), slot);
                    slot
                }
            };
            if slot == STOP {
                return;
            }
            let postings = &mut terms[slot as usize].1;
            match postings.last_mut() {
                Some((s, w)) if *s == section => *w = (*w + weight).min(1000),
                _ => postings.push((section, weight)),
            }
        });
    };
    // The chapter title counts for its first section, headings for theirs.
    let title_weight = 5 * boost_title.max(1);
    for (i, s) in chapter.sections.iter().enumerate() {
        let i = i as u32;
        if i == 0 {
            add(chapter.title, i, title_weight);
        }
        add(&s.title, i, title_weight);
        add(&s.text, i, 1);
    }
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

/// The shard a term or word belongs to: its first two characters.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// JSON string literal.
fn js(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            // `</script>` and friends cannot end the file's script early.
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends `n` in base 36 (postings are the bulk of the index; no allocation per number).
fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

#[cfg(test)]
fn base36(n: u32) -> String {
    let mut s = String::new();
    push_base36(&mut s, n);
    s
}

/// Bytes per term file, about.
const SHARD_BYTES: usize = 48 * 1024;

/// The terms and forms of one two-letter key, with their estimated size.
#[derive(Default)]
struct Group<'g> {
    terms: Vec<&'g (String, Vec<(u32, u32)>)>,
    forms: Vec<&'g (String, String)>,
    size: usize,
}

/// A data file named by its content: `(name, file text)`, `name` being
/// `PREFIX-HASH` (the file is `search/NAME.js` and reports itself as NAME).
fn named_file(prefix: &str, data: String) -> (String, String) {
    let name = format!(
        "{prefix}-{:08x}",
        xxhash_rust::xxh3::xxh3_64(data.as_bytes()) >> 32
    );
    let text = format!("kursbuchSearch.loaded(\"{name}\",{data});\n");
    (name, text)
}

/// The data of one term file: its terms with their postings, and the word forms.
fn shard_js(terms: &[&(String, Vec<(u32, u32)>)], forms: &[&(String, String)]) -> String {
    let size: usize = terms.iter().map(|(t, l)| t.len() + l.len() * 4 + 6).sum();
    let mut out = String::with_capacity(size + forms.len() * 24 + 64);
    out.push_str("{terms:{");
    for (i, (term, list)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // "delta[.weight]" in base 36: only [0-9a-z.,], nothing to escape.
        out.push_str(&js(term));
        out.push_str(":\"");
        let mut prev = 0;
        for (k, (s, w)) in list.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_base36(&mut out, s - prev);
            if *w > 1 {
                out.push('.');
                push_base36(&mut out, *w);
            }
            prev = *s;
        }
        out.push('"');
    }
    out.push_str("},forms:{");
    for (i, (form, stem)) in forms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}:{}", js(form), js(stem));
    }
    out.push_str("}}");
    out
}

/// The files of the index: (path under `search/`, contents).
pub fn build(
    chapters: &[ChapterInput],
    analyzer: &Analyzer,
    config: &SearchConfig,
    stop_words: &[String],
) -> Vec<(String, String)> {
    let analyzed: Vec<(ChapterPostings, HashMap<String, String>)> = chapters
        .par_iter()
        .map(|c| {
            let mut forms = HashMap::default();
            let p = analyze(c, analyzer, config.boost_title, &mut forms);
            (p, forms)
        })
        .collect();

    // Global section numbers, in reading order.
    let mut first_section = Vec::with_capacity(chapters.len());
    let mut total = 0u32;
    for c in chapters {
        first_section.push(total);
        total += c.sections.len() as u32;
    }
    let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::default();
    let mut forms: HashMap<String, String> = HashMap::default();
    for (ci, (chapter_postings, chapter_forms)) in analyzed.into_iter().enumerate() {
        for (term, list) in chapter_postings {
            let global = postings.entry(term).or_default();
            global.extend(list.into_iter().map(|(s, w)| (s + first_section[ci], w)));
        }
        for (form, stem) in chapter_forms {
            forms.entry(form).or_insert(stem);
        }
    }
    let mut postings: Vec<(String, Vec<(u32, u32)>)> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut forms: Vec<(String, String)> = forms.into_iter().collect();
    forms.sort_unstable();

    // Group terms and forms by their two-letter key, then pack neighbouring
    // groups into files of about SHARD_BYTES: few files to write, little to fetch.
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for entry in &postings {
        let g = groups.entry(shard_key(&entry.0)).or_default();
        g.size += entry.0.len() + entry.1.len() * 4 + 6;
        g.terms.push(entry);
    }
    for entry in &forms {
        let g = groups.entry(shard_key(&entry.0)).or_default();
        g.size += entry.0.len() + entry.1.len() + 8;
        g.forms.push(entry);
    }
    let mut packs: Vec<Vec<&Group>> = Vec::new();
    let mut key_to_file: Vec<(&String, usize)> = Vec::new();
    let mut size = usize::MAX;
    for (key, group) in &groups {
        if size.saturating_add(group.size) > SHARD_BYTES {
            packs.push(Vec::new());
            size = 0;
        }
        size += group.size;
        packs.last_mut().expect("pushed").push(group);
        key_to_file.push((key, packs.len() - 1));
    }
    let mut files: Vec<(String, String)> = packs
        .par_iter()
        .map(|pack| {
            let terms: Vec<_> = pack.iter().flat_map(|g| g.terms.iter().copied()).collect();
            let forms: Vec<_> = pack.iter().flat_map(|g| g.forms.iter().copied()).collect();
            named_file("t", shard_js(&terms, &forms))
        })
        .collect();

    // Snippet texts, DOC_GROUP chapters per file: {"chapter": [section texts]}.
    let docs: Vec<(String, String)> = chapters
        .par_chunks(DOC_GROUP)
        .enumerate()
        .map(|(g, group)| {
            let mut body = String::new();
            for (k, c) in group.iter().enumerate() {
                if k > 0 {
                    body.push(',');
                }
                let _ = write!(body, "\"{}\":[", g * DOC_GROUP + k);
                for (i, s) in c.sections.iter().enumerate() {
                    if i > 0 {
                        body.push(',');
                    }
                    let end = s
                        .text
                        .split_whitespace()
                        .take(SNIPPET_WORDS)
                        .last()
                        .map_or(0, |w| {
                            w.as_ptr() as usize - s.text.as_ptr() as usize + w.len()
                        });
                    body.push_str(&js(&s.text[..end]));
                }
                body.push(']');
            }
            named_file("d", format!("{{{body}}}"))
        })
        .collect();
    let doc_names: Vec<String> = docs.iter().map(|(n, _)| js(n)).collect();
    let shard_names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    files.extend(docs);

    // The index: chapters [title, path], sections [chapter, anchor, title].
    let mut index = String::from("kursbuchSearch.loaded(\"index\",{chapters:[");
    for (i, c) in chapters.iter().enumerate() {
        if i > 0 {
            index.push(',');
        }
        let _ = write!(index, "[{},{}]", js(c.title), js(c.path));
    }
    index.push_str("],sections:[");
    let mut first = true;
    for (ci, c) in chapters.iter().enumerate() {
        for s in c.sections {
            if !first {
                index.push(',');
            }
            first = false;
            let anchor = if s.level <= 1 {
                ""
            } else {
                s.anchor.as_deref().unwrap_or("")
            };
            let _ = write!(index, "[{ci},{},{}]", js(anchor), js(&s.title));
        }
    }
    let _ = writeln!(
        index,
        "],shards:{{{}}},docs:[{}],stop:[{}],lang:{},fold:{{{}}},limit:{},teaser:{},docGroup:{DOC_GROUP}}});",
        key_to_file
            .iter()
            .map(|(k, n)| format!("{}:{}", js(k), js(&shard_names[*n])))
            .collect::<Vec<_>>()
            .join(","),
        doc_names.join(","),
        stop_words
            .iter()
            .map(|w| js(w))
            .collect::<Vec<_>>()
            .join(","),
        js(match analyzer.lang() {
            terms::Lang::De => "de",
            terms::Lang::En => "en",
            terms::Lang::Other => "",
        }),
        terms::FOLD
            .iter()
            .map(|(from, to)| format!("{}:{}", js(&from.to_string()), js(to)))
            .collect::<Vec<_>>()
            .join(","),
        config.limit_results,
        config.teaser_word_count
    );
    files.push(("index".to_string(), index));
    files
        .into_iter()
        .map(|(name, text)| (format!("{name}.js"), text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ChapterSearch;
    use terms::Lang;

    fn section(anchor: &str, level: u8, title: &str, text: &str) -> Section {
        Section {
            anchor: Some(anchor.into()),
            level,
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn postings_are_delta_encoded_and_weighted() {
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
                title: "Docker",
                path: "docker.html",
                sections: &s1,
            },
            ChapterInput {
                title: "Lambda",
                path: "lambda.html",
                sections: &s2,
            },
        ];
        let a = Analyzer::new(Lang::De);
        let files = build(&chapters, &a, &SearchConfig::default(), &[]);
        // A small index fits one term file.
        let shards: Vec<&(String, String)> =
            files.iter().filter(|(n, _)| n.starts_with("t-")).collect();
        assert_eq!(shards.len(), 1);
        let (shard_name, shard) = shards[0];
        // "contain": section 0 twice (weight 2), section 2 once.
        assert!(shard.contains("\"contain\":\"0.2,2\""), "{shard}");
        assert!(shard.contains("\"container\":\"contain\""), "{shard}");
        // Title words weigh 10 (5 × boost-title 2) per occurrence: chapter title and h1.
        assert!(shard.contains("\"dock\":\"0.k,1\""), "{shard}");
        let index = &files.iter().find(|(n, _)| n == "index.js").unwrap().1;
        assert!(!index.contains("t-") || index.contains("shards:"));
        assert!(
            index.contains(
                "sections:[[0,\"\",\"Docker\"],[0,\"images\",\"Images\"],[1,\"\",\"Lambda\"]]"
            ),
            "{index}"
        );

        let (doc_name, doc) = files.iter().find(|(n, _)| n.starts_with("d-")).unwrap();
        let stem = doc_name.trim_end_matches(".js");
        assert_eq!(
            doc,
            &format!(
                "kursbuchSearch.loaded(\"{stem}\",{{\"0\":[\"Container laufen überall. Container!\",\"docker push\"],\"1\":[\"Funktionen ohne Container\"]}});\n"
            )
        );
        let shard_stem = shard_name.trim_end_matches(".js");
        assert!(
            index.contains(&format!(
                "shards:{{\"co\":\"{shard_stem}\",\"do\":\"{shard_stem}\","
            )),
            "{index}"
        );
        assert!(index.contains(&format!("docs:[\"{stem}\"]")), "{index}");
        // Same content, same names: an edit elsewhere leaves a file's name alone.
        let again = build(&chapters, &a, &SearchConfig::default(), &[]);
        assert_eq!(again, files);
    }

    #[test]
    fn strings_cannot_break_out_of_the_script() {
        assert_eq!(
            js("</script><img src=x onerror=alert(1)>"),
            "\"\\u003c/script>\\u003cimg src=x onerror=alert(1)>\""
        );
        assert_eq!(js("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn base36_numbers() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
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
}
