//! Judging single values: widths, rates, bare names.

use syn::Ident;

use crate::catalog::{self, Entry};
use crate::errors::Errors;
use crate::parse::{Number, Value};
use crate::suggest::did_you_mean;

/// A width: an integer of at least 1.
pub fn width(value: &Value, what: &str, errors: &mut Errors) -> Option<usize> {
    match value {
        Value::Number(Number {
            integer: Some(integer),
            span,
            ..
        }) => match usize::try_from(*integer) {
            Ok(width) if width >= 1 => Some(width),
            _ => {
                errors.at(*span, format!("{what} must be at least 1, found {integer}"));
                None
            }
        },
        other => {
            errors.at(
                other.span(),
                format!(
                    "{what} must be a whole number such as 16, found {}",
                    other.describe()
                ),
            );
            None
        }
    }
}

/// A number in `[0, 1)`.
pub fn fraction(value: &Value, what: &str, errors: &mut Errors) -> Option<f32> {
    match value {
        Value::Number(number) if (0.0..1.0).contains(&number.value) => Some(number.value as f32),
        Value::Number(number) => {
            errors.at(
                number.span,
                format!("{what} must be in [0, 1), found {}", number.value),
            );
            None
        }
        other => {
            errors.at(
                other.span(),
                format!(
                    "{what} must be a number in [0, 1), found {}",
                    other.describe()
                ),
            );
            None
        }
    }
}

/// A bare name (`relu`) that must be one of `entries`.
pub fn name(
    value: &Value,
    entries: &'static [Entry],
    kind: &str,
    errors: &mut Errors,
) -> Option<&'static Entry> {
    match value {
        Value::Call(call) => {
            let entry = lookup(&call.name, entries, kind, errors)?;
            if let Some(argument) = call.arguments.first() {
                errors.at(
                    argument.value.span(),
                    format!("the {kind} `{}` takes no arguments", call.name),
                );
            }
            Some(entry)
        }
        other => {
            errors.at(
                other.span(),
                format!("expected the name of a {kind}, found {}", other.describe()),
            );
            None
        }
    }
}

/// Resolves a name among `entries`, or records "unknown {kind}" with a suggestion.
pub fn lookup(
    name: &Ident,
    entries: &'static [Entry],
    kind: &str,
    errors: &mut Errors,
) -> Option<&'static Entry> {
    let text = name.to_string();
    let found = entries.iter().find(|entry| entry.is_called(&text));
    if found.is_none() {
        errors.at(
            name.span(),
            format!(
                "unknown {kind} `{text}`{}",
                did_you_mean(&text, catalog::names(entries.iter()))
            ),
        );
    }
    found
}
