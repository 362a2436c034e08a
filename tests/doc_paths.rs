//! What a user reads in `cargo doc` names the paths a user can write: `nn::callbacks::..`, never
//! `nn_core::..`, which a crate depending on `nn` cannot name (rustc then suggests
//! `cargo add nn_core`, which is wrong). The doc examples themselves are compiled as user code
//! by the doctests (nn-core's doctests link `nn` as a dev-dependency); this test also covers the
//! prose and the `ignore`/`text` blocks that no doctest compiles.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
    {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// The lines of `source` that are doc comments (`///`, `//!`) and name `nn_core::`, as
/// `file:line: text`.
fn doc_lines_naming_nn_core(name: &str, source: &str) -> Vec<String> {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim_start();
            (line.starts_with("///") || line.starts_with("//!")) && line.contains("nn_core::")
        })
        .map(|(index, line)| format!("{name}:{}: {}", index + 1, line.trim()))
        .collect()
}

#[test]
fn no_doc_comment_names_nn_core() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    // nn-macros's own doc comments describe its private tables for its maintainers; what users
    // read of it is reference.md, checked below.
    for dir in ["nn-core/src", "src"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found only {} source files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(root).unwrap().display().to_string();
        found.extend(doc_lines_naming_nn_core(&name, &source));
    }
    for markdown in ["README.md", "nn-macros/src/reference.md"] {
        let text = std::fs::read_to_string(root.join(markdown)).unwrap();
        found.extend(
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains("nn_core::"))
                .map(|(index, line)| format!("{markdown}:{}: {line}", index + 1)),
        );
    }
    assert!(
        found.is_empty(),
        "documentation names `nn_core::`; a user's crate reaches it as `nn::` \
         (`nn::callbacks::..` for `nn_core::model::callbacks::..`):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_doc_comments_and_only_them() {
    let source = "/// use nn_core::data::CsvTable;\n//! nn_core::Error\nuse nn_core::Error;\n// nn_core:: in a comment\n    /// # use nn_core::History;\n";
    assert_eq!(
        doc_lines_naming_nn_core("x.rs", source),
        [
            "x.rs:1: /// use nn_core::data::CsvTable;",
            "x.rs:2: //! nn_core::Error",
            "x.rs:5: /// # use nn_core::History;",
        ]
    );
}
