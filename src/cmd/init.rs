//! `kursbuch init`: a small book that builds at once and shows the formats.

use std::path::Path;

use crate::cmd::EXIT_ERROR;
use crate::config::language_warning;
use crate::diag::Diagnostic;
use crate::diag::Printer;
use crate::i18n::UiLang;

struct Scaffold {
    title: &'static str,
    summary: &'static str,
    intro: &'static str,
    chapter: &'static str,
}

const DE: Scaffold = Scaffold {
    title: "Mein Kurs",
    summary: "# Inhalt\n\n[Einführung](einfuehrung.md)\n\n- [Erstes Kapitel](erstes-kapitel.md)\n",
    intro: "# Einführung\n\nWillkommen! Dieses Buch wurde mit `kursbuch init` angelegt.\n\nDie Kapitel stehen in `content/`, ihre Reihenfolge in `content/SUMMARY.md`.\nWeiter geht es im [ersten Kapitel](erstes-kapitel.md#ein-abschnitt).\n",
    chapter: "+++\ndescription = \"Ein Beispielkapitel\"\n+++\n\n# Erstes Kapitel\n\n## Ein Abschnitt\n\n> [!TIP]\n> Mit `kursbuch build` entsteht die Website im Ordner `book/`.\n\n```bash\nkursbuch build\n```\n",
};

const EN: Scaffold = Scaffold {
    title: "My Course",
    summary: "# Summary\n\n[Introduction](introduction.md)\n\n- [First Chapter](first-chapter.md)\n",
    intro: "# Introduction\n\nWelcome! This book was created with `kursbuch init`.\n\nChapters live in `content/`, their order in `content/SUMMARY.md`.\nContinue with the [first chapter](first-chapter.md#a-section).\n",
    chapter: "+++\ndescription = \"An example chapter\"\n+++\n\n# First Chapter\n\n## A Section\n\n> [!TIP]\n> `kursbuch build` writes the website into the `book/` folder.\n\n```bash\nkursbuch build\n```\n",
};

/// `s` as a TOML string value, quoted and escaped as TOML requires.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub fn run(dir: &Path, title: Option<&str>, language: &str, printer: Printer) -> u8 {
    match create(dir, title, language) {
        Ok(book_toml) => {
            if UiLang::translated(language).is_none() {
                let at = book_toml.find("language =").unwrap_or(0);
                let path = crate::paths::join_shown(dir, Path::new("book.toml"));
                printer.print_all([&language_warning(language).at_offset(&path, &book_toml, at)]);
            }
            println!("kursbuch: created a book in {}", dir.display());
            println!("  build it with:  kursbuch build {}", dir.display());
            0
        }
        Err(d) => {
            printer.print_all([&d]);
            EXIT_ERROR
        }
    }
}

/// Writes the book; returns the text of its book.toml.
fn create(dir: &Path, title: Option<&str>, language: &str) -> Result<String, Diagnostic> {
    let s = match UiLang::from_tag(language) {
        UiLang::De => &DE,
        UiLang::En => &EN,
    };
    let existing = ["book.toml", "content/SUMMARY.md", "src/SUMMARY.md"]
        .into_iter()
        .find(|f| dir.join(f).exists());
    if let Some(f) = existing {
        return Err(Diagnostic::error(format!(
            "`{}` already holds a book ({f} exists)",
            dir.display()
        ))
        .with_help("choose an empty or new folder: `kursbuch init NEW-FOLDER`"));
    }
    let intro_name = s
        .summary
        .split("](")
        .nth(1)
        .and_then(|x| x.split(')').next())
        .unwrap_or("intro.md");
    let chapter_name = s
        .summary
        .split("](")
        .nth(2)
        .and_then(|x| x.split(')').next())
        .unwrap_or("chapter.md");
    let book_toml = format!(
        "[book]\ntitle = {}\nauthors = []\nlanguage = {}\n\n[output.html]\n# Where the site is served, e.g. \"/my-course/\" on GitHub Pages:\n# site-url = \"/\"\n",
        toml_string(title.unwrap_or(s.title)),
        toml_string(language)
    );
    let files = [
        ("book.toml", book_toml.clone()),
        ("content/SUMMARY.md", s.summary.to_string()),
        (
            &format!("content/{intro_name}") as &str,
            s.intro.to_string(),
        ),
        (
            &format!("content/{chapter_name}") as &str,
            s.chapter.to_string(),
        ),
        // `.book.*`: the build's lock file and staged folders beside `book/`.
        (".gitignore", "/book\n/.book.*\n".to_string()),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if name == ".gitignore" && path.exists() {
            continue;
        }
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, text));
        if let Err(e) = written {
            return Err(Diagnostic::error(format!(
                "cannot write {}: {e}",
                path.display()
            )));
        }
    }
    Ok(book_toml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        for title in ["a \"b\" \\ c", "it's", "'''x'''", "line\nbreak\ttab\u{7}"] {
            let doc = format!("title = {}\n", toml_string(title));
            let parsed: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(parsed["title"].as_str(), Some(title), "{doc}");
        }
    }
}
