use super::{EPSILON, Loss};

/// Keras's `poisson` loss: the Poisson negative log-likelihood up to a constant.
///
/// ```text
/// L(ŷ, y)   = (1/OUT) · Σ_i (ŷ_i − y_i · ln(ŷ_i + ε))
/// ∂L/∂ŷ_i  = (1/OUT) · (1 − y_i / (ŷ_i + ε))
/// ```
///
/// `ε` is Keras's epsilon, 1e-7, added (not clipped) inside the logarithm. The gradient is
/// computed as `(ŷ + ε − y) / (ŷ + ε)` in f64, which does not cancel where `y ≈ ŷ` as Keras's f32
/// `1 − y · (1 / (ŷ + ε))` does.
///
/// ```
/// use nn::losses::{Loss, Poisson};
/// assert!((Poisson.loss(&[1.0], &[1.0]) - 1.0).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Poisson;

impl<const OUT: usize> Loss<OUT> for Poisson {
    type Target = [f32; OUT];
    const NAME: &'static str = "poisson";

    fn loss(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| p - y * (p + EPSILON).ln())
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
            // `(ŷ + ε − y) / (ŷ + ε)` in f64: `1 − y/(ŷ + ε)` in f32 (Keras's form) cancels to
            // within an ulp of 1 where y ≈ ŷ, 0.8% off at y = ŷ = 1e-2.
            let shifted = f64::from(*p) + f64::from(EPSILON);
            *g = ((shifted - f64::from(*y)) / shifted / OUT as f64) as f32;
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
        assert_gradient(&Poisson, [0.3, 1.5, 2.0], &[0.0, 1.0, 2.5]);
    }
}
