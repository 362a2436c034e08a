use super::{WeightedMean, argmax, in_top_k, mean_metric};

/// Keras's `TopKCategoricalAccuracy`: how often the one-hot label's class is among the `k`
/// most likely classes.
///
/// ```text
/// v(ŷ, y) = [#{j : ŷ_j > ŷ_c} < k]       c = argmax y, k = 5 by default
/// ```
///
/// Classes tied with the `k`-th largest all count as in the top `k` (TensorFlow's `in_top_k`),
/// and a sample with a non-finite prediction is never right.
///
/// ```
/// use nn::metrics::{Metric, TopKCategoricalAccuracy};
/// let mut accuracy = TopKCategoricalAccuracy::new(2);
/// accuracy.update(&[0.5, 0.3, 0.2], &[0.0, 1.0, 0.0]);
/// accuracy.update(&[0.5, 0.3, 0.2], &[0.0, 0.0, 1.0]);
/// assert_eq!(accuracy.result(), 0.5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TopKCategoricalAccuracy {
    /// How many of the most likely classes count as right.
    pub k: usize,
    mean: WeightedMean,
}

impl TopKCategoricalAccuracy {
    /// Top-`k` accuracy.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            mean: WeightedMean::default(),
        }
    }

    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        if in_top_k(prediction, argmax(target), self.k) {
            1.0
        } else {
            0.0
        }
    }
}

impl Default for TopKCategoricalAccuracy {
    fn default() -> Self {
        Self::new(5)
    }
}

mean_metric!(
    TopKCategoricalAccuracy,
    [f32; OUT],
    "top_k_categorical_accuracy",
    higher_is_better = true
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn k_beyond_the_classes_is_always_right() {
        let mut accuracy = TopKCategoricalAccuracy::default();
        accuracy.update(&[0.9, 0.1], &[0.0, 1.0]);
        assert_eq!(accuracy.result(), 1.0);
    }
}
