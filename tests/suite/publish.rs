//! What a build publishes: only the book's own files and the folders book.toml
//! allows (`[build] include-roots`), whether a path leads out by `/abs`,
//! `../` or a symlink; never the machine's `/proc`, `/sys` or `/dev`.

use std::path::Path;

use crate::common;

use common::{TestBook, find};

/// A folder beside the book (not inside it) with a secret file.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), "GEHEIM-42\n").unwrap();
    dir
}

/// `to` as the file at `from` would name it (both exist).
fn relative(from: &Path, to: &Path) -> String {
    let from = from.parent().unwrap().canonicalize().unwrap();
    let to = to.canonicalize().unwrap();
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let up = "../".repeat(from.components().count() - common);
    let rest: std::path::PathBuf = to.components().skip(common).collect();
    format!("{up}{}", rest.display())
}

/// The site holds `needle` nowhere (pages, print.html, search index).
fn published_nowhere(book: &TestBook, needle: &str) {
    let site = book.path().join("book");
    for e in walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(needle),
                "{} publishes it",
                e.path().display()
            );
        }
    }
}

#[test]
fn absolute_includes_outside_the_book_are_errors_that_name_the_setting() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\n```\n{{#include /etc/passwd}}\n```\n\n{{#rustdoc_include /etc/hostname}}\n",
    )]);
    let msgs = book.build_err();
    let passwd = find(&msgs, "/etc/passwd");
    assert!(
        passwd.starts_with(
            "content/a.md:4:1: error: cannot include `/etc/passwd`: `/etc/passwd` is outside the book folder"
        ),
        "{passwd}"
    );
    assert!(
        passwd.contains("`include-roots` under [output.kursbuch] in book.toml"),
        "{passwd}"
    );
    assert!(
        find(&msgs, "/etc/hostname").starts_with("content/a.md:7:1: error:"),
        "{msgs:#?}"
    );
    assert!(
        !book.out_exists("a.html"),
        "a failed build installs nothing"
    );
}

#[test]
fn dot_dot_escapes_and_symlinks_out_of_the_book_are_errors() {
    let out = outside();
    let book = TestBook::empty();
    book.write("content/SUMMARY.md", "# S\n\n- [A](a.md)\n");
    let escape = relative(
        &book.path().join("content/a.md"),
        &out.path().join("secret.txt"),
    );
    book.write(
        "content/a.md",
        &format!("# A\n\n{{{{#include {escape}}}}}\n\n{{{{#include link.txt}}}}\n\n{{{{#playground link.txt editable}}}}\n"),
    );
    std::os::unix::fs::symlink(
        out.path().join("secret.txt"),
        book.path().join("content/link.txt"),
    )
    .unwrap();
    let msgs = book.build_err();
    assert_eq!(
        msgs.iter().filter(|m| m.contains(": error:")).count(),
        3,
        "{msgs:#?}"
    );
    assert!(
        find(&msgs, "`content/link.txt` is a symlink")
            .starts_with("content/link.txt:1:1: warning:"),
        "{msgs:#?}"
    );
    assert!(
        find(&msgs, &escape).starts_with("content/a.md:3:1: error:"),
        "{msgs:#?}"
    );
    let link = find(&msgs, ":5:1:");
    assert!(
        link.contains("cannot include `link.txt`") && link.contains("outside the book folder"),
        "{link}"
    );
    // The suggested entry allows exactly the folder the file lies in.
    let entry = relative(&book.path().join("book.toml"), out.path());
    assert!(
        link.contains(&format!("include-roots = [\"{entry}\"]")),
        "{link}"
    );
    assert!(find(&msgs, ":7:1:").contains("cannot include `link.txt`"));

    // Allowed: the folder listed in book.toml (relative to it) works,
    // by `../` and through the symlink.
    book.write(
        "book.toml",
        &format!("[build]\ninclude-roots = [\"{entry}\"]\n"),
    );
    book.build_ok();
    assert_eq!(book.out("a.html").matches("GEHEIM").count(), 3);
    // The same in the table mdBook accepts, and for one run on the command
    // line (relative to the working folder): an mdBook book builds unchanged.
    book.write(
        "book.toml",
        &format!(
            "[output.html]\n[output.kursbuch]\noptional = true\ninclude-roots = [\"{entry}\"]\n"
        ),
    );
    book.build_ok();
    assert_eq!(book.out("a.html").matches("GEHEIM").count(), 3);
    book.write("book.toml", "");
    assert!(book.build().is_err(), "refused again without the setting");
    let o = book.run(&[
        "build",
        ".",
        "--include-root",
        &out.path().display().to_string(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(book.out("a.html").matches("GEHEIM").count(), 3);
    let o = book.run(&["build", ".", "--include-root", "/proc"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("`--include-root /proc`: nothing under /proc is ever read"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn proc_sys_and_dev_are_refused_even_when_allowed() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\n{{#include /proc/self/environ}}\n\n{{#include /dev/null}}\n",
    )]);
    book.write("book.toml", "[build]\ninclude-roots = [\"/\"]\n");
    let msgs = book.build_err();
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    let environ = find(&msgs, "/proc/self/environ");
    assert!(
        environ.starts_with("content/a.md:3:1: error: cannot include `/proc/self/environ`")
            && environ.contains("is under /proc, which a book can never read"),
        "{environ}"
    );
    assert!(find(&msgs, "/dev/null").contains("under /dev"), "{msgs:#?}");
    published_nowhere(&book, "PATH=");

    // Listing one of them is a mistake in book.toml, at its place.
    book.write(
        "book.toml",
        "[build]\ninclude-roots = [\"../x\", \"/proc\"]\n",
    );
    let msgs = book.build_err();
    assert!(
        find(&msgs, "/proc")
            .starts_with("book.toml:2:26: error: `/proc` cannot be an include root"),
        "{msgs:#?}"
    );
}

#[test]
fn a_symlinked_chapter_must_stay_in_the_allowed_folders() {
    let out = outside();
    std::fs::write(out.path().join("kapitel.md"), "# Draußen\n\nGEHEIM-42\n").unwrap();
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write("content/SUMMARY.md", "# S\n\n- [A](a.md)\n- [B](b.md)\n");
    std::os::unix::fs::symlink(
        out.path().join("kapitel.md"),
        book.path().join("content/b.md"),
    )
    .unwrap();
    let msgs = book.build_err();
    assert!(
        find(&msgs, "b.md").starts_with("content/b.md:1:1: error: the chapter is a symlink:"),
        "{msgs:#?}"
    );
    let entry = relative(&book.path().join("book.toml"), out.path());
    book.write(
        "book.toml",
        &format!("[build]\ninclude-roots = [\"{entry}\"]\n"),
    );
    book.build_ok();
    assert!(book.out("b.html").contains("GEHEIM-42"));
}

#[test]
fn a_missing_include_root_is_a_warning() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write(
        "book.toml",
        "[build]\ninclude-roots = [\"../gibt-es-nicht\"]\n",
    );
    let report = book.build_ok();
    let warnings = book.warnings(&report);
    assert!(
        find(&warnings, "gibt-es-nicht").starts_with("book.toml:2:18: warning: include root"),
        "{warnings:#?}"
    );
}

fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn symlinked_images_and_folders_inside_the_book_are_published() {
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\n![Logo](img/logo.png) ![Eins](bilder/eins.png) ![Zwei](bilder/tief/zwei.png)\n",
    )]);
    book.write("assets/logo.png", "LOGO")
        .write("assets/bilder/eins.png", "EINS")
        .write("assets/bilder/tief/zwei.png", "ZWEI");
    let root = book.path();
    // One relative link (as in a repository) and one absolute.
    symlink(
        Path::new("../../assets/logo.png"),
        &root.join("content/img/logo.png"),
    );
    symlink(&root.join("assets/bilder"), &root.join("content/bilder"));
    let report = book.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", book.warnings(&report));
    assert_eq!(book.out("img/logo.png"), "LOGO");
    assert_eq!(book.out("bilder/eins.png"), "EINS");
    assert_eq!(book.out("bilder/tief/zwei.png"), "ZWEI");
}

#[test]
fn symlinks_out_of_the_book_are_warned_about_not_published_and_links_to_them_break() {
    let out = outside();
    std::fs::create_dir(out.path().join("bilder")).unwrap();
    std::fs::write(out.path().join("bilder/x.png"), "GEHEIM-42").unwrap();
    let book = TestBook::with_chapters(&[(
        "a.md",
        "# A\n\n![Geheim](img/geheim.png)\n\n![X](fremd/x.png)\n",
    )]);
    let root = book.path();
    symlink(
        &out.path().join("secret.txt"),
        &root.join("content/img/geheim.png"),
    );
    symlink(&out.path().join("bilder"), &root.join("content/fremd"));
    let msgs = book.build_err();
    let file = find(&msgs, "`content/img/geheim.png` is a symlink");
    assert!(
        file.starts_with("content/img/geheim.png:1:1: warning:")
            && file.contains("outside the book folder")
            && file.contains("include-roots"),
        "{file}"
    );
    assert!(
        find(&msgs, "`content/fremd` is a symlink").contains("warning"),
        "{msgs:#?}"
    );
    // The link check sees what is published, not what is on disk.
    assert!(
        find(&msgs, "`img/geheim.png` does not exist").starts_with("content/a.md:3:1: error:"),
        "{msgs:#?}"
    );
    assert!(
        find(&msgs, "`fremd/x.png` does not exist").starts_with("content/a.md:5:1: error:"),
        "{msgs:#?}"
    );

    // Allowed in book.toml: published.
    let entry = relative(&root.join("book.toml"), out.path());
    book.write(
        "book.toml",
        &format!("[build]\ninclude-roots = [\"{entry}\"]\n"),
    );
    book.build_ok();
    assert_eq!(book.out("img/geheim.png"), "GEHEIM-42\n");
    assert_eq!(book.out("fremd/x.png"), "GEHEIM-42");
}

#[test]
fn symlink_loops_end_with_a_warning() {
    let book = TestBook::with_chapters(&[("a.md", "# A\n\n![Bild](bild.png)\n")]);
    book.write("content/bild.png", "PNG");
    let root = book.path();
    symlink(Path::new("."), &root.join("content/kreis"));
    symlink(Path::new("selbst"), &root.join("content/selbst"));
    symlink(
        Path::new("gibt-es-nicht.png"),
        &root.join("content/weg.png"),
    );
    let report = book.build_ok();
    let warnings = book.warnings(&report);
    assert!(
        find(&warnings, "content/kreis").contains("a symlink to a folder that contains it"),
        "{warnings:#?}"
    );
    find(&warnings, "`content/selbst` is not published");
    find(&warnings, "`content/weg.png` is not published");
    assert_eq!(book.out("bild.png"), "PNG");
    assert!(!book.out_exists("kreis"));
}

#[test]
fn additional_css_may_not_be_a_symlink_out_of_the_book() {
    let out = outside();
    let book = TestBook::with_chapters(&[("a.md", "# A\n")]);
    book.write(
        "book.toml",
        "[output.html]\nadditional-css = [\"extra.css\"]\n",
    );
    symlink(
        &out.path().join("secret.txt"),
        &book.path().join("extra.css"),
    );
    let msgs = book.build_err();
    assert!(
        find(&msgs, "extra.css").starts_with("book.toml:2:19: error: `extra.css` is a symlink:"),
        "{msgs:#?}"
    );
}

#[test]
fn data_files_and_the_glossary_may_not_be_symlinks_out_of_the_book() {
    let out = outside();
    // Valid TOML, as a credentials file can be: it would fill the table.
    std::fs::write(
        out.path().join("zugang.toml"),
        "[[row]]\nname = \"GEHEIM-43\"\n",
    )
    .unwrap();
    let book = TestBook::with_chapters(&[("a.md", "# A\n\n{{ compare(data=\"zugang\") }}\n")]);
    std::fs::create_dir_all(book.path().join("data")).unwrap();
    symlink(
        &out.path().join("zugang.toml"),
        &book.path().join("data/zugang.toml"),
    );
    let msgs = book.build_err();
    let msg = find(&msgs, "data/zugang.toml");
    assert!(msg.starts_with("content/a.md:3:17: error:"), "{msgs:#?}");
    assert!(msg.contains("is outside the book folder"), "{msg}");
    assert!(msg.contains("include-roots"), "{msg}");

    let book = TestBook::with_chapters(&[("a.md", "# A\n\nText.\n")]);
    std::fs::create_dir_all(book.path().join("data")).unwrap();
    symlink(
        &out.path().join("zugang.toml"),
        &book.path().join("data/glossary.toml"),
    );
    let msgs = book.build_err();
    assert!(
        find(&msgs, "glossary.toml")
            .starts_with("data/glossary.toml:1:1: error: data/glossary.toml is a symlink:"),
        "{msgs:#?}"
    );
    published_nowhere(&book, "GEHEIM-43");
}
