//! Every name the macro knows, with the nn-core type it stands for.
//!
//! Adding an activation, loss or optimizer to the language is one entry here (plus its type in
//! nn-core); `validate` and `expand` only read these tables.

/// A name the user may write, the aliases Keras and the seeds accept for it, and the nn-core
/// type it becomes.
pub struct Entry {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// The type's name inside its nn-core module.
    pub type_name: &'static str,
}

impl Entry {
    pub fn is_called(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

/// Looks `name` up among `entries`, by name or alias.
pub fn find<'a>(entries: &'a [Entry], name: &str) -> Option<&'a Entry> {
    entries.iter().find(|entry| entry.is_called(name))
}

/// Every name and alias of `entries`, for "did you mean".
pub fn names(entries: &[Entry]) -> impl Iterator<Item = &'static str> + Clone + '_ {
    entries
        .iter()
        .flat_map(|entry| std::iter::once(entry.name).chain(entry.aliases.iter().copied()))
}

/// `nn_core::activations`.
pub const ACTIVATIONS: &[Entry] = &[
    Entry {
        name: "linear",
        aliases: &[],
        type_name: "Linear",
    },
    Entry {
        name: "relu",
        aliases: &[],
        type_name: "Relu",
    },
    Entry {
        name: "sigmoid",
        aliases: &[],
        type_name: "Sigmoid",
    },
    Entry {
        name: "softmax",
        aliases: &[],
        type_name: "Softmax",
    },
];

/// `nn_core::losses`.
pub const LOSSES: &[Entry] = &[Entry {
    name: "mean_squared_error",
    aliases: &["mse"],
    type_name: "MeanSquaredError",
}];

/// `nn_core::optimizers`, with the hyperparameters each accepts.
pub const OPTIMIZERS: &[(Entry, &[Hyperparameter])] = &[(
    Entry {
        name: "adam",
        aliases: &[],
        type_name: "Adam",
    },
    &[LEARNING_RATE, BETA_1, BETA_2, EPSILON],
)];

/// The layers a chain may contain after `input(..)`.
pub const LAYERS: &[&str] = &["dense"];

/// The settings after the chain.
pub const SETTINGS: &[&str] = &["loss", "optimizer", "seed"];

/// A numeric hyperparameter: the field it sets in nn-core, its accepted names and its range.
pub struct Hyperparameter {
    pub entry: Entry,
    pub range: Range,
}

/// Which values a hyperparameter accepts.
#[derive(Clone, Copy)]
pub enum Range {
    /// `> 0`
    Positive,
    /// `[0, 1)`
    Fraction,
}

impl Range {
    pub fn contains(self, value: f64) -> bool {
        match self {
            Range::Positive => value > 0.0,
            Range::Fraction => (0.0..1.0).contains(&value),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Range::Positive => "greater than 0",
            Range::Fraction => "in [0, 1)",
        }
    }
}

/// The field name in nn-core is the hyperparameter's Keras name.
const fn hyperparameter(
    name: &'static str,
    aliases: &'static [&'static str],
    range: Range,
) -> Hyperparameter {
    Hyperparameter {
        entry: Entry {
            name,
            aliases,
            type_name: name,
        },
        range,
    }
}

const LEARNING_RATE: Hyperparameter = hyperparameter("learning_rate", &["lr"], Range::Positive);
const BETA_1: Hyperparameter = hyperparameter("beta_1", &[], Range::Fraction);
const BETA_2: Hyperparameter = hyperparameter("beta_2", &[], Range::Fraction);
const EPSILON: Hyperparameter = hyperparameter("epsilon", &[], Range::Positive);
