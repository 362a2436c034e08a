//! Phase 2: judges every name and value of a parsed declaration, collecting every mistake, and
//! produces the checked network that `expand` writes out.
//!
//! - `chain`: `input(..)`, the layers and their options;
//! - `settings`: `loss`, `optimizer`, `seed`, each at most once;
//! - `metrics`: the `metrics = [..]` list, `accuracy` resolved from the loss;
//! - `configured`: any `name(key = value, ..)` resolved against a table of the catalog;
//! - `output`: whether the loss gets the outputs it needs (probabilities or logits);
//! - `values`: numbers, widths and bare names.

mod chain;
mod configured;
mod metrics;
mod output;
mod settings;
mod values;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Attribute;

use crate::catalog::{Configurable, Entry, LayerKind, layer_kind};
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

/// One layer of the chain.
pub enum Layer {
    Dense(Box<Dense>),
    Dropout { rate: f32 },
    LayerNormalization(LayerNormalization),
}

impl Layer {
    /// Its entry in the catalog: name, nn-core type, Keras class. The one place on this side
    /// that maps a checked layer to its kind.
    pub fn kind(&self) -> &'static LayerKind {
        layer_kind(match self {
            Layer::Dense(_) => "dense",
            Layer::Dropout { .. } => "dropout",
            Layer::LayerNormalization(_) => "layer_normalization",
        })
    }

    /// The width it outputs, when it sets one; `None` when it keeps its input's width.
    pub fn sets_width(&self) -> Option<usize> {
        match self {
            Layer::Dense(dense) => Some(dense.units),
            Layer::Dropout { .. } | Layer::LayerNormalization(_) => None,
        }
    }

    /// How many trainable parameters it holds on `input` values; `None` if that overflows, or
    /// depends on an input width not known yet.
    pub fn trainable_parameters(&self, input: Option<usize>) -> Option<usize> {
        match self {
            Layer::Dense(dense) => {
                let biases = if dense.use_bias { dense.units } else { 0 };
                input?.checked_mul(dense.units)?.checked_add(biases)
            }
            Layer::Dropout { .. } => Some(0),
            Layer::LayerNormalization(normalization) => {
                match usize::from(normalization.scale) + usize::from(normalization.center) {
                    0 => Some(0),
                    vectors => input?.checked_mul(vectors),
                }
            }
        }
    }

    /// The dense layer it is, if it is one: the one whose activation the loss checks.
    pub fn dense(&self) -> Option<&Dense> {
        match self {
            Layer::Dense(dense) => Some(dense),
            Layer::Dropout { .. } | Layer::LayerNormalization(_) => None,
        }
    }
}

/// `layer_normalization(epsilon = .., center = .., scale = ..)`, Keras's defaults where not
/// given.
pub struct LayerNormalization {
    /// Added to each sample's variance (Keras's default `1e-3`), rounded once to f32 as
    /// TensorFlow adds it to an f32 variance.
    pub epsilon: f32,
    /// Whether the layer adds a learnt `β` (Keras's `center`, default `true`).
    pub center: bool,
    /// Whether the layer multiplies by a learnt `γ` (Keras's `scale`, default `true`).
    pub scale: bool,
}

/// `dense(units, activation, options..)`, however spelt.
pub struct Dense {
    pub units: usize,
    /// `linear` when none was written, as Keras's `activation=None`.
    pub activation: Configured,
    /// Where the activation was written, or the whole layer if it was not.
    pub activation_span: Span,
    pub activation_written: bool,
    /// Keras's `use_bias` (default `true`).
    pub use_bias: bool,
    pub kernel_initializer: Option<Configured>,
    pub bias_initializer: Option<Configured>,
    pub kernel_regularizer: Option<Configured>,
    pub bias_regularizer: Option<Configured>,
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
