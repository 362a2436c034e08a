use super::{EPSILON, Loss};

/// Keras's `mean_absolute_percentage_error` (`mape`): the mean absolute error relative to the
/// label, in percent.
///
/// ```text
/// L(ŷ, y)   = (100/OUT) · Σ_i |(y_i − ŷ_i) / max(|y_i|, ε)|
/// ∂L/∂ŷ_i  = (100/OUT) · sign(ŷ_i − y_i) / max(|y_i|, ε)
/// ```
///
/// `ε` is Keras's epsilon, 1e-7: Keras clips the denominator, so a label of 0 gives a huge but
/// finite loss.
///
/// ```
/// use nn::losses::{Loss, MeanAbsolutePercentageError};
/// assert_eq!(MeanAbsolutePercentageError.loss(&[1.5, 3.0], &[1.0, 4.0]), 37.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeanAbsolutePercentageError;

impl<const OUT: usize> Loss<OUT> for MeanAbsolutePercentageError {
    type Target = [f32; OUT];
    const NAME: &'static str = "mean_absolute_percentage_error";

    fn loss(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| ((y - p) / y.abs().max(EPSILON)).abs())
            .sum();
        100.0 * (sum / OUT as f32)
    }

    fn loss_and_gradient(
        &self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        gradient: &mut [f32; OUT],
    ) -> f32 {
        for ((g, p), y) in gradient.iter_mut().zip(prediction).zip(target) {
            let d = p - y;
            let sign = if d == 0.0 { 0.0 } else { d.signum() };
            *g = 100.0 / OUT as f32 * sign / y.abs().max(EPSILON);
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
        assert_gradient(
            &MeanAbsolutePercentageError,
            [0.3, -1.5, 2.0],
            &[2.0, 1.0, 2.5],
        );
    }

    #[test]
    fn zero_label_uses_epsilon() {
        let value = MeanAbsolutePercentageError.loss(&[1e-7], &[0.0]);
        assert!((value - 100.0).abs() < 1e-4);
    }
}
