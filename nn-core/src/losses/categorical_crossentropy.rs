use super::fused::softmax_categorical_crossentropy;
use super::{Loss, clip_probability, smooth};

/// Keras's `categorical_crossentropy` for one-hot (or distribution) labels.
///
/// ```text
/// z_i = y_i · (1 − s) + s/OUT                           (label smoothing s)
/// probabilities (from_logits = false):
///   q_i = ŷ_i / Σ_j ŷ_j,   c_i = clip(q_i, ε, 1 − ε)
///   L = −Σ_i z_i · ln c_i
///   g_i = ∂L/∂q_i = −z_i / c_i where ε ≤ q_i ≤ 1 − ε, else 0
///   ∂L/∂ŷ_j = (g_j − Σ_i g_i·q_i) / Σ_i ŷ_i
/// logits (from_logits = true), the fused softmax + crossentropy:
///   L = Σ_i z_i · (ln Σ_j e^(ŷ_j − m) − (ŷ_i − m)),   ∂L/∂ŷ_i = softmax(ŷ)_i · Σ_j z_j − z_i
/// ```
///
/// `ε` is Keras's epsilon, 1e-7; Keras renormalizes the prediction to sum to 1 before clipping.
/// Keras's defaults: `from_logits = false`, `label_smoothing = 0.0`. With `from_logits` it is
/// [`fused::softmax_categorical_crossentropy`](super::fused::softmax_categorical_crossentropy),
/// stable for any logits.
///
/// ```
/// use nn::losses::{CategoricalCrossentropy, Loss};
/// let value = CategoricalCrossentropy::default().loss(&[0.5, 0.25, 0.25], &[1.0, 0.0, 0.0]);
/// assert!((value - core::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CategoricalCrossentropy {
    /// Whether the prediction is logits rather than probabilities.
    pub from_logits: bool,
    /// How far labels are moved towards the uniform distribution.
    pub label_smoothing: f32,
}

impl<const OUT: usize> Loss<OUT> for CategoricalCrossentropy {
    type Target = [f32; OUT];
    const NAME: &'static str = "categorical_crossentropy";

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
        let z = target.map(|y| smooth(y, self.label_smoothing, OUT));
        if self.from_logits {
            return softmax_categorical_crossentropy(prediction, &z, gradient);
        }
        let total: f32 = prediction.iter().sum();
        let q = prediction.map(|p| p / total);
        let mut loss = 0.0;
        let mut g = [0.0; OUT];
        for i in 0..OUT {
            let (c, passes) = clip_probability(q[i]);
            loss += z[i] * c.ln();
            g[i] = passes * (-z[i] / c);
        }
        normalization_gradient(&g, &q, total, gradient);
        -loss
    }
}

/// Back through `q = ŷ / Σ ŷ`: `∂/∂ŷ_j = (g_j − Σ_i g_i·q_i) / Σ ŷ`.
pub(super) fn normalization_gradient<const OUT: usize>(
    g: &[f32; OUT],
    q: &[f32; OUT],
    total: f32,
    gradient: &mut [f32; OUT],
) {
    let dot: f32 = g.iter().zip(q).map(|(g, q)| g * q).sum();
    for j in 0..OUT {
        gradient[j] = (g[j] - dot) / total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        let probabilities = CategoricalCrossentropy::default();
        assert_gradient(&probabilities, [0.3, 0.5, 0.2], &[0.0, 1.0, 0.0]);
        // Unnormalized predictions go through Keras's renormalization.
        assert_gradient(&probabilities, [0.6, 1.5, 0.4], &[0.0, 1.0, 0.0]);
        let smoothed = CategoricalCrossentropy {
            label_smoothing: 0.1,
            ..probabilities
        };
        assert_gradient(&smoothed, [0.3, 0.5, 0.2], &[0.0, 1.0, 0.0]);
        let logits = CategoricalCrossentropy {
            from_logits: true,
            label_smoothing: 0.1,
        };
        assert_gradient(&logits, [0.3, -1.5, 2.0], &[0.0, 1.0, 0.0]);
    }

    #[test]
    fn clipped_probabilities_have_zero_gradient() {
        let mut gradient = [1.0; 3];
        let value = CategoricalCrossentropy::default().loss_and_gradient(
            &[1.0, 0.0, 0.0],
            &[0.0, 1.0, 0.0],
            &mut gradient,
        );
        assert!((value - 16.118_095).abs() < 1e-4);
        assert_eq!(gradient, [0.0, 0.0, 0.0]);
    }
}
