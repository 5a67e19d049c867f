//! The theme's own words, in the book's language. German and English; any
//! other language falls back to English (its `<html lang>` stays as configured).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    De,
    En,
}

impl UiLang {
    /// `de`, `de-DE`, `de_AT` … are German; everything else English.
    pub fn from_tag(tag: &str) -> UiLang {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("de") {
            UiLang::De
        } else {
            UiLang::En
        }
    }

    /// The languages the interface has words for: tag and name.
    pub const TRANSLATED: &[(&str, &str)] = &[("de", "Deutsch"), ("en", "English")];

    /// The interface language for a tag, if kursbuch has its words
    /// (`de`, `de-AT`, `en-GB` …); `from_tag` falls back to English.
    pub fn translated(tag: &str) -> Option<UiLang> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Self::TRANSLATED
            .iter()
            .any(|(t, _)| primary.eq_ignore_ascii_case(t))
            .then(|| UiLang::from_tag(tag))
    }

    /// Examples an author would type, for diagnostics' help texts.
    pub fn examples(self) -> &'static HelpExamples {
        match self {
            UiLang::De => &HelpExamples {
                chapter_link: "docker.md#container-starten",
                layers: "Anwendung | Laufzeit | Betriebssystem | Server",
            },
            UiLang::En => &HelpExamples {
                chapter_link: "docker.md#running-containers",
                layers: "Application | Runtime | Operating system | Server",
            },
        }
    }

    pub fn strings(self) -> &'static UiStrings {
        match self {
            UiLang::De => &DE,
            UiLang::En => &EN,
        }
    }
}

/// What help texts show as an example of what to write, in the book's
/// language: a German course gets German headings and layer names.
#[derive(Debug)]
pub struct HelpExamples {
    /// A link to a chapter's heading.
    pub chapter_link: &'static str,
    /// The first line of a `layers` diagram.
    pub layers: &'static str,
}

/// Every string the default theme shows that is not from the book itself.
#[derive(Debug, Serialize)]
pub struct UiStrings {
    pub skip_to_content: &'static str,
    pub chapters: &'static str,
    pub toggle_sidebar: &'static str,
    pub close_sidebar: &'static str,
    pub toggle_subchapters: &'static str,
    pub chapter_navigation: &'static str,
    pub made_with: &'static str,
    pub on_this_page: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub theme: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub theme_auto: &'static str,
    pub search: &'static str,
    pub search_result: &'static str,
    pub search_results: &'static str,
    pub search_none: &'static str,
    pub search_failed: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    /// Code blocks: the button that shows hidden lines, and hides them again.
    pub show_hidden_lines: &'static str,
    pub hide_hidden_lines: &'static str,
    /// The playground's Run button, its messages, and editing a block.
    pub run_code: &'static str,
    pub running: &'static str,
    pub no_output: &'static str,
    pub playground_failed: &'static str,
    pub edit_code: &'static str,
    pub undo_changes: &'static str,
    pub edit_page: &'static str,
    pub repository: &'static str,
    pub link_to_section: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_to_start: &'static str,
    pub redirecting: &'static str,
    pub draft: &'static str,
    pub footnotes: &'static str,
    /// The name of a footnote's back-link (↩), numbered: "Back to reference 2".
    pub footnote_back: &'static str,
    pub note: &'static str,
    pub tip: &'static str,
    pub important: &'static str,
    pub warning: &'static str,
    pub caution: &'static str,
    pub compare_feature: &'static str,
    pub compare_differs: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub not_applicable: &'static str,
    /// Joins the layers of a stack diagram, top to bottom, in its text alternative.
    pub diagram_above: &'static str,
    pub diagram_flow: &'static str,
    pub diagram_customer: &'static str,
    pub diagram_provider: &'static str,
    pub quiz: &'static str,
    pub quiz_true: &'static str,
    pub quiz_false: &'static str,
    pub quiz_several: &'static str,
    pub quiz_check: &'static str,
    pub quiz_solution: &'static str,
    pub quiz_right: &'static str,
    pub quiz_wrong: &'static str,
    pub quiz_correct: &'static str,
    pub quiz_incorrect: &'static str,
    pub quiz_choose: &'static str,
    pub quiz_score: &'static str,
    pub quiz_passed: &'static str,
    pub objectives: &'static str,
    pub summary: &'static str,
    pub glossary_more: &'static str,
    pub progress_visited: &'static str,
    pub progress_resume: &'static str,
    pub progress_reset: &'static str,
    pub progress_reset_confirm: &'static str,
    pub print: &'static str,
    pub print_book: &'static str,
    pub print_contents: &'static str,
}

static DE: UiStrings = UiStrings {
    skip_to_content: "Zum Inhalt springen",
    chapters: "Kapitel",
    toggle_sidebar: "Inhaltsverzeichnis ein- oder ausblenden",
    close_sidebar: "Inhaltsverzeichnis schließen",
    toggle_subchapters: "Unterkapitel ein- oder ausblenden",
    chapter_navigation: "Kapitelnavigation",
    made_with: "Erstellt mit",
    on_this_page: "Auf dieser Seite",
    previous: "Zurück",
    next: "Weiter",
    theme: "Farbschema",
    theme_light: "Hell",
    theme_dark: "Dunkel",
    theme_auto: "Wie das System",
    search: "Suchen",
    search_result: "Ergebnis",
    search_results: "Ergebnisse",
    search_none: "Keine Treffer",
    search_failed: "Die Suche konnte nicht geladen werden",
    copy: "Kopieren",
    copied: "Kopiert",
    show_hidden_lines: "Verborgene Zeilen zeigen",
    hide_hidden_lines: "Verborgene Zeilen ausblenden",
    run_code: "Code ausführen",
    running: "Läuft …",
    no_output: "Keine Ausgabe",
    playground_failed: "Der Playground ist nicht erreichbar",
    edit_code: "Code (bearbeitbar)",
    undo_changes: "Änderungen verwerfen",
    edit_page: "Diese Seite bearbeiten",
    repository: "Quelltext-Repository",
    link_to_section: "Link zu diesem Abschnitt",
    not_found_title: "Seite nicht gefunden",
    not_found_text: "Diese Seite gibt es nicht (mehr). Vielleicht hilft das Inhaltsverzeichnis weiter.",
    back_to_start: "Zur Startseite",
    redirecting: "Weiterleitung",
    draft: "in Arbeit",
    footnotes: "Fußnoten",
    footnote_back: "Zurück zur Textstelle",
    note: "Hinweis",
    tip: "Tipp",
    important: "Wichtig",
    warning: "Warnung",
    caution: "Vorsicht",
    compare_feature: "Merkmal",
    compare_differs: "unterschiedlich",
    yes: "ja",
    no: "nein",
    not_applicable: "keine Angabe",
    diagram_above: " über ",
    diagram_flow: "Ablauf:",
    diagram_customer: "Sie",
    diagram_provider: "Anbieter",
    quiz: "Selbsttest",
    quiz_true: "Wahr",
    quiz_false: "Falsch",
    quiz_several: "mehrere Antworten können richtig sein",
    quiz_check: "Prüfen",
    quiz_solution: "Lösung",
    quiz_right: "richtig",
    quiz_wrong: "falsch",
    quiz_correct: "Richtig!",
    quiz_incorrect: "Noch nicht richtig – versuchen Sie es noch einmal.",
    quiz_choose: "Bitte wählen Sie zuerst eine Antwort.",
    quiz_score: "{right} von {total} Fragen richtig",
    quiz_passed: "Selbsttest bestanden",
    objectives: "Lernziele",
    summary: "Zusammenfassung",
    glossary_more: "mehr dazu",
    progress_visited: "gelesen",
    progress_resume: "Weiterlesen",
    progress_reset: "Lesefortschritt zurücksetzen",
    progress_reset_confirm: "Wirklich zurücksetzen? Zum Bestätigen noch einmal klicken",
    print: "Drucken",
    print_book: "Ganzes Buch drucken oder als PDF speichern",
    print_contents: "Inhalt",
};

static EN: UiStrings = UiStrings {
    skip_to_content: "Skip to content",
    chapters: "Chapters",
    toggle_sidebar: "Show or hide the table of contents",
    close_sidebar: "Close the table of contents",
    toggle_subchapters: "Show or hide sub-chapters",
    chapter_navigation: "Chapter navigation",
    made_with: "Made with",
    on_this_page: "On this page",
    previous: "Previous",
    next: "Next",
    theme: "Colour scheme",
    theme_light: "Light",
    theme_dark: "Dark",
    theme_auto: "Follow system",
    search: "Search",
    search_result: "result",
    search_results: "results",
    search_none: "No results",
    search_failed: "The search could not be loaded",
    copy: "Copy",
    copied: "Copied",
    show_hidden_lines: "Show hidden lines",
    hide_hidden_lines: "Hide lines",
    run_code: "Run this code",
    running: "Running…",
    no_output: "No output",
    playground_failed: "The playground cannot be reached",
    edit_code: "Code (editable)",
    undo_changes: "Undo changes",
    edit_page: "Edit this page",
    repository: "Source repository",
    link_to_section: "Link to this section",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist (any more). The table of contents may help.",
    back_to_start: "Back to the start",
    redirecting: "Redirecting",
    draft: "in progress",
    footnotes: "Footnotes",
    footnote_back: "Back to reference",
    note: "Note",
    tip: "Tip",
    important: "Important",
    warning: "Warning",
    caution: "Caution",
    compare_feature: "Feature",
    compare_differs: "differs",
    yes: "yes",
    no: "no",
    not_applicable: "not applicable",
    diagram_above: " above ",
    diagram_flow: "Flow:",
    diagram_customer: "You",
    diagram_provider: "Provider",
    quiz: "Self-check",
    quiz_true: "True",
    quiz_false: "False",
    quiz_several: "more than one answer may be right",
    quiz_check: "Check",
    quiz_solution: "Solution",
    quiz_right: "right",
    quiz_wrong: "wrong",
    quiz_correct: "Right!",
    quiz_incorrect: "Not quite – try again.",
    quiz_choose: "Please choose an answer first.",
    quiz_score: "{right} of {total} questions right",
    quiz_passed: "Self-check passed",
    objectives: "Learning objectives",
    summary: "Summary",
    glossary_more: "more",
    progress_visited: "read",
    progress_resume: "Continue reading",
    progress_reset: "Reset reading progress",
    progress_reset_confirm: "Really reset? Click again to confirm",
    print: "Print",
    print_book: "Print the whole book or save it as PDF",
    print_contents: "Contents",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert_eq!(UiLang::from_tag("de"), UiLang::De);
        assert_eq!(UiLang::from_tag("de-AT"), UiLang::De);
        assert_eq!(UiLang::from_tag("DE_ch"), UiLang::De);
        assert_eq!(UiLang::from_tag("en-GB"), UiLang::En);
        assert_eq!(UiLang::from_tag("fr"), UiLang::En);
        assert_eq!(UiLang::from_tag(""), UiLang::En);
    }
}
