use super::{WeightedMean, mean_metric};

/// Keras's `BinaryAccuracy`: how often the thresholded prediction equals the 0/1 label.
///
/// ```text
/// v(ŷ, y) = (1/OUT) · Σ_i [ [ŷ_i > threshold] = y_i ]      threshold = 0.5 by default
/// ```
///
/// A prediction exactly at the threshold counts as 0, as in Keras.
///
/// ```
/// use nn::metrics::{BinaryAccuracy, Metric};
/// let mut accuracy = BinaryAccuracy::default();
/// accuracy.update(&[0.9, 0.5], &[1.0, 1.0]);
/// assert_eq!(accuracy.result(), 0.5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BinaryAccuracy {
    /// Predictions strictly above it count as 1.
    pub threshold: f32,
    mean: WeightedMean,
}

impl BinaryAccuracy {
    /// Binary accuracy with the given threshold.
    pub fn new(threshold: f32) -> Self {
        Self {
            threshold,
            mean: WeightedMean::default(),
        }
    }

    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let equal = prediction
            .iter()
            .zip(target)
            .filter(|&(&p, &y)| (if p > self.threshold { 1.0 } else { 0.0 }) == y)
            .count();
        equal as f32 / OUT as f32
    }
}

impl Default for BinaryAccuracy {
    fn default() -> Self {
        Self::new(0.5)
    }
}

mean_metric!(
    BinaryAccuracy,
    [f32; OUT],
    "binary_accuracy",
    higher_is_better = true
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn the_threshold_itself_counts_as_zero() {
        let mut accuracy = BinaryAccuracy::new(0.3);
        accuracy.update(&[0.3], &[0.0]);
        accuracy.update(&[0.31], &[1.0]);
        assert_eq!(accuracy.result(), 1.0);
    }
}
