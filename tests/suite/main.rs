//! kursbuch's integration tests, one binary with a module per area (as
//! mdBook's `tests/testsuite`): it compiles once, and the harness in
//! [`common`] (fixture books, the served site, the browser) is shared.
//!
//! Fixture books are under `tests/books/<case>/`; snapshots of generated
//! markup under `tests/suite/snapshots/` (insta: `cargo insta review`, or
//! `INSTA_UPDATE=always cargo test` and read the diff before committing).

mod browser;
mod build;
mod common;
mod compat_table;
mod concurrent;
mod course;
mod diagnostics;
mod examples;
mod figures;
mod learning;
mod mdbook_code;
mod mdbook_compat;
mod mdbook_math;
mod pages;
mod publish;
mod robustness;
mod search;
mod search_relevance;
mod serve;
mod serve_hostile;
mod serve_watch;
mod shape;
mod shortcode_properties;
mod shortcodes;
mod silent_losses;
mod theme;
