//! The settings after the chain: `loss`, `optimizer`, `seed`, each at most once.

use syn::Ident;

use crate::catalog::{CLIPPING, LOSSES, OPTIMIZERS, SETTINGS};
use crate::errors::Errors;
use crate::parse::{Number, Setting, SettingValue, Value};
use crate::suggest::did_you_mean;

use super::Configured;
use super::configured::configured;

/// What the settings declared; a setting that is present but wrong is in `declared` but left
/// `None`, its error already recorded.
#[derive(Default)]
pub struct Settings<'a> {
    declared: Vec<String>,
    pub loss: Option<Configured>,
    pub optimizer: Option<Configured>,
    pub seed: Option<u64>,
    /// The `metrics = [..]` entries, judged once the loss is known.
    pub metric_values: Vec<&'a Value>,
}

impl Settings<'_> {
    pub fn declared(&self, name: &str) -> bool {
        self.declared.iter().any(|declared| declared == name)
    }
}

pub fn settings<'a>(settings: &'a [Setting], errors: &mut Errors) -> Settings<'a> {
    let mut found = Settings::default();
    let mut seen: Vec<&Ident> = Vec::new();
    for setting in settings {
        let name = setting.name.to_string();
        if let Some(first) = seen.iter().find(|first| **first == &setting.name) {
            let mut error = syn::Error::new(setting.name.span(), format!("`{name}` is set twice"));
            error.combine(syn::Error::new(
                first.span(),
                format!("`{name}` is first set here"),
            ));
            errors.push(error);
            continue;
        }
        seen.push(&setting.name);
        found.declared.push(name.clone());
        let value = match (&setting.value, name.as_str()) {
            (SettingValue::List { values, .. }, "metrics") => {
                found.metric_values = values.iter().collect();
                continue;
            }
            (SettingValue::One(value), "metrics") => {
                errors.at(
                    value.span(),
                    "`metrics` takes a list: write `metrics = [mae];`",
                );
                continue;
            }
            (SettingValue::One(value), _) => value,
            (SettingValue::List { span, .. }, _) => {
                errors.at(*span, format!("`{name}` takes one value, not a list"));
                continue;
            }
        };
        match name.as_str() {
            "loss" => found.loss = configured(value, LOSSES, "loss", errors),
            "optimizer" => {
                found.optimizer = configured(value, OPTIMIZERS, "optimizer", errors)
                    .filter(|optimizer| one_clipping(optimizer, errors))
            }
            "seed" => found.seed = seed(value, errors),
            _ => errors.at(
                setting.name.span(),
                format!(
                    "unknown setting `{name}`{}",
                    did_you_mean(&name, SETTINGS.iter().copied())
                ),
            ),
        }
    }
    found
}

fn seed(value: &Value, errors: &mut Errors) -> Option<u64> {
    match value {
        Value::Number(Number {
            integer: Some(integer),
            ..
        }) if u64::try_from(*integer).is_ok() => u64::try_from(*integer).ok(),
        other => {
            errors.at(other.span(), "`seed` must be a whole number of at least 0");
            None
        }
    }
}

/// Whether at most one gradient-clipping option is set, as Keras requires; records an error if
/// not.
fn one_clipping(optimizer: &Configured, errors: &mut Errors) -> bool {
    let set: Vec<&str> = CLIPPING
        .iter()
        .copied()
        .filter(|clip| {
            optimizer
                .fields
                .iter()
                .any(|(field, _)| field.strip_prefix("options.") == Some(*clip))
        })
        .collect();
    if set.len() > 1 {
        errors.at(
            optimizer.span,
            format!("`{}` takes one of `clipnorm`, `global_clipnorm` and `clipvalue`, as Keras does; found `{}`", optimizer.entry.name, set.join("` and `")),
        );
        return false;
    }
    true
}
