//! Loss functions: a per-sample value and its gradient with respect to the prediction.
//!
//! A loss also fixes what a network trains on: its [`Target`](Loss::Target) is `[f32; OUT]` for
//! a regression or one-hot row, and will be a class index for the sparse losses. Batch losses are
//! the mean of the per-sample values, Keras's `sum_over_batch_size` reduction.

mod mean_squared_error;

pub use mean_squared_error::MeanSquaredError;

use crate::Error;

/// A loss on one sample's `OUT` predicted values.
pub trait Loss<const OUT: usize>: Clone + core::fmt::Debug {
    /// What one sample's label is.
    type Target: Target;

    /// Keras's name for the loss.
    const NAME: &'static str;

    /// The loss of one sample.
    fn loss(&self, prediction: &[f32; OUT], target: &Self::Target) -> f32;

    /// The loss of one sample, and its gradient with respect to `prediction` written to
    /// `gradient`.
    fn loss_and_gradient(
        &self,
        prediction: &[f32; OUT],
        target: &Self::Target,
        gradient: &mut [f32; OUT],
    ) -> f32;
}

/// One sample's label, checked before training starts.
pub trait Target: Copy + core::fmt::Debug + 'static {
    /// Returns an error naming `row` and the column if the label cannot be trained on.
    fn validate(&self, row: usize) -> Result<(), Error>;
}

impl<const N: usize> Target for [f32; N] {
    fn validate(&self, row: usize) -> Result<(), Error> {
        match self.iter().position(|v| !v.is_finite()) {
            Some(column) => Err(Error::NonFinite {
                data: "y",
                row,
                column,
                value: self[column],
            }),
            None => Ok(()),
        }
    }
}
