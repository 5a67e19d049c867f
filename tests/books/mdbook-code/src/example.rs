use std::fmt;

// ANCHOR: show
fn add_one(x: i32) -> i32 {
    x + 1
}
// ANCHOR_END: show

fn main() {
    assert_eq!(add_one(2), 3);
}
