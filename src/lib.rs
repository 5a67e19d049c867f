//! kursbuch turns a course written in Markdown into a themed static website.
//!
//! The data flows through the modules in this order:
//!
//! ```text
//! book.toml ──► config::Config
//! SUMMARY.md ─► book::summary::Summary ─► book::Book { chapters }   (front matter, {{#include}})
//! Chapter ───► markdown::render ─► Rendered { html, headings, ids, links }   (one parse per chapter,
//!                  └─ pulldown-cmark events rewritten in one pass; shortcode:: calls expanded
//!                     on that stream (diagrams, compare tables, Tera shortcodes); highlight:: for code)
//! Rendered[] ─► site::check_links ─► render:: (Tera, typed contexts, sidebar) ─► pages
//! pages + theme assets + content files ─► output:: (staged folder, swapped in when all succeeded)
//! ```
//!
//! Errors are [`diag::Diagnostic`]s with `path:line:col`; a build collects all
//! of them and fails at the end without touching the previous site.

pub mod book;
pub mod build_lock;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod escape;
pub mod glossary;
pub mod highlight;
pub mod i18n;
pub mod markdown;
mod minify;
pub mod output;
pub mod page;
pub mod paths;
pub mod render;
pub mod search;
pub mod serve;
pub mod shortcode;
pub mod site;
pub mod theme;
mod toml_source;

pub use site::{BuildFailure, BuildOptions, BuildReport, build};
