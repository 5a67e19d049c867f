use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kursbuch::diag::{ColorChoice, Printer};

/// kursbuch: a static-site generator for course books.
///
/// Reads book.toml, SUMMARY.md and Markdown chapters (mdBook's formats) and
/// writes a themed, self-contained website.
#[derive(Parser)]
#[command(name = "kursbuch", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When diagnostics are coloured and show the source line with a caret
    /// under the column: `auto` on a terminal (colour off with NO_COLOR set,
    /// forced with CLICOLOR_FORCE), `always` also into a pipe or a file,
    /// `never` no colour. The first line of each stays
    /// `path:line:col: error: message`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

/// The switches `build` and `serve` share.
#[derive(clap::Args)]
struct Strictness {
    /// Broken links and anchors are warnings, not errors (as mdBook builds
    /// them); the same as `broken-links = "warn"` under [output.kursbuch].
    #[arg(long)]
    warn_links: bool,
    /// A folder outside the book that includes and symlinks may read, for
    /// this run (repeatable); the same as `include-roots` under
    /// [output.kursbuch] in book.toml.
    #[arg(long = "include-root", value_name = "DIR")]
    include_root: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the book into a static site.
    ///
    /// Every problem is reported as `path:line:col: error: …`; a build with
    /// errors leaves the previous site untouched and exits with code 1. Two
    /// builds of the same folder wait for each other (at most 60 s, or
    /// KURSBUCH_BUILD_WAIT seconds; 0 fails at once). Includes and symlinks
    /// may read only the book's folder, `include-roots` and `--include-root`.
    Build {
        /// The book's folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder, relative to the book's folder (default: `build-dir` from book.toml, or `book`).
        #[arg(short = 'd', long = "dest-dir", value_name = "OUT")]
        dest_dir: Option<PathBuf>,
        /// Where the site will be served: a path like `/compute-services/` or a full URL
        /// (overrides `site-url` from book.toml).
        #[arg(long = "base-url", value_name = "URL")]
        base_url: Option<String>,
        /// Print only warnings and errors, not the summary line.
        #[arg(short, long)]
        quiet: bool,
        #[command(flatten)]
        strictness: Strictness,
        /// Any warning fails the build (exit code 1, the previous site stays),
        /// for CI. `-D warnings` says the same.
        #[arg(long)]
        deny_warnings: bool,
        /// `-D warnings`: the same as `--deny-warnings` (rustc's spelling).
        #[arg(short = 'D', value_name = "warnings", value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// Builds the book into memory and serves it with live reload.
    ///
    /// Watches book.toml, the content folder, data/, templates/, static/ and
    /// included files; a change rebuilds only what it touches and reloads the
    /// open pages. Errors show in the terminal and as an overlay in the page,
    /// and the last good version stays served.
    Serve {
        /// The book's folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on; anything but loopback exposes the preview.
        ///
        /// The preview answers only to localhost, 127.0.0.1, [::1] and this
        /// name (against DNS rebinding); bound to 0.0.0.0, to IP addresses too.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the book in the default browser.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        strictness: Strictness,
    },
    /// Creates a new book that builds at once: book.toml, content/SUMMARY.md and two chapters.
    Init {
        /// Where to create the book (created if missing; must not hold a book yet).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The book's title.
        #[arg(long)]
        title: Option<String>,
        /// The book's language, e.g. `de` or `en`.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Deletes the build output (only a folder kursbuch wrote).
    Clean {
        /// The book's folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder to delete, relative to the book's folder (default: from book.toml).
        #[arg(short = 'd', long = "dest-dir", value_name = "OUT")]
        dest_dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer::for_stderr(cli.color);
    let code = match cli.command {
        Command::Build {
            dir,
            dest_dir,
            base_url,
            quiet,
            strictness,
            deny_warnings,
            deny,
        } => kursbuch::cmd::build::run(
            &kursbuch::BuildOptions {
                root: dir,
                dest_dir,
                base_url,
                in_memory: false,
                warn_links: strictness.warn_links,
                deny_warnings: deny_warnings || deny.is_some(),
                include_roots: strictness.include_root,
            },
            quiet,
            printer,
        ),
        Command::Serve {
            dir,
            port,
            host,
            open,
            strictness,
        } => kursbuch::cmd::serve::run(&kursbuch::serve::ServeOptions {
            root: dir,
            host,
            port,
            open,
            warn_links: strictness.warn_links,
            include_roots: strictness.include_root,
            printer,
        }),
        Command::Init {
            dir,
            title,
            language,
        } => kursbuch::cmd::init::run(&dir, title.as_deref(), &language, printer),
        Command::Clean { dir, dest_dir } => {
            kursbuch::cmd::clean::run(&dir, dest_dir.as_deref(), printer)
        }
    };
    ExitCode::from(code)
}
