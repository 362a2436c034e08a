//! Optimizers: how a gradient becomes a step, with Keras 3's formulas and defaults.
//!
//! An optimizer sees a network as one flat slice of parameters and one flat slice of gradients
//! of the same length (see [`Parameters`](crate::Parameters)), so each update is a single sweep.
//! Its per-parameter state (Adam's moments) is allocated on the first step.
//!
//! Every optimizer also takes Keras's common arguments (`weight_decay`, `clipnorm`,
//! `global_clipnorm`, `clipvalue`) through its `options` field, an [`Options`] applied before
//! its own update in Keras's order.

/// The trait methods every optimizer implements the same way from its `learning_rate`,
/// `options` and `state` fields.
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

        fn iterations(&self) -> u64 {
            self.state.iterations
        }

        fn settings(&self) -> String {
            let mut settings = self.clone();
            settings.state = Default::default();
            settings.learning_rate = 0.0;
            format!("{settings:?}")
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
mod state;

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
pub use state::{NonFinite, NonFiniteStep, OptimizerState};

/// An update rule applied to all of a network's parameters at once.
///
/// What the user sets (the learning rate, `beta_1`, [`Options`]) are public fields; what the
/// optimizer learns (its step count and per-parameter slots) is its [`OptimizerState`], read out
/// with [`state`](Self::state) and put back with [`set_state`](Self::set_state) to resume
/// training exactly.
pub trait Optimizer: Clone + core::fmt::Debug {
    /// Keras's name for the optimizer.
    const NAME: &'static str;

    /// Takes one step: updates `parameters` in place from `gradients` (same length).
    ///
    /// `variables` says how many values each variable (each kernel, each bias) holds, in order,
    /// so that `clipnorm` clips each by its own norm as Keras does; empty, or not adding up to
    /// the length, means the whole slice is one variable. Under [`NonFinite::Stop`], a step
    /// whose gradients are not all finite is refused with nothing changed (checked in the
    /// clipping pass when one is on, else in one read pass before the step), and a parameter
    /// whose update would not be finite keeps its old value; the last such value is returned.
    ///
    /// # Errors
    ///
    /// Under [`NonFinite::Stop`], the first non-finite gradient, or the last non-finite update,
    /// as described above.
    fn step(
        &mut self,
        parameters: &mut [f32],
        gradients: &[f32],
        variables: &[usize],
        non_finite: NonFinite,
    ) -> Result<(), NonFiniteStep>;

    /// Takes one step on `parameters` as one variable, as Keras's `apply_gradients` does, NaN
    /// and infinities included ([`NonFinite::Continue`]).
    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]) {
        // Under `Continue` nothing is checked, so there is no error to report.
        let _ = self.step(parameters, gradients, &[], NonFinite::Continue);
    }

    /// The options every optimizer has (clipping, weight decay), writable.
    fn options_mut(&mut self) -> &mut Options;

    /// The base learning rate (before any legacy `decay`).
    fn learning_rate(&self) -> f32;

    /// Changes the base learning rate, as Keras's callbacks and schedules do between steps.
    fn set_learning_rate(&mut self, learning_rate: f32);

    /// How many steps have been taken, Keras's `optimizer.iterations`.
    fn iterations(&self) -> u64;

    /// The step count and every slot, exactly.
    fn state(&self) -> OptimizerState;

    /// Puts back a state read with [`state`](Self::state), so that the next step is the one
    /// the saved optimizer would have taken.
    ///
    /// # Errors
    ///
    /// If the state's slots or scalars are not this optimizer's (another optimizer's state, or
    /// the same optimizer with `amsgrad` or `momentum` set differently is fine: slots unused
    /// stay empty), naming every difference; the optimizer is then unchanged.
    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error>;

    /// Every setting but the learning rate, as text: two optimizers with the same settings
    /// give the same text, which a training-state file records to refuse another optimizer.
    fn settings(&self) -> String;
}
