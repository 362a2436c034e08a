use super::{WeightedMean, in_top_k, mean_metric};

/// Keras's `SparseTopKCategoricalAccuracy`: how often the label is among the `k` most likely
/// classes.
///
/// ```text
/// v(ŷ, y) = [#{j : ŷ_j > ŷ_y} < k]       y a class index, k = 5 by default
/// ```
///
/// Classes tied with the `k`-th largest all count as in the top `k` (TensorFlow's `in_top_k`);
/// a non-finite prediction or an out-of-range label is never right.
///
/// ```
/// use nn::metrics::{Metric, SparseTopKCategoricalAccuracy};
/// let mut accuracy = SparseTopKCategoricalAccuracy::new(2);
/// accuracy.update(&[0.5, 0.3, 0.2], &1);
/// accuracy.update(&[0.5, 0.3, 0.2], &2);
/// assert_eq!(accuracy.result(), 0.5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SparseTopKCategoricalAccuracy {
    /// How many of the most likely classes count as right.
    pub k: usize,
    mean: WeightedMean,
}

impl SparseTopKCategoricalAccuracy {
    /// Top-`k` accuracy on class indices.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            mean: WeightedMean::default(),
        }
    }

    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &usize) -> f32 {
        if in_top_k(prediction, *target, self.k) {
            1.0
        } else {
            0.0
        }
    }
}

impl Default for SparseTopKCategoricalAccuracy {
    fn default() -> Self {
        Self::new(5)
    }
}

mean_metric!(
    SparseTopKCategoricalAccuracy,
    usize,
    "sparse_top_k_categorical_accuracy",
    higher_is_better = true
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn ties_at_the_boundary_are_in() {
        let mut accuracy = SparseTopKCategoricalAccuracy::new(1);
        accuracy.update(&[0.4, 0.4, 0.2], &1);
        assert_eq!(accuracy.result(), 1.0);
    }
}
