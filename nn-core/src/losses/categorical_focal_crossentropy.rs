use super::categorical_crossentropy::normalization_gradient;
use super::fused::softmax;
use super::{Loss, clip_probability, smooth};

/// Keras's `categorical_focal_crossentropy`: categorical crossentropy with each class's term
/// weighted by `α·(1 − c_i)^γ`.
///
/// ```text
/// z_i = y_i · (1 − s) + s/OUT                  (label smoothing s)
/// p = softmax(ŷ) if from_logits, else ŷ
/// q_i = p_i / Σ_j p_j,   c_i = clip(q_i, ε, 1 − ε)
/// L = Σ_i α·(1 − c_i)^γ · (−z_i·ln c_i)
/// g_i = ∂L/∂q_i = α·z_i·(γ·(1 − c_i)^(γ−1)·ln c_i − (1 − c_i)^γ / c_i)  where ε ≤ q_i ≤ 1 − ε,
///       else 0
/// ∂L/∂p_j = (g_j − Σ_i g_i·q_i) / Σ_i p_i
/// ∂L/∂ŷ_j = p_j · (∂L/∂p_j − Σ_i p_i·∂L/∂p_i) if from_logits, else ∂L/∂p_j
/// ```
///
/// As in Keras, `from_logits` applies the softmax and then the clipped probability formula.
/// `ε` is Keras's epsilon, 1e-7. Keras's defaults: `alpha = 0.25`, `gamma = 2.0`,
/// `from_logits = false`, `label_smoothing = 0.0`.
///
/// ```
/// use nn::losses::{CategoricalFocalCrossentropy, Loss};
/// let value = CategoricalFocalCrossentropy::default().loss(&[0.5, 0.5], &[1.0, 0.0]);
/// assert!((value - 0.25 * 0.25 * core::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CategoricalFocalCrossentropy {
    /// The weight of every class term.
    pub alpha: f32,
    /// The focusing exponent γ.
    pub gamma: f32,
    /// Whether the prediction is logits rather than probabilities.
    pub from_logits: bool,
    /// How far labels are moved towards the uniform distribution.
    pub label_smoothing: f32,
}

impl Default for CategoricalFocalCrossentropy {
    fn default() -> Self {
        Self {
            alpha: 0.25,
            gamma: 2.0,
            from_logits: false,
            label_smoothing: 0.0,
        }
    }
}

impl<const OUT: usize> Loss<OUT> for CategoricalFocalCrossentropy {
    type Target = [f32; OUT];
    const NAME: &'static str = "categorical_focal_crossentropy";

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
        let (alpha, gamma) = (self.alpha, self.gamma);
        let z = target.map(|y| smooth(y, self.label_smoothing, OUT));
        let p = if self.from_logits {
            softmax(prediction)
        } else {
            *prediction
        };
        let total: f32 = p.iter().sum();
        let q = p.map(|p| p / total);
        let mut loss = 0.0;
        let mut g = [0.0; OUT];
        for i in 0..OUT {
            let (c, passes) = clip_probability(q[i]);
            let cce = -z[i] * c.ln();
            let modulating = (1.0 - c).powf(gamma);
            loss += modulating * alpha * cce;
            let modulating_derivative = if gamma == 0.0 {
                0.0
            } else {
                -gamma * (1.0 - c).powf(gamma - 1.0)
            };
            g[i] = passes * alpha * (modulating_derivative * cce - modulating * z[i] / c);
        }
        let mut by_p = [0.0; OUT];
        normalization_gradient(&g, &q, total, &mut by_p);
        if self.from_logits {
            let dot: f32 = p.iter().zip(&by_p).map(|(p, g)| p * g).sum();
            for j in 0..OUT {
                gradient[j] = p[j] * (by_p[j] - dot);
            }
        } else {
            *gradient = by_p;
        }
        loss
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        let plain = CategoricalFocalCrossentropy::default();
        assert_gradient(&plain, [0.3, 0.5, 0.2], &[0.0, 1.0, 0.0]);
        assert_gradient(&plain, [0.6, 1.5, 0.4], &[0.0, 1.0, 0.0]);
        let everything = CategoricalFocalCrossentropy {
            alpha: 0.5,
            gamma: 1.5,
            from_logits: true,
            label_smoothing: 0.1,
        };
        assert_gradient(&everything, [0.3, -1.5, 2.0], &[0.0, 1.0, 0.0]);
    }

    #[test]
    fn gamma_zero_alpha_one_is_categorical_crossentropy() {
        let focal = CategoricalFocalCrossentropy {
            alpha: 1.0,
            gamma: 0.0,
            ..Default::default()
        };
        let plain = super::super::CategoricalCrossentropy::default();
        let (p, y) = ([0.3_f32, 0.5, 0.2], [0.0_f32, 1.0, 0.0]);
        assert!((focal.loss(&p, &y) - plain.loss(&p, &y)).abs() < 1e-6);
    }
}
