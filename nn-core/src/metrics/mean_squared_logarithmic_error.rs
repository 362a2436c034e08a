use super::{EPSILON, WeightedMean, mean_metric};

/// Keras's `MeanSquaredLogarithmicError`: the mean squared difference of `log(1 + ·)`.
///
/// ```text
/// v(ŷ, y) = (1/OUT) · Σ_i (ln(max(ŷ_i, ε) + 1) − ln(max(y_i, ε) + 1))²        ε = 1e-7
/// ```
///
/// ```
/// use nn::metrics::{MeanSquaredLogarithmicError, Metric};
/// let mut msle = MeanSquaredLogarithmicError::default();
/// msle.update(&[std::f32::consts::E - 1.0], &[0.0]);
/// assert!((msle.result() - 1.0).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeanSquaredLogarithmicError {
    mean: WeightedMean,
}

impl MeanSquaredLogarithmicError {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| {
                let d = (p.max(EPSILON) + 1.0).ln() - (y.max(EPSILON) + 1.0).ln();
                d * d
            })
            .sum();
        sum / OUT as f32
    }
}

mean_metric!(
    MeanSquaredLogarithmicError,
    [f32; OUT],
    "mean_squared_logarithmic_error"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn negative_values_are_clipped() {
        let mut msle = MeanSquaredLogarithmicError::default();
        msle.update(&[-5.0], &[0.0]);
        assert_eq!(msle.result(), 0.0);
    }
}
