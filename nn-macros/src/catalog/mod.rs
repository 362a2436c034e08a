//! Every name the macro knows, with the nn-core type it stands for.
//!
//! Adding an activation, loss, optimizer, initializer or regularizer to the language is one
//! entry here (plus its type in nn-core), a layer one entry in `layers`; `validate` and
//! `expand` only read these tables.

mod layers;

pub use layers::{
    ArgumentValue, LAYERS, LayerArgument, LayerKind, ParameterCount, TensorShape, TypeParameter,
    layer_kind,
};

/// A name the user may write, the aliases Keras and the seeds accept for it, and the nn-core
/// type (or field) it becomes.
pub struct Entry {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// The type's name inside its nn-core module, or the field's name for a hyperparameter.
    pub rust_name: &'static str,
}

impl Entry {
    pub fn is_called(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

/// Every name and alias of `entries`, for "did you mean".
pub fn names<'a>(
    entries: impl Iterator<Item = &'a Entry> + Clone + 'a,
) -> impl Iterator<Item = &'static str> + Clone + 'a {
    entries.flat_map(|entry| std::iter::once(entry.name).chain(entry.aliases.iter().copied()))
}

/// A type built from Keras's defaults with some hyperparameters set: `adam(lr = 0.01)`,
/// `l2(1e-4)`, `random_normal(stddev = 0.1)`. Positional arguments fill `parameters` in order.
pub struct Configurable {
    pub entry: Entry,
    pub parameters: &'static [Hyperparameter],
    pub rules: Rules,
}

/// The rules a name takes part in besides its arguments. Validation reads these, never the
/// name itself, so a new loss, metric or activation states its rules here and nowhere else.
#[derive(Clone, Copy)]
pub struct Rules {
    /// A loss: the output it needs unless `from_logits = true`.
    pub needs: Needs,
    /// An activation: the probabilities its outputs are (`Sigmoid` for `sigmoid`).
    pub gives: Needs,
    /// A loss or metric: whether it reads class indices or rows of values.
    pub targets: Targets,
    /// A loss: what `metrics = [accuracy]` stands for with it.
    pub accuracy: Accuracy,
    /// An activation whose hyperparameters are const parameters: the nn-core type that takes
    /// them when some are given (`relu(max_value = 6)` is `ReluWith`), if not `rust_name`.
    pub with_arguments: Option<&'static str>,
    /// An activation with a boolean hyperparameter that picks another nn-core type when true:
    /// `(hyperparameter, type)`, as `gelu(approximate = true)` is `GeluTanh`.
    pub switch: Option<(&'static str, &'static str)>,
}

impl Rules {
    const NONE: Rules = Rules {
        needs: Needs::Anything,
        gives: Needs::Anything,
        targets: Targets::Values,
        accuracy: Accuracy::ByOutputs,
        with_arguments: None,
        switch: None,
    };
}

/// What a loss or metric compares the outputs with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// Rows of values, one per output.
    Values,
    /// One class index per row.
    ClassIndices,
}

/// The accuracy Keras picks for `accuracy` given the loss.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Accuracy {
    /// `binary_accuracy` for one output, `categorical_accuracy` otherwise.
    ByOutputs,
    /// `binary_accuracy`.
    Binary,
    /// `sparse_categorical_accuracy`.
    SparseCategorical,
}

impl Accuracy {
    /// The metric's name, given the network's output width.
    pub fn metric(self, outputs: Option<usize>) -> &'static str {
        match self {
            Accuracy::SparseCategorical => "sparse_categorical_accuracy",
            Accuracy::Binary => "binary_accuracy",
            Accuracy::ByOutputs if outputs == Some(1) => "binary_accuracy",
            Accuracy::ByOutputs => "categorical_accuracy",
        }
    }
}

impl Configurable {
    /// A loss that needs `needs` of the output, trains on `targets`, and `accuracy` goes with.
    const fn loss(self, needs: Needs, targets: Targets, accuracy: Accuracy) -> Self {
        Configurable {
            rules: Rules {
                needs,
                targets,
                accuracy,
                ..self.rules
            },
            ..self
        }
    }

    /// A metric that reads class indices.
    const fn sparse(self) -> Self {
        Configurable {
            rules: Rules {
                targets: Targets::ClassIndices,
                ..self.rules
            },
            ..self
        }
    }

    /// An activation whose outputs are the probabilities `gives`.
    const fn gives(self, gives: Needs) -> Self {
        Configurable {
            rules: Rules {
                gives,
                ..self.rules
            },
            ..self
        }
    }

    /// An activation that is the type `rust_name` when its flag `hyperparameter` is true.
    const fn switch(self, hyperparameter: &'static str, rust_name: &'static str) -> Self {
        Configurable {
            rules: Rules {
                switch: Some((hyperparameter, rust_name)),
                ..self.rules
            },
            ..self
        }
    }

    /// An activation that is the type `rust_name` once any hyperparameter is given.
    const fn with_arguments(self, rust_name: &'static str) -> Self {
        Configurable {
            rules: Rules {
                with_arguments: Some(rust_name),
                ..self.rules
            },
            ..self
        }
    }
}

/// A hyperparameter: the field it sets in nn-core, its accepted names and its values.
pub struct Hyperparameter {
    pub entry: Entry,
    pub kind: Kind,
}

/// Which values a hyperparameter accepts.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Any finite number.
    Number,
    /// `> 0`
    Positive,
    /// `>= 0`
    NonNegative,
    /// `[0, 1)`
    Fraction,
    /// `[0, 1]`
    UnitInterval,
    /// `true` or `false`
    Bool,
    /// A class index: a whole number of at least 0, set as `Some(index)`.
    Class,
    /// A count: a whole number of at least 1.
    Count,
    /// A threshold in [0, 1], set as `Some(threshold)`.
    OptionalThreshold,
    /// `> 0`, set as `Some(value)`.
    OptionalPositive,
    /// `>= 0`, set as `Some(value)`.
    OptionalNonNegative,
    /// `<= 0`
    NonPositive,
}

impl Kind {
    pub fn accepts(self, value: f64) -> bool {
        // Values become f32 literals: one beyond f32's range would be infinite.
        if !(value as f32).is_finite() {
            return false;
        }
        match self {
            Kind::Number => value.is_finite(),
            Kind::Positive => value > 0.0 && value.is_finite(),
            Kind::NonNegative => value >= 0.0 && value.is_finite(),
            Kind::Fraction => (0.0..1.0).contains(&value),
            Kind::UnitInterval => (0.0..=1.0).contains(&value),
            Kind::OptionalThreshold => (0.0..=1.0).contains(&value),
            Kind::OptionalPositive => value > 0.0,
            Kind::OptionalNonNegative => value >= 0.0,
            Kind::NonPositive => value <= 0.0,
            Kind::Bool | Kind::Class | Kind::Count => false,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::Number => "a finite f32 number",
            Kind::Positive => "greater than 0",
            Kind::NonNegative => "at least 0",
            Kind::Fraction => "in [0, 1)",
            Kind::UnitInterval => "in [0, 1]",
            Kind::Bool => "`true` or `false`",
            Kind::Class => "a class index such as 0",
            Kind::Count => "a whole number of at least 1",
            Kind::OptionalThreshold => "in [0, 1]",
            Kind::OptionalPositive => "greater than 0",
            Kind::OptionalNonNegative => "at least 0",
            Kind::NonPositive => "at most 0",
        }
    }
}

const fn entry(
    name: &'static str,
    aliases: &'static [&'static str],
    rust_name: &'static str,
) -> Entry {
    Entry {
        name,
        aliases,
        rust_name,
    }
}

/// A hyperparameter whose nn-core field is its Keras name.
const fn parameter(
    name: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
) -> Hyperparameter {
    Hyperparameter {
        entry: entry(name, aliases, name),
        kind,
    }
}

const fn configurable(
    name: &'static str,
    rust_name: &'static str,
    parameters: &'static [Hyperparameter],
) -> Configurable {
    Configurable {
        entry: entry(name, &[], rust_name),
        parameters,
        rules: Rules::NONE,
    }
}

const fn aliased(
    name: &'static str,
    aliases: &'static [&'static str],
    rust_name: &'static str,
    parameters: &'static [Hyperparameter],
) -> Configurable {
    Configurable {
        entry: entry(name, aliases, rust_name),
        parameters,
        rules: Rules::NONE,
    }
}

/// `nn_core::activations`. Hyperparameters become the type's const parameters, matched by
/// name: `expand` writes them in the order listed here, which must be the order of the type's
/// const parameters, each an `f32` bit pattern whose default is the type's associated const of
/// the same name in capitals (`LeakyRelu::NEGATIVE_SLOPE`).
pub const ACTIVATIONS: &[Configurable] = &[
    configurable("linear", "Linear", &[]),
    configurable(
        "relu",
        "Relu",
        &[
            parameter("negative_slope", &[], Kind::NonNegative),
            parameter("max_value", &[], Kind::Positive),
            parameter("threshold", &[], Kind::Number),
        ],
    )
    .with_arguments("ReluWith"),
    configurable("relu6", "Relu6", &[]),
    configurable(
        "leaky_relu",
        "LeakyRelu",
        &[parameter("negative_slope", &[], Kind::NonNegative)],
    ),
    configurable("elu", "Elu", &[parameter("alpha", &[], Kind::Positive)]),
    configurable("selu", "Selu", &[]),
    configurable("celu", "Celu", &[parameter("alpha", &[], Kind::Positive)]),
    configurable("gelu", "Gelu", &[parameter("approximate", &[], Kind::Bool)])
        .switch("approximate", "GeluTanh"),
    configurable("sigmoid", "Sigmoid", &[]).gives(Needs::Sigmoid),
    configurable("hard_sigmoid", "HardSigmoid", &[]),
    configurable("log_sigmoid", "LogSigmoid", &[]),
    configurable("tanh", "Tanh", &[]),
    configurable("hard_tanh", "HardTanh", &[]),
    configurable("softplus", "Softplus", &[]),
    configurable("softsign", "Softsign", &[]),
    aliased("silu", &["swish"], "Silu", &[]),
    aliased("hard_silu", &["hard_swish"], "HardSilu", &[]),
    configurable("mish", "Mish", &[]),
    configurable("exponential", "Exponential", &[]),
    configurable("softmax", "Softmax", &[]).gives(Needs::Softmax),
    configurable("log_softmax", "LogSoftmax", &[]),
];

const FROM_LOGITS: Hyperparameter = parameter("from_logits", &[], Kind::Bool);
const LABEL_SMOOTHING: Hyperparameter = parameter("label_smoothing", &[], Kind::Fraction);
const FOCAL_ALPHA: Hyperparameter = parameter("alpha", &[], Kind::Fraction);
const FOCAL_GAMMA: Hyperparameter = parameter("gamma", &[], Kind::NonNegative);

/// `nn_core::losses`, with the seeds' short names.
pub const LOSSES: &[Configurable] = &[
    aliased("mean_squared_error", &["mse"], "MeanSquaredError", &[]),
    aliased("mean_absolute_error", &["mae"], "MeanAbsoluteError", &[]),
    aliased(
        "mean_absolute_percentage_error",
        &["mape"],
        "MeanAbsolutePercentageError",
        &[],
    ),
    aliased(
        "mean_squared_logarithmic_error",
        &["msle"],
        "MeanSquaredLogarithmicError",
        &[],
    ),
    configurable("huber", "Huber", &[parameter("delta", &[], Kind::Positive)]),
    aliased("log_cosh", &["logcosh"], "LogCosh", &[]),
    configurable("hinge", "Hinge", &[]),
    configurable("squared_hinge", "SquaredHinge", &[]),
    configurable("categorical_hinge", "CategoricalHinge", &[]),
    configurable(
        "binary_crossentropy",
        "BinaryCrossentropy",
        &[FROM_LOGITS, LABEL_SMOOTHING],
    )
    .loss(Needs::Sigmoid, Targets::Values, Accuracy::Binary),
    configurable(
        "binary_focal_crossentropy",
        "BinaryFocalCrossentropy",
        &[
            parameter("apply_class_balancing", &[], Kind::Bool),
            FOCAL_ALPHA,
            FOCAL_GAMMA,
            FROM_LOGITS,
            LABEL_SMOOTHING,
        ],
    )
    .loss(Needs::Sigmoid, Targets::Values, Accuracy::Binary),
    configurable(
        "categorical_crossentropy",
        "CategoricalCrossentropy",
        &[FROM_LOGITS, LABEL_SMOOTHING],
    )
    .loss(Needs::Softmax, Targets::Values, Accuracy::ByOutputs),
    configurable(
        "categorical_focal_crossentropy",
        "CategoricalFocalCrossentropy",
        &[FOCAL_ALPHA, FOCAL_GAMMA, FROM_LOGITS, LABEL_SMOOTHING],
    )
    .loss(Needs::Softmax, Targets::Values, Accuracy::ByOutputs),
    configurable(
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
        &[FROM_LOGITS, parameter("ignore_class", &[], Kind::Class)],
    )
    .loss(
        Needs::Softmax,
        Targets::ClassIndices,
        Accuracy::SparseCategorical,
    ),
    aliased(
        "kl_divergence",
        &["kld", "kullback_leibler_divergence"],
        "KLDivergence",
        &[],
    ),
    configurable("poisson", "Poisson", &[]),
    aliased(
        "cosine_similarity",
        &["cosine_proximity"],
        "CosineSimilarity",
        &[],
    ),
];

const THRESHOLD: Hyperparameter = parameter("threshold", &[], Kind::Fraction);
const TOP_K: Hyperparameter = parameter("k", &[], Kind::Count);

/// `nn_core::metrics`, under the names Keras and the seeds use. `accuracy` (`acc`) is not here:
/// it stands for the accuracy that fits the loss (see `validate`).
pub const METRICS: &[Configurable] = &[
    configurable("binary_accuracy", "BinaryAccuracy", &[THRESHOLD]),
    configurable("categorical_accuracy", "CategoricalAccuracy", &[]),
    configurable(
        "sparse_categorical_accuracy",
        "SparseCategoricalAccuracy",
        &[],
    )
    .sparse(),
    configurable(
        "top_k_categorical_accuracy",
        "TopKCategoricalAccuracy",
        &[TOP_K],
    ),
    configurable(
        "sparse_top_k_categorical_accuracy",
        "SparseTopKCategoricalAccuracy",
        &[TOP_K],
    )
    .sparse(),
    configurable("true_positives", "TruePositives", &[THRESHOLD]),
    configurable("false_positives", "FalsePositives", &[THRESHOLD]),
    configurable("true_negatives", "TrueNegatives", &[THRESHOLD]),
    configurable("false_negatives", "FalseNegatives", &[THRESHOLD]),
    configurable(
        "precision",
        "Precision",
        &[
            THRESHOLD,
            parameter("top_k", &[], Kind::Class),
            parameter("class_id", &[], Kind::Class),
        ],
    ),
    configurable(
        "recall",
        "Recall",
        &[
            THRESHOLD,
            parameter("top_k", &[], Kind::Class),
            parameter("class_id", &[], Kind::Class),
        ],
    ),
    configurable("f1_score", "F1Score", &[]),
    configurable(
        "fbeta_score",
        "FBetaScore",
        &[
            parameter("beta", &[], Kind::Positive),
            parameter("threshold", &[], Kind::OptionalThreshold),
        ],
    ),
    configurable("auc", "Auc", &[FROM_LOGITS]),
    configurable("roc_auc", "RocAucExact", &[]),
    aliased("mean_absolute_error", &["mae"], "MeanAbsoluteError", &[]),
    aliased("mean_squared_error", &["mse"], "MeanSquaredError", &[]),
    aliased(
        "root_mean_squared_error",
        &["rmse"],
        "RootMeanSquaredError",
        &[],
    ),
    aliased(
        "mean_absolute_percentage_error",
        &["mape"],
        "MeanAbsolutePercentageError",
        &[],
    ),
    aliased(
        "mean_squared_logarithmic_error",
        &["msle"],
        "MeanSquaredLogarithmicError",
        &[],
    ),
    configurable("r2_score", "R2Score", &[]),
    aliased(
        "cosine_similarity",
        &["cosine_proximity"],
        "CosineSimilarity",
        &[],
    ),
    aliased("log_cosh_error", &["logcosh"], "LogCoshError", &[]),
    configurable(
        "binary_crossentropy",
        "BinaryCrossentropy",
        &[FROM_LOGITS, LABEL_SMOOTHING],
    ),
    configurable(
        "categorical_crossentropy",
        "CategoricalCrossentropy",
        &[FROM_LOGITS, LABEL_SMOOTHING],
    ),
    configurable(
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
        &[FROM_LOGITS],
    )
    .sparse(),
    configurable("hinge", "Hinge", &[]),
    aliased(
        "kl_divergence",
        &["kld", "kullback_leibler_divergence"],
        "KlDivergence",
        &[],
    ),
    configurable("poisson", "Poisson", &[]),
];

/// Whether a metric's nn-core type is generic over the number of outputs (`F1Score<OUT>`).
pub fn generic_over_outputs(rust_name: &str) -> bool {
    matches!(rust_name, "F1Score" | "FBetaScore" | "R2Score")
}

/// What a loss needs of the network's output to be given probabilities.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Any output.
    Anything,
    /// Sigmoid outputs, one probability per unit.
    Sigmoid,
    /// A softmax over the classes.
    Softmax,
}

/// The activation whose outputs are the probabilities `needed`.
pub fn activation_giving(needed: Needs) -> Option<&'static Configurable> {
    ACTIVATIONS
        .iter()
        .find(|activation| activation.rules.gives == needed)
}

const LEARNING_RATE: Hyperparameter = parameter("learning_rate", &["lr"], Kind::Positive);
const MOMENTUM: Hyperparameter = parameter("momentum", &[], Kind::Fraction);
const RHO: Hyperparameter = parameter("rho", &[], Kind::Fraction);
const BETA_1: Hyperparameter = parameter("beta_1", &[], Kind::Fraction);
const BETA_2: Hyperparameter = parameter("beta_2", &[], Kind::Fraction);
const EPSILON: Hyperparameter = parameter("epsilon", &[], Kind::Positive);
const AMSGRAD: Hyperparameter = parameter("amsgrad", &[], Kind::Bool);
/// The older Keras optimizers' `decay`: `lr / (1 + decay · iterations)`.
const DECAY: Hyperparameter = parameter("decay", &[], Kind::NonNegative);
// The options every Keras optimizer takes, kept in nn-core's `options` field.
const WEIGHT_DECAY: Hyperparameter = Hyperparameter {
    entry: entry("weight_decay", &[], "options.weight_decay"),
    kind: Kind::OptionalNonNegative,
};
const CLIPNORM: Hyperparameter = Hyperparameter {
    entry: entry("clipnorm", &[], "options.clipnorm"),
    kind: Kind::OptionalPositive,
};
const GLOBAL_CLIPNORM: Hyperparameter = Hyperparameter {
    entry: entry("global_clipnorm", &[], "options.global_clipnorm"),
    kind: Kind::OptionalPositive,
};
const CLIPVALUE: Hyperparameter = Hyperparameter {
    entry: entry("clipvalue", &[], "options.clipvalue"),
    kind: Kind::OptionalPositive,
};

/// `nn_core::optimizers`.
pub const OPTIMIZERS: &[Configurable] = &[
    configurable(
        "sgd",
        "Sgd",
        &[
            LEARNING_RATE,
            MOMENTUM,
            parameter("nesterov", &[], Kind::Bool),
            DECAY,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "rmsprop",
        "RmsProp",
        &[
            LEARNING_RATE,
            RHO,
            MOMENTUM,
            EPSILON,
            parameter("centered", &[], Kind::Bool),
            DECAY,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "adam",
        "Adam",
        &[
            LEARNING_RATE,
            BETA_1,
            BETA_2,
            EPSILON,
            AMSGRAD,
            DECAY,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "adamw",
        "AdamW",
        &[
            LEARNING_RATE,
            WEIGHT_DECAY,
            BETA_1,
            BETA_2,
            EPSILON,
            AMSGRAD,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "adamax",
        "Adamax",
        &[
            LEARNING_RATE,
            BETA_1,
            BETA_2,
            EPSILON,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "nadam",
        "Nadam",
        &[
            LEARNING_RATE,
            BETA_1,
            BETA_2,
            EPSILON,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "adagrad",
        "Adagrad",
        &[
            LEARNING_RATE,
            parameter("initial_accumulator_value", &[], Kind::NonNegative),
            EPSILON,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "adadelta",
        "Adadelta",
        &[
            LEARNING_RATE,
            RHO,
            EPSILON,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "lion",
        "Lion",
        &[
            LEARNING_RATE,
            BETA_1,
            BETA_2,
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
    configurable(
        "ftrl",
        "Ftrl",
        &[
            LEARNING_RATE,
            parameter("learning_rate_power", &[], Kind::NonPositive),
            parameter("initial_accumulator_value", &[], Kind::NonNegative),
            parameter("l1_regularization_strength", &[], Kind::NonNegative),
            parameter("l2_regularization_strength", &[], Kind::NonNegative),
            parameter(
                "l2_shrinkage_regularization_strength",
                &[],
                Kind::NonNegative,
            ),
            parameter("beta", &[], Kind::NonNegative),
            WEIGHT_DECAY,
            CLIPNORM,
            GLOBAL_CLIPNORM,
            CLIPVALUE,
        ],
    ),
];

/// The gradient-clipping options, of which Keras allows one at a time.
pub const CLIPPING: &[&str] = &["clipnorm", "global_clipnorm", "clipvalue"];

/// `nn_core::initializers`.
pub const INITIALIZERS: &[Configurable] = &[
    configurable("zeros", "Zeros", &[]),
    configurable("ones", "Ones", &[]),
    configurable(
        "constant",
        "Constant",
        &[parameter("value", &[], Kind::Number)],
    ),
    configurable(
        "random_normal",
        "RandomNormal",
        &[
            parameter("mean", &[], Kind::Number),
            parameter("stddev", &[], Kind::Positive),
        ],
    ),
    configurable(
        "random_uniform",
        "RandomUniform",
        &[
            parameter("minval", &[], Kind::Number),
            parameter("maxval", &[], Kind::Number),
        ],
    ),
    configurable(
        "truncated_normal",
        "TruncatedNormal",
        &[
            parameter("mean", &[], Kind::Number),
            parameter("stddev", &[], Kind::Positive),
        ],
    ),
    configurable("glorot_uniform", "GlorotUniform", &[]),
    configurable("glorot_normal", "GlorotNormal", &[]),
    configurable("he_uniform", "HeUniform", &[]),
    configurable("he_normal", "HeNormal", &[]),
    configurable("lecun_uniform", "LecunUniform", &[]),
    configurable("lecun_normal", "LecunNormal", &[]),
    configurable(
        "orthogonal",
        "Orthogonal",
        &[parameter("gain", &[], Kind::Positive)],
    ),
];

/// `nn_core::regularizers`.
pub const REGULARIZERS: &[Configurable] = &[
    configurable("l1", "L1", &[parameter("l1", &[], Kind::NonNegative)]),
    configurable("l2", "L2", &[parameter("l2", &[], Kind::NonNegative)]),
    configurable(
        "l1_l2",
        "L1L2",
        &[
            parameter("l1", &[], Kind::NonNegative),
            parameter("l2", &[], Kind::NonNegative),
        ],
    ),
];

/// The settings after the chain.
pub const SETTINGS: &[&str] = &["loss", "optimizer", "metrics", "seed"];
