//! The layers a chain may contain after `input(..)`: for each, its arguments by name with
//! Keras's defaults, the nn-core type they become, how many parameters it holds and what it
//! makes of the values a loss reads.
//!
//! Adding a layer to the language is one entry in [`LAYERS`] plus its type in nn-core, which
//! implements `nn::layers::Layer`: `validate::chain` binds and judges its arguments from the
//! entry, `expand` writes its type from `type_parameters`, `summary` counts its parameters
//! with `parameters`, and `validate::output` reads `output_activation`. No other code names a
//! layer.

use super::Kind;

/// A kind of layer and everything the macro knows of it.
pub struct LayerKind {
    /// Its name in the language: `dense`.
    pub name: &'static str,
    /// Its type in `nn::layers`, which implements `Layer`.
    pub rust_name: &'static str,
    /// That type's `Layer::Buffers`, which the generated struct of buffers holds.
    pub buffers: &'static str,
    /// Keras's class name, shown in the summary; the same as the nn-core type's
    /// `Layer::KERAS_CLASS` (tests/every_name.rs ties the two).
    pub keras_class: &'static str,
    /// Its arguments, in Keras's order.
    pub arguments: &'static [LayerArgument],
    /// How many of the first `arguments` may be given by position; the others only as
    /// `key = value`. Keras's own first positional parameter is sometimes one this language
    /// does not take (`axis`), and a number written there would mean something else.
    pub positional: usize,
    /// How to write it, ending a message: "write {usage}".
    pub usage: &'static str,
    /// Keras's arguments this layer does not take, each with the reason, said when one is
    /// written.
    pub not_taken: &'static [(&'static str, &'static str)],
    /// The nn-core type's generic parameters after its widths, in order. The widths are
    /// `<IN, OUT, ..>` for a layer with a [`ArgumentValue::Width`] argument and `<N, ..>` for
    /// one that keeps its input's width.
    pub type_parameters: &'static [TypeParameter],
    /// How many parameters it holds.
    pub parameters: ParameterCount,
    /// The tensors it holds, in the order of its fields, which weight files and its
    /// `Layer::tensors` follow: what the inference type's `TENSORS` lists
    /// (tests/every_name.rs checks the two agree).
    pub tensors: &'static [LayerTensor],
    /// The activation argument its output goes through, if it has one; `None` for a layer
    /// that changes the values it is given in another way (normalizes them, adds noise), so
    /// that a loss reading probabilities must not come right after it.
    pub output_activation: Option<&'static str>,
}

/// One argument of a layer.
pub struct LayerArgument {
    pub name: &'static str,
    pub value: ArgumentValue,
    /// Why a value is refused, said with the range it must be in: "it keeps a sample whose
    /// values are all equal from dividing by 0". Empty when the range says enough.
    pub why: &'static str,
    /// The boolean argument without which this one has nothing to act on:
    /// `bias_initializer` needs `use_bias`.
    pub needs: Option<&'static str>,
}

/// What an argument accepts, and its default.
#[derive(Clone, Copy)]
pub enum ArgumentValue {
    /// The layer's output width: a whole number of at least 1, always given.
    Width,
    /// A number that `Kind` accepts; Keras's default, or `None` if it must be given.
    Number(Kind, Option<f64>),
    /// `true` or `false`, with Keras's default.
    Bool(bool),
    /// An activation, by name with any hyperparameters; Keras's default, or `None` if it must
    /// be given.
    Activation(Option<&'static str>),
    /// The initializer of one of the layer's tensors, with Keras's default. Given any, the
    /// generated code calls the layer's `initialize_with` with every initializer argument in
    /// the catalog's order.
    Initializer { default: &'static str },
    /// The regularizer of the layer's field `tensor`; none unless given.
    Regularizer { tensor: &'static str },
}

/// One generic parameter of a layer's nn-core type, taken from an argument.
#[derive(Clone, Copy)]
pub enum TypeParameter {
    /// The number argument as an `f32` bit pattern: `{ 0.5f32.to_bits() }`.
    Bits(&'static str),
    /// The boolean argument as a held vector of the layer's output width when true,
    /// `NoBias` when false. Trailing ones that are true are left to the type's default.
    Held(&'static str),
    /// The activation argument's type.
    Activation(&'static str),
}

/// One tensor of a layer, as weight files name and shape it.
pub struct LayerTensor {
    /// Its name after the layer's: `kernel` in `dense_0/kernel`.
    pub name: &'static str,
    pub shape: TensorShape,
    /// The boolean argument without which the layer does not hold it: `use_bias` for `bias`.
    pub held_if: Option<&'static str>,
}

/// A tensor's shape, from the layer's input and output widths.
#[derive(Clone, Copy)]
pub enum TensorShape {
    /// `[input, output]`: a Dense kernel, as Keras stores it.
    Kernel,
    /// `[output]`: one value per output.
    Vector,
}

const fn tensor(
    name: &'static str,
    shape: TensorShape,
    held_if: Option<&'static str>,
) -> LayerTensor {
    LayerTensor {
        name,
        shape,
        held_if,
    }
}

/// A normalization's `γ` and `β`, held unless `scale = false` / `center = false`.
const GAMMA: LayerTensor = tensor("gamma", TensorShape::Vector, Some("scale"));
const BETA: LayerTensor = tensor("beta", TensorShape::Vector, Some("center"));

/// How many parameters a layer holds on an input of `width` values.
#[derive(Clone, Copy)]
pub enum ParameterCount {
    /// A kernel of `width × units` and, when the boolean argument `bias` is true, `units`
    /// biases: all trainable.
    Kernel {
        units: &'static str,
        bias: &'static str,
    },
    /// A trainable vector of `width` values for each of the boolean arguments `trainable`
    /// that is true, and `non_trainable` vectors that training does not update.
    Vectors {
        trainable: &'static [&'static str],
        non_trainable: usize,
    },
}

impl ParameterCount {
    const NONE: ParameterCount = ParameterCount::Vectors {
        trainable: &[],
        non_trainable: 0,
    };

    /// Whether the layer holds parameters that training does not update, which it sets itself
    /// after each step (a batch normalization's moving statistics).
    pub fn has_non_trainable(self) -> bool {
        matches!(self, ParameterCount::Vectors { non_trainable, .. } if non_trainable > 0)
    }
}

const fn argument(name: &'static str, value: ArgumentValue) -> LayerArgument {
    LayerArgument {
        name,
        value,
        why: "",
        needs: None,
    }
}

/// `seed`, which Keras's random layers take and this language sets once for the network.
const SEED: (&str, &str) = (
    "seed",
    "every random draw of a network comes from its one generator: set `seed = ..` after the \
     chain, or call `with_seed(..)`",
);

/// `noise_shape`, for a mask shared along an axis; rows here have no such axis.
const NOISE_SHAPE: (&str, &str) = (
    "noise_shape",
    "a row is one vector of values, each dropped on its own: there is no axis to share a mask \
     along",
);

/// The rate of a dropout-like layer: required, in [0, 1).
const RATE: LayerArgument = argument("rate", ArgumentValue::Number(Kind::Fraction, None));

/// `epsilon` of a normalization, Keras's default `1e-3`.
const EPSILON: LayerArgument = LayerArgument {
    why: "it keeps values that are all equal from dividing by 0",
    ..argument("epsilon", ArgumentValue::Number(Kind::Positive, Some(1e-3)))
};

/// A normalization's learnt `β` and `γ`.
const CENTER: LayerArgument = argument("center", ArgumentValue::Bool(true));
const SCALE: LayerArgument = argument("scale", ArgumentValue::Bool(true));

/// Every layer a chain may contain.
pub const LAYERS: &[LayerKind] = &[
    LayerKind {
        name: "dense",
        rust_name: "Dense",
        buffers: "DenseBuffers",
        keras_class: "Dense",
        arguments: &[
            argument("units", ArgumentValue::Width),
            // Keras's `activation=None`.
            argument("activation", ArgumentValue::Activation(Some("linear"))),
            argument("use_bias", ArgumentValue::Bool(true)),
            argument(
                "kernel_initializer",
                ArgumentValue::Initializer {
                    default: "glorot_uniform",
                },
            ),
            LayerArgument {
                needs: Some("use_bias"),
                ..argument(
                    "bias_initializer",
                    ArgumentValue::Initializer { default: "zeros" },
                )
            },
            argument(
                "kernel_regularizer",
                ArgumentValue::Regularizer { tensor: "kernel" },
            ),
            LayerArgument {
                needs: Some("use_bias"),
                ..argument(
                    "bias_regularizer",
                    ArgumentValue::Regularizer { tensor: "bias" },
                )
            },
        ],
        positional: 2,
        usage: "`dense(units)` or `dense(units, activation)`, then any `key = value` options",
        not_taken: &[
            (
                "kernel_constraint",
                "weight constraints are not supported yet",
            ),
            (
                "bias_constraint",
                "weight constraints are not supported yet",
            ),
            (
                "activity_regularizer",
                "activity regularizers are not supported yet: regularize the kernel with \
                 `kernel_regularizer`",
            ),
        ],
        type_parameters: &[
            TypeParameter::Activation("activation"),
            TypeParameter::Held("use_bias"),
        ],
        parameters: ParameterCount::Kernel {
            units: "units",
            bias: "use_bias",
        },
        tensors: &[
            tensor("kernel", TensorShape::Kernel, None),
            tensor("bias", TensorShape::Vector, Some("use_bias")),
        ],
        output_activation: Some("activation"),
    },
    LayerKind {
        name: "activation",
        rust_name: "Activation",
        buffers: "ActivationBuffers",
        keras_class: "Activation",
        arguments: &[argument("activation", ArgumentValue::Activation(None))],
        positional: 1,
        usage: "`activation(relu)`, with any activation and its options",
        not_taken: &[],
        type_parameters: &[TypeParameter::Activation("activation")],
        parameters: ParameterCount::NONE,
        tensors: &[],
        output_activation: Some("activation"),
    },
    LayerKind {
        name: "dropout",
        rust_name: "Dropout",
        buffers: "DropoutBuffers",
        keras_class: "Dropout",
        arguments: &[RATE],
        positional: 1,
        usage: "`dropout(rate)`",
        not_taken: &[NOISE_SHAPE, SEED],
        type_parameters: &[TypeParameter::Bits("rate")],
        parameters: ParameterCount::NONE,
        tensors: &[],
        output_activation: None,
    },
    LayerKind {
        name: "gaussian_dropout",
        rust_name: "GaussianDropout",
        buffers: "GaussianDropoutBuffers",
        keras_class: "GaussianDropout",
        arguments: &[RATE],
        positional: 1,
        usage: "`gaussian_dropout(rate)`",
        not_taken: &[SEED],
        type_parameters: &[TypeParameter::Bits("rate")],
        parameters: ParameterCount::NONE,
        tensors: &[],
        output_activation: None,
    },
    LayerKind {
        name: "alpha_dropout",
        rust_name: "AlphaDropout",
        buffers: "AlphaDropoutBuffers",
        keras_class: "AlphaDropout",
        arguments: &[RATE],
        positional: 1,
        usage: "`alpha_dropout(rate)`",
        not_taken: &[NOISE_SHAPE, SEED],
        type_parameters: &[TypeParameter::Bits("rate")],
        parameters: ParameterCount::NONE,
        tensors: &[],
        output_activation: None,
    },
    LayerKind {
        name: "gaussian_noise",
        rust_name: "GaussianNoise",
        buffers: "GaussianNoiseBuffers",
        keras_class: "GaussianNoise",
        // Keras 3 refuses a standard deviation above 1.
        arguments: &[argument(
            "stddev",
            ArgumentValue::Number(Kind::UnitInterval, None),
        )],
        positional: 1,
        usage: "`gaussian_noise(stddev)`",
        not_taken: &[SEED],
        type_parameters: &[TypeParameter::Bits("stddev")],
        parameters: ParameterCount::NONE,
        tensors: &[],
        output_activation: None,
    },
    LayerKind {
        name: "layer_normalization",
        rust_name: "LayerNormalization",
        buffers: "LayerNormalizationBuffers",
        keras_class: "LayerNormalization",
        arguments: &[EPSILON, CENTER, SCALE],
        positional: 0,
        usage: "`layer_normalization(epsilon = 1e-3, center = true, scale = true)` (Keras's \
                defaults)",
        not_taken: &[(
            "axis",
            "it normalizes each sample over all its values, Keras's default `axis = -1`",
        )],
        type_parameters: &[
            TypeParameter::Bits("epsilon"),
            TypeParameter::Held("scale"),
            TypeParameter::Held("center"),
        ],
        parameters: ParameterCount::Vectors {
            trainable: &["scale", "center"],
            non_trainable: 0,
        },
        tensors: &[GAMMA, BETA],
        output_activation: None,
    },
    LayerKind {
        name: "unit_normalization",
        rust_name: "UnitNormalization",
        buffers: "UnitNormalizationBuffers",
        keras_class: "UnitNormalization",
        arguments: &[],
        positional: 0,
        usage: "`unit_normalization`",
        not_taken: &[(
            "axis",
            "it scales each sample to unit length over all its values, Keras's default `axis = -1`",
        )],
        type_parameters: &[],
        parameters: ParameterCount::NONE,
        tensors: &[],
        output_activation: None,
    },
    LayerKind {
        name: "batch_normalization",
        rust_name: "BatchNormalization",
        buffers: "BatchNormalizationBuffers",
        keras_class: "BatchNormalization",
        arguments: &[
            argument(
                "momentum",
                ArgumentValue::Number(Kind::Fraction, Some(0.99)),
            ),
            EPSILON,
            CENTER,
            SCALE,
        ],
        positional: 0,
        usage: "`batch_normalization(momentum = 0.99, epsilon = 1e-3, center = true, scale = \
                true)` (Keras's defaults)",
        not_taken: &[(
            "axis",
            "it normalizes each value of a row over the batch, Keras's default `axis = -1`",
        )],
        type_parameters: &[
            TypeParameter::Bits("momentum"),
            TypeParameter::Bits("epsilon"),
            TypeParameter::Held("scale"),
            TypeParameter::Held("center"),
        ],
        // The moving mean and variance.
        parameters: ParameterCount::Vectors {
            trainable: &["scale", "center"],
            non_trainable: 2,
        },
        tensors: &[
            GAMMA,
            BETA,
            tensor("moving_mean", TensorShape::Vector, None),
            tensor("moving_variance", TensorShape::Vector, None),
        ],
        output_activation: None,
    },
];

/// The kind of layer called `name`.
pub fn layer_kind(name: &str) -> Option<&'static LayerKind> {
    LAYERS.iter().find(|kind| kind.name == name)
}
