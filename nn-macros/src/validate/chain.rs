//! The chain of layers: an optional `input(width)` first, then the layers of the catalog, each
//! call's arguments bound by `binding` and judged against the catalog's entry for its kind.

use proc_macro2::Span;

use crate::catalog::{
    ACTIVATIONS, ArgumentValue, Configurable, INITIALIZERS, Kind, LAYERS, LayerArgument, LayerKind,
    REGULARIZERS, layer_kind,
};
use crate::errors::Errors;
use crate::parse::{Call, Value};
use crate::suggest::did_you_mean;

use super::binding::{Signature, Written, bind};
use super::configured::configured;
use super::{Argument, Configured, Given, Layer, values};

/// `input(width)`.
const INPUT: Signature = Signature {
    parameters: &["width"],
    positional: 1,
    required: &[true],
    usage: "`input(width)`",
    not_taken: &[],
};

/// The optional `input(width)` and the layers after it.
pub fn chain(calls: &[Call], errors: &mut Errors) -> (Option<usize>, Vec<Layer>) {
    let mut input = None;
    let mut layers = Vec::new();
    for (position, call) in calls.iter().enumerate() {
        let name = call.name.to_string();
        if name == "input" {
            if position > 0 {
                errors.at(
                    call.name.span(),
                    "`input(..)` must come first: it declares the width of the data the first \
                     layer takes",
                );
                continue;
            }
            input = bind(call, &INPUT, errors)
                .and_then(|bound| bound[0])
                .and_then(|width| values::width(width.value, "the input width", errors));
            continue;
        }
        match layer_kind(&name) {
            Some(kind) => layers.extend(layer(call, kind, errors)),
            None => {
                let known = LAYERS.iter().map(|kind| kind.name).chain(["input"]);
                errors.at(
                    call.name.span(),
                    format!("unknown layer `{name}`{}", did_you_mean(&name, known)),
                );
            }
        }
    }
    let sets_no_width = |call: &Call| {
        call.name == "input"
            || layer_kind(&call.name.to_string()).is_some_and(|kind| {
                !kind
                    .arguments
                    .iter()
                    .any(|argument| matches!(argument.value, ArgumentValue::Width))
            })
    };
    if calls.iter().all(sets_no_width) {
        errors.at(
            calls[0].span,
            "the network has no dense layer: add one such as `-> dense(1, linear)`",
        );
    }
    (input, layers)
}

/// A call of the layer `kind`, its arguments bound and judged, Keras's defaults filled in.
fn layer(call: &Call, kind: &'static LayerKind, errors: &mut Errors) -> Option<Layer> {
    let parameters: Vec<&'static str> = kind
        .arguments
        .iter()
        .map(|argument| argument.name)
        .collect();
    let required: Vec<bool> = kind.arguments.iter().map(is_required).collect();
    let signature = Signature {
        parameters: &parameters,
        positional: kind.positional,
        required: &required,
        usage: kind.usage,
        not_taken: kind.not_taken,
    };
    let bound = bind(call, &signature, errors)?;
    let mut valid = true;
    let mut arguments = Vec::with_capacity(bound.len());
    for (argument, written) in kind.arguments.iter().zip(bound) {
        match judge(kind, argument, written, call.span, errors) {
            Some(judged) => arguments.push(judged),
            None => valid = false,
        }
    }
    if !valid {
        return None;
    }
    let layer = Layer {
        kind,
        span: call.span,
        arguments,
    };
    needs_met(&layer, errors).then_some(layer)
}

/// Whether an argument has no default, so must be written.
fn is_required(argument: &LayerArgument) -> bool {
    matches!(
        argument.value,
        ArgumentValue::Width | ArgumentValue::Number(_, None) | ArgumentValue::Activation(None)
    )
}

/// The argument's value as written, judged, or its default at the call's `span`.
fn judge(
    kind: &LayerKind,
    argument: &LayerArgument,
    written: Option<Written>,
    span: Span,
    errors: &mut Errors,
) -> Option<Argument> {
    let Some(Written { value, span }) = written else {
        let value = match argument.value {
            ArgumentValue::Number(_, Some(default)) => Given::Number(default),
            ArgumentValue::Bool(default) => Given::Bool(default),
            ArgumentValue::Activation(Some(default)) => {
                Given::Configured(Configured::of(named(ACTIVATIONS, default), span))
            }
            ArgumentValue::Initializer { default } => {
                Given::Configured(Configured::of(named(INITIALIZERS, default), span))
            }
            ArgumentValue::Regularizer { .. } => Given::Nothing,
            ArgumentValue::Width
            | ArgumentValue::Number(_, None)
            | ArgumentValue::Activation(None) => {
                unreachable!("`bind` refuses a call without a required argument")
            }
        };
        return Some(Argument {
            value,
            span,
            written: false,
        });
    };
    let what = format!("`{}`'s `{}`", kind.name, argument.name);
    let judged = match argument.value {
        ArgumentValue::Width => values::width(value, &what, errors).map(Given::Width),
        ArgumentValue::Number(range, default) => {
            number(value, range, default, &what, argument.why, errors).map(Given::Number)
        }
        ArgumentValue::Bool(_) => match value {
            Value::Bool(flag) => Some(Given::Bool(flag.value)),
            other => {
                errors.at(
                    other.span(),
                    format!(
                        "{what} must be `true` or `false`, found {}",
                        other.describe()
                    ),
                );
                None
            }
        },
        ArgumentValue::Activation(_) => {
            configured(value, ACTIVATIONS, "activation", errors).map(Given::Configured)
        }
        ArgumentValue::Initializer { .. } => {
            configured(value, INITIALIZERS, "initializer", errors).map(Given::Configured)
        }
        ArgumentValue::Regularizer { .. } => {
            configured(value, REGULARIZERS, "regularizer", errors).map(Given::Configured)
        }
    };
    judged.map(|value| Argument {
        value,
        span,
        written: true,
    })
}

/// A number `range` accepts; a refusal says why the range is what it is and Keras's default.
fn number(
    value: &Value,
    range: Kind,
    default: Option<f64>,
    what: &str,
    why: &str,
    errors: &mut Errors,
) -> Option<f64> {
    let why = match why {
        "" => String::new(),
        why => format!(" ({why})"),
    };
    let default = default.map_or_else(String::new, |default| {
        format!(": Keras's default is {}", as_keras_writes(default))
    });
    match value {
        // A layer holds its hyperparameters as f32: the value it will hold is what must be in
        // range (`dropout(0.999999999)` is a rate of 1 in f32, and would divide by 0).
        Value::Number(number) if range.accepts(number.value as f32 as f64) => Some(number.value),
        Value::Number(number) => {
            let held = number.value as f32;
            let rounded = match range.accepts(number.value) {
                true => format!(", which the layer holds as the f32 {held}"),
                false => String::new(),
            };
            errors.at(
                number.span,
                format!(
                    "{what} must be {}{why}, found {}{rounded}{default}",
                    range.describe(),
                    number.value
                ),
            );
            None
        }
        other => {
            errors.at(
                other.span(),
                format!(
                    "{what} must be a number {}, found {}{default}",
                    range.describe(),
                    other.describe()
                ),
            );
            None
        }
    }
}

/// `0.99`, and `1e-3` for a small number, as Keras's signatures write them.
fn as_keras_writes(number: f64) -> String {
    match number.abs() {
        small if small > 0.0 && small < 0.01 => format!("{number:e}"),
        _ => number.to_string(),
    }
}

/// The entry of `table` called `name`, which the catalog's own defaults name.
fn named(table: &'static [Configurable], name: &str) -> &'static Configurable {
    table
        .iter()
        .find(|configurable| configurable.entry.name == name)
        .unwrap_or_else(|| panic!("the catalog's default `{name}` is in its table"))
}

/// Whether every written argument that needs a boolean argument has it true; records an error
/// at each that does not.
fn needs_met(layer: &Layer, errors: &mut Errors) -> bool {
    let mut met = true;
    for (argument, given) in layer.kind.arguments.iter().zip(&layer.arguments) {
        let Some(flag) = argument.needs else { continue };
        if !given.written || layer.flag(flag) {
            continue;
        }
        met = false;
        let mut error = syn::Error::new(
            given.span,
            format!(
                "with `{flag} = false` the layer has nothing for `{}` to act on: drop one of the \
                 two",
                argument.name
            ),
        );
        error.combine(syn::Error::new(
            layer.argument(flag).span,
            format!("`{flag} = false` is set here"),
        ));
        errors.push(error);
    }
    met
}
