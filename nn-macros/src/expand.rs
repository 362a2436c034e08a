//! Phase 3: writes out a checked network as Rust that calls into nn-core.
//!
//! For `pub struct Regressor; input(4) -> dense(8, relu) -> dense(2, linear); ...` this emits:
//!
//! ```text
//! #[repr(C)] pub struct __RegressorLayers { dense_0: Dense<4, 8, Relu>, dense_1: Dense<8, 2, Linear> }
//! unsafe impl Parameters for __RegressorLayers { COUNT }
//! impl Forward<4, 2> for __RegressorLayers { one `forward_one` per layer }
//! impl Layout for __RegressorLayers { TENSORS: each tensor's name, shape and offset }
//! pub type RegressorInference = Inference<__RegressorLayers, 4, 2>;
//! with_std! {
//!     #[derive(Default)] pub struct __RegressorBuffers { dense_0: DenseBuffers<8>, dense_1: DenseBuffers<2> }
//!     impl Layers<4, 2> for __RegressorLayers { forward, backward: one call of
//!         nn-core's `Layer` trait per layer, the same for every kind of layer }
//!     type __RegressorNetwork = Network<4, 2, __RegressorLayers, MeanSquaredError, Adam, ()>;
//!     pub struct Regressor { network: __RegressorNetwork }
//!     impl Regressor { INPUTS, OUTPUTS, PARAMETERS, SUMMARY, new(), with_seed(..) }
//!     impl Model<4, 2> for Regressor { the two accessors }
//! }
//! ```
//!
//! `with_std!` is the facade's: its input with nn's `std` feature, nothing without, so that a
//! `#![no_std]` crate keeps the layers and the inference type.
//!
//! Without `input(..)` every type takes the input width as a const generic `IN`, which the
//! compiler infers from the data first given to `fit` or `predict`. Written as an expression,
//! the training items go inside a block ending in `Sequential4x8x2::new()` (or the `name = ..`
//! declared), and the struct derives `Debug`; only an item with `input(..)` has an inference
//! type (its tensors' shapes must be known to list them).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use crate::catalog::{ArgumentValue, TensorShape, TypeParameter};
use crate::validate::{Argument, Configured, FieldValue, Given, Layer, Network};

/// The path generated code reaches nn-core through, so users depend on `nn` alone.
fn runtime() -> TokenStream {
    quote!(::nn::__private)
}

/// The seed `new()` uses when the declaration sets none: fixed, so that a program gives the
/// same result on every run until the user chooses otherwise.
const DEFAULT_SEED: u64 = 0;

/// One layer as the generated code uses it.
struct Emitted {
    field: Ident,
    layer_type: TokenStream,
    buffers_type: TokenStream,
    /// Its initialization when the declaration chose initializers; `Layer::initialize`, with
    /// Keras's defaults, otherwise.
    initialize: Option<TokenStream>,
    /// `+ penalty` terms of its regularizers.
    penalty: Vec<TokenStream>,
    /// Statements adding its regularizers' gradients after its backward pass.
    regularize: Vec<TokenStream>,
}

/// Each layer's name, as Keras names it and as its field is called: `dense_0`, `dense_1`,
/// `dropout_0` (Keras counts per kind).
pub fn field_names(layers: &[Layer]) -> Vec<Ident> {
    let mut counts = std::collections::HashMap::new();
    layers
        .iter()
        .map(|layer| {
            let name = layer.kind.name;
            let count = counts.entry(name).or_insert(0_usize);
            *count += 1;
            format_ident!("{}_{}", name, *count - 1)
        })
        .collect()
}

/// Writes each layer's types and the statements its arguments add. `widths[i]` is layer `i`'s
/// input width.
fn emit(network: &Network, widths: &[TokenStream]) -> Vec<Emitted> {
    network
        .layers
        .iter()
        .zip(widths.windows(2))
        .zip(field_names(&network.layers))
        .map(|((layer, io), field)| emit_layer(layer, &io[0], &io[1], field))
        .collect()
}

/// One layer from `from` to `to` values, as its catalog entry describes its type: the widths,
/// then each of `type_parameters` from its argument.
fn emit_layer(layer: &Layer, from: &TokenStream, to: &TokenStream, field: Ident) -> Emitted {
    let nn = runtime();
    let kind = layer.kind;
    let mut parameters: Vec<(TokenStream, bool)> = kind
        .type_parameters
        .iter()
        .map(|parameter| match *parameter {
            TypeParameter::Bits(name) => {
                let Given::Number(value) = layer.argument(name).value else {
                    unreachable!("the catalog's `{name}` as bits is a number")
                };
                let literal = Literal::f32_suffixed(value as f32);
                (quote!({ #literal.to_bits() }), false)
            }
            TypeParameter::Held(name) => match layer.flag(name) {
                true => (quote!(#nn::nalgebra::SVector<f32, #to>), true),
                false => (quote!(#nn::layers::NoBias), false),
            },
            TypeParameter::Activation(name) => {
                (activation_type(configured(layer.argument(name))), false)
            }
        })
        .collect();
    // A held vector is each type's default for its trailing parameters.
    while parameters.last().is_some_and(|(_, default)| *default) {
        parameters.pop();
    }
    let widths = match layer.sets_width() {
        Some(_) => vec![from.clone(), to.clone()],
        None => vec![to.clone()],
    };
    let generics = widths
        .into_iter()
        .chain(parameters.into_iter().map(|(tokens, _)| tokens));
    let (rust_name, buffers) = (
        format_ident!("{}", kind.rust_name),
        format_ident!("{}", kind.buffers),
    );
    let arguments = kind.arguments.iter().zip(&layer.arguments);
    let initializers: Vec<&Argument> = arguments
        .clone()
        .filter(|(argument, _)| matches!(argument.value, ArgumentValue::Initializer { .. }))
        .map(|(_, given)| given)
        .collect();
    // Given none, `Layer::initialize` draws with Keras's defaults.
    let initialize = initializers.iter().any(|given| given.written).then(|| {
        let values = initializers
            .iter()
            .map(|given| configured_value(configured(given), quote!(initializers)));
        quote!(self.#field.initialize_with(#(&#values,)* rng);)
    });
    let (mut penalty, mut regularize) = (Vec::new(), Vec::new());
    for (argument, given) in arguments {
        let (ArgumentValue::Regularizer { tensor }, Given::Configured(regularizer)) =
            (argument.value, &given.value)
        else {
            continue;
        };
        let tensor = format_ident!("{}", tensor);
        let value = configured_value(regularizer, quote!(regularizers));
        penalty.push(quote!(#nn::regularizers::Regularizer::penalty(&#value, self.#field.#tensor.as_slice())));
        regularize.push(quote! {
            #nn::regularizers::Regularizer::add_gradient(
                &#value,
                self.#field.#tensor.as_slice(),
                gradients.#field.#tensor.as_mut_slice(),
            );
        });
    }
    Emitted {
        layer_type: quote!(#nn::layers::#rust_name<#(#generics),*>),
        buffers_type: quote!(#nn::layers::#buffers<#to>),
        field,
        initialize,
        penalty,
        regularize,
    }
}

/// The activation, initializer or regularizer an argument holds.
fn configured(argument: &Argument) -> &Configured {
    match &argument.value {
        Given::Configured(configured) => configured,
        _ => unreachable!(
            "the catalog gives this argument an activation, initializer or regularizer"
        ),
    }
}

/// The item form: the declared struct and everything it needs, as items, and with an input
/// width its inference type.
pub fn items(network: &Network, name: &Ident) -> TokenStream {
    declared_items(network, name, quote!(), true)
}

/// The expression form: the same items under the name `naming` chose, inside a block that
/// evaluates to a new network. Outside the block its type cannot be named, so no impl can be
/// added to it there: it derives `Debug` here, where an item-form network derives what its
/// declaration's attributes ask for.
pub fn expression(network: &Network, name: &Ident) -> TokenStream {
    let items = declared_items(network, name, quote!(#[derive(Debug)]), false);
    quote! {{
        #items
        #name::new()
    }}
}

/// The network's struct named `name`, with `derives` on it, and everything it needs; as
/// `items`, the training items behind `with_std!` and an inference type beside them.
fn declared_items(
    network: &Network,
    name: &Ident,
    derives: TokenStream,
    items: bool,
) -> TokenStream {
    let nn = runtime();
    let vis = network.header.as_ref().map(|header| &header.vis);
    let attrs = &network.attrs;
    let layers_type = format_ident!("__{}Layers", name);
    let buffers_type = format_ident!("__{}Buffers", name);
    let (generics, args, input) = match network.input {
        Some(width) => (quote!(), quote!(), usize_literal(width)),
        None => (quote!(<const IN: usize>), quote!(<IN>), quote!(IN)),
    };
    let mut widths = vec![input.clone()];
    for layer in &network.layers {
        let width = layer.sets_width().map_or_else(
            || widths.last().expect("starts with the input").clone(),
            usize_literal,
        );
        widths.push(width);
    }
    let output = widths.last().expect("starts with the input").clone();
    let layers = emit(network, &widths);

    let fields: Vec<&Ident> = layers.iter().map(|layer| &layer.field).collect();
    let layer_types: Vec<&TokenStream> = layers.iter().map(|layer| &layer.layer_type).collect();
    let buffer_types = layers.iter().map(|layer| &layer.buffers_type);
    let initialize = layers.iter().map(|layer| {
        let field = &layer.field;
        layer
            .initialize
            .clone()
            .unwrap_or_else(|| quote!(L::initialize(&mut self.#field, rng);))
    });
    let penalty: Vec<&TokenStream> = layers.iter().flat_map(|layer| &layer.penalty).collect();
    let penalty =
        (!penalty.is_empty()).then(|| quote!(fn penalty(&self) -> f32 { 0.0 #(+ #penalty)* }));
    // Only the layers that hold non-trainable parameters do anything after a step.
    let updated: Vec<&Ident> = network
        .layers
        .iter()
        .zip(&fields)
        .filter(|(layer, _)| layer.kind.parameters.has_non_trainable())
        .map(|(_, field)| *field)
        .collect();
    let update_non_trainable = (!updated.is_empty()).then(|| {
        quote! {
            fn update_non_trainable(&mut self, buffers: &Self::Buffers) {
                use #nn::layers::Layer as L;
                #(L::update_non_trainable(&mut self.#updated, &buffers.#updated);)*
            }
        }
    });

    // Every layer is called through nn-core's `Layer` trait (imported as `L`, its buffers'
    // `LayerOutput` as `O`): the same statement for every kind of layer.
    // Each layer's buffers by its field's name, so that each call names only what it touches.
    let borrow_buffers = quote!(let #buffers_type { #(#fields),* } = buffers;);
    let forward = fields.iter().enumerate().map(|(i, field)| match i {
        0 => quote!(L::forward(&self.#field, input, #field, rng.as_deref_mut());),
        _ => {
            let below = fields[i - 1];
            quote!(C::forward_after(&self.#field, #below, #field, &mut rng);)
        }
    });
    let backward = layers.iter().enumerate().rev().map(|(i, layer)| {
        let field = &layer.field;
        let regularize = &layer.regularize;
        let pass = match i {
            0 => quote!(L::backward(&self.#field, input, #field, &mut gradients.#field, None);),
            _ => {
                let below = fields[i - 1];
                quote!(C::backward_after(&self.#field, #below, #field, &mut gradients.#field);)
            }
        };
        quote!(#pass #(#regularize)*)
    });
    let tensors = fields.iter().map(|field| {
        let name = field.to_string();
        // In f32s: 4 bytes each.
        quote!(L::tensors(&self.#field, #name, offset_of!(Self, #field) / 4))
    });
    let to_onnx = fields.iter().map(|field| {
        let name = field.to_string();
        quote!(let x = onnx(graph, &self.#field, #name, &x)?;)
    });
    let forward_one = fields
        .iter()
        .map(|field| quote!(let x = F::forward_one(&self.#field, &x);));
    let last = fields.last().expect("validation guarantees a layer");
    let loss_type = configured_type(&network.loss, quote!(losses));
    let optimizer_type = configured_type(&network.optimizer, quote!(optimizers));
    let loss = configured_value(&network.loss, quote!(losses));
    let optimizer = configured_value(&network.optimizer, quote!(optimizers));
    let seed = network.seed.unwrap_or(DEFAULT_SEED);
    let metric_types: Vec<TokenStream> = network
        .metrics
        .iter()
        .map(|metric| {
            let path = configured_type(&metric.configured, quote!(metrics));
            match crate::catalog::generic_over_outputs(metric.configured.entry.rust_name) {
                true => quote!(#path<#output>),
                false => path,
            }
        })
        .collect();
    let metrics_type = quote!((#(#metric_types,)*));
    let network_alias = format_ident!("__{}Network", name);
    let network_type = quote!(#network_alias #args);
    let with_metrics = (!network.metrics.is_empty()).then(|| {
        let values = network
            .metrics
            .iter()
            .zip(&metric_types)
            .map(|(metric, path)| configured_value_of(&metric.configured, path.clone()));
        let names = network.metrics.iter().map(|metric| &metric.logged_as);
        quote!(.with_metrics((#(#values,)*), &[#(#names),*]))
    });
    let summary = crate::summary::summary(network, &name.to_string());
    let summary_doc = format!(
        "Keras's `model.summary()`: each layer's output shape and parameter count.\n\n```text\n{summary}\n```"
    );
    let seed_doc = format!("A network with weights drawn from seed {seed}, the same on every run.");
    let layers_items = quote! {
        #[doc(hidden)]
        #[repr(C)]
        #vis struct #layers_type #generics {
            #(#fields: #layer_types,)*
        }

        // SAFETY: `#[repr(C)]` and every field is `Parameters` (the sum below names each field's
        // `COUNT`, so it does not compile otherwise): exactly the sum of their f32s, which
        // nn-core's `assert_flat` checks against the struct's size wherever it is used.
        unsafe impl #generics #nn::Parameters for #layers_type #args {
            const COUNT: usize = 0 #(+ <#layer_types as #nn::Parameters>::COUNT)*;
        }

        impl #generics #nn::layers::Forward<#input, #output> for #layers_type #args {
            fn forward_one(&self, input: &#nn::nalgebra::SVector<f32, #input>) -> #nn::nalgebra::SVector<f32, #output> {
                use #nn::layers::Forward as F;
                let x = *input;
                #(#forward_one)*
                x
            }
        }
    };
    let inference_items = match (items, network.input) {
        (true, Some(_)) => inference_type(network, name, &layers_type, &input, &output),
        _ => quote!(),
    };
    let training_items = quote! {
        #[doc(hidden)]
        #[derive(Default)]
        #vis struct #buffers_type #generics {
            #(#fields: #buffer_types,)*
        }

        impl #generics #nn::Layers<#input, #output> for #layers_type #args {
            type Buffers = #buffers_type #args;

            fn initialize(&mut self, rng: &mut #nn::Rng) {
                use #nn::layers::Layer as L;
                #(#initialize)*
            }

            fn forward(&self, input: &#nn::Batch<#input>, buffers: &mut Self::Buffers, mut rng: ::core::option::Option<&mut #nn::Rng>) {
                use #nn::layers::{Layer as L, chain as C};
                #borrow_buffers
                #(#forward)*
            }

            fn output_and_gradient(buffers: &mut Self::Buffers) -> (&#nn::Batch<#output>, &mut #nn::Batch<#output>) {
                #nn::layers::LayerOutput::output_and_gradient(&mut buffers.#last)
            }

            fn backward(&self, input: &#nn::Batch<#input>, buffers: &mut Self::Buffers, gradients: &mut Self) {
                use #nn::layers::{Layer as L, chain as C};
                #borrow_buffers
                #(#backward)*
            }

            fn tensors(&self) -> ::std::vec::Vec<#nn::io::TensorInfo> {
                use #nn::layers::Layer as L;
                use ::core::mem::offset_of;
                [#(#tensors),*].concat()
            }

            #penalty

            #update_non_trainable

            fn to_onnx(&self, graph: &mut #nn::io::onnx::Graph) -> ::core::result::Result<::std::string::String, #nn::Error> {
                use #nn::io::onnx::layer as onnx;
                let x = ::std::string::String::from(#nn::io::onnx::INPUT);
                #(#to_onnx)*
                ::core::result::Result::Ok(x)
            }
        }

        #[doc(hidden)]
        #vis type #network_alias #generics = #nn::Network<#input, #output, #layers_type #args, #loss_type, #optimizer_type, #metrics_type>;

        #(#attrs)*
        #derives
        #vis struct #name #generics {
            network: #network_type,
        }

        impl #generics #name #args {
            /// How many values each input row has.
            pub const INPUTS: usize = #input;
            /// How many values the network outputs per row.
            pub const OUTPUTS: usize = #output;
            // rustdoc shows a const's value, and a string literal from a macro with every box
            // character escaped (`\u{2501}`); a call's value it leaves out, which leaves the
            // table to the doc, where it reads as drawn.
            #[doc = #summary_doc]
            pub const SUMMARY: &'static str = ::core::convert::identity(#summary);
            /// Every value the network holds, trainable or not, as Keras's `count_params()`.
            pub const PARAMETERS: usize = <#layers_type #args as #nn::Parameters>::COUNT;

            #[doc = #seed_doc]
            pub fn new() -> Self {
                Self::with_seed(#seed)
            }

            /// A network with weights drawn from `seed`.
            pub fn with_seed(seed: u64) -> Self {
                #name { network: #nn::Network::new(#loss, #optimizer, seed)#with_metrics }
            }

        }

        impl #generics ::core::default::Default for #name #args {
            fn default() -> Self {
                Self::new()
            }
        }

        impl #generics #nn::Model<#input, #output> for #name #args {
            type Layers = #layers_type #args;
            type Loss = #loss_type;
            type Optimizer = #optimizer_type;
            type Metrics = #metrics_type;

            fn network(&self) -> &#network_type {
                &self.network
            }

            fn network_mut(&mut self) -> &mut #network_type {
                &mut self.network
            }
        }
    };
    match items {
        true => quote! {
            #layers_items
            #inference_items
            #nn::with_std! { #training_items }
        },
        false => quote!(#layers_items #training_items),
    }
}

/// `RegressorInference`: nn-core's `Inference` of the layers, and the list of their tensors it
/// reads files against; neither needs std.
fn inference_type(
    network: &Network,
    name: &Ident,
    layers_type: &Ident,
    input: &TokenStream,
    output: &TokenStream,
) -> TokenStream {
    let nn = runtime();
    let vis = network.header.as_ref().map(|header| &header.vis);
    let inference = format_ident!("{}Inference", name);
    let tensors = tensor_layouts(network);
    let doc = format!(
        "[`{name}`] for inference only: `predict_one` with neither std nor a heap, its weights \
         from `nn::bake!`, `from_safetensors_bytes` or `{name}::inference()`."
    );
    quote! {
        impl #nn::Layout for #layers_type {
            const TENSORS: &'static [#nn::TensorLayout] = &[#(#tensors),*];
        }

        #[doc = #doc]
        #vis type #inference = #nn::Inference<#layers_type, #input, #output>;
    }
}

/// Every tensor as a `TensorLayout`, from the catalog: named after its layer's field, shaped by
/// the layer's widths, placed after every tensor before it.
fn tensor_layouts(network: &Network) -> Vec<TokenStream> {
    let nn = runtime();
    let mut width = network
        .input
        .expect("only a network with an input width has tensors here");
    let mut offset = 0;
    let mut layouts = Vec::new();
    for (layer, field) in network.layers.iter().zip(field_names(&network.layers)) {
        let input = width;
        width = layer.sets_width().unwrap_or(width);
        let held = layer
            .kind
            .tensors
            .iter()
            .filter(|tensor| tensor.held_if.is_none_or(|flag| layer.flag(flag)));
        for tensor in held {
            let name = format!("{field}/{}", tensor.name);
            let shape = match tensor.shape {
                TensorShape::Kernel => vec![input, width],
                TensorShape::Vector => vec![width],
            };
            let length: usize = shape.iter().product();
            let shape = shape.into_iter().map(usize_literal);
            let at = usize_literal(offset);
            layouts.push(quote!(#nn::TensorLayout::new(#name, &[#(#shape),*], #at)));
            offset += length;
        }
    }
    layouts
}

/// An activation's type. Its hyperparameters are const parameters holding f32 bit patterns
/// (`LeakyRelu<{ 0.3f32.to_bits() }>`), so a layer's activation stays zero-sized. They are
/// written in the catalog's order and matched by name, one left out taking the type's default
/// (its associated const of that name); the catalog names the type that takes them when it is
/// not the plain one (`relu(max_value = 6)` is `ReluWith`), and the type a flag switches to
/// (`gelu(approximate = true)` is `GeluTanh`).
fn activation_type(activation: &Configured) -> TokenStream {
    let nn = runtime();
    if activation.fields.is_empty() {
        return configured_type(activation, quote!(activations));
    }
    if let Some((flag, switched)) = activation.catalog.rules.switch {
        let rust_name = match activation.flag(flag) {
            Some(true) => switched,
            _ => activation.entry.rust_name,
        };
        let name = format_ident!("{}", rust_name);
        return quote!(#nn::activations::#name);
    }
    let rust_name = activation
        .catalog
        .rules
        .with_arguments
        .unwrap_or(activation.entry.rust_name);
    let path = {
        let name = format_ident!("{}", rust_name);
        quote!(#nn::activations::#name)
    };
    let parameters = activation.catalog.parameters.iter().map(|parameter| {
        let name = parameter.entry.name;
        let given = activation
            .fields
            .iter()
            .find_map(|(field, value)| match value {
                FieldValue::Float(value) if *field == name => Some(*value as f32),
                _ => None,
            });
        match given {
            Some(value) => {
                let literal = Literal::f32_suffixed(value);
                quote!({ #literal.to_bits() })
            }
            None => {
                let default = format_ident!("{}", name.to_uppercase());
                quote!({ <#path>::#default.to_bits() })
            }
        }
    });
    quote!(#path<#(#parameters),*>)
}

fn configured_type(configured: &Configured, module: TokenStream) -> TokenStream {
    let nn = runtime();
    let name = format_ident!("{}", configured.entry.rust_name);
    quote!(#nn::#module::#name)
}

/// The nn-core value with Keras's defaults and the declared fields set.
fn configured_value(configured: &Configured, module: TokenStream) -> TokenStream {
    configured_value_of(configured, configured_type(configured, module))
}

/// `configured` as a value of the type at `path`.
fn configured_value_of(configured: &Configured, path: TokenStream) -> TokenStream {
    if configured.fields.is_empty() {
        return quote!(<#path as ::core::default::Default>::default());
    }
    // A field may be nested (`options.clipnorm`).
    let names = configured.fields.iter().map(|(name, _)| {
        let parts = name.split('.').map(|part| format_ident!("{}", part));
        quote!(#(#parts).*)
    });
    let values = configured.fields.iter().map(|(_, value)| value.tokens());
    quote! {{
        let mut value = <#path as ::core::default::Default>::default();
        #(value.#names = #values;)*
        value
    }}
}

fn usize_literal(value: usize) -> TokenStream {
    let literal = Literal::usize_unsuffixed(value);
    quote!(#literal)
}
