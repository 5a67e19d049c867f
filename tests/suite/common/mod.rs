//! Test harness: fixture books (tests/books/<case>/) or books written inline,
//! copied into a temporary folder and built there.

pub mod browser;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kursbuch::{BuildFailure, BuildOptions, BuildReport};

pub struct TestBook {
    dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestBook {
    /// A copy of `tests/books/<name>`.
    pub fn fixture(name: &str) -> Self {
        let book = Self::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/books")
            .join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_dir(&from, book.path());
        book
    }

    pub fn empty() -> Self {
        TestBook {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A minimal book: one chapter per (file, text); SUMMARY lists them in order.
    pub fn with_chapters(chapters: &[(&str, &str)]) -> Self {
        let book = Self::empty();
        let mut summary = String::from("# Summary\n\n");
        for (file, _) in chapters {
            summary.push_str(&format!("- [{file}]({file})\n"));
        }
        book.write("content/SUMMARY.md", &summary);
        for (file, text) in chapters {
            book.write(&format!("content/{file}"), text);
        }
        book
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn build(&self) -> Result<BuildReport, BuildFailure> {
        self.build_with(None, None)
    }

    pub fn build_with(
        &self,
        dest: Option<&str>,
        base_url: Option<&str>,
    ) -> Result<BuildReport, BuildFailure> {
        kursbuch::build(&BuildOptions {
            root: self.path().to_path_buf(),
            dest_dir: dest.map(PathBuf::from),
            base_url: base_url.map(str::to_string),
            in_memory: false,
            ..Default::default()
        })
    }

    /// Builds and panics with all diagnostics if the build fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(f) => panic!("build failed:\n{}", messages(&f.diagnostics).join("\n")),
        }
    }

    /// Builds, expecting failure; returns the rendered diagnostics.
    pub fn build_err(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(f) => self.relative(messages(&f.diagnostics)),
        }
    }

    /// The library is called with the temporary folder as the book root;
    /// show paths as the CLI run inside the book would.
    pub fn relative(&self, msgs: Vec<String>) -> Vec<String> {
        let prefix = format!("{}/", self.path().canonicalize().unwrap().display());
        let raw = format!("{}/", self.path().display());
        msgs.into_iter()
            .map(|m| m.replace(&prefix, "").replace(&raw, ""))
            .collect()
    }

    pub fn warnings(&self, report: &BuildReport) -> Vec<String> {
        self.relative(messages(&report.warnings))
    }

    /// Runs the kursbuch binary with the book folder as working directory.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kursbuch"))
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap()
    }

    /// A file of the output (`book/` unless told otherwise).
    pub fn out(&self, rel: &str) -> String {
        let p = self.path().join("book").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn out_exists(&self, rel: &str) -> bool {
        self.path().join("book").join(rel).exists()
    }

    /// Every file under `book/` with its bytes, for byte-for-byte comparisons.
    pub fn snapshot(&self, dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let root = self.path().join(dir);
        let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(&root).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }
}

/// Builds this repository's course into a temporary folder (`site/` in
/// it); panics with every error if it does not build. Returns the folder,
/// the site and the warnings.
pub fn build_course(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let report = kursbuch::build(&BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        dest_dir: Some(site.clone()),
        base_url: base_url.map(str::to_string),
        in_memory: false,
        ..Default::default()
    })
    .unwrap_or_else(|f| {
        panic!(
            "the course does not build:\n{}",
            messages(&f.diagnostics).join("\n")
        )
    });
    (tmp, site, messages(&report.warnings))
}

pub fn messages(diags: &[kursbuch::diag::Diagnostic]) -> Vec<String> {
    diags.iter().map(ToString::to_string).collect()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The one message that contains `needle`, or a panic listing them all.
pub fn find<'a>(msgs: &'a [String], needle: &str) -> &'a str {
    msgs.iter()
        .find(|m| m.contains(needle))
        .unwrap_or_else(|| panic!("no message contains {needle:?}:\n{}", msgs.join("\n")))
}

/// One query of the search relevance list (tests/data/search-queries.toml).
#[derive(serde::Deserialize)]
pub struct SearchQuery {
    pub q: String,
    pub kind: String,
    pub page: String,
    pub section: Option<String>,
    pub why: String,
}

#[derive(serde::Deserialize)]
pub struct SearchQueries {
    pub query: Vec<SearchQuery>,
}

/// The search relevance list: realistic student queries with the page that
/// answers each.
pub fn search_queries() -> SearchQueries {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search-queries.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
