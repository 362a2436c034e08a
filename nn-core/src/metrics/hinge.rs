use super::{WeightedMean, mean_metric};
use crate::losses::{self, Loss};

/// Keras's `Hinge` metric: the mean hinge loss over a sample's outputs, averaged over samples.
///
/// ```text
/// y'      = 2y − 1 if every y_i is 0 or 1, else y            (labels in {−1, 1} or {0, 1})
/// v(ŷ, y) = (1/OUT) · Σ_i max(1 − y'_i · ŷ_i, 0)
/// ```
///
/// Keras decides whether to map {0, 1} to {−1, 1} once per batch; here it is decided per sample,
/// which differs only for a batch mixing 0 and −1 labels.
///
/// ```
/// use nn::metrics::{Hinge, Metric};
/// let mut hinge = Hinge::default();
/// hinge.update(&[0.3, -2.0], &[1.0, 0.0]);
/// assert!((hinge.result() - 0.35).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Hinge {
    mean: WeightedMean,
}

impl Hinge {
    /// The per-sample value: the loss of the same name.
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        losses::Hinge.loss(prediction, target)
    }
}

mean_metric!(Hinge, [f32; OUT], "hinge");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn signed_labels_are_kept() {
        let mut hinge = Hinge::default();
        hinge.update(&[0.5, 0.5], &[-1.0, 1.0]);
        assert_eq!(hinge.result(), 1.0);
    }
}
