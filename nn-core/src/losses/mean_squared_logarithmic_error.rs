use super::{EPSILON, Loss};

/// Keras's `mean_squared_logarithmic_error` (`msle`): the mean squared difference of
/// `ln(1 + x)`, with both sides first clipped below at ε.
///
/// ```text
/// a_i = ln(max(ŷ_i, ε) + 1),  b_i = ln(max(y_i, ε) + 1)
/// L(ŷ, y)   = (1/OUT) · Σ_i (a_i − b_i)²
/// ∂L/∂ŷ_i  = (2/OUT) · (a_i − b_i) / (ŷ_i + 1)   where ŷ_i ≥ ε, else 0 (the clip is active)
/// ```
///
/// `ε` is Keras's epsilon, 1e-7.
///
/// ```
/// use nn::losses::{Loss, MeanSquaredLogarithmicError};
/// let value = MeanSquaredLogarithmicError.loss(&[1.0], &[0.0]);
/// assert!((value - 2.0_f32.ln().powi(2)).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeanSquaredLogarithmicError;

impl<const OUT: usize> Loss<OUT> for MeanSquaredLogarithmicError {
    type Target = [f32; OUT];
    const NAME: &'static str = "mean_squared_logarithmic_error";

    fn loss(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let mut gradient = [0.0; OUT];
        self.loss_and_gradient(prediction, target, &mut gradient)
    }

    fn loss_and_gradient(
        &self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        gradient: &mut [f32; OUT],
    ) -> f32 {
        let mut sum = 0.0;
        for ((g, &p), &y) in gradient.iter_mut().zip(prediction).zip(target) {
            let clipped = p.max(EPSILON);
            let difference = (clipped + 1.0).ln() - (y.max(EPSILON) + 1.0).ln();
            sum += difference * difference;
            // TensorFlow's maximum passes the gradient to ŷ where ŷ ≥ ε.
            *g = if p >= EPSILON {
                2.0 / OUT as f32 * difference / (clipped + 1.0)
            } else {
                0.0
            };
        }
        sum / OUT as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_gradient(
            &MeanSquaredLogarithmicError,
            [0.3, 1.5, 2.0],
            &[0.0, 1.0, 2.5],
        );
    }

    #[test]
    fn gradient_is_zero_below_epsilon() {
        let mut gradient = [1.0; 2];
        MeanSquaredLogarithmicError.loss_and_gradient(&[-1.0, 0.0], &[1.0, 1.0], &mut gradient);
        assert_eq!(gradient, [0.0, 0.0]);
    }
}
