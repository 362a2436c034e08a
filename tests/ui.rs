//! Compile-time checks of `network!`: each file under `tests/ui/` makes one mistake, and its
//! `.stderr` beside it is the message a user sees. Regenerate the snapshots after a deliberate
//! change with `TRYBUILD=overwrite cargo test --test ui`, then read them as a user would.

#[test]
fn mistakes_are_compile_errors_that_read_well() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*/*.rs");
}
