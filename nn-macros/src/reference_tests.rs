//! The language reference (`reference.md`, the rustdoc of `network!`) names everything the
//! catalog accepts: a name added to the catalog without a line in the reference fails here.

use crate::catalog::{
    ACTIVATIONS, CLIPPING, Configurable, INITIALIZERS, LAYERS, LOSSES, METRICS, OPTIMIZERS,
    REGULARIZERS, SETTINGS,
};

const REFERENCE: &str = include_str!("reference.md");

/// The reference's top-level headings, in order; a section runs to the next one.
const HEADINGS: &[&str] = &[
    "Two forms",
    "Grammar",
    "Layers",
    "Activations",
    "Losses",
    "Metrics",
    "Optimizers",
    "Initializers",
    "Regularizers",
    "Settings",
];

/// The text under `# heading`, up to the next heading of `HEADINGS` (code blocks' hidden `# `
/// lines are not headings, which is why the list is fixed).
fn section<'a>(reference: &'a str, heading: &str) -> Option<&'a str> {
    let start = reference.find(&format!("\n# {heading}\n"))? + heading.len() + 3;
    let rest = &reference[start..];
    let end = HEADINGS
        .iter()
        .filter_map(|next| rest.find(&format!("\n# {next}\n")))
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fn quoted(name: &str) -> String {
    format!("`{name}`")
}

/// The table row whose first cell names `name`.
fn row<'a>(section: &'a str, name: &str) -> Option<&'a str> {
    section.lines().find(|line| {
        line.strip_prefix('|')
            .and_then(|line| line.split('|').next())
            .is_some_and(|cell| cell.contains(&quoted(name)))
    })
}

/// What the reference leaves out of one table: each entry needs a row naming it, its aliases
/// and its nn-core type; each hyperparameter must be in that row or in the section's prose
/// (the options every optimizer shares are described once, under the table).
fn missing_from_table(
    reference: &str,
    heading: &str,
    table: &[Configurable],
    missing: &mut Vec<String>,
) {
    let Some(section) = section(reference, heading) else {
        missing.push(format!("the section `# {heading}`"));
        return;
    };
    let prose: String = section
        .lines()
        .filter(|line| !line.starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n");
    for configurable in table {
        let entry = &configurable.entry;
        let Some(row) = row(section, entry.name) else {
            missing.push(format!("{heading}: `{}`", entry.name));
            continue;
        };
        for alias in entry.aliases {
            if !row.contains(&quoted(alias)) {
                missing.push(format!("{heading}: `{}`'s alias `{alias}`", entry.name));
            }
        }
        if !row.contains(&quoted(entry.rust_name)) {
            missing.push(format!(
                "{heading}: `{}`'s type `{}`",
                entry.name, entry.rust_name
            ));
        }
        for parameter in configurable.parameters {
            let names = std::iter::once(parameter.entry.name)
                .chain(parameter.entry.aliases.iter().copied());
            for name in names {
                if !row.contains(&quoted(name)) && !prose.contains(&quoted(name)) {
                    missing.push(format!("{heading}: `{}`'s argument `{name}`", entry.name));
                }
            }
        }
    }
}

/// Everything the catalog accepts that `reference` does not mention where a reader looks.
fn missing(reference: &str) -> Vec<String> {
    let mut missing = Vec::new();
    for (heading, table) in [
        ("Activations", ACTIVATIONS),
        ("Losses", LOSSES),
        ("Metrics", METRICS),
        ("Optimizers", OPTIMIZERS),
        ("Initializers", INITIALIZERS),
        ("Regularizers", REGULARIZERS),
    ] {
        missing_from_table(reference, heading, table, &mut missing);
    }
    let layers = section(reference, "Layers").unwrap_or_default();
    for layer in LAYERS.iter().map(|kind| &kind.name).chain(&["input"]) {
        if row(layers, layer).is_none() {
            missing.push(format!("Layers: `{layer}`"));
        }
    }
    for kind in LAYERS {
        let row = row(layers, kind.name).unwrap_or_default();
        for argument in kind.arguments {
            if !row.contains(&quoted(argument.name)) {
                missing.push(format!(
                    "Layers: `{}`'s argument `{}`",
                    kind.name, argument.name
                ));
            }
        }
    }
    let optimizers = section(reference, "Optimizers").unwrap_or_default();
    for clip in CLIPPING.iter().chain(&["weight_decay"]) {
        if !optimizers.contains(&quoted(clip)) {
            missing.push(format!("Optimizers: the common option `{clip}`"));
        }
    }
    // `accuracy` is not a catalog entry: it stands for the accuracy that fits the loss.
    let metrics = section(reference, "Metrics").unwrap_or_default();
    for shorthand in ["accuracy", "acc"] {
        if !metrics.contains(&quoted(shorthand)) {
            missing.push(format!("Metrics: `{shorthand}`"));
        }
    }
    let settings = section(reference, "Settings").unwrap_or_default();
    for setting in SETTINGS {
        if row(settings, setting).is_none() {
            missing.push(format!("Settings: `{setting}`"));
        }
    }
    let grammar = section(reference, "Grammar").unwrap_or_default();
    for setting in SETTINGS {
        if !grammar.contains(&format!("\"{setting}\"")) {
            missing.push(format!("Grammar: the setting `{setting}`"));
        }
    }
    missing
}

#[test]
fn the_reference_names_every_name_alias_argument_and_type_of_the_catalog() {
    let missing = missing(REFERENCE);
    assert!(
        missing.is_empty(),
        "nn-macros/src/reference.md does not mention:\n{}",
        missing.join("\n")
    );
}

/// The check above could pass by finding nothing to check; these show it notices a row, an
/// alias, an argument and a section taken out.
#[test]
fn the_check_notices_what_is_taken_out() {
    let without_mish: String = REFERENCE
        .lines()
        .filter(|line| !line.starts_with("| `mish`"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(missing(&without_mish), ["Activations: `mish`"]);

    let without_alias = REFERENCE.replace("`log_cosh_error`, alias `logcosh`", "`log_cosh_error`");
    assert_eq!(
        missing(&without_alias),
        ["Metrics: `log_cosh_error`'s alias `logcosh`"]
    );

    let without_argument =
        REFERENCE.replace("`initial_accumulator_value` (0.1), `epsilon`", "`epsilon`");
    assert_eq!(
        missing(&without_argument),
        ["Optimizers: `adagrad`'s argument `initial_accumulator_value`"]
    );

    let without_section = REFERENCE.replace("\n# Regularizers\n", "\n# Penalties\n");
    assert!(missing(&without_section).contains(&"the section `# Regularizers`".to_string()));
}
