//! The shape of `src/`, checked on every test run: no circle between modules,
//! no file over 600 lines, no block of more than 10 lines copied between two
//! places. (ARCHITECTURE in README explains the layers these keep apart.)

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` with its text up to its test module.
fn sources() -> Vec<(String, String)> {
    let root = src();
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(e.path()).unwrap();
            (rel, without_tests(&text).to_string())
        })
        .collect();
    out.sort();
    out
}

/// The text before `#[cfg(test)]` (unit tests are not part of the shape).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// A file's module as this check counts them: a top-level file or folder of
/// `src/`, plus one level inside folders (`markdown`, `shortcode/quiz`).
fn module_of(rel: &str) -> String {
    let stem = rel.trim_end_matches(".rs");
    let mut parts: Vec<&str> = stem.split('/').collect();
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    parts.truncate(2);
    parts.join("/")
}

/// Module → modules it names through `crate::a::b` paths.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<(String, String)> = sources()
        .into_iter()
        .filter(|(rel, _)| !matches!(rel.as_str(), "main.rs" | "lib.rs" | "build.rs"))
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in &files {
        let from = module_of(rel);
        for path in crate_paths(text) {
            let mut parts = path.split("::");
            let first = parts.next().unwrap_or_default().to_string();
            let two = parts.next().map(|second| format!("{first}/{second}"));
            let target = two.filter(|t| modules.contains(t)).unwrap_or(first);
            if modules.contains(&target)
                && target != from
                && !from.starts_with(&format!("{target}/"))
            {
                graph.entry(from.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

/// `a::b` of every `crate::a::b` in the text, `use crate::a::{b, c}` included.
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let first: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let after = &rest[first.len()..];
        let seconds: Vec<String> = if let Some(list) = after.strip_prefix("::{") {
            let end = list.find('}').unwrap_or(list.len());
            list[..end]
                .split(',')
                .map(|s| s.trim().split("::").next().unwrap_or_default().to_string())
                .collect()
        } else if let Some(next) = after.strip_prefix("::") {
            vec![
                next.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            ]
        } else {
            vec![String::new()]
        };
        for second in seconds {
            out.push(if second.is_empty() || second == "self" {
                first.clone()
            } else {
                format!("{first}::{second}")
            });
        }
    }
    out
}

/// The circles of a graph (strongly connected components of two or more).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Kosaraju: finish order on the graph, then components on the reverse.
    fn visit<'a>(
        v: &'a str,
        g: &'a BTreeMap<String, BTreeSet<String>>,
        seen: &mut BTreeSet<&'a str>,
        out: &mut Vec<&'a str>,
    ) {
        if !seen.insert(v) {
            return;
        }
        for w in g.get(v).into_iter().flatten() {
            visit(w, g, seen, out);
        }
        out.push(v);
    }
    let mut reverse: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (v, ws) in graph {
        for w in ws {
            reverse.entry(w.clone()).or_default().insert(v.clone());
        }
    }
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for v in graph.keys() {
        visit(v, graph, &mut seen, &mut order);
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for v in order.into_iter().rev() {
        let mut comp = Vec::new();
        visit(v, &reverse, &mut assigned, &mut comp);
        if comp.len() > 1 {
            let mut comp: Vec<String> = comp.into_iter().map(str::to_string).collect();
            comp.sort();
            out.push(comp);
        }
    }
    out
}

#[test]
fn no_circle_between_modules() {
    let graph = module_graph();
    assert!(
        graph.contains_key("site/prepare"),
        "the graph sees the modules: {graph:?}"
    );
    assert!(
        graph["markdown"].contains("shortcode"),
        "and their uses: {graph:?}"
    );
    let found = circles(&graph);
    assert!(
        found.is_empty(),
        "modules that import each other: {found:?}"
    );
}

#[test]
fn the_circle_check_finds_a_circle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [
        ("glossary", "markdown"),
        ("markdown", "shortcode"),
        ("shortcode", "glossary"),
        ("page", "paths"),
    ] {
        g.entry(a.into()).or_default().insert(b.into());
    }
    assert_eq!(circles(&g), [["glossary", "markdown", "shortcode"]]);
    assert_eq!(
        crate_paths("use crate::site::{self, prepare::X};\ncrate::paths::encode(x)"),
        ["site", "site::prepare", "paths::encode"]
    );
}

#[test]
fn no_file_over_600_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(rel, text)| (rel, text.lines().count()))
        .filter(|(_, n)| *n > 600)
        .map(|(rel, n)| format!("src/{rel}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

/// A line as the copy check compares it: trimmed; blank lines, comments and
/// lone punctuation (`}`, `);`) do not count.
fn significant(line: &str) -> Option<&str> {
    let t = line.trim();
    let only_punctuation = t.chars().all(|c| "{}()[];,".contains(c));
    (!t.is_empty() && !t.starts_with("//") && !only_punctuation).then_some(t)
}

/// Runs of `len` significant lines that stand in two places.
fn copied_blocks(files: &[(String, String)], len: usize) -> Vec<String> {
    // Window of lines → where it was first seen: file, window index, line.
    let mut seen: HashMap<Vec<&str>, (usize, usize, usize)> = HashMap::new();
    let mut found = Vec::new();
    for (f, (rel, text)) in files.iter().enumerate() {
        let lines: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| significant(l).map(|s| (i + 1, s)))
            .collect();
        // The copy the previous window belonged to (file, its window index).
        let mut run: Option<(usize, usize)> = None;
        for (k, w) in lines.windows(len).enumerate() {
            let key: Vec<&str> = w.iter().map(|(_, s)| *s).collect();
            let hit = match seen.get(&key) {
                Some(&(of, ok, oline)) if of != f || ok + len <= k => Some((of, ok, oline)),
                Some(_) => None,
                None => {
                    seen.insert(key, (f, k, w[0].0));
                    None
                }
            };
            // Overlapping windows of one copy are reported once.
            if let Some((of, ok, oline)) = hit
                && run != Some((of, ok.wrapping_sub(1)))
            {
                found.push(format!(
                    "src/{rel}:{} = src/{}:{oline}",
                    w[0].0, files[of].0
                ));
            }
            run = hit.map(|(of, ok, _)| (of, ok));
        }
    }
    found
}

#[test]
fn no_block_of_more_than_ten_lines_is_copied() {
    let found = copied_blocks(&sources(), 11);
    assert!(
        found.is_empty(),
        "make one piece of code serve both: {found:#?}"
    );
}

#[test]
fn the_copy_check_finds_a_copy() {
    let block: String = (0..11).map(|i| format!("let x{i} = f({i});\n")).collect();
    let files = vec![
        ("a.rs".to_string(), format!("fn a() {{\n{block}}}\n")),
        (
            "b.rs".to_string(),
            format!("// other\nfn b() {{\n\n{block}}}\n"),
        ),
        ("c.rs".to_string(), block[..block.len() / 2].to_string()),
    ];
    assert_eq!(copied_blocks(&files, 11), ["src/b.rs:4 = src/a.rs:2"]);
}
