//! Judging single values: widths and rates.

use crate::errors::Errors;
use crate::parse::{Number, Value};

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
