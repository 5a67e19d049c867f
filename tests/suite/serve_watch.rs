//! What `kursbuch serve` sees of the files: edits after the content folder
//! was replaced (moved away and back, a `git checkout`), and a search index
//! whose old files stay reachable for one rebuild.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::TestBook;
use crate::common::serve::{Events, Served};

fn settle() {
    std::thread::sleep(Duration::from_millis(60));
}

/// Edits `lambda.md` and waits until the served page has the new text.
fn edit_is_seen(book: &TestBook, s: &Served, events: &mut Events, text: &str) {
    settle();
    book.write("content/lambda.md", &format!("# Lambda\n\n{text}\n"));
    let e = events.next_with("reload");
    assert!(e.contains("lambda.html"), "{e}");
    let page = s.get("/lambda.html").text();
    assert!(page.contains(text), "the edit {text:?} is not served");
}

#[test]
fn edits_are_seen_after_the_content_folder_was_moved_away_and_back() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    let mut events = Events::connect(s.port);
    events.next();
    edit_is_seen(&book, &s, &mut events, "Vorher gesehen.");
    let (content, away) = (book.path().join("content"), book.path().join("weg"));
    for round in 0..2 {
        settle();
        std::fs::rename(&content, &away).unwrap();
        // Without content/ the book does not build: the last good one stays.
        events.next_with("error");
        settle();
        std::fs::rename(&away, &content).unwrap();
        events.next_with("reload");
        edit_is_seen(
            &book,
            &s,
            &mut events,
            &format!("Nach Runde {round} gesehen."),
        );
    }
    // Deleted and made anew (another folder, not the same one moved).
    settle();
    copy_dir(&content, &away);
    std::fs::remove_dir_all(&content).unwrap();
    events.next_with("error");
    settle();
    std::fs::rename(&away, &content).unwrap();
    events.next_with("reload");
    edit_is_seen(&book, &s, &mut events, "Nach dem Neuanlegen gesehen.");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn edits_are_seen_after_a_git_checkout_of_another_branch() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let book = TestBook::fixture("serve");
    let dir = book.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "main"]);
    // Another branch where the chapters live in mdBook's src/: checking
    // it out and back removes content/ and makes it anew.
    git(dir, &["checkout", "-q", "-b", "other"]);
    git(dir, &["mv", "content", "src"]);
    std::fs::write(
        dir.join("src/lambda.md"),
        "# Lambda\n\nAuf dem anderen Zweig.\n",
    )
    .unwrap();
    git(dir, &["commit", "-q", "-am", "other"]);
    git(dir, &["checkout", "-q", "main"]);

    let s = Served::start(dir, &[]);
    let mut events = Events::connect(s.port);
    events.next();
    for branch in ["other", "main", "other"] {
        settle();
        git(dir, &["checkout", "-q", branch]);
        events.next_with("reload");
        let expected = if branch == "other" {
            "Auf dem anderen Zweig."
        } else {
            "Funktionen"
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !s.get("/lambda.html").text().contains(expected) {
            assert!(
                Instant::now() < deadline,
                "{branch}: {expected:?} not served"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    git(dir, &["checkout", "-q", "main"]);
    events.next_with("reload");
    edit_is_seen(&book, &s, &mut events, "Nach dem Wechsel gesehen.");
}

/// The search files `search/index.js` names.
fn shard_names(index: &str) -> Vec<String> {
    index
        .split('"')
        .filter(|w| {
            w.len() == 10
                && (w.starts_with("t-") || w.starts_with("d-"))
                && w[2..].bytes().all(|b| b.is_ascii_hexdigit())
        })
        .map(|w| format!("/search/{w}.js"))
        .collect()
}

#[test]
fn a_page_between_two_rebuilds_still_gets_its_search_files() {
    let book = TestBook::fixture("serve");
    let s = Served::start(book.path(), &[]);
    let mut events = Events::connect(s.port);
    events.next();
    let mut generations = vec![shard_names(&s.get("/search/index.js").text())];
    assert!(!generations[0].is_empty());
    for n in 0..2 {
        settle();
        book.write(
            "content/lambda.md",
            &format!("# Lambda\n\nNeue Wörter Generation{n} Quellcodeverwaltung{n}.\n"),
        );
        events.next_with("reload");
        // The index follows the pages; a request for it waits for it.
        let names = shard_names(&s.get("/search/index.js").text());
        assert_ne!(&names, generations.last().unwrap(), "a new index");
        generations.push(names);
    }
    let [first, second, third] = &generations[..] else {
        unreachable!()
    };
    for name in second {
        assert_eq!(s.get(name).status, 200, "{name} of the previous index");
    }
    for name in first
        .iter()
        .filter(|n| !second.contains(n) && !third.contains(n))
    {
        assert_eq!(
            s.get(name).status,
            404,
            "{name}: only one generation is kept"
        );
    }
}
