//! Builds of one folder at the same time (an editor's build-on-save and a
//! terminal build, two CI steps), run as real processes: one waits for the
//! other, both succeed, and the folder always holds one whole site.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common;

use common::{TestBook, stderr};

/// A book big enough that a build takes a while to write.
fn big_book(chapters: usize) -> TestBook {
    let texts: Vec<(String, String)> = (0..chapters)
        .map(|i| {
            let mut md = format!("# Kapitel {i}\n\n![Bild](bild.png)\n\n");
            for s in 0..6 {
                md.push_str(&format!(
                    "## Abschnitt {s}\n\nContainer laufen auf Fargate, Lambda startet Funktionen. [Weiter](k{}.md#abschnitt-{s})\n\n```bash\ndocker build -t app:{i} .\n```\n\n",
                    (i + 1) % chapters
                ));
            }
            (format!("k{i}.md"), md)
        })
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    let book = TestBook::with_chapters(&refs);
    book.write("content/bild.png", "PNG");
    book
}

fn kursbuch(book: &TestBook) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kursbuch"));
    c.current_dir(book.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Relative paths of the files under `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

/// What lies beside the build dir besides it and its lock file.
fn beside(book: &TestBook) -> Vec<String> {
    std::fs::read_dir(book.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".book") && n != ".book.kursbuch.lock")
        .collect()
}

/// Whether a build has staged its folder beside `book/`.
fn staged(book: &TestBook) -> bool {
    std::fs::read_dir(book.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".book.kursbuch-new")
    })
}

#[test]
fn two_builds_into_one_folder_at_once_install_one_whole_site() {
    let book = big_book(300);
    let reference = kursbuch(&book)
        .args(["build", "-q", "-d", "reference"])
        .output()
        .unwrap();
    assert!(reference.status.success(), "{}", stderr(&reference));
    let expected = files(&book.path().join("reference"));
    assert!(expected.len() > 300, "{}", expected.len());
    for round in 0..3 {
        let a = kursbuch(&book).args(["build", "-q"]).spawn().unwrap();
        // Round 0 starts both at once; the others start the second while
        // the first writes (where it once deleted the first's folder as a
        // leftover, and the first installed what was left).
        while round > 0 && !staged(&book) {
            std::thread::sleep(Duration::from_millis(1));
        }
        let b = kursbuch(&book).args(["build", "-q"]).spawn().unwrap();
        let mut running = vec![("first", a), ("second", b)];
        // Each build's site is looked at the moment it exits, before the
        // other can replace it.
        while !running.is_empty() {
            std::thread::sleep(Duration::from_millis(2));
            let Some(i) = running
                .iter_mut()
                .position(|(_, c)| c.try_wait().unwrap().is_some())
            else {
                continue;
            };
            let site = files(&book.path().join("book"));
            let (name, child) = running.remove(i);
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: the {name} build failed:\n{}",
                stderr(&out)
            );
            assert_eq!(
                site, expected,
                "round {round}: the {name} build installed a whole site"
            );
        }
        assert!(book.out_exists(".kursbuch-output"), "round {round}");
        assert_eq!(beside(&book), Vec::<String>::new(), "round {round}");
    }
    let third = kursbuch(&book).args(["build", "-q"]).output().unwrap();
    assert!(third.status.success(), "{}", stderr(&third));
    assert_eq!(files(&book.path().join("book")), expected);
}

#[test]
fn a_build_waits_for_the_folder_and_gives_up_with_a_clear_error() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    let lock = std::fs::File::create(book.path().join(".book.kursbuch.lock")).unwrap();
    lock.lock().unwrap(); // as a running build holds it

    let out = kursbuch(&book)
        .args(["build", "-q"])
        .env("KURSBUCH_BUILD_WAIT", "1")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("kursbuch: waiting for another build of "),
        "{err}"
    );
    assert!(
        err.contains("error: another build of `") && err.contains("did not finish within 1 s"),
        "{err}"
    );
    assert!(err.contains("KURSBUCH_BUILD_WAIT"), "{err}");
    assert!(!book.out_exists("index.html"));

    // Released while the next one waits: that one goes on and succeeds.
    let waiting = kursbuch(&book).args(["build", "-q"]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    lock.unlock().unwrap();
    let out = waiting.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("waiting for another build"));
    assert!(book.out_exists("index.html"));
}
