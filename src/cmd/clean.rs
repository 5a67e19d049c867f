use std::path::Path;

use crate::cmd::EXIT_ERROR;
use crate::diag::Printer;
use crate::output;
use crate::site::locate;

pub fn run(dir: &Path, dest_dir: Option<&Path>, printer: Printer) -> u8 {
    let located = match locate(dir, dest_dir, &[]) {
        Ok(l) => l,
        Err(d) => {
            printer.print_all([&d]);
            return EXIT_ERROR;
        }
    };
    match output::clean(&located.build_dir, &located.root, &located.protected) {
        Ok(true) => {
            println!("kursbuch: removed {}", located.build_dir.display());
            0
        }
        Ok(false) => {
            println!(
                "kursbuch: nothing to clean ({} does not exist)",
                located.build_dir.display()
            );
            0
        }
        Err(d) => {
            printer.print_all([&d]);
            EXIT_ERROR
        }
    }
}
