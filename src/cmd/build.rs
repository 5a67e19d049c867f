use crate::cmd::{EXIT_ERROR, print_all};
use crate::site::{BuildOptions, build};

pub fn run(opts: &BuildOptions, quiet: bool) -> u8 {
    match build(opts) {
        Ok(report) => {
            print_all(&report.warnings);
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
            print_all(&failure.diagnostics);
            let n = failure.error_count();
            eprintln!(
                "kursbuch: build failed with {n} error{}; the previous output (if any) is unchanged",
                if n == 1 { "" } else { "s" }
            );
            EXIT_ERROR
        }
    }
}
