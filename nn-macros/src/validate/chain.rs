//! The chain of layers: an optional `input(width)` first, then `dense(..)`, `dropout(..)` and
//! `layer_normalization(..)`.
//!
//! Arguments bind as in Python, so Keras's spellings work: positional ones fill the layer's
//! parameters in order, `key = value` ones by name, and no positional one may follow a named
//! one. `dense(4)`, `dense(4, relu)`, `dense(4, activation = relu)` and
//! `dense(units = 4, activation = relu)` are the same layer; with no activation it is `linear`,
//! Keras's default.

use proc_macro2::Span;
use syn::Ident;

use crate::catalog::{
    ACTIVATIONS, DENSE_OPTIONS, DENSE_PARAMETERS, INITIALIZERS, LAYERS, REGULARIZERS,
};
use crate::errors::Errors;
use crate::parse::{Argument, Call, Value};
use crate::suggest::did_you_mean;

use super::configured::{configured, ordinal};
use super::{Configured, Dense, Layer, LayerNormalization, values};

/// What a layer takes, for binding its arguments and for saying how to write it.
struct Signature {
    /// The parameters that may be given by position, in order.
    parameters: &'static [&'static str],
    /// How many of the first `parameters` must be given.
    required: usize,
    /// How to write the call, ending a message: "write {usage}".
    usage: &'static str,
}

const INPUT: Signature = Signature {
    parameters: &["width"],
    required: 1,
    usage: "`input(width)`",
};

const DROPOUT: Signature = Signature {
    parameters: &["rate"],
    required: 1,
    usage: "`dropout(rate)`",
};

const DENSE: Signature = Signature {
    parameters: DENSE_PARAMETERS,
    required: 1,
    usage: "`dense(units)` or `dense(units, activation)`, then any `key = value` options",
};

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
                input = bind(call, &INPUT, errors)
                    .filter(|bound| no_options(call, &INPUT, bound, errors))
                    .and_then(|bound| bound.values[0])
                    .and_then(|width| values::width(width, "the input width", errors))
            }
            "dense" => layers.extend(dense(call, errors).map(|dense| Layer::Dense(Box::new(dense)))),
            "dropout" => layers.extend(dropout(call, errors)),
            "layer_normalization" => layers.extend(
                layer_normalization(call, errors).map(Layer::LayerNormalization),
            ),
            other => {
                let known = LAYERS.iter().map(|kind| kind.name).chain(std::iter::once("input"));
                errors.at(call.name.span(), format!("unknown layer `{other}`{}", did_you_mean(other, known)));
            }
        }
    }
    if layers.is_empty()
        && calls.iter().all(|call| {
            ["input", "dropout", "layer_normalization"]
                .iter()
                .any(|name| call.name == name)
        })
    {
        errors.at(
            calls[0].span,
            "the network has no dense layer: add one such as `-> dense(1, linear)`",
        );
    }
    (input, layers)
}

/// `dense(units, activation, key = value, ..)`, `activation` optional.
fn dense(call: &Call, errors: &mut Errors) -> Option<Dense> {
    let bound = bind(call, &DENSE, errors)?;
    let units =
        bound.values[0].and_then(|units| values::width(units, "a dense layer's units", errors));
    let activation_value = bound.values[1];
    let activation = match activation_value {
        Some(value) => configured(value, ACTIVATIONS, "activation", errors),
        None => Some(Configured::of(
            ACTIVATIONS
                .iter()
                .find(|activation| activation.entry.name == "linear")
                .expect("the catalog has `linear`"),
            call.span,
        )),
    };
    let mut options: [Option<Configured>; 4] = Default::default();
    let mut use_bias: Option<(bool, &syn::Ident)> = None;
    let mut valid = true;
    for &(key, value) in &bound.options {
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
            let known = DENSE_PARAMETERS.iter().chain(DENSE_OPTIONS).copied();
            let hint = did_you_mean(&option, known);
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
        activation_span: activation_value.map_or(call.span, Value::span),
        activation_written: activation_value.is_some(),
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
    let bound =
        bind(call, &DROPOUT, errors).filter(|bound| no_options(call, &DROPOUT, bound, errors))?;
    values::fraction(bound.values[0]?, "a dropout rate", errors).map(|rate| Layer::Dropout { rate })
}

/// How to write `layer_normalization`'s options, ending a message.
const LAYER_NORMALIZATION_USAGE: &str =
    "`layer_normalization(epsilon = 1e-3, center = true, scale = true)` (Keras's defaults)";

/// `layer_normalization`, `layer_normalization()` or
/// `layer_normalization(epsilon = .., center = .., scale = ..)`, each option by name.
fn layer_normalization(call: &Call, errors: &mut Errors) -> Option<LayerNormalization> {
    const OPTIONS: [&str; 3] = ["epsilon", "center", "scale"];
    let mut layer = LayerNormalization {
        epsilon: 1e-3,
        center: true,
        scale: true,
    };
    let mut given: Vec<&Ident> = Vec::new();
    let mut valid = true;
    for Argument { key, value } in &call.arguments {
        let Some(key) = key else {
            // Keras's first positional parameter is `axis`: a number by position would mean
            // something else there.
            errors.at(
                value.span(),
                format!(
                    "`layer_normalization` takes its options by name, found {} by position: \
                     write {LAYER_NORMALIZATION_USAGE}",
                    value.describe()
                ),
            );
            valid = false;
            continue;
        };
        let option = key.to_string();
        if !OPTIONS.contains(&option.as_str()) {
            let message = match option.as_str() {
                "axis" => {
                    "`layer_normalization` takes no `axis`: it normalizes each sample over all \
                           its values, Keras's default `axis = -1`"
                        .to_string()
                }
                _ => format!(
                    "`layer_normalization` has no option `{option}`{}",
                    did_you_mean(&option, OPTIONS)
                ),
            };
            errors.at(key.span(), message);
            valid = false;
            continue;
        }
        if given.iter().any(|earlier| **earlier == option) {
            errors.at(key.span(), format!("`{option}` is set twice"));
            valid = false;
            continue;
        }
        given.push(key);
        match (option.as_str(), value) {
            ("epsilon", Value::Number(number))
                if number.value as f32 > 0.0 && number.value.is_finite() =>
            {
                layer.epsilon = number.value as f32;
            }
            ("epsilon", Value::Number(number)) => {
                errors.at(
                    number.span,
                    format!(
                        "`epsilon` must be greater than 0 (it keeps a sample whose values are all \
                         equal from dividing by 0), found {}: Keras's default is 1e-3",
                        number.value
                    ),
                );
                valid = false;
            }
            ("epsilon", other) => {
                errors.at(
                    other.span(),
                    format!(
                        "`epsilon` must be a number such as 1e-3, found {}",
                        other.describe()
                    ),
                );
                valid = false;
            }
            (flag, Value::Bool(literal)) => match flag {
                "center" => layer.center = literal.value,
                _ => layer.scale = literal.value,
            },
            (flag, other) => {
                errors.at(
                    other.span(),
                    format!(
                        "`{flag}` must be `true` or `false`, found {}",
                        other.describe()
                    ),
                );
                valid = false;
            }
        }
    }
    valid.then_some(layer)
}

/// A call's arguments matched to its signature's parameters.
struct Bound<'a> {
    /// Per parameter, its value if given (every required one is).
    values: Vec<Option<&'a Value>>,
    /// The `key = value` arguments whose key is not a parameter: options, judged by the layer.
    options: Vec<(&'a Ident, &'a Value)>,
}

/// Binds `call`'s arguments as Python does: positional ones fill `signature`'s parameters in
/// order, `key = value` ones by name. Records an error, counting what was written, for a
/// positional argument after a named one, one too many, a parameter given twice (at both
/// places) and a required one missing.
fn bind<'a>(call: &'a Call, signature: &Signature, errors: &mut Errors) -> Option<Bound<'a>> {
    let layer = call.name.to_string();
    let Signature {
        parameters,
        required,
        usage,
    } = *signature;
    let total = call.arguments.len();
    let positional = call
        .arguments
        .iter()
        .filter(|argument| argument.key.is_none())
        .count();
    // Where each parameter was given and how, for a message if it is given again.
    let mut given: Vec<Option<(Span, String)>> = vec![None; parameters.len()];
    let mut values = vec![None; parameters.len()];
    let mut options = Vec::new();
    let mut valid = true;
    let mut first_named: Option<&Ident> = None;
    let mut position = 0;
    for (index, Argument { key, value }) in call.arguments.iter().enumerate() {
        let (slot, span, how) = match (key, first_named) {
            (None, Some(named)) => {
                errors.at(
                    value.span(),
                    format!(
                        "the {} of `{layer}`'s {total} arguments is positional but follows \
                         `{named} = ..`: positional arguments come first; write {usage}",
                        ordinal(index + 1)
                    ),
                );
                valid = false;
                continue;
            }
            (None, None) if position == parameters.len() => {
                let s = if parameters.len() == 1 { "" } else { "s" };
                errors.at(
                    value.span(),
                    format!(
                        "`{layer}` takes at most {} positional argument{s} ({}), found {positional}: \
                         write {usage}",
                        parameters.len(),
                        listed(parameters)
                    ),
                );
                valid = false;
                // One message for all the extra ones.
                position += positional;
                continue;
            }
            (None, None) if position > parameters.len() => continue,
            (None, None) => {
                position += 1;
                (
                    position - 1,
                    value.span(),
                    format!("as the {} argument", ordinal(position)),
                )
            }
            (Some(key), _) => {
                first_named.get_or_insert(key);
                let Some(slot) = parameters.iter().position(|parameter| key == parameter) else {
                    options.push((key, value));
                    continue;
                };
                (slot, key.span(), format!("as `{key} = ..`"))
            }
        };
        match &given[slot] {
            Some((first_span, first_how)) => {
                let parameter = parameters[slot];
                let mut error = syn::Error::new(
                    span,
                    format!("`{parameter}` is given twice, {first_how} and {how}"),
                );
                error.combine(syn::Error::new(
                    *first_span,
                    format!("`{parameter}` is first given here"),
                ));
                errors.push(error);
                valid = false;
            }
            None => {
                given[slot] = Some((span, how));
                values[slot] = Some(value);
            }
        }
    }
    for parameter in parameters[..required]
        .iter()
        .zip(&values)
        .filter(|(_, value)| value.is_none())
        .map(|(parameter, _)| parameter)
    {
        valid = false;
        // A misspelt name for the missing parameter is the likelier mistake: say so at it.
        let misspelt = options.iter().find(|(key, _)| {
            did_you_mean(&key.to_string(), [*parameter]).starts_with("; did you mean")
        });
        if let Some((key, _)) = misspelt {
            errors.at(
                key.span(),
                format!("`{layer}` has no option `{key}`; did you mean `{parameter}`?"),
            );
            continue;
        }
        let found = match total {
            0 => "found no arguments".to_string(),
            1 => format!("found 1 argument ({})", written(call)),
            _ => format!("found {total} arguments ({})", written(call)),
        };
        errors.at(
            call.span,
            format!("`{layer}` needs `{parameter}`, {found}: write {usage}"),
        );
    }
    valid.then_some(Bound { values, options })
}

/// Whether `bound` has no options, recording an error at the first if it has.
fn no_options(call: &Call, signature: &Signature, bound: &Bound, errors: &mut Errors) -> bool {
    match bound.options.first() {
        Some((key, _)) => {
            let hint = did_you_mean(&key.to_string(), signature.parameters.iter().copied());
            let hint = if hint.starts_with("; did you mean") {
                hint
            } else {
                String::new()
            };
            errors.at(
                key.span(),
                format!("`{}` takes no option `{key}`{hint}", call.name),
            );
            false
        }
        None => true,
    }
}

/// What each argument of `call` was, as written: "`key = ..`" or "an integer by position".
fn written(call: &Call) -> String {
    let each: Vec<String> = call
        .arguments
        .iter()
        .map(|argument| match &argument.key {
            Some(key) => format!("`{key} = ..`"),
            None => format!("{} by position", argument.value.describe()),
        })
        .collect();
    each.join(", ")
}

/// `a`, `a` and `b`, `a`, `b` and `c`
fn listed(parameters: &[&str]) -> String {
    let quoted: Vec<String> = parameters
        .iter()
        .map(|parameter| format!("`{parameter}`"))
        .collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
