//! A network written as an expression has a type named for it: its chain's widths
//! (`Sequential4x8x1`) or the `name = ..` it declares. That name is what compile errors,
//! `{:?}` and `std::any::type_name` show (the compile errors are in `tests/ui/network_name/`).

use std::any::{Any, type_name_of_val};

use nn::prelude::*;

/// The type's own name, without the path of the function it was declared in.
fn short_type_name<T>(value: &T) -> &'static str {
    let full = type_name_of_val(value);
    let generics = full.find('<').unwrap_or(full.len());
    let start = full[..generics].rfind("::").map_or(0, |colons| colons + 2);
    &full[start..]
}

#[test]
fn two_expressions_with_different_chains_are_different_named_types() {
    let narrow =
        nn::network!(input(4) -> dense(8, relu) -> dense(1); loss = mse; optimizer = adam());
    let wide =
        nn::network!(input(4) -> dense(16, relu) -> dense(1); loss = mse; optimizer = adam());
    assert_eq!(short_type_name(&narrow), "Sequential4x8x1");
    assert_eq!(short_type_name(&wide), "Sequential4x16x1");
    assert_ne!(narrow.type_id(), wide.type_id());
}

#[test]
fn an_inferred_input_shows_as_the_width_the_data_gave() {
    let mut net = nn::network!(dense(8, relu) -> dense(1); loss = mse; optimizer = sgd());
    let x = vec![[0.5_f32, -1.0, 2.0]; 4];
    let y = vec![[1.0_f32]; 4];
    net.fit(&x, &y, &FitOptions::new().epochs(1).verbose(0))
        .unwrap();
    assert_eq!(short_type_name(&net), "SequentialNx8x1<3>");
}

#[test]
fn the_name_setting_names_the_type() {
    let rectified = nn::network!(input(4) -> dense(8, relu) -> dense(1); loss = mse; optimizer = adam(); name = Rectified);
    let saturating = nn::network!(input(4) -> dense(8, tanh) -> dense(1); loss = mse; optimizer = adam(); name = Saturating);
    assert_eq!(short_type_name(&rectified), "Rectified");
    assert_eq!(short_type_name(&saturating), "Saturating");
    assert_ne!(rectified.type_id(), saturating.type_id());
}

/// `{:?}` of a network written as an expression starts with its type's name, then the
/// network it wraps (nn's `Network` Debug: widths, loss, optimizer, ...).
#[test]
fn debug_output_starts_with_the_name() {
    let derived =
        nn::network!(input(4) -> dense(8, relu) -> dense(1); loss = mse; optimizer = adam());
    let named = nn::network!(input(4) -> dense(8, relu) -> dense(1); loss = mse; optimizer = adam(); name = Regressor);
    let derived = format!("{derived:?}");
    let named = format!("{named:?}");
    assert!(
        derived.starts_with(
            "Sequential4x8x1 { network: Network { inputs: 4, outputs: 1, parameters: 49,"
        ),
        "{derived}"
    );
    assert!(
        named.starts_with("Regressor { network: Network { inputs: 4, outputs: 1,"),
        "{named}"
    );
}
