use super::{WeightedMean, mean_metric};
use crate::losses::{Loss, MeanSquaredError as MeanSquaredErrorLoss};

/// Keras's `MeanSquaredError` metric: the loss
/// [`losses::MeanSquaredError`](crate::losses::MeanSquaredError) of each sample, averaged over
/// samples.
///
/// ```text
/// v(ŷ, y) = (1/OUT) · Σ_i (ŷ_i − y_i)²
/// ```
///
/// ```
/// use nn::metrics::{MeanSquaredError, Metric};
/// let mut mse = MeanSquaredError::default();
/// mse.update(&[1.0, 3.0], &[0.0, 1.0]);
/// assert_eq!(mse.result(), 2.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeanSquaredError {
    mean: WeightedMean,
}

impl MeanSquaredError {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        Loss::<OUT>::loss(&MeanSquaredErrorLoss, prediction, target)
    }
}

mean_metric!(MeanSquaredError, [f32; OUT], "mean_squared_error");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn streams_over_samples() {
        let mut mse = MeanSquaredError::default();
        mse.update(&[1.0], &[0.0]);
        mse.update(&[3.0], &[0.0]);
        assert_eq!(mse.result(), 5.0);
    }
}
