//! `name(key = value, ..)` against a table of configurable types: optimizers, initializers,
//! regularizers.

use crate::catalog::{self, Configurable, Hyperparameter, Kind};
use crate::errors::Errors;
use crate::parse::{Call, Value};
use crate::suggest::did_you_mean;

use super::{Configured, FieldValue};

/// Resolves `value` (a name, with or without arguments) as one of `table`'s types, checking
/// every argument; `kind` names the family in messages ("optimizer").
pub fn configured(
    value: &Value,
    table: &'static [Configurable],
    kind: &str,
    errors: &mut Errors,
) -> Option<Configured> {
    let Value::Call(call) = value else {
        errors.at(
            value.span(),
            format!("expected the name of a {kind}, found {}", value.describe()),
        );
        return None;
    };
    let text = call.name.to_string();
    let Some(configurable) = table
        .iter()
        .find(|configurable| configurable.entry.is_called(&text))
    else {
        let known = catalog::names(table.iter().map(|configurable| &configurable.entry));
        errors.at(
            call.name.span(),
            format!("unknown {kind} `{text}`{}", did_you_mean(&text, known)),
        );
        return None;
    };
    let fields = arguments(call, configurable, errors)?;
    Some(Configured {
        entry: &configurable.entry,
        catalog: configurable,
        fields,
        span: call.name.span(),
    })
}

/// Every argument of `call`: positional ones, which come first, fill the hyperparameters in
/// order, named ones by name; each is checked, and none may be given twice.
fn arguments(
    call: &Call,
    configurable: &Configurable,
    errors: &mut Errors,
) -> Option<Vec<(&'static str, FieldValue)>> {
    let name = configurable.entry.name;
    let mut fields: Vec<(&'static str, FieldValue)> = Vec::new();
    let mut valid = true;
    for (position, argument) in call.arguments.iter().enumerate() {
        let parameter = match &argument.key {
            Some(key) => {
                let text = key.to_string();
                let found = configurable
                    .parameters
                    .iter()
                    .find(|parameter| parameter.entry.is_called(&text));
                if found.is_none() {
                    let known = catalog::names(
                        configurable
                            .parameters
                            .iter()
                            .map(|parameter| &parameter.entry),
                    );
                    let hint = match configurable.parameters.len() {
                        0 => format!("; `{name}` takes no arguments"),
                        _ => did_you_mean(&text, known),
                    };
                    errors.at(
                        key.span(),
                        format!("`{name}` has no hyperparameter `{text}`{hint}"),
                    );
                }
                found
            }
            None => {
                let first_named = call.arguments[..position]
                    .iter()
                    .find_map(|argument| argument.key.as_ref());
                let count = configurable.parameters.len();
                let found = match first_named {
                    Some(named) => {
                        errors.at(
                            argument.value.span(),
                            format!(
                                "the {} of `{name}`'s {} arguments is positional but follows \
                                 `{named} = ..`: positional arguments come first",
                                ordinal(position + 1),
                                call.arguments.len()
                            ),
                        );
                        None
                    }
                    None => configurable.parameters.get(position),
                };
                // One message for all the extra ones, at the first.
                if first_named.is_none() && position == count {
                    let positional = call
                        .arguments
                        .iter()
                        .take_while(|argument| argument.key.is_none())
                        .count();
                    let message = match count {
                        0 => format!("`{name}` takes no arguments, found {positional}"),
                        1 => format!(
                            "`{name}` takes at most 1 positional argument, found {positional}"
                        ),
                        _ => format!(
                            "`{name}` takes at most {count} positional arguments, found \
                             {positional}; name them as `key = value`"
                        ),
                    };
                    errors.at(argument.value.span(), message);
                }
                found
            }
        };
        let Some(parameter) = parameter else {
            valid = false;
            continue;
        };
        let written = argument
            .key
            .as_ref()
            .map_or_else(|| parameter.entry.name.to_string(), ToString::to_string);
        match field(parameter, &written, &argument.value, errors) {
            Some(value)
                if fields
                    .iter()
                    .any(|(set, _)| *set == parameter.entry.rust_name) =>
            {
                errors.at(
                    argument.value.span(),
                    format!("`{}` is set twice", parameter.entry.name),
                );
                let _ = value;
                valid = false;
            }
            Some(value) => fields.push((parameter.entry.rust_name, value)),
            None => valid = false,
        }
    }
    valid.then_some(fields)
}

/// 1st, 2nd, 3rd, 4th, ..
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One hyperparameter's value, checked against its kind.
fn field(
    parameter: &Hyperparameter,
    written: &str,
    value: &Value,
    errors: &mut Errors,
) -> Option<FieldValue> {
    match (parameter.kind, value) {
        (Kind::Bool, Value::Bool(literal)) => Some(FieldValue::Bool(literal.value)),
        (Kind::Class, Value::Number(number)) => match number.integer.map(usize::try_from) {
            Some(Ok(index)) => Some(FieldValue::Class(index)),
            _ => {
                errors.at(
                    number.span,
                    format!(
                        "`{written}` must be a class index such as 0, found {}",
                        number.value
                    ),
                );
                None
            }
        },
        (Kind::Count, Value::Number(number)) => match number.integer.map(usize::try_from) {
            Some(Ok(count)) if count >= 1 => Some(FieldValue::Count(count)),
            _ => {
                errors.at(
                    number.span,
                    format!(
                        "`{written}` must be a whole number of at least 1, found {}",
                        number.value
                    ),
                );
                None
            }
        },
        (
            kind @ (Kind::OptionalThreshold | Kind::OptionalPositive | Kind::OptionalNonNegative),
            Value::Number(number),
        ) if kind.accepts(number.value) => Some(FieldValue::SomeFloat(number.value as f32)),
        (Kind::Bool, other) => {
            errors.at(
                other.span(),
                format!(
                    "`{written}` must be `true` or `false`, found {}",
                    other.describe()
                ),
            );
            None
        }
        (kind, Value::Number(number)) if kind.accepts(number.value) => {
            Some(FieldValue::Float(number.value))
        }
        (kind, Value::Number(number)) => {
            errors.at(
                number.span,
                format!(
                    "`{written}` must be {}, found {}",
                    kind.describe(),
                    number.value
                ),
            );
            None
        }
        (_, other) => {
            errors.at(
                other.span(),
                format!("`{written}` must be a number, found {}", other.describe()),
            );
            None
        }
    }
}
