//! The chain of layers: an optional `input(width)` first, then `dense(..)` and `dropout(..)`.

use crate::catalog::{ACTIVATIONS, DENSE_OPTIONS, INITIALIZERS, LAYERS, REGULARIZERS};
use crate::errors::Errors;
use crate::parse::{Argument, Call, Value};
use crate::suggest::did_you_mean;

use super::configured::configured;
use super::{Configured, Dense, Layer, values};

/// The optional `input(width)` and the layers after it.
pub fn chain(calls: &[Call], errors: &mut Errors) -> (Option<usize>, Vec<Layer>) {
    let mut input = None;
    let mut layers = Vec::new();
    for (position, call) in calls.iter().enumerate() {
        match call.name.to_string().as_str() {
            "input" if position > 0 => errors.at(
                call.name.span(),
                "`input(..)` must come first: it declares the width of the data the first layer takes",
            ),
            "input" => {
                input = positional::<1>(call, "input(width)", errors)
                    .filter(|_| no_options(call, errors))
                    .and_then(|[width]| values::width(width, "the input width", errors))
            }
            "dense" => layers.extend(dense(call, errors).map(|dense| Layer::Dense(Box::new(dense)))),
            "dropout" => layers.extend(dropout(call, errors)),
            other => {
                let known = LAYERS.iter().copied().chain(std::iter::once("input"));
                errors.at(call.name.span(), format!("unknown layer `{other}`{}", did_you_mean(other, known)));
            }
        }
    }
    if layers.is_empty()
        && calls
            .iter()
            .all(|call| call.name == "input" || call.name == "dropout")
    {
        errors.at(
            calls[0].span,
            "the network has no dense layer: add one such as `-> dense(1, linear)`",
        );
    }
    (input, layers)
}

/// `dense(units, activation, key = value, ..)`.
fn dense(call: &Call, errors: &mut Errors) -> Option<Dense> {
    let usage = "dense(units, activation)";
    let [units, activation_value] = positional::<2>(call, usage, errors)?;
    let units = values::width(units, "a dense layer's units", errors);
    let activation = configured(activation_value, ACTIVATIONS, "activation", errors);
    let mut options: [Option<Configured>; 4] = Default::default();
    let mut use_bias: Option<(bool, &syn::Ident)> = None;
    let mut valid = true;
    for Argument { key, value } in &call.arguments {
        let Some(key) = key else { continue };
        let option = key.to_string();
        if option == "use_bias" {
            match value {
                Value::Bool(flag) if use_bias.is_none() => use_bias = Some((flag.value, key)),
                Value::Bool(_) => {
                    errors.at(key.span(), "`use_bias` is set twice");
                    valid = false;
                }
                other => {
                    errors.at(
                        other.span(),
                        format!(
                            "`use_bias` must be `true` or `false`, found {}",
                            other.describe()
                        ),
                    );
                    valid = false;
                }
            }
            continue;
        }
        let Some(index) = DENSE_OPTIONS[1..].iter().position(|known| *known == option) else {
            let hint = did_you_mean(&option, DENSE_OPTIONS.iter().copied());
            errors.at(
                key.span(),
                format!("`dense` has no option `{option}`{hint}"),
            );
            valid = false;
            continue;
        };
        if options[index].is_some() {
            errors.at(key.span(), format!("`{option}` is set twice"));
            valid = false;
            continue;
        }
        let (table, kind) = if option.ends_with("initializer") {
            (INITIALIZERS, "initializer")
        } else {
            (REGULARIZERS, "regularizer")
        };
        options[index] = configured(value, table, kind, errors);
        valid &= options[index].is_some();
    }
    let [
        kernel_initializer,
        bias_initializer,
        kernel_regularizer,
        bias_regularizer,
    ] = options;
    let use_bias = match use_bias {
        Some((false, key)) if bias_initializer.is_some() || bias_regularizer.is_some() => {
            errors.at(
                key.span(),
                "with `use_bias = false` the layer has no bias to initialize or regularize",
            );
            valid = false;
            false
        }
        Some((flag, _)) => flag,
        None => true,
    };
    Some(Dense {
        units: units?,
        activation: activation?,
        activation_span: activation_value.span(),
        use_bias,
        kernel_initializer,
        bias_initializer,
        kernel_regularizer,
        bias_regularizer,
    })
    .filter(|_| valid)
}

/// `dropout(rate)`.
fn dropout(call: &Call, errors: &mut Errors) -> Option<Layer> {
    let [rate] =
        positional::<1>(call, "dropout(rate)", errors).filter(|_| no_options(call, errors))?;
    values::fraction(rate, "a dropout rate", errors).map(|rate| Layer::Dropout { rate })
}

/// Exactly `N` positional arguments first (named options may follow), or an error showing
/// `usage`.
fn positional<'a, const N: usize>(
    call: &'a Call,
    usage: &str,
    errors: &mut Errors,
) -> Option<[&'a Value; N]> {
    let values: Vec<&Value> = call
        .arguments
        .iter()
        .take_while(|argument| argument.key.is_none())
        .map(|argument| &argument.value)
        .collect();
    let extra = call
        .arguments
        .iter()
        .skip(values.len())
        .find(|argument| argument.key.is_none());
    if let Some(extra) = extra {
        errors.at(
            extra.value.span(),
            format!("positional arguments come first: write `{usage}`, then `key = value` options"),
        );
        return None;
    }
    let count = values.len();
    let values: Option<[&Value; N]> = values.try_into().ok();
    if values.is_none() {
        let s = if N == 1 { "" } else { "s" };
        errors.at(
            call.span,
            format!(
                "`{}` takes {N} argument{s}, found {count}: write `{usage}`",
                call.name
            ),
        );
    }
    values
}

/// Whether `call` has no `key = value` options, recording an error at the first if it has.
fn no_options(call: &Call, errors: &mut Errors) -> bool {
    match call
        .arguments
        .iter()
        .find_map(|argument| argument.key.as_ref())
    {
        Some(key) => {
            errors.at(
                key.span(),
                format!("`{}` takes no option `{key}`", call.name),
            );
            false
        }
        None => true,
    }
}
