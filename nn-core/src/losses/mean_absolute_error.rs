use super::Loss;

/// Keras's `mean_absolute_error` (`mae`): the mean of absolute differences over a sample's
/// outputs.
///
/// ```text
/// L(ŷ, y)   = (1/OUT) · Σ_i |ŷ_i − y_i|
/// ∂L/∂ŷ_i  = (1/OUT) · sign(ŷ_i − y_i)          (0 where ŷ_i = y_i, as TensorFlow's abs)
/// ```
///
/// ```
/// use nn::losses::{Loss, MeanAbsoluteError};
/// assert_eq!(MeanAbsoluteError.loss(&[1.0, 3.0], &[0.0, 1.0]), 1.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeanAbsoluteError;

impl<const OUT: usize> Loss<OUT> for MeanAbsoluteError {
    type Target = [f32; OUT];
    const NAME: &'static str = "mean_absolute_error";

    fn loss(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| (y - p).abs())
            .sum();
        sum / OUT as f32
    }

    fn loss_and_gradient(
        &self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        gradient: &mut [f32; OUT],
    ) -> f32 {
        for ((g, p), y) in gradient.iter_mut().zip(prediction).zip(target) {
            let d = p - y;
            *g = if d == 0.0 { 0.0 } else { d.signum() } / OUT as f32;
        }
        Loss::<OUT>::loss(self, prediction, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_gradient(&MeanAbsoluteError, [0.3, -1.5, 2.0], &[0.0, 1.0, 2.5]);
    }

    #[test]
    fn gradient_is_zero_where_exact() {
        let mut gradient = [1.0; 2];
        MeanAbsoluteError.loss_and_gradient(&[1.0, 2.0], &[1.0, 0.0], &mut gradient);
        assert_eq!(gradient, [0.0, 0.5]);
    }
}
