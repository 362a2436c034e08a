use super::{WeightedMean, argmax, mean_metric};

/// Keras's `SparseCategoricalAccuracy`: how often the most likely class is the label.
///
/// ```text
/// v(ŷ, y) = [argmax ŷ = y]        y a class index; argmax takes the first of ties
/// ```
///
/// ```
/// use nn::metrics::{Metric, SparseCategoricalAccuracy};
/// let mut accuracy = SparseCategoricalAccuracy::default();
/// accuracy.update(&[0.1, 0.7, 0.2], &1);
/// accuracy.update(&[0.6, 0.3, 0.1], &2);
/// assert_eq!(accuracy.result(), 0.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SparseCategoricalAccuracy {
    mean: WeightedMean,
}

impl SparseCategoricalAccuracy {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &usize) -> f32 {
        if argmax(prediction) == *target {
            1.0
        } else {
            0.0
        }
    }
}

mean_metric!(
    SparseCategoricalAccuracy,
    usize,
    "sparse_categorical_accuracy",
    higher_is_better = true
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn an_out_of_range_label_is_wrong() {
        let mut accuracy = SparseCategoricalAccuracy::default();
        accuracy.update(&[0.1, 0.9], &7);
        assert_eq!(accuracy.result(), 0.0);
    }
}
