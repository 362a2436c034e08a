use super::{WeightedMean, mean_metric};
use crate::losses::{self, Loss};

/// Keras's `KLDivergence` metric: the Kullback–Leibler divergence of the prediction from the
/// label, averaged over samples.
///
/// ```text
/// v(ŷ, y) = Σ_i y'_i · ln(y'_i / ŷ'_i)        y' = clip(y, ε, 1), ŷ' = clip(ŷ, ε, 1), ε = 1e-7
/// ```
///
/// ```
/// use nn::metrics::{KlDivergence, Metric};
/// let mut kl = KlDivergence::default();
/// kl.update(&[0.5, 0.5], &[0.5, 0.5]);
/// assert_eq!(kl.result(), 0.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct KlDivergence {
    mean: WeightedMean,
}

impl KlDivergence {
    /// The per-sample value: the loss of the same name.
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        losses::KLDivergence.loss(prediction, target)
    }
}

mean_metric!(KlDivergence, [f32; OUT], "kl_divergence");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn is_positive_for_different_distributions() {
        let mut kl = KlDivergence::default();
        kl.update(&[0.25, 0.75], &[0.5, 0.5]);
        let expected = 0.5 * (2.0_f32).ln() + 0.5 * (0.5_f32 / 0.75).ln();
        assert!((kl.result() - expected).abs() < 1e-6);
    }
}
