use super::{WeightedMean, mean_metric};
use crate::losses::{self, Loss};

/// Keras's `CategoricalCrossentropy` metric: the cross-entropy between a one-hot (or soft) label
/// and the predicted distribution, averaged over samples. Defaults: `from_logits = false`,
/// `label_smoothing = 0`.
///
/// ```text
/// y'      = y·(1 − s) + s/OUT                                s = label_smoothing
/// p       = clip(ŷ / Σ_j ŷ_j, ε, 1 − ε)                      ε = 1e-7
/// v(ŷ, y) = −Σ_i y'_i · ln p_i
/// ```
///
/// With `from_logits`, `ln p` is `log_softmax(ŷ)`, unclipped.
///
/// ```
/// use nn::metrics::{CategoricalCrossentropy, Metric};
/// let mut cce = CategoricalCrossentropy::default();
/// cce.update(&[0.25, 0.5, 0.25], &[0.0, 1.0, 0.0]);
/// assert!((cce.result() - 2.0_f32.ln()).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CategoricalCrossentropy {
    /// Whether predictions are logits rather than probabilities.
    pub from_logits: bool,
    /// How far labels are pulled towards the uniform distribution.
    pub label_smoothing: f32,
    mean: WeightedMean,
}

impl CategoricalCrossentropy {
    /// The metric with the given `from_logits` and `label_smoothing`.
    pub fn new(from_logits: bool, label_smoothing: f32) -> Self {
        Self {
            from_logits,
            label_smoothing,
            mean: WeightedMean::default(),
        }
    }

    /// The per-sample value: the loss of the same name.
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let loss = losses::CategoricalCrossentropy {
            from_logits: self.from_logits,
            label_smoothing: self.label_smoothing,
        };
        loss.loss(prediction, target)
    }
}

mean_metric!(
    CategoricalCrossentropy,
    [f32; OUT],
    "categorical_crossentropy"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn predictions_are_normalized_first() {
        let mut cce = CategoricalCrossentropy::default();
        cce.update(&[1.0, 3.0], &[0.0, 1.0]);
        assert!((cce.result() + 0.75_f32.ln()).abs() < 1e-6);
    }
}
