use super::{EPSILON, WeightedMean, mean_metric};

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
/// use nn_core::metrics::{CategoricalCrossentropy, Metric};
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

/// `ln p_i` of a sample's predicted distribution, as TensorFlow's categorical cross-entropy
/// takes it: normalized and clipped probabilities, or `log_softmax` of logits.
pub(super) fn log_probabilities<const OUT: usize>(
    prediction: &[f32; OUT],
    from_logits: bool,
) -> [f32; OUT] {
    let mut out = [0.0; OUT];
    if from_logits {
        let max = prediction.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let log_sum = prediction.iter().map(|z| (z - max).exp()).sum::<f32>().ln();
        for (o, z) in out.iter_mut().zip(prediction) {
            *o = z - max - log_sum;
        }
    } else {
        let sum: f32 = prediction.iter().sum();
        for (o, p) in out.iter_mut().zip(prediction) {
            *o = (p / sum).clamp(EPSILON, 1.0 - EPSILON).ln();
        }
    }
    out
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

    // Duplicates the categorical cross-entropy formula: crate::losses has no such loss yet.
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let s = self.label_smoothing;
        let log_p = log_probabilities(prediction, self.from_logits);
        let sum: f32 = log_p
            .iter()
            .zip(target)
            .map(|(l, &y)| {
                let y = if s != 0.0 {
                    y * (1.0 - s) + s / OUT as f32
                } else {
                    y
                };
                y * l
            })
            .sum();
        -sum
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
