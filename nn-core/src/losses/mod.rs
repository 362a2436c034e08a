//! Loss functions: a per-sample value and its gradient with respect to the prediction.
//!
//! A loss also fixes what a network trains on: its [`Target`](Loss::Target) is `[f32; OUT]` for
//! a regression or one-hot row, and a class index (`usize`) for
//! [`SparseCategoricalCrossentropy`]. Batch losses are the mean of the per-sample values, Keras's
//! `sum_over_batch_size` reduction; the training loop divides each per-sample gradient by the
//! batch size itself.
//!
//! Every loss follows Keras 3's formula operation by operation, including where Keras clips with
//! its `epsilon` ([`EPSILON`], 1e-7); where a clip is active the gradient through it is zero, as
//! TensorFlow's is. [`fused`] holds the numerically stable logit forms (sigmoid + binary
//! crossentropy, softmax + categorical crossentropy) that `from_logits = true` selects.

mod binary_crossentropy;
mod binary_focal_crossentropy;
mod categorical_crossentropy;
mod categorical_focal_crossentropy;
mod categorical_hinge;
mod cosine_similarity;
pub mod fused;
mod hinge;
mod huber;
mod kl_divergence;
mod log_cosh;
mod mean_absolute_error;
mod mean_absolute_percentage_error;
mod mean_squared_error;
mod mean_squared_logarithmic_error;
mod poisson;
mod sparse_categorical_crossentropy;
mod squared_hinge;

pub use binary_crossentropy::BinaryCrossentropy;
pub use binary_focal_crossentropy::BinaryFocalCrossentropy;
pub use categorical_crossentropy::CategoricalCrossentropy;
pub use categorical_focal_crossentropy::CategoricalFocalCrossentropy;
pub use categorical_hinge::CategoricalHinge;
pub use cosine_similarity::CosineSimilarity;
pub use hinge::Hinge;
pub use huber::Huber;
pub use kl_divergence::KLDivergence;
pub use log_cosh::LogCosh;
pub use mean_absolute_error::MeanAbsoluteError;
pub use mean_absolute_percentage_error::MeanAbsolutePercentageError;
pub use mean_squared_error::MeanSquaredError;
pub use mean_squared_logarithmic_error::MeanSquaredLogarithmicError;
pub use poisson::Poisson;
pub use sparse_categorical_crossentropy::SparseCategoricalCrossentropy;
pub use squared_hinge::SquaredHinge;

use crate::Error;

/// Keras's fuzz factor `keras.backend.epsilon()`, used wherever a Keras loss clips.
pub const EPSILON: f32 = 1e-7;

/// A loss on one sample's `OUT` predicted values.
pub trait Loss<const OUT: usize>: Clone + core::fmt::Debug {
    /// What one sample's label is.
    type Target: Target<OUT>;

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

/// One sample's label for a network with `OUT` outputs, checked before training starts.
pub trait Target<const OUT: usize>: Copy + core::fmt::Debug + 'static {
    /// Returns an error naming `row` (and the column, if any) if the label cannot be trained on.
    fn validate(&self, row: usize) -> Result<(), Error>;

    /// The class the label stands for, as Keras reads it for `class_weight`: the index itself,
    /// the argmax of a row, or the rounded value of a one-value row (`None` if that is negative).
    fn class(&self) -> Option<usize>;

    /// How many classes such labels can name, to check `class_weight` against: `OUT`, but 2 (0
    /// and 1) for a one-value row, the label of a single sigmoid output.
    fn classes() -> usize
    where
        Self: Sized,
    {
        OUT
    }
}

impl<const N: usize> Target<N> for [f32; N] {
    fn class(&self) -> Option<usize> {
        if N == 1 {
            let class = self[0].round();
            // `as usize` would saturate −1 to class 0; Keras's gather would fail on it.
            return (class >= 0.0).then_some(class as usize);
        }
        Some((0..N).fold(0, |best, i| if self[i] > self[best] { i } else { best }))
    }

    fn classes() -> usize {
        if N == 1 { 2 } else { N }
    }

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

/// A class index, for the sparse losses: it must be below the number of outputs.
impl<const OUT: usize> Target<OUT> for usize {
    fn class(&self) -> Option<usize> {
        Some(*self)
    }

    fn validate(&self, row: usize) -> Result<(), Error> {
        if *self < OUT {
            Ok(())
        } else {
            Err(Error::LabelOutOfRange {
                row,
                label: *self,
                classes: OUT,
            })
        }
    }
}

/// TensorFlow's `clip_by_value(x, low, high)` and the factor its gradient passes: 1 inside
/// `[low, high]` (bounds included), 0 where the clip is active.
fn clip(x: f32, low: f32, high: f32) -> (f32, f32) {
    if x < low {
        (low, 0.0)
    } else if x > high {
        (high, 0.0)
    } else {
        (x, 1.0)
    }
}

/// Keras's probability clip `clip(p, ε, 1 − ε)` and its gradient factor.
fn clip_probability(p: f32) -> (f32, f32) {
    clip(p, EPSILON, 1.0 - EPSILON)
}

/// `y · (1 − s) + s / classes`: Keras's label smoothing (`classes` is 2 for binary losses, where
/// Keras writes it as `0.5 · s`).
fn smooth(y: f32, smoothing: f32, classes: usize) -> f32 {
    if smoothing == 0.0 {
        y
    } else {
        y * (1.0 - smoothing) + smoothing / classes as f32
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::Loss;

    /// Checks `loss_and_gradient` against central differences of `loss` at `prediction`, and that
    /// both methods return the same value. Points must be away from kinks and clips.
    pub(crate) fn assert_gradient<const OUT: usize, L: Loss<OUT>>(
        loss: &L,
        prediction: [f32; OUT],
        target: &L::Target,
    ) {
        let mut gradient = [0.0; OUT];
        let value = loss.loss_and_gradient(&prediction, target, &mut gradient);
        assert_eq!(value, loss.loss(&prediction, target), "{}", L::NAME);
        // f32 central differences: truncation ≈ h²·L''' and rounding ≈ 1e-7·L / h, both well
        // under the tolerance for h = 1e-2 on the smooth points the tests use.
        let h = 1e-2_f32;
        for i in 0..OUT {
            let (mut plus, mut minus) = (prediction, prediction);
            plus[i] += h;
            minus[i] -= h;
            let numeric = (loss.loss(&plus, target) - loss.loss(&minus, target)) / (2.0 * h);
            assert!(
                (gradient[i] - numeric).abs() <= 2e-3 * (1.0 + numeric.abs()),
                "{} ∂/∂ŷ[{i}]: analytic {} vs numeric {numeric}",
                L::NAME,
                gradient[i]
            );
        }
    }
}
