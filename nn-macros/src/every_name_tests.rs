//! Every name of the catalog trains in `tests/every_name.rs`: this reads that file with the
//! macro's own parser and validator, collects the names each declaration uses in each role,
//! and fails listing every catalog name (or alias) that none uses, and every kind of layer no
//! expression-form network starts with. A name added to the catalog
//! without a network that trains it fails here.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

use crate::catalog::{
    ACTIVATIONS, ArgumentValue, Configurable, INITIALIZERS, LAYERS, LOSSES, METRICS, OPTIMIZERS,
    REGULARIZERS,
};
use crate::validate::{Given, Network, validate};

/// The macros of `tests/every_name.rs` whose invocations are declarations, and whether the
/// invocation starts with `Name:` (the item form's name).
const DECLARING_MACROS: &[(&str, bool)] = &[
    ("trains", true),
    ("trains_on_classes", true),
    ("network", false),
];

/// Every declaration written in `source`, as `network!` would receive it. Those inside a
/// `macro_rules!` body (with `$` fragments) are not declarations of their own and are skipped.
fn declarations(source: TokenStream) -> Vec<TokenStream> {
    let tokens: Vec<TokenTree> = source.into_iter().collect();
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if let TokenTree::Group(group) = token {
            found.extend(declarations(group.stream()));
        }
        let (TokenTree::Ident(name), Some(TokenTree::Punct(bang)), Some(TokenTree::Group(body))) =
            (token, tokens.get(i + 1), tokens.get(i + 2))
        else {
            continue;
        };
        let Some(&(_, named)) = DECLARING_MACROS
            .iter()
            .find(|(macro_name, _)| name == macro_name)
        else {
            continue;
        };
        if bang.as_char() != '!' || body.stream().to_string().contains('$') {
            continue;
        }
        if named {
            let mut body = body.stream().into_iter();
            let network_name = body.next().expect("`Name:` starts the invocation");
            let _colon = body.next();
            let rest: TokenStream = body.collect();
            found.push(quote!(struct #network_name; #rest));
        } else {
            found.push(body.stream());
        }
    }
    found
}

/// The names `network` uses, as `table/name`.
fn used_names(network: &Network, used: &mut BTreeSet<String>) {
    let mut record = |table: &str, name: &str| used.insert(format!("{table}/{name}"));
    // Without `input(..)` every type is generic over the input width: the first layer's kind
    // decides which of them mention it, so each kind needs an expression starting with it.
    if network.header.is_none()
        && network.input.is_none()
        && let Some(first) = network.layers.first()
    {
        record("expressions starting with", first.kind.name);
    }
    for layer in &network.layers {
        for (argument, given) in layer.kind.arguments.iter().zip(&layer.arguments) {
            let table = match argument.value {
                ArgumentValue::Activation(_) => "activations",
                ArgumentValue::Initializer { .. } => "initializers",
                ArgumentValue::Regularizer { .. } => "regularizers",
                _ => continue,
            };
            // A default names no entry: only what a declaration writes exercises a name.
            if let (true, Given::Configured(configured)) = (given.written, &given.value) {
                record(table, configured.entry.name);
            }
        }
        record("layers", layer.kind.name);
    }
    record("losses", network.loss.entry.name);
    record("optimizers", network.optimizer.entry.name);
    for metric in &network.metrics {
        // `accuracy` stands for one of the accuracies: it does not exercise that name as written.
        if metric.configured.entry.is_called(&metric.logged_as) {
            record("metrics", metric.configured.entry.name);
            record("metrics", &metric.logged_as);
        }
    }
}

/// Every bare identifier in `tokens`, to find the aliases written.
fn identifiers(tokens: TokenStream, found: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                found.insert(ident.to_string());
            }
            TokenTree::Group(group) => identifiers(group.stream(), found),
            _ => {}
        }
    }
}

/// The catalog's names and aliases that no declaration in `source` uses, as `table/name`.
fn missing_names(source: TokenStream) -> Vec<String> {
    let (mut used, mut written) = (BTreeSet::new(), BTreeSet::new());
    for declaration in declarations(source) {
        identifiers(declaration.clone(), &mut written);
        let text = declaration.to_string();
        let mut parsed = syn::parse2(declaration).unwrap_or_else(|error| panic!("{text}: {error}"));
        let mut naming_errors = crate::errors::Errors::default();
        crate::naming::take_declared_name(&mut parsed, &mut naming_errors);
        let network = validate(parsed).unwrap_or_else(|error| panic!("{text}: {error}"));
        used_names(&network, &mut used);
    }

    let tables: [(&str, &[Configurable]); 6] = [
        ("activations", ACTIVATIONS),
        ("losses", LOSSES),
        ("metrics", METRICS),
        ("optimizers", OPTIMIZERS),
        ("initializers", INITIALIZERS),
        ("regularizers", REGULARIZERS),
    ];
    let mut missing = Vec::new();
    for (table, entries) in tables {
        for entry in entries.iter().map(|configurable| &configurable.entry) {
            if !used.contains(&format!("{table}/{}", entry.name)) {
                missing.push(format!("{table}/{}", entry.name));
            }
            for alias in entry.aliases {
                if !written.contains(*alias) {
                    missing.push(format!("{table}/{alias} (alias of {})", entry.name));
                }
            }
        }
    }
    for layer in LAYERS.iter().map(|kind| kind.name) {
        for role in ["layers", "expressions starting with"] {
            if !used.contains(&format!("{role}/{layer}")) {
                missing.push(format!("{role}/{layer}"));
            }
        }
    }
    missing
}

#[test]
fn every_name_of_the_catalog_trains_in_every_name_rs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/every_name.rs");
    let source = std::fs::read_to_string(path).expect("tests/every_name.rs is readable");
    let source: TokenStream = source.parse().expect("tests/every_name.rs is Rust tokens");
    assert!(
        declarations(source.clone()).len() > 30,
        "the declarations of tests/every_name.rs are found"
    );
    let missing = missing_names(source);
    assert!(
        missing.is_empty(),
        "tests/every_name.rs trains no network using: {}",
        missing.join(", ")
    );
}

#[test]
fn the_check_notices_a_name_left_out() {
    let source = quote! {
        macro_rules! trains {
            ($name:ident: $($declaration:tt)*) => {{ nn::network! { struct $name; $($declaration)* } }};
        }
        fn f() {
            trains!(A: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adam(););
            let _ = nn::network!(dense(2, tanh) -> dropout(0.5); loss = mean_absolute_error; optimizer = sgd(); metrics = [accuracy]);
        }
    };
    let missing = missing_names(source);
    for name in [
        "losses/hinge",
        "metrics/binary_accuracy",
        "expressions starting with/dropout",
        "losses/mae (alias of mean_absolute_error)",
    ] {
        assert!(
            missing.iter().any(|missing| missing == name),
            "{name} not in {missing:?}"
        );
    }
    for used in [
        "activations/relu",
        "activations/tanh",
        "losses/mean_squared_error",
        "losses/mean_absolute_error",
        "optimizers/sgd",
        "layers/dense",
        "layers/dropout",
        "expressions starting with/dense",
    ] {
        assert!(
            !missing.iter().any(|missing| missing == used),
            "{used} in {missing:?}"
        );
    }
}
