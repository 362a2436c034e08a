use super::{WeightedMean, mean_metric};

/// Keras's `MeanAbsoluteError`: the mean absolute difference over a sample's outputs, averaged
/// over samples.
///
/// ```text
/// v(ŷ, y) = (1/OUT) · Σ_i |ŷ_i − y_i|
/// ```
///
/// ```
/// use nn::metrics::{MeanAbsoluteError, Metric};
/// let mut mae = MeanAbsoluteError::default();
/// mae.update(&[1.0, 3.0], &[0.0, 1.0]);
/// assert_eq!(mae.result(), 1.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeanAbsoluteError {
    mean: WeightedMean,
}

impl MeanAbsoluteError {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| (p - y).abs())
            .sum();
        sum / OUT as f32
    }
}

mean_metric!(MeanAbsoluteError, [f32; OUT], "mean_absolute_error");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn weights_samples() {
        let mut mae = MeanAbsoluteError::default();
        mae.update_weighted(&[1.0], &[0.0], 3.0);
        mae.update_weighted(&[5.0], &[0.0], 1.0);
        assert_eq!(mae.result(), 2.0);
    }
}
