use super::Loss;

/// Keras's `mean_squared_error` (`mse`): the mean of squared differences over a sample's outputs.
///
/// ```text
/// L(ŷ, y)   = (1/OUT) · Σ_i (ŷ_i − y_i)²
/// ∂L/∂ŷ_i  = (2/OUT) · (ŷ_i − y_i)
/// ```
///
/// ```
/// use nn::losses::{Loss, MeanSquaredError};
/// assert_eq!(MeanSquaredError.loss(&[1.0, 3.0], &[0.0, 1.0]), 2.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeanSquaredError;

impl<const OUT: usize> Loss<OUT> for MeanSquaredError {
    type Target = [f32; OUT];
    const NAME: &'static str = "mean_squared_error";

    fn loss(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| (p - y) * (p - y))
            .sum();
        sum / OUT as f32
    }

    fn loss_and_gradient(
        &self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        gradient: &mut [f32; OUT],
    ) -> f32 {
        let scale = 2.0 / OUT as f32;
        for ((g, p), y) in gradient.iter_mut().zip(prediction).zip(target) {
            *g = scale * (p - y);
        }
        Loss::<OUT>::loss(self, prediction, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        let prediction = [0.3_f32, -1.5, 2.0];
        let target = [0.0_f32, 1.0, 2.5];
        let mut gradient = [0.0; 3];
        MeanSquaredError.loss_and_gradient(&prediction, &target, &mut gradient);
        // A quadratic: the central difference is exact up to f32 rounding (≈ 1e-7·L / h).
        let h = 1e-2;
        for i in 0..3 {
            let (mut plus, mut minus) = (prediction, prediction);
            plus[i] += h;
            minus[i] -= h;
            let numeric = (MeanSquaredError.loss(&plus, &target)
                - MeanSquaredError.loss(&minus, &target))
                / (2.0 * h);
            approx::assert_abs_diff_eq!(gradient[i], numeric, epsilon = 1e-4);
        }
    }
}
