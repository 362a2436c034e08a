use super::Loss;

/// Keras's `hinge` loss for labels in {−1, 1} (labels in {0, 1} are first mapped to −1/1).
///
/// ```text
/// t = 2·y − 1 if every y_i is 0 or 1, else y
/// L(ŷ, y)   = (1/OUT) · Σ_i max(1 − t_i·ŷ_i, 0)
/// ∂L/∂ŷ_i  = −t_i / OUT   where 1 − t_i·ŷ_i ≥ 0, else 0
/// ```
///
/// Keras decides whether to map 0/1 labels over the whole batch; here it is decided per sample,
/// which differs only for a batch mixing 0/1 rows with rows holding other values.
///
/// ```
/// use nn::losses::{Hinge, Loss};
/// assert_eq!(Hinge.loss(&[0.5, -2.0], &[1.0, 0.0]), 0.25);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hinge;

/// Keras's `convert_binary_labels_to_hinge`, on one sample.
pub(super) fn hinge_labels<const OUT: usize>(target: &[f32; OUT]) -> [f32; OUT] {
    if target.iter().all(|&y| y == 0.0 || y == 1.0) {
        target.map(|y| 2.0 * y - 1.0)
    } else {
        *target
    }
}

impl<const OUT: usize> Loss<OUT> for Hinge {
    type Target = [f32; OUT];
    const NAME: &'static str = "hinge";

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
            let margin = 1.0 - t * p;
            // TensorFlow's maximum passes the gradient to its first argument on ties.
            if margin >= 0.0 {
                sum += margin;
                *g = -t / OUT as f32;
            } else {
                *g = 0.0;
            }
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
        assert_gradient(&Hinge, [0.3, -1.5, 0.2], &[0.0, 1.0, 1.0]);
        assert_gradient(&Hinge, [0.3, -0.5, 0.2], &[-1.0, 0.5, 1.0]);
    }
}
