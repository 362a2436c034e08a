use super::{WeightedMean, mean_metric};

/// Keras's `Accuracy` (`"accuracy"` as a class, not the string shortcut): how often the
/// prediction equals the label exactly.
///
/// ```text
/// v(ŷ, y) = (1/OUT) · Σ_i [ŷ_i = y_i]
/// result  = Σ_s w_s · v_s / Σ_s w_s
/// ```
///
/// Meant for predictions that are already labels (class indices, rounded values): a probability
/// almost never equals its label.
///
/// ```
/// use nn::metrics::{Accuracy, Metric};
/// let mut accuracy = Accuracy::default();
/// accuracy.update(&[2.0], &[2.0]);
/// accuracy.update(&[1.0], &[0.0]);
/// assert_eq!(Metric::<1>::result(&accuracy), 0.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Accuracy {
    mean: WeightedMean,
}

impl Accuracy {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let equal = prediction
            .iter()
            .zip(target)
            .filter(|(p, y)| p == y)
            .count();
        equal as f32 / OUT as f32
    }
}

mean_metric!(Accuracy, [f32; OUT], "accuracy", higher_is_better = true);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn counts_each_output() {
        let mut accuracy = Accuracy::default();
        accuracy.update(&[1.0, 0.0], &[1.0, 1.0]);
        assert_eq!(accuracy.result(), 0.5);
        accuracy.update_weighted(&[1.0, 1.0], &[1.0, 1.0], 3.0);
        assert_eq!(accuracy.result(), 0.875);
        Metric::<2>::reset(&mut accuracy);
        assert_eq!(Metric::<2>::result(&accuracy), 0.0);
    }
}
