//! One module per subcommand: wiring between the CLI and the library, and
//! what gets printed. Each returns the process exit code.

pub mod build;
pub mod clean;
pub mod init;
pub mod serve;

/// Printing with `--color auto`; the commands use the `Printer` from `--color`.
pub use crate::diag::print_all;

/// Exit code for content and config errors (usage errors are clap's 2).
pub const EXIT_ERROR: u8 = 1;
