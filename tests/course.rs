//! The course in this repository builds cleanly: no error, no warning.

mod common;

use kursbuch::BuildOptions;

#[test]
fn the_course_builds_without_warnings() {
    let out = tempfile::tempdir().unwrap();
    let report = kursbuch::build(&BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        dest_dir: Some(out.path().join("site")),
        base_url: Some("/compute-services/".into()),
        in_memory: false,
    })
    .unwrap_or_else(|f| {
        panic!(
            "the course does not build:\n{}",
            common::messages(&f.diagnostics).join("\n")
        )
    });
    assert!(
        report.warnings.is_empty(),
        "{:#?}",
        common::messages(&report.warnings)
    );
    assert!(report.chapters >= 2);
    let index = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(index.contains("<html lang=\"de\""), "{index}");
    let not_found = std::fs::read_to_string(out.path().join("site/404.html")).unwrap();
    assert!(not_found.contains("<base href=\"/compute-services/\">"));
}
