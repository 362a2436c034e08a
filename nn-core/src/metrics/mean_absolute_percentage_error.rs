use super::{EPSILON, WeightedMean, mean_metric};

/// Keras's `MeanAbsolutePercentageError`: the mean absolute error relative to the label, in
/// percent.
///
/// ```text
/// v(ŷ, y) = (100/OUT) · Σ_i |(y_i − ŷ_i) / max(|y_i|, ε)|        ε = 1e-7
/// ```
///
/// ```
/// use nn::metrics::{MeanAbsolutePercentageError, Metric};
/// let mut mape = MeanAbsolutePercentageError::default();
/// mape.update(&[1.5, 3.0], &[1.0, 4.0]);
/// assert_eq!(mape.result(), 37.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeanAbsolutePercentageError {
    mean: WeightedMean,
}

impl MeanAbsolutePercentageError {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| ((y - p) / y.abs().max(EPSILON)).abs())
            .sum();
        100.0 * (sum / OUT as f32)
    }
}

mean_metric!(
    MeanAbsolutePercentageError,
    [f32; OUT],
    "mean_absolute_percentage_error"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn a_zero_label_divides_by_epsilon() {
        let mut mape = MeanAbsolutePercentageError::default();
        mape.update(&[1e-7], &[0.0]);
        assert!((mape.result() - 100.0).abs() < 1e-4);
    }
}
