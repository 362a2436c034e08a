use super::{WeightedMean, mean_metric};
use crate::losses::{self, Loss};

/// Keras's `BinaryCrossentropy` metric: the mean binary cross-entropy over a sample's outputs,
/// averaged over samples. Defaults: `from_logits = false`, `label_smoothing = 0`.
///
/// ```text
/// y'      = y·(1 − s) + s/2                                    s = label_smoothing
/// p       = clip(ŷ, ε, 1 − ε)                                  ε = 1e-7
/// v(ŷ, y) = −(1/OUT) · Σ_i y'_i·ln p_i + (1 − y'_i)·ln(1 − p_i)
/// ```
///
/// With `from_logits`, `ŷ` is a logit and the term is TensorFlow's stable
/// `max(ŷ, 0) − ŷ·y' + ln(1 + e^(−|ŷ|))`.
///
/// ```
/// use nn::metrics::{BinaryCrossentropy, Metric};
/// let mut bce = BinaryCrossentropy::default();
/// bce.update(&[0.5], &[1.0]);
/// assert!((bce.result() - 2.0_f32.ln()).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BinaryCrossentropy {
    /// Whether predictions are logits rather than probabilities.
    pub from_logits: bool,
    /// How far labels are pulled towards 0.5.
    pub label_smoothing: f32,
    mean: WeightedMean,
}

impl BinaryCrossentropy {
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
        let loss = losses::BinaryCrossentropy {
            from_logits: self.from_logits,
            label_smoothing: self.label_smoothing,
        };
        loss.loss(prediction, target)
    }
}

mean_metric!(BinaryCrossentropy, [f32; OUT], "binary_crossentropy");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn logits_agree_with_probabilities() {
        let (mut probabilities, mut logits) = (
            BinaryCrossentropy::default(),
            BinaryCrossentropy::new(true, 0.0),
        );
        probabilities.update(&[1.0 / (1.0 + (-0.7_f32).exp())], &[1.0]);
        logits.update(&[0.7], &[1.0]);
        assert!((probabilities.result() - logits.result()).abs() < 1e-6);
    }
}
