//! Binding a call's arguments to a layer's parameters as Python does, so that Keras's
//! spellings work: positional ones fill the parameters that may be given by position, in
//! order, `key = value` ones any parameter by name, and no positional one may follow a named
//! one. `dense(4)`, `dense(4, relu)`, `dense(4, activation = relu)` and
//! `dense(units = 4, activation = relu)` bind alike.

use proc_macro2::Span;
use syn::Ident;

use crate::errors::Errors;
use crate::parse::{Argument, Call, Value};
use crate::suggest::did_you_mean;

use super::configured::ordinal;

/// What a call takes, for binding its arguments and for saying how to write it.
pub struct Signature<'a> {
    /// Every parameter, by name, in order.
    pub parameters: &'a [&'static str],
    /// How many of the first `parameters` may be given by position.
    pub positional: usize,
    /// Per parameter, whether it must be given.
    pub required: &'a [bool],
    /// How to write the call, ending a message: "write {usage}".
    pub usage: &'a str,
    /// Keras's parameters this call does not take, with the reason.
    pub not_taken: &'a [(&'static str, &'static str)],
}

/// One parameter's value as written, with where to point at it (its key, if named).
#[derive(Clone, Copy)]
pub struct Written<'a> {
    pub value: &'a Value,
    pub span: Span,
}

/// Binds `call`'s arguments to `signature`'s parameters, returning per parameter its value
/// if given. Records an error, counting what was written, for a positional argument after a
/// named one, one too many, an unknown or refused key, a parameter given twice (at both
/// places) and a required one missing; returns `None` after any.
pub fn bind<'a>(
    call: &'a Call,
    signature: &Signature,
    errors: &mut Errors,
) -> Option<Vec<Option<Written<'a>>>> {
    let layer = call.name.to_string();
    let Signature {
        parameters,
        positional,
        usage,
        ..
    } = *signature;
    let total = call.arguments.len();
    let positional_given = call
        .arguments
        .iter()
        .filter(|argument| argument.key.is_none())
        .count();
    // Where each parameter was given and how, for a message if it is given again.
    let mut how_given: Vec<Option<String>> = vec![None; parameters.len()];
    let mut values: Vec<Option<Written>> = vec![None; parameters.len()];
    let mut unknown: Vec<&Ident> = Vec::new();
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
            (None, None) if positional == 0 => {
                errors.at(
                    value.span(),
                    format!(
                        "`{layer}` takes its arguments by name, found {} by position: write \
                         {usage}",
                        value.describe()
                    ),
                );
                valid = false;
                continue;
            }
            (None, None) if position == positional => {
                let s = if positional == 1 { "" } else { "s" };
                errors.at(
                    value.span(),
                    format!(
                        "`{layer}` takes at most {positional} positional argument{s} ({}), found \
                         {positional_given}: write {usage}",
                        listed(&parameters[..positional])
                    ),
                );
                valid = false;
                // One message for all the extra ones.
                position += positional_given;
                continue;
            }
            (None, None) if position > positional => continue,
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
                    unknown.push(key);
                    continue;
                };
                (slot, key.span(), format!("as `{key} = ..`"))
            }
        };
        match (&how_given[slot], values[slot]) {
            (Some(first_how), Some(first)) => {
                let parameter = parameters[slot];
                let message = match *first_how == how {
                    true => format!("`{parameter}` is given twice"),
                    false => format!("`{parameter}` is given twice, {first_how} and {how}"),
                };
                let mut error = syn::Error::new(span, message);
                error.combine(syn::Error::new(
                    first.span,
                    format!("`{parameter}` is first given here"),
                ));
                errors.push(error);
                valid = false;
            }
            _ => {
                how_given[slot] = Some(how);
                values[slot] = Some(Written { value, span });
            }
        }
    }
    valid &= missing_ones_said(call, signature, &values, &mut unknown, errors);
    for key in unknown {
        valid = false;
        let text = key.to_string();
        let message = match signature.not_taken.iter().find(|(name, _)| *name == text) {
            Some((_, why)) => format!("`{layer}` takes no `{text}`: {why}"),
            None => format!(
                "`{layer}` has no option `{text}`{}",
                did_you_mean(&text, parameters.iter().copied())
            ),
        };
        errors.at(key.span(), message);
    }
    valid.then_some(values)
}

/// Records an error for each required parameter not given, at the unknown key that is likely
/// a misspelling of it (taking that key out of `unknown`) or else at the call; returns whether
/// none is missing.
fn missing_ones_said(
    call: &Call,
    signature: &Signature,
    values: &[Option<Written>],
    unknown: &mut Vec<&Ident>,
    errors: &mut Errors,
) -> bool {
    let layer = &call.name;
    let mut none_missing = true;
    let missing = signature
        .parameters
        .iter()
        .zip(signature.required)
        .zip(values)
        .filter(|((_, required), value)| **required && value.is_none())
        .map(|((parameter, _), _)| parameter);
    for parameter in missing {
        none_missing = false;
        // A misspelt name for the missing parameter is the likelier mistake: say so at it.
        let misspelt = unknown.iter().position(|key| {
            did_you_mean(&key.to_string(), [*parameter]).starts_with("; did you mean")
        });
        if let Some(index) = misspelt {
            let key = unknown.remove(index);
            errors.at(
                key.span(),
                format!("`{layer}` has no option `{key}`; did you mean `{parameter}`?"),
            );
            continue;
        }
        let total = call.arguments.len();
        let found = match total {
            0 => "found no arguments".to_string(),
            1 => format!("found 1 argument ({})", written(call)),
            _ => format!("found {total} arguments ({})", written(call)),
        };
        errors.at(
            call.span,
            format!(
                "`{layer}` needs `{parameter}`, {found}: write {}",
                signature.usage
            ),
        );
    }
    none_missing
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
