//! Python for the round-trip tests, which read what nn writes with the libraries Keras users
//! have. `.ci/run` installs the packages; a test installs nothing, and where they are missing
//! it skips, saying so where `cargo test` shows it.

use std::process::Command;

/// `python3` if it imports every one of `packages`; otherwise `None`, after printing
/// `SKIPPED {test}: ` and why.
pub fn python_with(packages: &[&str], test: &str) -> Option<&'static str> {
    let python = "python3";
    let imports = Command::new(python)
        .args(["-c", &format!("import {}", packages.join(", "))])
        .output();
    match imports {
        Ok(output) if output.status.success() => Some(python),
        Ok(_) => {
            let packages = packages.join(" ");
            eprintln!(
                "SKIPPED {test}: `python3` cannot import {packages} (`python3 -m pip install \
                 {packages}`, as .ci/run does)"
            );
            None
        }
        Err(_) => {
            eprintln!("SKIPPED {test}: no `python3` on this machine");
            None
        }
    }
}
