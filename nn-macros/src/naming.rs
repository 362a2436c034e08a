//! The name of an expression-form network's type, which compile errors, `{:?}` and its summary
//! show: the one declared with the `name = Regressor;` setting (Keras's
//! `Sequential(name=...)`), or else one that spells the chain's widths, `Sequential4x8x1`.
//!
//! An item-form network is named by its `struct Name;`, so there `name = ..` is a mistake: one
//! way to name a thing in each form. The setting is taken out of the declaration before
//! validation, which judges the settings that describe training.

use proc_macro2::Span;
use syn::Ident;

use crate::errors::Errors;
use crate::parse::{Declaration, Setting, SettingValue, Value};
use crate::validate::Network;

/// The setting that names an expression-form network.
const SETTING: &str = "name";

/// Removes every `name = ..` setting from `declaration` and returns the name it declares, if
/// it declares one correctly; each mistake in it is recorded in `errors`.
pub fn take_declared_name(declaration: &mut Declaration, errors: &mut Errors) -> Option<Ident> {
    let (named, others): (Vec<Setting>, Vec<Setting>) = std::mem::take(&mut declaration.settings)
        .into_iter()
        .partition(|setting| setting.name == SETTING);
    declaration.settings = others;
    let (first, repeated) = named.split_first()?;
    for again in repeated {
        let mut error = syn::Error::new(again.name.span(), "`name` is set twice");
        error.combine(syn::Error::new(
            first.name.span(),
            "`name` is first set here",
        ));
        errors.push(error);
    }
    if let Some(header) = &declaration.header {
        let mut error = syn::Error::new(
            first.name.span(),
            format!(
                "this network is already named by `struct {}`: remove `name = ..`, which names a network written as an expression",
                header.name
            ),
        );
        error.combine(syn::Error::new(
            header.name.span(),
            "the network is named here",
        ));
        errors.push(error);
        return None;
    }
    type_name(&first.value, errors)
}

/// The name in `name = value`, if it is one identifier in UpperCamelCase, the way Rust spells a
/// type; otherwise records why not, suggesting the spelling that would do.
fn type_name(value: &SettingValue, errors: &mut Errors) -> Option<Ident> {
    let (written, span) = match value {
        SettingValue::One(Value::Call(call)) => (call.name.to_string(), call.span),
        SettingValue::One(Value::Str(text)) => (text.value(), text.span()),
        SettingValue::One(other) => (String::new(), other.span()),
        SettingValue::List { span, .. } => (String::new(), *span),
    };
    let camel = upper_camel_case(&written);
    if let SettingValue::One(Value::Call(call)) = value
        && call.arguments.is_empty()
        && camel == written
    {
        return Some(call.name.clone());
    }
    let message = match camel.is_empty() {
        true => "`name` is the network's type name, an identifier in UpperCamelCase, such as `name = Regressor;`".to_string(),
        false => format!("`name` is the network's type name, an identifier in UpperCamelCase: write `name = {camel};`"),
    };
    errors.at(span, message);
    None
}

/// `my_model` → `MyModel`, `regressor` → `Regressor`; `MLP` stays. Empty when `written` has no
/// letter to start a type name with, or holds anything but letters, digits and `_`.
fn upper_camel_case(written: &str) -> String {
    if !written.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return String::new();
    }
    let camel: String = written
        .split('_')
        .flat_map(|word| {
            let mut chars = word.chars();
            let first = chars.next().into_iter().flat_map(char::to_uppercase);
            first.chain(chars)
        })
        .collect();
    match camel.chars().next() {
        Some(first) if first.is_alphabetic() => camel,
        _ => String::new(),
    }
}

/// The name a network written as an expression gets when it declares none: `Sequential` (the
/// kind of model Keras calls it) then the width of its input and of each dense layer's output,
/// `Sequential4x8x1`. An input inferred from the data is `N`: `SequentialNx8x1`, whose type
/// shows the width once known, `SequentialNx8x1<3>`. Dropout layers keep the width and are left
/// out.
pub fn derived(network: &Network) -> Ident {
    let input = network
        .input
        .map_or_else(|| "N".to_string(), |width| width.to_string());
    let widths = network
        .layers
        .iter()
        .filter_map(|layer| Some(layer.sets_width()?.to_string()));
    let widths: Vec<String> = std::iter::once(input).chain(widths).collect();
    Ident::new(
        &format!("Sequential{}", widths.join("x")),
        Span::call_site(),
    )
}

/// The stand-in's name when a declaration written as an expression has mistakes, and so no
/// checked chain to derive a name from.
pub fn stand_in() -> Ident {
    Ident::new("Sequential", Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_spelt_as_rust_types() {
        assert_eq!(upper_camel_case("Regressor"), "Regressor");
        assert_eq!(upper_camel_case("regressor"), "Regressor");
        assert_eq!(upper_camel_case("my_model"), "MyModel");
        assert_eq!(upper_camel_case("MLP"), "MLP");
        assert_eq!(upper_camel_case("mlp_2"), "Mlp2");
        assert_eq!(upper_camel_case("_private"), "Private");
        assert_eq!(upper_camel_case("réseau_profond"), "RéseauProfond");
        assert_eq!(upper_camel_case("2layers"), "");
        assert_eq!(upper_camel_case("my model"), "");
        assert_eq!(upper_camel_case(""), "");
    }
}
