use super::{WeightedMean, argmax, mean_metric};

/// Keras's `CategoricalAccuracy`: how often the most likely class is the one-hot label's class.
///
/// ```text
/// v(ŷ, y) = [argmax ŷ = argmax y]        (argmax takes the first of ties)
/// ```
///
/// ```
/// use nn::metrics::{CategoricalAccuracy, Metric};
/// let mut accuracy = CategoricalAccuracy::default();
/// accuracy.update(&[0.1, 0.7, 0.2], &[0.0, 1.0, 0.0]);
/// accuracy.update(&[0.6, 0.3, 0.1], &[0.0, 0.0, 1.0]);
/// assert_eq!(accuracy.result(), 0.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CategoricalAccuracy {
    mean: WeightedMean,
}

impl CategoricalAccuracy {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        if argmax(prediction) == argmax(target) {
            1.0
        } else {
            0.0
        }
    }
}

mean_metric!(
    CategoricalAccuracy,
    [f32; OUT],
    "categorical_accuracy",
    higher_is_better = true
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn weights_samples() {
        let mut accuracy = CategoricalAccuracy::default();
        accuracy.update_weighted(&[0.1, 0.9], &[0.0, 1.0], 3.0);
        accuracy.update_weighted(&[0.1, 0.9], &[1.0, 0.0], 1.0);
        assert_eq!(accuracy.result(), 0.75);
    }
}
