//! Every name the macro knows, with the nn-core type it stands for.
//!
//! Adding an activation, loss, optimizer, initializer or regularizer to the language is one
//! entry here (plus its type in nn-core); `validate` and `expand` only read these tables.

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
    /// `true` or `false`
    #[allow(dead_code)] // for the boolean options (nesterov, amsgrad) the optimizers bring
    Bool,
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
            Kind::Bool => false,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::Number => "a finite f32 number",
            Kind::Positive => "greater than 0",
            Kind::NonNegative => "at least 0",
            Kind::Fraction => "in [0, 1)",
            Kind::Bool => "`true` or `false`",
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
    }
}

/// `nn_core::activations`.
pub const ACTIVATIONS: &[Entry] = &[
    entry("linear", &[], "Linear"),
    entry("relu", &[], "Relu"),
    entry("sigmoid", &[], "Sigmoid"),
    entry("softmax", &[], "Softmax"),
];

/// `nn_core::losses`.
pub const LOSSES: &[Entry] = &[entry("mean_squared_error", &["mse"], "MeanSquaredError")];

const LEARNING_RATE: Hyperparameter = parameter("learning_rate", &["lr"], Kind::Positive);

/// `nn_core::optimizers`.
pub const OPTIMIZERS: &[Configurable] = &[configurable(
    "adam",
    "Adam",
    &[
        LEARNING_RATE,
        parameter("beta_1", &[], Kind::Fraction),
        parameter("beta_2", &[], Kind::Fraction),
        parameter("epsilon", &[], Kind::Positive),
    ],
)];

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

/// The layers a chain may contain after `input(..)`.
pub const LAYERS: &[&str] = &["dense", "dropout"];

/// The options of `dense(units, activation, ..)`.
pub const DENSE_OPTIONS: &[&str] = &[
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
];

/// The settings after the chain.
pub const SETTINGS: &[&str] = &["loss", "optimizer", "seed"];
