//! Judging single values: widths.

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
