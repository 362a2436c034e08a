//! Metrics: streaming accumulators reported beside the loss, as Keras's `metrics=[...]`.
//!
//! A metric sees one sample at a time: [`update`](Metric::update) (Keras's `update_state`)
//! accumulates, [`result`](Metric::result) reads the value over everything seen since the last
//! [`reset`](Metric::reset) (Keras's `reset_state`), so feeding a dataset in batches of any size
//! gives the same result as feeding it at once. Each metric's `Default` is Keras's default
//! configuration and its [`NAME`](Metric::NAME) is Keras's default `name`.
//!
//! Most metrics are the weighted mean of a per-sample value (Keras's `MeanMetricWrapper`):
//!
//! ```text
//! result = Σ_s w_s · v(ŷ_s, y_s) / Σ_s w_s        (0 before any update, as divide_no_nan)
//! ```
//!
//! where a sample's value `v` is already the mean over its `OUT` outputs. The confusion-matrix
//! metrics ([`Precision`], [`Recall`], [`FBetaScore`], [`Auc`], the four counts) instead sum
//! weighted counts over every output of every sample.

mod accuracy;
mod auc;
mod binary_accuracy;
mod binary_crossentropy;
mod categorical_accuracy;
mod categorical_crossentropy;
mod confusion;
mod cosine_similarity;
mod counts;
mod fbeta_score;
mod hinge;
mod kl_divergence;
mod log_cosh_error;
mod mean_absolute_error;
mod mean_absolute_percentage_error;
mod mean_squared_error;
mod mean_squared_logarithmic_error;
mod poisson;
mod precision;
mod r2_score;
mod recall;
mod roc_auc_exact;
mod root_mean_squared_error;
mod set;
mod sparse_categorical_accuracy;
mod sparse_categorical_crossentropy;
mod sparse_top_k_categorical_accuracy;
mod top_k_categorical_accuracy;

pub use accuracy::Accuracy;
pub use auc::{Auc, AucCurve, AucSummation};
pub use binary_accuracy::BinaryAccuracy;
pub use binary_crossentropy::BinaryCrossentropy;
pub use categorical_accuracy::CategoricalAccuracy;
pub use categorical_crossentropy::CategoricalCrossentropy;
pub use cosine_similarity::CosineSimilarity;
pub use counts::{FalseNegatives, FalsePositives, TrueNegatives, TruePositives};
pub use fbeta_score::{Average, F1Score, FBetaScore};
pub use hinge::Hinge;
pub use kl_divergence::KlDivergence;
pub use log_cosh_error::LogCoshError;
pub use mean_absolute_error::MeanAbsoluteError;
pub use mean_absolute_percentage_error::MeanAbsolutePercentageError;
pub use mean_squared_error::MeanSquaredError;
pub use mean_squared_logarithmic_error::MeanSquaredLogarithmicError;
pub use poisson::Poisson;
pub use precision::Precision;
pub use r2_score::{ClassAggregation, R2Score};
pub use recall::Recall;
pub use roc_auc_exact::RocAucExact;
pub use root_mean_squared_error::RootMeanSquaredError;
pub use set::MetricSet;
pub use sparse_categorical_accuracy::SparseCategoricalAccuracy;
pub use sparse_categorical_crossentropy::SparseCategoricalCrossentropy;
pub use sparse_top_k_categorical_accuracy::SparseTopKCategoricalAccuracy;
pub use top_k_categorical_accuracy::TopKCategoricalAccuracy;

/// A streaming metric on one sample's `OUT` predicted values.
pub trait Metric<const OUT: usize>: Clone + core::fmt::Debug + MetricState {
    /// What one sample's label is: `[f32; OUT]`, or `usize` for the sparse metrics.
    type Target: Copy;

    /// Keras's default `name` for the metric, the key it is logged under.
    const NAME: &'static str;

    /// Whether a higher value is better (accuracies, AUC, R²), which decides the direction of
    /// `mode = Auto` in callbacks that watch it. Errors and losses keep the default, `false`.
    const HIGHER_IS_BETTER: bool = false;

    /// Accumulates one sample counted `sample_weight` times (Keras's `sample_weight`).
    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &Self::Target,
        sample_weight: f32,
    );

    /// Accumulates one sample with weight 1.
    fn update(&mut self, prediction: &[f32; OUT], target: &Self::Target) {
        self.update_weighted(prediction, target, 1.0);
    }

    /// The metric over every sample seen since the last [`reset`](Self::reset).
    fn result(&self) -> f32;

    /// Forgets every sample seen, keeping the configuration.
    fn reset(&mut self);
}

/// A metric's accumulators, saved and restored exactly, so that a training run resumed in the
/// middle of an epoch reports the epoch's metrics as if it had never stopped.
///
/// Every accumulator is an `f32`, a count or a flag, each exact as an `f64`.
///
/// ```
/// use nn::metrics::{MeanAbsoluteError, Metric, MetricState};
/// let mut mae = MeanAbsoluteError::default();
/// Metric::<1>::update(&mut mae, &[3.0], &[1.0]);
/// let mut saved = Vec::new();
/// mae.save_state(&mut saved);
/// let mut restored = MeanAbsoluteError::default();
/// restored.restore_state(&mut &saved[..])?;
/// assert_eq!(restored, mae);
/// # Ok::<(), nn::Error>(())
/// ```
pub trait MetricState {
    /// Appends every accumulator to `out`.
    fn save_state(&self, out: &mut Vec<f64>);

    /// Takes back, from the front of `state`, what [`save_state`](Self::save_state) wrote, and
    /// advances `state` past it.
    ///
    /// # Errors
    ///
    /// If `state` is too short or holds a value no accumulator can have (a negative length);
    /// the metric is then unchanged.
    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error>;
}

/// The next `N` values of a saved metric state, or an error naming `metric`.
fn take_state<const N: usize>(state: &mut &[f64], metric: &str) -> Result<[f64; N], crate::Error> {
    let Some((head, rest)) = state.split_first_chunk::<N>() else {
        return Err(crate::Error::StateMismatch {
            what: format!("the saved state of metric {metric}"),
            differences: format!("{} values where {N} are needed", state.len()),
        });
    };
    *state = rest;
    Ok(*head)
}

/// The next `N` saved values as `f32`s.
fn take_f32s<const N: usize>(state: &mut &[f64], metric: &str) -> Result<[f32; N], crate::Error> {
    Ok(take_state::<N>(state, metric)?.map(|value| value as f32))
}

impl MetricState for WeightedMean {
    fn save_state(&self, out: &mut Vec<f64>) {
        out.extend([f64::from(self.total), f64::from(self.count)]);
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        [self.total, self.count] = take_f32s(state, "mean")?;
        Ok(())
    }
}

/// Keras's `backend.epsilon()`, the fuzz factor of its clipped logarithms and divisions.
const EPSILON: f32 = 1e-7;

/// `a / b`, or 0 when `b` is 0: Keras's `divide_no_nan`.
fn divide_no_nan(a: f32, b: f32) -> f32 {
    if b == 0.0 { 0.0 } else { a / b }
}

/// The state of Keras's `Mean` metric: a weighted total and the total weight.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct WeightedMean {
    total: f32,
    count: f32,
}

impl WeightedMean {
    fn add(&mut self, value: f32, weight: f32) {
        self.total += value * weight;
        self.count += weight;
    }

    fn result(&self) -> f32 {
        divide_no_nan(self.total, self.count)
    }
}

/// The index of the largest value, the first one on ties (as `argmax`).
fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

/// Whether class `target` is among the `k` largest of `values`, ties counting as in (TensorFlow's
/// `in_top_k`): fewer than `k` values are strictly larger than the target's. False for an index
/// out of range or a non-finite prediction.
fn in_top_k(values: &[f32], target: usize, k: usize) -> bool {
    let Some(&mine) = values.get(target) else {
        return false;
    };
    if !values.iter().all(|v| v.is_finite()) {
        return false;
    }
    values.iter().filter(|&&v| v > mine).count() < k
}

/// Implements [`Metric`] as the weighted mean of `self.value(prediction, target)`, kept in a
/// field `mean: WeightedMean`, and inherent `result` and `reset` that need no `OUT`.
macro_rules! mean_metric {
    ($type:ty, $target:ty, $name:literal) => {
        mean_metric!($type, $target, $name, higher_is_better = false);
    };
    ($type:ty, $target:ty, $name:literal, higher_is_better = $higher:literal) => {
        impl<const OUT: usize> $crate::metrics::Metric<OUT> for $type {
            type Target = $target;
            const NAME: &'static str = $name;
            const HIGHER_IS_BETTER: bool = $higher;

            fn update_weighted(
                &mut self,
                prediction: &[f32; OUT],
                target: &$target,
                sample_weight: f32,
            ) {
                let value = self.value(prediction, target);
                self.mean.add(value, sample_weight);
            }

            fn result(&self) -> f32 {
                self.mean.result()
            }

            fn reset(&mut self) {
                self.mean = Default::default();
            }
        }

        impl $crate::metrics::MetricState for $type {
            fn save_state(&self, out: &mut Vec<f64>) {
                $crate::metrics::MetricState::save_state(&self.mean, out);
            }

            fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), $crate::Error> {
                $crate::metrics::MetricState::restore_state(&mut self.mean, state)
            }
        }

        impl $type {
            /// The weighted mean over every sample seen, as [`Metric::result`] (callable without
            /// naming `OUT`).
            ///
            /// [`Metric::result`]: $crate::metrics::Metric::result
            pub fn result(&self) -> f32 {
                self.mean.result()
            }

            /// Forgets every sample seen, as [`Metric::reset`].
            ///
            /// [`Metric::reset`]: $crate::metrics::Metric::reset
            pub fn reset(&mut self) {
                self.mean = Default::default();
            }
        }
    };
}
use mean_metric;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_counts_ties_as_in() {
        assert!(in_top_k(&[0.5, 0.5, 0.5], 2, 1));
        assert!(!in_top_k(&[0.1, 0.5, 0.7], 0, 2));
        assert!(!in_top_k(&[0.1, f32::NAN], 0, 2));
        assert!(!in_top_k(&[0.1, 0.2], 5, 2));
    }

    #[test]
    fn argmax_takes_the_first_of_ties() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0]), 1);
    }

    #[test]
    fn an_empty_mean_is_zero() {
        assert_eq!(WeightedMean::default().result(), 0.0);
    }
}
