//! The search index: built from the sections the Markdown renderer collected
//! (one per heading down to `heading-split-level`), weighed at build time
//! (see [`weights`]), sharded so that a query loads only what its words need,
//! and written as small JavaScript files that `<script>` tags load, so search
//! works from `file://` as well as over HTTP. `static/js/search.js` reads it.
//!
//! Files (under `search/` in the output):
//! - `index.js`: the chapters (title, path, number of sections), the names
//!   of the other files, the stop words and the settings. It grows with the
//!   number of chapters, never with the vocabulary: enough to rank and to
//!   show each result's chapter.
//! - `t-HASH.js`: terms with their postings (section and weight, and the
//!   chapters whose title holds the term) and the word forms of the book
//!   that stem to them (`containern` → `contain`), grouped by their first
//!   two letters; neighbouring groups share a file up to a size, and
//!   `index.js` maps each two-letter key to its file. A compound's parts
//!   ("plattform" in "Containerplattform") also point at its sections.
//! - `x-HASH.js`: consecutive sections' anchors, headings and text, up to a
//!   size per file, for the sections under each result and the excerpt
//!   around the match; fetched only for the results shown.
//!
//! The files are named by their content: an unchanged file keeps its name
//! (and its cache entry), and a stale `index.js` can never be paired with
//! newer files (it asks for names that are gone, and the browser then
//! fetches `index.js` afresh). Pages never name an index file, so a change to
//! one chapter's text changes no other page.

mod compound;
mod encode;
mod section;
pub mod terms;
mod weights;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::config::SearchConfig;
use encode::{js, named_file, push_js, push_postings};
pub use section::{Part, Section};
use terms::Analyzer;
use weights::{Field, PerField, Weights};

/// What the index needs of a chapter.
pub struct ChapterInput<'a> {
    pub title: &'a str,
    /// Output path, relative to the site root.
    pub path: &'a str,
    pub sections: &'a [Section],
}

/// Bytes of section text per `x-` file, about.
const DETAIL_BYTES: usize = 16 * 1024;
/// Bytes of a section's text kept for excerpts (the index has all of it).
const SECTION_TEXT_BYTES: usize = 24 * 1024;
/// Bytes per term file, about.
const SHARD_BYTES: usize = 32 * 1024;
/// A compound's parts weigh this share of the compound.
const COMPOUND_SHARE: u32 = 2;

/// One section's count of a term, per field.
type Occurrences = (u32, PerField<u32>);

/// What one chapter gives the index.
struct Analyzed {
    /// Term → its occurrences per section (chapter-local numbers), by term.
    terms: Vec<(String, Vec<Occurrences>)>,
    /// Per section: words per field, and its quality (see [`weights::quality`]).
    sections: Vec<(PerField<u32>, f32)>,
    /// The distinct terms of the chapter's title.
    title: Vec<String>,
    /// Word forms of the chapter whose stem differs: form → stem.
    forms: HashMap<String, String>,
}

fn analyze(chapter: &ChapterInput, analyzer: &Analyzer) -> Analyzed {
    // Folding and stemming a million words is the index's hot path. Each
    // folded word is looked up once: a word seen before in this chapter maps
    // straight to its term's slot (or to "stop word"); only new words are
    // stemmed, and nothing is allocated for a repeated word.
    const STOP: u32 = u32::MAX;
    let mut forms = HashMap::default();
    let mut slot_of_word: HashMap<String, u32> = HashMap::default();
    let mut slot_of_stem: HashMap<String, u32> = HashMap::default();
    let mut terms: Vec<(String, Vec<Occurrences>)> = Vec::new();
    let mut sections = Vec::with_capacity(chapter.sections.len());
    for (i, s) in chapter.sections.iter().enumerate() {
        let i = i as u32;
        let mut len = [0u32; weights::FIELDS];
        let (mut words, mut aside) = (0u32, 0u32);
        let mut add = |text: &str, field: Field, is_aside: bool| {
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
                len[field as usize] += 1;
                if field == Field::Prose {
                    words += 1;
                    aside += u32::from(is_aside);
                }
                let occurrences = &mut terms[slot as usize].1;
                match occurrences.last_mut() {
                    Some((section, tf)) if *section == i => tf[field as usize] += 1,
                    _ => {
                        let mut tf = [0; weights::FIELDS];
                        tf[field as usize] = 1;
                        occurrences.push((i, tf));
                    }
                }
            });
        };
        add(&s.title, Field::Heading, false);
        for (text, part) in s.runs() {
            match part {
                Part::Prose => add(text, Field::Prose, false),
                Part::Link | Part::Quiz => add(text, Field::Prose, true),
                Part::Code => add(text, Field::Code, false),
            }
        }
        sections.push((len, weights::quality(aside, words)));
    }
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut title = analyzer.terms(chapter.title);
    title.sort_unstable();
    title.dedup();
    Analyzed {
        terms,
        sections,
        title,
        forms,
    }
}

/// The shard a term or word belongs to: its first two characters.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// Term → [(section, weight)], sections in order.
type Postings = HashMap<String, Vec<(u32, u32)>>;
/// One term's postings.
type TermPostings = (String, Vec<(u32, u32)>);
/// A file of the index: (name, contents).
type File = (String, String);

/// Gives each compound's parts the compound's sections, at a lower weight
/// (see [`compound`]).
fn add_compound_parts(postings: &mut Postings, forms: &HashMap<String, String>) {
    let is_word = |w: &str| forms.contains_key(w) || postings.contains_key(w);
    let stem_of = |w: &str| forms.get(w).map_or(w, String::as_str).to_string();
    let mut words: Vec<&String> = forms.keys().chain(postings.keys()).collect();
    words.sort_unstable();
    words.dedup();
    let mut pairs: Vec<(String, String)> = words
        .par_iter()
        .filter_map(|w| Some((w, compound::split(w, &is_word)?)))
        .flat_map_iter(|(w, parts)| {
            let whole = stem_of(w);
            parts
                .into_iter()
                .map(|p| stem_of(&p))
                .filter(|p| *p != whole)
                .map(|p| (p, whole.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut extra: Postings = HashMap::default();
    for (part, whole) in pairs {
        let Some(list) = postings.get(&whole) else {
            continue;
        };
        let e = extra.entry(part).or_default();
        e.extend(list.iter().map(|&(s, w)| (s, (w / COMPOUND_SHARE).max(1))));
    }
    for (part, mut add) in extra {
        let list = postings.entry(part).or_default();
        add.append(list);
        // Section order; a section keeps its best weight.
        add.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        add.dedup_by_key(|p| p.0);
        *list = add;
    }
}

/// Term → the chapters whose title holds it, each with the term's share of
/// its title (1..=35: by rareness, so "Lambda" is most of "AWS Lambda"):
/// the browser ranks a page whose title is the query above the others.
fn title_postings(
    titles: &[Vec<String>],
    postings: &Postings,
    sections: u32,
) -> HashMap<String, Vec<(u32, u32)>> {
    let idf = |term: &str| {
        let df = postings.get(term).map_or(0, Vec::len) as f32;
        (1.0 + (sections as f32 - df + 0.5) / (df + 0.5)).ln()
    };
    let mut out: HashMap<String, Vec<(u32, u32)>> = HashMap::default();
    for (chapter, terms) in titles.iter().enumerate() {
        let weights: Vec<f32> = terms.iter().map(|t| idf(t)).collect();
        let sum: f32 = weights.iter().sum();
        for (term, w) in terms.iter().zip(weights) {
            let share = if sum > 0.0 { w / sum } else { 1.0 };
            let digit = ((share * weights::MAX as f32).round() as u32).clamp(1, weights::MAX);
            out.entry(term.clone())
                .or_default()
                .push((chapter as u32, digit));
        }
    }
    out
}

/// The files of the index: (path under `search/`, contents).
pub fn build(
    chapters: &[ChapterInput],
    analyzer: &Analyzer,
    config: &SearchConfig,
    stop_words: &[String],
) -> Vec<File> {
    let analyzed: Vec<Analyzed> = chapters.par_iter().map(|c| analyze(c, analyzer)).collect();
    let weights = Weights::new(
        config.boost_title,
        analyzed.iter().flat_map(|a| a.sections.iter().map(|s| s.0)),
    );

    // Global section numbers, in reading order.
    let mut first_section = Vec::with_capacity(chapters.len());
    let mut total = 0u32;
    for c in chapters {
        first_section.push(total);
        total += c.sections.len() as u32;
    }
    let weighed: Vec<Vec<TermPostings>> = analyzed
        .par_iter()
        .enumerate()
        .map(|(ci, a)| {
            a.terms
                .iter()
                .map(|(term, occurrences)| {
                    let list = occurrences
                        .iter()
                        .map(|(s, tf)| {
                            let (len, quality) = a.sections[*s as usize];
                            (s + first_section[ci], weights.weight(*tf, len, quality))
                        })
                        .collect();
                    (term.clone(), list)
                })
                .collect()
        })
        .collect();
    let mut postings: Postings = HashMap::default();
    for chapter in weighed {
        for (term, list) in chapter {
            postings.entry(term).or_default().extend(list);
        }
    }
    let mut forms: HashMap<String, String> = HashMap::default();
    let mut chapter_titles = Vec::with_capacity(analyzed.len());
    for a in analyzed {
        for (form, stem) in a.forms {
            forms.entry(form).or_insert(stem);
        }
        chapter_titles.push(a.title);
    }
    add_compound_parts(&mut postings, &forms);
    let titles = title_postings(&chapter_titles, &postings, total);
    for term in titles.keys() {
        postings.entry(term.clone()).or_default();
    }
    let mut postings: Vec<TermPostings> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut forms: Vec<(String, String)> = forms.into_iter().collect();
    forms.sort_unstable();

    let (mut files, key_to_file) = term_files(&postings, &titles, &forms);
    let (details, starts) = detail_files(chapters);
    let details_at: Vec<(u32, String)> = starts
        .into_iter()
        .zip(details.iter().map(|(name, _)| name.clone()))
        .collect();
    files.extend(details);
    files.push((
        "index".to_string(),
        index_file(
            chapters,
            &key_to_file,
            &details_at,
            analyzer,
            config,
            stop_words,
        ),
    ));
    files
        .into_iter()
        .map(|(name, text)| (format!("{name}.js"), text))
        .collect()
}

/// The terms and forms of one two-letter key, with their estimated size.
#[derive(Default)]
struct Group<'g> {
    terms: Vec<&'g TermPostings>,
    forms: Vec<&'g (String, String)>,
    size: usize,
}

/// The term files, and which file each two-letter key is in.
fn term_files<'p>(
    postings: &'p [TermPostings],
    titles: &HashMap<String, Vec<(u32, u32)>>,
    forms: &'p [(String, String)],
) -> (Vec<File>, Vec<(String, String)>) {
    // Group terms and forms by their two-letter key, then pack neighbouring
    // groups into files of about SHARD_BYTES: few files to write, little to fetch.
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for entry in postings {
        let g = groups.entry(shard_key(&entry.0)).or_default();
        g.size += entry.0.len() + entry.1.len() * 4 + 6;
        g.terms.push(entry);
    }
    for entry in forms {
        let g = groups.entry(shard_key(&entry.0)).or_default();
        g.size += entry.0.len() + entry.1.len() + 8;
        g.forms.push(entry);
    }
    let mut packs: Vec<Vec<&Group>> = Vec::new();
    let mut key_to_pack: Vec<(&String, usize)> = Vec::new();
    let mut size = usize::MAX;
    for (key, group) in &groups {
        if size.saturating_add(group.size) > SHARD_BYTES {
            packs.push(Vec::new());
            size = 0;
        }
        size += group.size;
        packs.last_mut().expect("pushed").push(group);
        key_to_pack.push((key, packs.len() - 1));
    }
    let files: Vec<File> = packs
        .par_iter()
        .map(|pack| {
            let mut out = String::from("{terms:{");
            let terms = pack.iter().flat_map(|g| g.terms.iter());
            for (i, (term, list)) in terms.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_js(&mut out, term);
                out.push(':');
                push_postings(&mut out, list, titles.get(term).map_or(&[], Vec::as_slice));
            }
            out.push_str("},forms:{");
            let forms = pack.iter().flat_map(|g| g.forms.iter());
            for (i, (form, stem)) in forms.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}:{}", js(form), js(stem));
            }
            out.push_str("}}");
            named_file("t", &out)
        })
        .collect();
    let key_to_file = key_to_pack
        .into_iter()
        .map(|(k, n)| (k.clone(), files[n].0.clone()))
        .collect();
    (files, key_to_file)
}

/// The `x-` files: consecutive sections as `[[anchor, heading, text], …]`,
/// about DETAIL_BYTES each, and the first section of each file.
fn detail_files(chapters: &[ChapterInput]) -> (Vec<File>, Vec<u32>) {
    let sections: Vec<&Section> = chapters.iter().flat_map(|c| c.sections).collect();
    let mut starts = Vec::new();
    let mut size = usize::MAX;
    for (i, s) in sections.iter().enumerate() {
        let bytes = s.text.len().min(SECTION_TEXT_BYTES) + s.title.len() + 16;
        if size.saturating_add(bytes) > DETAIL_BYTES {
            starts.push(i);
            size = 0;
        }
        size += bytes;
    }
    let files = starts
        .par_iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(sections.len());
            let mut out = String::from("[");
            for (i, s) in sections[start..end].iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // The page's top has no anchor: a result there links to the page.
                let anchor = match &s.anchor {
                    Some(a) if s.level > 1 => a.as_str(),
                    _ => "",
                };
                out.push('[');
                push_js(&mut out, anchor);
                out.push(',');
                push_js(&mut out, &s.title);
                out.push(',');
                push_js(&mut out, excerpt_text(&s.text));
                out.push(']');
            }
            out.push(']');
            named_file("x", &out)
        })
        .collect();
    (files, starts.into_iter().map(|s| s as u32).collect())
}

/// The part of a section's text kept for excerpts: all of it, up to
/// SECTION_TEXT_BYTES (cut at a word).
fn excerpt_text(text: &str) -> &str {
    if text.len() <= SECTION_TEXT_BYTES {
        return text;
    }
    let mut end = SECTION_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(' ').unwrap_or(end);
    &text[..cut]
}

/// `index.js`: chapters `[title, path, sections]`, the `x-` files
/// `[first section, name]`, the term file of each two-letter key, the stop
/// words, the folding table, how compounds split and the settings.
fn index_file(
    chapters: &[ChapterInput],
    key_to_file: &[(String, String)],
    details: &[(u32, String)],
    analyzer: &Analyzer,
    config: &SearchConfig,
    stop_words: &[String],
) -> String {
    let mut index = String::from("kursbuchSearch.loaded(\"index\",{chapters:[");
    for (i, c) in chapters.iter().enumerate() {
        if i > 0 {
            index.push(',');
        }
        let _ = write!(
            index,
            "[{},{},{}]",
            js(c.title),
            js(c.path),
            c.sections.len()
        );
    }
    let _ = writeln!(
        index,
        "],details:[{}],shards:{{{}}},stop:[{}],lang:{},fold:{{{}}},compound:{{head:{},tail:{},links:[{}]}},limit:{},teaser:{}}});",
        details
            .iter()
            .map(|(start, name)| format!("[{start},{}]", js(name)))
            .collect::<Vec<_>>()
            .join(","),
        key_to_file
            .iter()
            .map(|(k, n)| format!("{}:{}", js(k), js(n)))
            .collect::<Vec<_>>()
            .join(","),
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
        compound::MIN_HEAD,
        compound::MIN_TAIL,
        compound::LINKS
            .iter()
            .map(|l| js(l))
            .collect::<Vec<_>>()
            .join(","),
        config.limit_results,
        config.teaser_word_count
    );
    index
}

#[cfg(test)]
mod tests;
