use super::Loss;

/// Keras's `categorical_hinge` loss for one-hot labels.
///
/// ```text
/// pos = Σ_i y_i·ŷ_i,   neg = max_i (1 − y_i)·ŷ_i
/// L(ŷ, y)   = max(neg − pos + 1, 0)
/// ∂L/∂ŷ_i  = −y_i + (1 − y_i)·[i attains neg] / (number attaining it)   where neg − pos + 1 ≥ 0,
///            else 0
/// ```
///
/// The gradient of the maximum is shared among tied positions, as TensorFlow's `reduce_max`
/// shares it.
///
/// ```
/// use nn::losses::{CategoricalHinge, Loss};
/// assert_eq!(CategoricalHinge.loss(&[0.5, 0.2, 0.3], &[1.0, 0.0, 0.0]), 0.8);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategoricalHinge;

impl<const OUT: usize> Loss<OUT> for CategoricalHinge {
    type Target = [f32; OUT];
    const NAME: &'static str = "categorical_hinge";

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
        let pos: f32 = prediction.iter().zip(target).map(|(p, y)| y * p).sum();
        let others: [f32; OUT] = core::array::from_fn(|i| (1.0 - target[i]) * prediction[i]);
        let neg = others.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let value = neg - pos + 1.0;
        if value >= 0.0 {
            let ties = others.iter().filter(|&&v| v == neg).count() as f32;
            for i in 0..OUT {
                let share = if others[i] == neg { 1.0 / ties } else { 0.0 };
                gradient[i] = -target[i] + (1.0 - target[i]) * share;
            }
            value
        } else {
            gradient.fill(0.0);
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_gradient(&CategoricalHinge, [0.3, -1.5, 0.7], &[1.0, 0.0, 0.0]);
    }
}
