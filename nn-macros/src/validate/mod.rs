//! Phase 2: judges every name and value of a parsed declaration, collecting every mistake, and
//! produces the checked network that `expand` writes out.
//!
//! - `chain`: `input(..)`, the layers and their arguments, judged from the catalog;
//! - `binding`: a call's arguments bound to parameters as Python binds them;
//! - `settings`: `loss`, `optimizer`, `seed`, each at most once;
//! - `metrics`: the `metrics = [..]` list, `accuracy` resolved from the loss;
//! - `configured`: any `name(key = value, ..)` resolved against a table of the catalog;
//! - `output`: whether the loss gets the outputs it needs (probabilities or logits);
//! - `values`: numbers, widths and bare names.

mod binding;
mod chain;
mod configured;
mod metrics;
mod output;
mod settings;
mod values;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Attribute;

use crate::catalog::{Configurable, Entry, LayerKind, ParameterCount};
use crate::errors::Errors;
use crate::parse::{Declaration, Header};

/// A declaration whose every name resolved and every value is in range.
pub struct Network {
    pub attrs: Vec<Attribute>,
    pub header: Option<Header>,
    /// The input width, if declared with `input(..)`; otherwise inferred from the data.
    pub input: Option<usize>,
    pub layers: Vec<Layer>,
    pub loss: Configured,
    pub optimizer: Configured,
    pub metrics: Vec<Metric>,
    pub seed: Option<u64>,
}

/// A declared metric and the name it is logged under (as written, as Keras logs it).
pub struct Metric {
    pub configured: Configured,
    pub logged_as: String,
}

/// One layer of the chain, every argument judged, Keras's defaults filled in.
pub struct Layer {
    pub kind: &'static LayerKind,
    /// The whole call, for messages about the layer.
    pub span: Span,
    /// One per argument of `kind`, in the catalog's order.
    pub arguments: Vec<Argument>,
}

/// A layer's argument as the declaration left it.
pub struct Argument {
    pub value: Given,
    /// Where it was written, or the whole layer where the default holds.
    pub span: Span,
    /// Whether the declaration wrote it.
    pub written: bool,
}

/// A judged value of a layer's argument.
pub enum Given {
    Width(usize),
    /// A number as written, rounded to f32 once in the generated code, as Keras's f32 layers do.
    Number(f64),
    Bool(bool),
    /// An activation, initializer or regularizer.
    Configured(Configured),
    /// An optional argument left out (a regularizer).
    Nothing,
}

impl Layer {
    /// The argument called `name`, which the catalog gives this kind of layer.
    pub fn argument(&self, name: &str) -> &Argument {
        let index = self
            .kind
            .arguments
            .iter()
            .position(|argument| argument.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "the catalog gives `{}` an argument `{name}`",
                    self.kind.name
                )
            });
        &self.arguments[index]
    }

    /// The boolean argument `name`.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.argument(name).value, Given::Bool(true))
    }

    /// The width it outputs, when it sets one; `None` when it keeps its input's width.
    pub fn sets_width(&self) -> Option<usize> {
        self.arguments
            .iter()
            .find_map(|argument| match argument.value {
                Given::Width(width) => Some(width),
                _ => None,
            })
    }

    /// How many parameters it holds on `input` values, trainable and not; `None` if that
    /// overflows, or depends on an input width not known yet.
    pub fn parameters(&self, input: Option<usize>) -> Option<(usize, usize)> {
        match self.kind.parameters {
            ParameterCount::Kernel { units, bias } => {
                let Given::Width(units) = self.argument(units).value else {
                    unreachable!("the catalog's `units` of a kernel is a width")
                };
                let biases = if self.flag(bias) { units } else { 0 };
                Some((input?.checked_mul(units)?.checked_add(biases)?, 0))
            }
            ParameterCount::Vectors {
                trainable,
                non_trainable,
            } => {
                let trainable = trainable.iter().filter(|flag| self.flag(flag)).count();
                match (trainable, non_trainable) {
                    (0, 0) => Some((0, 0)),
                    _ => Some((
                        input?.checked_mul(trainable)?,
                        input?.checked_mul(non_trainable)?,
                    )),
                }
            }
        }
    }

    /// The activation its output goes through, with the argument it was given by, if it has
    /// one: what a loss reading probabilities checks.
    pub fn output_activation(&self) -> Option<(&Configured, &Argument)> {
        let argument = self.argument(self.kind.output_activation?);
        match &argument.value {
            Given::Configured(activation) => Some((activation, argument)),
            _ => None,
        }
    }
}

/// An nn-core type with some of its fields set from the declaration; the others keep the
/// type's `Default`, which is Keras's default.
pub struct Configured {
    pub entry: &'static Entry,
    /// The catalog's entry: its hyperparameters and the rules it takes part in.
    pub catalog: &'static Configurable,
    pub fields: Vec<(&'static str, FieldValue)>,
    /// Where it was named, for messages about it.
    pub span: Span,
}

impl Configured {
    /// `configurable` with every hyperparameter at its default.
    pub fn of(configurable: &'static Configurable, span: Span) -> Self {
        Configured {
            entry: &configurable.entry,
            catalog: configurable,
            fields: Vec::new(),
            span,
        }
    }

    /// The boolean field `name` as declared, if it was.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.fields.iter().find_map(|&(field, value)| match value {
            FieldValue::Bool(flag) if field == name => Some(flag),
            _ => None,
        })
    }
}

/// A hyperparameter's value as written.
#[derive(Clone, Copy)]
pub enum FieldValue {
    /// A number as written, in double precision as Python's float: a field of nn-core that is
    /// an `f64` (Adam's `beta_1`) keeps it, an `f32` one rounds it once, as Keras does.
    Float(f64),
    Bool(bool),
    /// `Some(index)`
    Class(usize),
    /// A count, `usize`.
    Count(usize),
    /// `Some(value)`
    SomeFloat(f32),
}

impl FieldValue {
    pub fn tokens(self) -> TokenStream {
        match self {
            FieldValue::Float(value) => {
                let literal = proc_macro2::Literal::f64_suffixed(value);
                quote!(#literal as _)
            }
            FieldValue::Bool(value) => quote!(#value),
            FieldValue::Class(index) => quote!(::core::option::Option::Some(#index)),
            FieldValue::Count(count) => quote!(#count),
            FieldValue::SomeFloat(value) => {
                let literal = proc_macro2::Literal::f32_suffixed(value);
                quote!(::core::option::Option::Some(#literal))
            }
        }
    }
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
    let (input, layers) = chain::chain(&declaration.chain, &mut errors);
    let settings = settings::settings(&declaration.settings, &mut errors);
    let whole = network_span(&declaration);
    if !settings.declared("loss") {
        errors.at(
            whole,
            "the network has no loss: add a setting such as `loss = mse;`",
        );
    }
    if !settings.declared("optimizer") {
        errors.at(
            whole,
            "the network has no optimizer: add a setting such as `optimizer = adam(lr = 0.001);`",
        );
    }
    if let Some(loss) = &settings.loss {
        output::check_loss_fits_output(loss, &layers, &mut errors);
    }
    let metrics = metrics::metrics(
        &settings.metric_values,
        settings.loss.as_ref(),
        &layers,
        &mut errors,
    );
    match (settings.loss, settings.optimizer) {
        (Some(loss), Some(optimizer)) => errors.finish(Network {
            attrs: declaration.attrs,
            header: declaration.header,
            input,
            layers,
            loss,
            metrics,
            optimizer,
            seed: settings.seed,
        }),
        _ => Err(errors
            .finish(())
            .expect_err("a missing or invalid setting was recorded")),
    }
}

/// The span to blame for the network as a whole.
fn network_span(declaration: &Declaration) -> Span {
    declaration
        .header
        .as_ref()
        .map_or(declaration.chain[0].span, |header| header.name.span())
}
