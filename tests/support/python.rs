//! Python for the round-trip tests, which read what nn writes with the libraries Keras users
//! have. `.ci/run` installs the packages; a test installs nothing, and where they are missing
//! it skips, saying so on the terminal (written past the test harness, which would hide a
//! passing test's output). With `NN_REQUIRE_PYTHON` set, as `.ci/run` sets it, a missing
//! package fails the test instead: CI must not go green on round trips it did not run.

use std::io::Write as _;
use std::process::Command;

/// `python3` if it imports every one of `packages`; otherwise `None`, after printing
/// `SKIPPED {test}: ` and why (or failing, under `NN_REQUIRE_PYTHON`).
pub fn python_with(packages: &[&str], test: &str) -> Option<&'static str> {
    let python = "python3";
    let imports = Command::new(python)
        .args(["-c", &format!("import {}", packages.join(", "))])
        .output();
    let why = match imports {
        Ok(output) if output.status.success() => return Some(python),
        Ok(_) => {
            let packages = packages.join(" ");
            format!(
                "`python3` cannot import {packages} (`python3 -m pip install {packages}`, as \
                 .ci/run does)"
            )
        }
        Err(_) => "no `python3` on this machine".to_string(),
    };
    assert!(
        std::env::var_os("NN_REQUIRE_PYTHON").is_none(),
        "{test} needs Python: {why}"
    );
    // Straight to the terminal: `eprintln!` inside a test is captured, and shown only if the
    // test fails.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
    None
}
