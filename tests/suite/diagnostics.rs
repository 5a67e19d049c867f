//! Diagnostics an author and a CI can act on: the rustc-style source snippet
//! in colour (`--color`, `NO_COLOR`), `--deny-warnings`, `--warn-links` and
//! `[output.kursbuch] broken-links`, book.toml key warnings with
//! suggestions, languages without interface words, mdBook theme folders.

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Stdio};

use crate::common::serve::Served;
use crate::common::{TestBook, find, stderr, stdout};

/// A chapter with a broken anchor at line 3, column 5.
fn book_with_broken_anchor() -> TestBook {
    let book = TestBook::with_chapters(&[
        ("a.md", "# A\n\nSee [B](b.md#nowhere).\n"),
        ("b.md", "# B\n"),
    ]);
    book.write("book.toml", "[book]\ntitle = \"T\"\n");
    book
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The source line `text` in a snippet and the column of the first caret
/// under it, relative to where `text` starts on its line.
fn caret_under(snippet: &str, text: &str) -> usize {
    let lines: Vec<&str> = snippet.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.ends_with(text))
        .unwrap_or_else(|| panic!("no source line {text:?} in:\n{snippet}"));
    let start = lines[i].len() - text.len();
    let caret = lines[i + 1]
        .find('^')
        .unwrap_or_else(|| panic!("no caret under {text:?}:\n{snippet}"));
    caret - start
}

#[test]
fn color_always_shows_the_source_line_and_a_caret_under_the_column() {
    let book = book_with_broken_anchor();
    let out = book.run(&["--color", "always", "build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("\u{1b}["), "no colour:\n{err}");
    let plain = strip_ansi(&err);
    let first = plain.lines().next().unwrap();
    assert!(
        first.starts_with("content/a.md:3:5: error: `b.md` has no heading `#nowhere`"),
        "{plain}"
    );
    // Column 5 is the `[` of the link: the caret stands under it.
    assert_eq!(caret_under(&plain, "See [B](b.md#nowhere)."), 4, "{plain}");
    assert!(plain.contains("3 | See [B](b.md#nowhere)."), "{plain}");
    assert!(plain.contains("  help: the page has: #b"), "{plain}");
}

#[test]
fn not_a_terminal_gets_the_plain_one_line_form() {
    let book = book_with_broken_anchor();
    for args in [&["build"][..], &["--color", "never", "build"]] {
        let out = book.run(args);
        let err = stderr(&out);
        assert!(!err.contains('\u{1b}'), "{args:?}:\n{err}");
        assert!(
            !err.contains(" | "),
            "no snippet into a pipe ({args:?}):\n{err}"
        );
        assert!(
            err.starts_with("content/a.md:3:5: error: `b.md` has no heading `#nowhere`\n  help: the page has: #b\n"),
            "{err}"
        );
    }
    // CLICOLOR_FORCE colours a pipe; NO_COLOR wins over it.
    let forced = Command::new(env!("CARGO_BIN_EXE_kursbuch"))
        .arg("build")
        .current_dir(book.path())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(stderr(&forced).contains("\u{1b}["), "{}", stderr(&forced));
    let both = Command::new(env!("CARGO_BIN_EXE_kursbuch"))
        .arg("build")
        .current_dir(book.path())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stderr(&both).contains('\u{1b}'), "{}", stderr(&both));
}

/// Runs kursbuch with stderr on a pseudo-terminal; returns what it printed.
fn run_on_a_terminal(book: &TestBook, args: &[&str], no_color: bool) -> String {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new descriptors into the pointers given.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "openpty failed");
    // SAFETY: both descriptors were just opened and are owned here alone.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kursbuch"));
    cmd.args(args)
        .current_dir(book.path())
        .stdout(Stdio::null())
        .stderr(Stdio::from(slave))
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd); // closes our copy of the terminal's other end
    let mut reader = std::fs::File::from(master);
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    // Reads until the child closes the terminal (EIO on Linux).
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    child.wait().unwrap();
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

#[test]
fn no_color_on_a_terminal_keeps_the_snippet_without_colour() {
    let book = book_with_broken_anchor();
    let coloured = run_on_a_terminal(&book, &["build"], false);
    assert!(
        coloured.contains("\u{1b}["),
        "a terminal gets colour:\n{coloured}"
    );
    let plain = run_on_a_terminal(&book, &["build"], true);
    assert!(!plain.contains('\u{1b}'), "NO_COLOR:\n{plain}");
    assert!(
        plain.starts_with("content/a.md:3:5: error: `b.md` has no heading `#nowhere`\n"),
        "{plain}"
    );
    assert_eq!(caret_under(&plain, "See [B](b.md#nowhere)."), 4, "{plain}");
}

#[test]
fn deny_warnings_fails_the_build_and_keeps_the_previous_site() {
    let book = TestBook::with_chapters(&[("a.md", "# Erste Fassung\n")]);
    book.write("book.toml", "[book]\ntitle = \"T\"\nlangauge = \"de\"\n");
    let first = book.run(&["build"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(book.out("a.html").contains("Erste Fassung"));
    book.write("content/a.md", "# Zweite Fassung\n");
    for flag in [&["--deny-warnings"][..], &["-D", "warnings"]] {
        let args: Vec<&str> = ["build"].iter().chain(flag).copied().collect();
        let out = book.run(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.starts_with("book.toml:3:1: warning: unknown key `book.langauge` is ignored\n  help: did you mean `language`?\n"),
            "{err}"
        );
        assert!(err.contains("1 warning denied by --deny-warnings"), "{err}");
        assert!(
            book.out("a.html").contains("Erste Fassung"),
            "the old site stays"
        );
    }
    // `-D` takes only `warnings`.
    assert_eq!(book.run(&["build", "-D", "links"]).status.code(), Some(2));
}

#[test]
fn warn_links_flag_and_output_kursbuch_key_make_broken_links_warnings() {
    let book = book_with_broken_anchor();
    let out = book.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "an error by default");
    let out = book.run(&["build", "--warn-links"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("content/a.md:3:5: warning: `b.md` has no heading `#nowhere`"),
        "{}",
        stderr(&out)
    );
    // In a table mdBook skips: `optional = true`, and `[output.html]` stays.
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[output.html]\n\n[output.kursbuch]\noptional = true\nbroken-links = \"warn\"\n",
    );
    let report = book.build_ok();
    let w = book.warnings(&report);
    assert!(
        find(&w, "#nowhere").starts_with("content/a.md:3:5: warning:"),
        "{w:?}"
    );
    assert_eq!(w.len(), 1, "{w:?}");
    // `--deny-warnings` turns it back into a failure, for CI.
    assert_eq!(
        book.run(&["build", "--deny-warnings"]).status.code(),
        Some(1)
    );
}

#[test]
fn serve_warn_links_serves_a_book_with_broken_anchors() {
    let book = book_with_broken_anchor();
    let s = Served::start(book.path(), &["--warn-links"]);
    let warning = s
        .early
        .iter()
        .find(|l| l.contains("#nowhere"))
        .unwrap_or_else(|| panic!("{:?}", s.early));
    assert!(
        warning.ends_with("content/a.md:3:5: warning: `b.md` has no heading `#nowhere`"),
        "{warning}"
    );
    assert_eq!(s.get("/a.html").status, 200);
}

#[test]
fn book_toml_keys_get_suggestions_and_mdbook_keys_say_what_kursbuch_does() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlangauge = \"de\"\n\n[output.html]\nhash-files = true\nsidebar-header-nav = false\n\n[output.html.fold]\nenable = true\nlevel = 1\n",
    );
    let w = book.warnings(&book.build_ok());
    assert_eq!(
        find(&w, "langauge"),
        "book.toml:3:1: warning: unknown key `book.langauge` is ignored\n  help: did you mean `language`?"
    );
    assert!(
        find(&w, "sidebar-header-nav").starts_with("book.toml:7:1: warning: `output.html.sidebar-header-nav` (mdBook) is not used: a page's headings are listed beside the text"),
        "{w:?}"
    );
    assert!(
        find(&w, "fold").starts_with("book.toml:9:"),
        "one warning for the table: {w:?}"
    );
    // `hash-files = true` is what kursbuch does: nothing to say.
    assert_eq!(w.len(), 3, "{w:?}");
    // A misspelt language no longer falls back silently: the interface is German.
    book.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"de\"\n");
    book.build_ok();
    assert!(book.out("a.html").contains("<html lang=\"de\""));
}

#[test]
fn a_language_without_interface_words_is_a_warning() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"fr\"\n");
    let w = book.warnings(&book.build_ok());
    let msg = find(&w, "`fr`");
    assert!(
        msg.starts_with(
            "book.toml:3:12: warning: kursbuch's interface has no translation for language `fr`"
        ),
        "{msg}"
    );
    assert!(msg.contains("`de` (Deutsch), `en` (English)"), "{msg}");
    // Region tags of a translated language are fine.
    book.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"de-AT\"\n");
    assert!(book.warnings(&book.build_ok()).is_empty());

    let empty = TestBook::empty();
    let out = empty.run(&["init", "neu", "--language", "fr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "neu/book.toml:4:1: warning: kursbuch's interface has no translation for language `fr`"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("created a book"));
    let out = empty.run(&["init", "neu-de", "--language", "de"]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_handlebars_theme_is_named_once_and_its_listed_files_keep_working() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[output.html]\nadditional-css = [\"theme/custom.css\"]\nadditional-js = [\"theme/extra.js\"]\n",
    );
    book.write("theme/index.hbs", "<html>{{ content }}</html>\n");
    book.write("theme/head.hbs", "<meta name=\"x\">\n");
    book.write("theme/css/variables.css", ":root { --fg: red; }\n");
    book.write("theme/custom.css", ".x { color: red; }\n");
    book.write("theme/extra.js", "console.log(1);\n");
    let report = book.build_ok();
    let w = book.warnings(&report);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("theme/head.hbs:1:1: warning: `theme/` holds mdBook theme files kursbuch does not use: head.hbs, index.hbs, css/variables.css\n"),
        "{w:?}"
    );
    assert!(w[0].contains("Ein mdBook-Theme übertragen"), "{w:?}");
    // The listed files are copied and linked.
    let page = book.out("a.html");
    assert!(page.contains("theme/custom.css"), "{page}");
    assert!(page.contains("theme/extra.js"), "{page}");
    assert!(book.out("theme/custom.css").contains(".x { color: red; }"));
    // `[output.html] theme` names another folder: that one is looked at.
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[output.html]\ntheme = \"my-theme\"\n",
    );
    book.write("my-theme/header.hbs", "<p>x</p>\n");
    let w = book.warnings(&book.build_ok());
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("my-theme/header.hbs:1:1: warning: `my-theme/` holds mdBook theme files kursbuch does not use: header.hbs\n"), "{w:?}");
}

#[test]
fn help_examples_follow_the_books_language() {
    for (language, link, layers) in [
        ("de", "docker.md#container-starten", "Anwendung | Laufzeit"),
        (
            "en",
            "docker.md#running-containers",
            "Application | Runtime",
        ),
    ] {
        let book = TestBook::with_chapters(&[(
            "a.md",
            "# A\n\n[x](dockr.md)\n\n{% diagram(kind=\"layers\") %}\nNur eine Schicht\n{% end %}\n",
        )]);
        book.write(
            "book.toml",
            &format!("[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n"),
        );
        let msgs = book.build_err();
        let missing = find(&msgs, "missing chapter `dockr.md`");
        assert!(missing.starts_with("content/a.md:3:1: error:"), "{missing}");
        assert!(
            missing.contains(&format!("e.g. `{link}`")),
            "{language}: {missing}"
        );
        let diagram = find(&msgs, "at least two layers");
        assert!(diagram.starts_with("content/a.md:6:1: error:"), "{diagram}");
        assert!(diagram.contains(layers), "{language}: {diagram}");
    }
}
