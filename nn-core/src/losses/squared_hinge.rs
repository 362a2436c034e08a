use super::Loss;
use super::hinge::hinge_labels;

/// Keras's `squared_hinge` loss for labels in {−1, 1} (labels in {0, 1} are first mapped to
/// −1/1).
///
/// ```text
/// t = 2·y − 1 if every y_i is 0 or 1, else y
/// m_i = max(1 − t_i·ŷ_i, 0)
/// L(ŷ, y)   = (1/OUT) · Σ_i m_i²
/// ∂L/∂ŷ_i  = −(2/OUT) · t_i · m_i
/// ```
///
/// As for [`Hinge`](super::Hinge), the 0/1 mapping is decided per sample, Keras decides it per
/// batch.
///
/// ```
/// use nn::losses::{Loss, SquaredHinge};
/// assert_eq!(SquaredHinge.loss(&[0.5, -2.0], &[1.0, 0.0]), 0.125);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SquaredHinge;

impl<const OUT: usize> Loss<OUT> for SquaredHinge {
    type Target = [f32; OUT];
    const NAME: &'static str = "squared_hinge";

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
        let labels = hinge_labels(target);
        let mut sum = 0.0;
        for ((g, p), t) in gradient.iter_mut().zip(prediction).zip(&labels) {
            let margin = (1.0 - t * p).max(0.0);
            sum += margin * margin;
            *g = -2.0 / OUT as f32 * t * margin;
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
        assert_gradient(&SquaredHinge, [0.3, -1.5, 0.2], &[0.0, 1.0, 1.0]);
    }
}
