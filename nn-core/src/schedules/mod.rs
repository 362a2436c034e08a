//! Learning-rate schedules: Keras's `keras.optimizers.schedules`, a learning rate as a function
//! of the optimizer's step count.
//!
//! Every schedule validates its arguments when built (as Keras raises `ValueError`), so
//! [`learning_rate`](LearningRateSchedule::learning_rate) never produces NaN.

mod cosine_decay;
mod cosine_decay_restarts;
mod exponential_decay;
mod inverse_time_decay;
mod piecewise_constant_decay;
mod polynomial_decay;

pub use cosine_decay::CosineDecay;
pub use cosine_decay_restarts::CosineDecayRestarts;
pub use exponential_decay::ExponentialDecay;
pub use inverse_time_decay::InverseTimeDecay;
pub use piecewise_constant_decay::PiecewiseConstantDecay;
pub use polynomial_decay::PolynomialDecay;

use crate::Error;

/// A learning rate that depends on how many optimizer steps have been taken.
pub trait LearningRateSchedule: Clone + core::fmt::Debug {
    /// Keras's name for the schedule.
    const NAME: &'static str;

    /// The learning rate for the step that follows `step` completed steps (Keras passes the
    /// optimizer's `iterations`, starting at 0).
    fn learning_rate(&self, step: u64) -> f32;
}

/// `Ok(steps)` if it is at least 1, else the error Keras raises.
fn positive_steps(argument: &'static str, steps: u64) -> Result<u64, Error> {
    if steps == 0 {
        return Err(Error::InvalidArgument {
            argument,
            requirement: "at least 1",
            value: steps.to_string(),
        });
    }
    Ok(steps)
}
