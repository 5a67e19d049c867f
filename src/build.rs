//! Build script: the default theme (`templates/`, `static/`) is compiled into
//! the binary with `include_dir!`, which cannot tell Cargo to watch those
//! folders on stable Rust; this does, so an edited theme is never stale.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=src/build.rs");
}
