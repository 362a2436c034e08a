use super::{EPSILON, Loss, clip};

/// Keras's `kl_divergence` (`kld`): the Kullback–Leibler divergence of the prediction from the
/// label, both clipped to `[ε, 1]`.
///
/// ```text
/// t_i = clip(y_i, ε, 1),  q_i = clip(ŷ_i, ε, 1)
/// L(ŷ, y)   = Σ_i t_i · ln(t_i / q_i)
/// ∂L/∂ŷ_i  = −t_i / q_i     where ε ≤ ŷ_i ≤ 1, else 0 (the clip is active)
/// ```
///
/// `ε` is Keras's epsilon, 1e-7. The sum is not divided by `OUT`.
///
/// ```
/// use nn::losses::{KLDivergence, Loss};
/// assert_eq!(KLDivergence.loss(&[0.5, 0.5], &[0.5, 0.5]), 0.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KLDivergence;

impl<const OUT: usize> Loss<OUT> for KLDivergence {
    type Target = [f32; OUT];
    const NAME: &'static str = "kl_divergence";

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
            let (t, _) = clip(y, EPSILON, 1.0);
            let (q, passes) = clip(p, EPSILON, 1.0);
            sum += t * (t / q).ln();
            *g = -t / q * passes;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_gradient(&KLDivergence, [0.3, 0.5, 0.2], &[0.1, 0.6, 0.3]);
    }

    #[test]
    fn gradient_is_zero_where_clipped() {
        let mut gradient = [1.0; 2];
        KLDivergence.loss_and_gradient(&[0.0, 1.5], &[0.5, 0.5], &mut gradient);
        assert_eq!(gradient, [0.0, 0.0]);
    }
}
