//! Phase 2: judges every name and value of a parsed declaration, collecting every mistake, and
//! produces the checked network that `expand` writes out.

use proc_macro2::Span;
use syn::{Attribute, Ident};

use crate::catalog::{
    self, ACTIVATIONS, Entry, Hyperparameter, LAYERS, LOSSES, OPTIMIZERS, SETTINGS,
};
use crate::errors::Errors;
use crate::parse::{Argument, Call, Declaration, Header, Number, Setting, SettingValue, Value};
use crate::suggest::did_you_mean;

/// A declaration whose every name resolved and every value is in range.
pub struct Network {
    pub attrs: Vec<Attribute>,
    pub header: Option<Header>,
    /// The input width, if declared with `input(..)`; otherwise inferred from the data.
    pub input: Option<usize>,
    pub layers: Vec<Layer>,
    pub loss: Configured,
    pub optimizer: Configured,
    pub seed: Option<u64>,
}

/// One layer of the chain.
pub enum Layer {
    Dense {
        units: usize,
        activation: &'static Entry,
    },
}

impl Layer {
    pub fn units(&self) -> usize {
        match self {
            Layer::Dense { units, .. } => *units,
        }
    }
}

/// An nn-core type with some of its fields set from the declaration; the others keep the
/// type's `Default`, which is Keras's default.
pub struct Configured {
    pub entry: &'static Entry,
    pub fields: Vec<(&'static str, f32)>,
}

/// Checks a parsed declaration, returning every mistake found, not just the first.
pub fn validate(declaration: Declaration) -> syn::Result<Network> {
    let mut errors = Errors::default();
    if declaration.header.is_none()
        && let Some(attr) = declaration.attrs.first()
    {
        errors.at(
            attr.pound_token.span,
            "attributes need a named network: write `pub struct Name;` before the layers",
        );
    }
    let (input, layers) = chain(&declaration.chain, &mut errors);
    let settings = settings(&declaration.settings, &mut errors);
    let whole = network_span(&declaration);
    if !settings.declared.iter().any(|name| name == "loss") {
        errors.at(
            whole,
            "the network has no loss: add a setting such as `loss = mse;`",
        );
    }
    if !settings.declared.iter().any(|name| name == "optimizer") {
        errors.at(
            whole,
            "the network has no optimizer: add a setting such as `optimizer = adam(lr = 0.001);`",
        );
    }
    match (settings.loss, settings.optimizer) {
        (Some(loss), Some(optimizer)) => errors.finish(Network {
            attrs: declaration.attrs,
            header: declaration.header,
            input,
            layers,
            loss,
            optimizer,
            seed: settings.seed,
        }),
        _ => Err(errors
            .finish(())
            .expect_err("a missing or invalid setting was recorded")),
    }
}

/// The optional `input(width)` and the layers after it.
fn chain(calls: &[Call], errors: &mut Errors) -> (Option<usize>, Vec<Layer>) {
    let mut input = None;
    let mut layers = Vec::new();
    for (position, call) in calls.iter().enumerate() {
        match call.name.to_string().as_str() {
            "input" if position > 0 => errors.at(
                call.name.span(),
                "`input(..)` must come first: it declares the width of the data the first layer takes",
            ),
            "input" => input = input_width(call, errors),
            "dense" => {
                if let Some(layer) = dense(call, errors) {
                    layers.push(layer);
                }
            }
            other => {
                let known = LAYERS.iter().copied().chain(std::iter::once("input"));
                errors.at(call.name.span(), format!("unknown layer `{other}`{}", did_you_mean(other, known)));
            }
        }
    }
    if layers.is_empty() && calls.iter().all(|call| call.name == "input") {
        errors.at(
            calls[0].span,
            "the network has no layers: add one such as `-> dense(1, linear)`",
        );
    }
    (input, layers)
}

/// `input(width)`.
fn input_width(call: &Call, errors: &mut Errors) -> Option<usize> {
    match positional::<1>(call, "input(width)", errors) {
        Some([width]) => width_of(width, "input width", errors),
        None => None,
    }
}

/// `dense(units, activation)`.
fn dense(call: &Call, errors: &mut Errors) -> Option<Layer> {
    let [units, activation] = positional::<2>(call, "dense(units, activation)", errors)?;
    let units = width_of(units, "a dense layer's units", errors);
    let activation = named_entry(activation, ACTIVATIONS, "activation", errors);
    Some(Layer::Dense {
        units: units?,
        activation: activation?,
    })
}

/// Exactly `N` positional arguments and no named ones, or an error showing `usage`.
fn positional<'a, const N: usize>(
    call: &'a Call,
    usage: &str,
    errors: &mut Errors,
) -> Option<[&'a Value; N]> {
    if let Some(Argument { key: Some(key), .. }) = call
        .arguments
        .iter()
        .find(|argument| argument.key.is_some())
    {
        errors.at(
            key.span(),
            format!("unknown option `{key}`: write `{usage}`"),
        );
        return None;
    }
    let values: Vec<&Value> = call
        .arguments
        .iter()
        .map(|argument| &argument.value)
        .collect();
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

/// A width: an integer of at least 1.
fn width_of(value: &Value, what: &str, errors: &mut Errors) -> Option<usize> {
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

/// A bare name (`relu`) that must be one of `entries`.
fn named_entry(
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
                format!(
                    "expected the name of an {kind} such as `relu`, found {}",
                    other.describe()
                ),
            );
            None
        }
    }
}

/// Resolves a name among `entries`, or records "unknown {kind}" with a suggestion.
fn lookup(
    name: &Ident,
    entries: &'static [Entry],
    kind: &str,
    errors: &mut Errors,
) -> Option<&'static Entry> {
    let text = name.to_string();
    let found = catalog::find(entries, &text);
    if found.is_none() {
        errors.at(
            name.span(),
            format!(
                "unknown {kind} `{text}`{}",
                did_you_mean(&text, catalog::names(entries))
            ),
        );
    }
    found
}

/// What the settings after the chain declared; a setting that is present but wrong is in
/// `declared` but left `None`, its error already recorded.
#[derive(Default)]
struct Settings {
    declared: Vec<String>,
    loss: Option<Configured>,
    optimizer: Option<Configured>,
    seed: Option<u64>,
}

fn settings(settings: &[Setting], errors: &mut Errors) -> Settings {
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
        let value = match &setting.value {
            SettingValue::One(value) => value,
            SettingValue::List { span, .. } => {
                errors.at(*span, format!("`{name}` takes one value, not a list"));
                continue;
            }
        };
        match name.as_str() {
            "loss" => {
                found.loss = call_of(value, "loss", errors).and_then(|call| loss(call, errors))
            }
            "optimizer" => {
                found.optimizer =
                    call_of(value, "optimizer", errors).and_then(|call| optimizer(call, errors))
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

/// The value of `loss = ..` or `optimizer = ..`, which must be a name.
fn call_of<'a>(value: &'a Value, kind: &str, errors: &mut Errors) -> Option<&'a Call> {
    match value {
        Value::Call(call) => Some(call),
        other => {
            errors.at(
                other.span(),
                format!("expected the name of a {kind}, found {}", other.describe()),
            );
            None
        }
    }
}

fn loss(call: &Call, errors: &mut Errors) -> Option<Configured> {
    let entry = lookup(&call.name, LOSSES, "loss", errors)?;
    if let Some(argument) = call.arguments.first() {
        errors.at(
            argument.value.span(),
            format!("the loss `{}` takes no arguments", call.name),
        );
    }
    Some(Configured {
        entry,
        fields: Vec::new(),
    })
}

fn optimizer(call: &Call, errors: &mut Errors) -> Option<Configured> {
    let text = call.name.to_string();
    let Some((entry, hyperparameters)) =
        OPTIMIZERS.iter().find(|(entry, _)| entry.is_called(&text))
    else {
        let known = OPTIMIZERS.iter().map(|(entry, _)| entry.name);
        errors.at(
            call.name.span(),
            format!("unknown optimizer `{text}`{}", did_you_mean(&text, known)),
        );
        return None;
    };
    let mut fields: Vec<(&'static str, f32)> = Vec::new();
    let mut valid = true;
    for argument in &call.arguments {
        let Some(key) = &argument.key else {
            errors.at(
                argument.value.span(),
                format!("name the hyperparameter: write `{text}(learning_rate = ..)`"),
            );
            valid = false;
            continue;
        };
        match hyperparameter(key, &argument.value, hyperparameters, &text, errors) {
            Some((name, _)) if fields.iter().any(|(set, _)| *set == name) => {
                errors.at(key.span(), format!("`{name}` is set twice"));
                valid = false;
            }
            Some(field) => fields.push(field),
            None => valid = false,
        }
    }
    valid.then_some(Configured { entry, fields })
}

/// `key = value` for an optimizer: a known hyperparameter with a number in its range.
fn hyperparameter(
    key: &Ident,
    value: &Value,
    known: &'static [Hyperparameter],
    optimizer: &str,
    errors: &mut Errors,
) -> Option<(&'static str, f32)> {
    let text = key.to_string();
    let Some(parameter) = known
        .iter()
        .find(|parameter| parameter.entry.is_called(&text))
    else {
        let names = known
            .iter()
            .flat_map(|p| std::iter::once(p.entry.name).chain(p.entry.aliases.iter().copied()));
        errors.at(
            key.span(),
            format!(
                "`{optimizer}` has no hyperparameter `{text}`{}",
                did_you_mean(&text, names)
            ),
        );
        return None;
    };
    let Value::Number(number) = value else {
        errors.at(
            value.span(),
            format!("`{text}` must be a number, found {}", value.describe()),
        );
        return None;
    };
    if !parameter.range.contains(number.value) {
        errors.at(
            number.span,
            format!(
                "`{text}` must be {}, found {}",
                parameter.range.describe(),
                number.value
            ),
        );
        return None;
    }
    Some((parameter.entry.name, number.value as f32))
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

/// The span to blame for the network as a whole.
fn network_span(declaration: &Declaration) -> Span {
    declaration
        .header
        .as_ref()
        .map_or(declaration.chain[0].span, |header| header.name.span())
}
