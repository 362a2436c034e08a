//! Optimizers: how a gradient becomes a step, with Keras 3's formulas and defaults.
//!
//! An optimizer sees a network as one flat slice of parameters and one flat slice of gradients
//! of the same length (see [`Parameters`](crate::Parameters)), so each update is a single sweep.
//! Its per-parameter state (Adam's moments) is allocated on the first step.
//!
//! Every optimizer also takes Keras's common arguments (`weight_decay`, `clipnorm`,
//! `global_clipnorm`, `clipvalue`) through its `options` field, an [`Options`] applied before
//! its own update in Keras's order.

/// The trait methods every optimizer implements the same way from its `learning_rate` and
/// `options` fields.
macro_rules! learning_rate_and_options {
    () => {
        fn options_mut(&mut self) -> &mut Options {
            &mut self.options
        }

        fn learning_rate(&self) -> f32 {
            self.learning_rate
        }

        fn set_learning_rate(&mut self, learning_rate: f32) {
            self.learning_rate = learning_rate;
        }
    };
}

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod adamw;
mod ftrl;
mod lion;
mod nadam;
mod options;
mod rmsprop;
mod sgd;

pub use adadelta::Adadelta;
pub use adagrad::Adagrad;
pub use adam::Adam;
pub use adamax::Adamax;
pub use adamw::AdamW;
pub use ftrl::Ftrl;
pub use lion::Lion;
pub use nadam::Nadam;
pub use options::Options;
pub use rmsprop::RmsProp;
pub use sgd::Sgd;

/// An update rule applied to all of a network's parameters at once.
pub trait Optimizer: Clone + core::fmt::Debug {
    /// Keras's name for the optimizer.
    const NAME: &'static str;

    /// Takes one step: updates `parameters` in place from `gradients` (same length).
    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]);

    /// The options every optimizer has (clipping, weight decay), writable. The network also
    /// records there how its parameters split into variables, for per-variable `clipnorm`.
    fn options_mut(&mut self) -> &mut Options;

    /// The base learning rate (before any legacy `decay`).
    fn learning_rate(&self) -> f32;

    /// Changes the base learning rate, as Keras's callbacks and schedules do between steps.
    fn set_learning_rate(&mut self, learning_rate: f32);

    /// How many steps have been taken, Keras's `optimizer.iterations`.
    fn iterations(&self) -> u64;
}
