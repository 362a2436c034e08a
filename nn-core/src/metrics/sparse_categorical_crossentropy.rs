use super::{WeightedMean, mean_metric};
use crate::losses::{self, Loss};

/// Keras's `SparseCategoricalCrossentropy` metric: the cross-entropy of the labelled class,
/// averaged over samples. Default: `from_logits = false`.
///
/// ```text
/// v(ŷ, y) = −ln softmax(ln clip(ŷ, ε, 1 − ε))_y                ε = 1e-7, y a class index
///         = −ln( clip(ŷ_y) / Σ_j clip(ŷ_j) )
/// ```
///
/// which is TensorFlow's way (clip, take logs, then a softmax cross-entropy on them); with
/// `from_logits` it is `−log_softmax(ŷ)_y`. An out-of-range label gives NaN.
///
/// ```
/// use nn::metrics::{Metric, SparseCategoricalCrossentropy};
/// let mut scce = SparseCategoricalCrossentropy::default();
/// scce.update(&[0.25, 0.5, 0.25], &1);
/// assert!((scce.result() - 2.0_f32.ln()).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SparseCategoricalCrossentropy {
    /// Whether predictions are logits rather than probabilities.
    pub from_logits: bool,
    mean: WeightedMean,
}

impl SparseCategoricalCrossentropy {
    /// The metric on logits (`true`) or probabilities (`false`).
    pub fn new(from_logits: bool) -> Self {
        Self {
            from_logits,
            mean: WeightedMean::default(),
        }
    }

    /// The per-sample value: the loss of the same name.
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &usize) -> f32 {
        let loss = losses::SparseCategoricalCrossentropy {
            from_logits: self.from_logits,
            ..Default::default()
        };
        loss.loss(prediction, target)
    }
}

mean_metric!(
    SparseCategoricalCrossentropy,
    usize,
    "sparse_categorical_crossentropy"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn logits_agree_with_probabilities() {
        let (mut probabilities, mut logits) = (
            SparseCategoricalCrossentropy::default(),
            SparseCategoricalCrossentropy::new(true),
        );
        probabilities.update(&[0.2, 0.3, 0.5], &2);
        logits.update(&[0.2_f32.ln(), 0.3_f32.ln(), 0.5_f32.ln()], &2);
        assert!((probabilities.result() - logits.result()).abs() < 1e-6);
        assert!((logits.result() + 0.5_f32.ln()).abs() < 1e-6);
    }
}
