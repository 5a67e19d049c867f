use crate::cmd::EXIT_ERROR;
use crate::diag::Printer;
use crate::site::{BuildOptions, build};

pub fn run(opts: &BuildOptions, quiet: bool, printer: Printer) -> u8 {
    match build(opts) {
        Ok(report) => {
            printer.print_all(&report.warnings);
            if !quiet {
                let n = report.warnings.len();
                println!(
                    "kursbuch: built {} chapter{}, {n} warning{} in {:.2} s → {}",
                    report.chapters,
                    if report.chapters == 1 { "" } else { "s" },
                    if n == 1 { "" } else { "s" },
                    report.elapsed.as_secs_f64(),
                    report.out_dir.display()
                );
            }
            0
        }
        Err(failure) => {
            printer.print_all(&failure.diagnostics);
            let n = failure.error_count();
            let w = failure.diagnostics.len() - n;
            if n == 0 {
                // Only warnings: `--deny-warnings` failed the build.
                eprintln!(
                    "kursbuch: build failed: {w} warning{} denied by --deny-warnings; the previous output (if any) is unchanged",
                    if w == 1 { "" } else { "s" }
                );
            } else {
                eprintln!(
                    "kursbuch: build failed with {n} error{}; the previous output (if any) is unchanged",
                    if n == 1 { "" } else { "s" }
                );
            }
            EXIT_ERROR
        }
    }
}
