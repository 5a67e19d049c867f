//! The course's examples under `examples/` are real files that the chapters
//! include, so they can be checked here: Python and JavaScript parse (with
//! the system's `python3` and `node`), shell scripts pass `bash -n`, JSON and
//! YAML parse, every Dockerfile starts with `FROM` and uses only Dockerfile
//! instructions, and every file is included by some chapter.
//!
//! Without `python3` or `node` the affected check prints a notice and passes,
//! except under `CI=true`, where a missing tool is a failure.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example_files() -> Vec<PathBuf> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root().join("examples"))
        .sort_by_file_name()
        .into_iter()
        // Python's bytecode cache appears when someone runs an example.
        .filter_entry(|e| e.file_name() != "__pycache__")
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert!(!files.is_empty(), "examples/ holds no files");
    files
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

fn with_extension<'a>(files: &'a [PathBuf], exts: &[&str]) -> Vec<&'a PathBuf> {
    files
        .iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        })
        .collect()
}

/// Runs `program args… file` for each file; `false` (after a notice) when
/// the program is missing outside CI.
fn check_with(program: &str, args: &[&str], files: &[&PathBuf]) -> bool {
    if Command::new(program).arg("--version").output().is_err() {
        let msg = format!("`{program}` is needed to check {} example(s)", files.len());
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg} under CI=true (.ci/run installs it)");
        }
        eprintln!("SKIPPED: {msg}; install it to run this check");
        return false;
    }
    let mut failures = Vec::new();
    for file in files {
        let out = Command::new(program).args(args).arg(file).output().unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{}:\n{}{}",
                rel(file),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    true
}

#[test]
fn python_examples_parse() {
    let files = example_files();
    let py = with_extension(&files, &["py"]);
    assert!(!py.is_empty(), "the course has Python examples");
    check_with(
        "python3",
        &[
            "-c",
            "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1])",
        ],
        &py,
    );
}

#[test]
fn javascript_examples_parse() {
    let files = example_files();
    let js = with_extension(&files, &["js", "mjs", "cjs"]);
    assert!(!js.is_empty(), "the course has JavaScript examples");
    check_with("node", &["--check"], &js);
}

#[test]
fn shell_scripts_parse() {
    let files = example_files();
    let sh = with_extension(&files, &["sh"]);
    assert!(!sh.is_empty(), "the course has shell scripts");
    check_with("bash", &["-n"], &sh);
}

#[test]
fn json_examples_parse() {
    let files = example_files();
    let json = with_extension(&files, &["json"]);
    assert!(!json.is_empty(), "the course has JSON examples");
    for file in json {
        let text = std::fs::read_to_string(file).unwrap();
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
            panic!("{}:{}:{}: {e}", rel(file), e.line(), e.column());
        }
    }
}

fn parse_yaml(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    match yaml_rust2::YamlLoader::load_from_str(&text) {
        Ok(docs) => assert!(!docs.is_empty(), "{} is empty", rel(path)),
        Err(e) => panic!("{}: {e}", rel(path)),
    }
}

#[test]
fn yaml_examples_and_workflows_parse() {
    let files = example_files();
    let yaml = with_extension(&files, &["yaml", "yml"]);
    assert!(!yaml.is_empty(), "the course has YAML examples");
    for file in yaml {
        parse_yaml(file);
    }
    for entry in std::fs::read_dir(root().join(".github/workflows")).unwrap() {
        parse_yaml(&entry.unwrap().path());
    }
}

/// Instructions of the Dockerfile reference
/// (https://docs.docker.com/reference/dockerfile/).
const INSTRUCTIONS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Checks a Dockerfile's structure by hand: no crate parses Dockerfiles, and
/// `docker build --check` needs a Docker daemon. Handles comments, line
/// continuations and heredocs (`RUN <<EOF … EOF`); returns the problems as
/// `line: message`.
fn dockerfile_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut lines = text.lines().enumerate();
    let mut seen_from = false;
    while let Some((n, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let start = n + 1;
        let mut instruction = trimmed.to_string();
        while instruction.ends_with('\\') {
            instruction.pop();
            match lines
                .by_ref()
                .find(|(_, l)| !l.trim_start().starts_with('#'))
            {
                Some((_, next)) => instruction.push_str(next.trim()),
                None => {
                    problems.push(format!("{start}: line continuation at the end of the file"));
                    break;
                }
            }
        }
        if let Some(pos) = instruction.find("<<") {
            let word: String = instruction[pos + 2..]
                .trim_start_matches('-')
                .trim_matches(|c| c == '"' || c == '\'')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() && !lines.by_ref().any(|(_, l)| l.trim() == word) {
                problems.push(format!("{start}: heredoc `{word}` is never closed"));
            }
        }
        let (keyword, args) = instruction
            .split_once(char::is_whitespace)
            .unwrap_or((&instruction, ""));
        let keyword = keyword.to_ascii_uppercase();
        if !INSTRUCTIONS.contains(&keyword.as_str()) {
            problems.push(format!(
                "{start}: `{keyword}` is not a Dockerfile instruction"
            ));
            continue;
        }
        if args.trim().is_empty() {
            problems.push(format!("{start}: `{keyword}` needs arguments"));
        }
        if !seen_from && keyword != "FROM" && keyword != "ARG" {
            problems.push(format!(
                "{start}: `{keyword}` before the first FROM (only ARG may come first)"
            ));
        }
        seen_from |= keyword == "FROM";
    }
    if !seen_from {
        problems.push("the Dockerfile has no FROM".into());
    }
    problems
}

fn is_dockerfile(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    name == "Dockerfile" || name.ends_with(".Dockerfile") || name.starts_with("Dockerfile.")
}

#[test]
fn dockerfiles_start_with_from_and_use_valid_instructions() {
    let files = example_files();
    let dockerfiles: Vec<_> = files.iter().filter(|p| is_dockerfile(p)).collect();
    assert!(!dockerfiles.is_empty(), "the course has Dockerfiles");
    for file in dockerfiles {
        let problems = dockerfile_problems(&std::fs::read_to_string(file).unwrap());
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            rel(file),
            problems.join("\n")
        );
    }
}

#[test]
fn the_dockerfile_check_rejects_broken_files() {
    let ok = "# syntax=docker/dockerfile:1\nARG V=3.13\nFROM python:${V}-slim\nRUN <<EOF\necho hi\nEOF\nCOPY a \\\n  # comment\n  /b\nCMD [\"python\"]\n";
    assert_eq!(dockerfile_problems(ok), Vec::<String>::new());
    assert_eq!(
        dockerfile_problems("RUN echo\nFROM x\n"),
        ["1: `RUN` before the first FROM (only ARG may come first)"]
    );
    assert_eq!(
        dockerfile_problems("FROM x\nCOPPY a b\n"),
        ["2: `COPPY` is not a Dockerfile instruction"]
    );
    assert_eq!(
        dockerfile_problems("FROM x\nWORKDIR\n"),
        ["2: `WORKDIR` needs arguments"]
    );
    assert_eq!(
        dockerfile_problems("FROM x\nRUN <<EOF\necho\n"),
        ["2: heredoc `EOF` is never closed"]
    );
    assert_eq!(
        dockerfile_problems("# nur ein Kommentar\n"),
        ["the Dockerfile has no FROM"]
    );
}

/// Paths named by `{{#include …}}` (and its variants) in the course's chapters,
/// resolved against `content/`.
fn included_files() -> BTreeSet<PathBuf> {
    let content = root().join("content");
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let dir = entry.path().parent().unwrap();
        for (pos, _) in text.match_indices("{{#") {
            if text[..pos].ends_with('\\') {
                continue; // an escaped, literal include
            }
            let rest = &text[pos + 3..];
            let Some(args) = ["include ", "rustdoc_include ", "playground "]
                .iter()
                .find_map(|k| rest.strip_prefix(k))
            else {
                continue;
            };
            let target = args.split("}}").next().unwrap().trim();
            let file = target.split(':').next().unwrap();
            let resolved = dir.join(file);
            if let Ok(canonical) = resolved.canonicalize() {
                found.insert(canonical);
            }
        }
    }
    found
}

#[test]
fn every_example_is_included_by_a_chapter() {
    let included = included_files();
    let orphans: Vec<String> = example_files()
        .iter()
        .filter(|p| !included.contains(&p.canonicalize().unwrap()))
        .map(|p| rel(p))
        .collect();
    assert!(
        orphans.is_empty(),
        "examples no chapter includes (include them or delete them): {orphans:?}"
    );
}
