use super::fused::{sigmoid, sigmoid_binary_crossentropy};
use super::{Loss, clip_probability, smooth};

/// Keras's `binary_focal_crossentropy`: binary crossentropy down-weighted on well-classified
/// samples by `(1 − p_t)^γ`, optionally weighted by class.
///
/// ```text
/// z = y · (1 − s) + s/2                     (label smoothing s)
/// p = σ(ŷ) if from_logits, else ŷ
/// c = clip(p, ε, 1 − ε)
/// bce = −(z·ln c + (1 − z)·ln(1 − c))
/// p_t = z·p + (1 − z)·(1 − p),   f = (1 − p_t)^γ
/// w = z·α + (1 − z)·(1 − α) if apply_class_balancing, else 1
/// ℓ = w · f · bce,   L(ŷ, y) = (1/OUT) · Σ_i ℓ_i
/// ∂ℓ/∂p = w · (γ·(1 − p_t)^(γ−1)·(1 − 2z)·bce + f·[ε ≤ p ≤ 1 − ε]·(−z/c + (1 − z)/(1 − c)))
/// ∂ℓ/∂ŷ = ∂ℓ/∂p · σ(ŷ)·(1 − σ(ŷ)) if from_logits, else ∂ℓ/∂p
/// ```
///
/// As in Keras, `from_logits` applies the sigmoid and then the clipped probability formula (the
/// focal factor needs `p` itself). `ε` is Keras's epsilon, 1e-7. Keras's defaults:
/// `apply_class_balancing = false`, `alpha = 0.25`, `gamma = 2.0`, `from_logits = false`,
/// `label_smoothing = 0.0`.
///
/// ```
/// use nn::losses::{BinaryFocalCrossentropy, Loss};
/// let value = BinaryFocalCrossentropy::default().loss(&[0.5], &[1.0]);
/// assert!((value - 0.25 * core::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BinaryFocalCrossentropy {
    /// Whether to weight each label by `alpha` (positives) or `1 − alpha` (negatives).
    pub apply_class_balancing: bool,
    /// The weight of positive labels when `apply_class_balancing`.
    pub alpha: f32,
    /// The focusing exponent γ.
    pub gamma: f32,
    /// Whether the prediction is a logit rather than a probability.
    pub from_logits: bool,
    /// How far labels are moved towards 0.5.
    pub label_smoothing: f32,
}

impl Default for BinaryFocalCrossentropy {
    fn default() -> Self {
        Self {
            apply_class_balancing: false,
            alpha: 0.25,
            gamma: 2.0,
            from_logits: false,
            label_smoothing: 0.0,
        }
    }
}

impl<const OUT: usize> Loss<OUT> for BinaryFocalCrossentropy {
    type Target = [f32; OUT];
    const NAME: &'static str = "binary_focal_crossentropy";

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
        let gamma = self.gamma;
        let mut sum = 0.0;
        for ((g, &x), &y) in gradient.iter_mut().zip(prediction).zip(target) {
            let z = smooth(y, self.label_smoothing, 2);
            let p = if self.from_logits { sigmoid(x) } else { x };
            let (c, passes) = clip_probability(p);
            // From logits, Keras's binary_crossentropy finds the logit behind its sigmoid and
            // takes the stable form, unclipped: −ln σ(−20) is 20, where the clip gave 16.1.
            let (bce, logit_bce_derivative) = if self.from_logits {
                sigmoid_binary_crossentropy(x, z)
            } else {
                let bce = z * c.ln() + (1.0 - z) * (1.0 - c).ln();
                (-bce, 0.0)
            };
            let p_t = z * p + (1.0 - z) * (1.0 - p);
            let focal = (1.0 - p_t).powf(gamma);
            let weight = if self.apply_class_balancing {
                z * self.alpha + (1.0 - z) * (1.0 - self.alpha)
            } else {
                1.0
            };
            let mut loss = focal * bce;
            if self.apply_class_balancing {
                loss *= weight;
            }
            sum += loss;
            let focal_derivative = if gamma == 0.0 {
                0.0
            } else {
                gamma * (1.0 - p_t).powf(gamma - 1.0) * (1.0 - 2.0 * z)
            };
            let derivative = if self.from_logits {
                weight * (focal_derivative * p * (1.0 - p) * bce + focal * logit_bce_derivative)
            } else {
                let bce_derivative = passes * (-z / c + (1.0 - z) / (1.0 - c));
                weight * (focal_derivative * bce + focal * bce_derivative)
            };
            *g = derivative / OUT as f32;
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
        let plain = BinaryFocalCrossentropy::default();
        assert_gradient(&plain, [0.3, 0.8], &[0.0, 1.0]);
        let everything = BinaryFocalCrossentropy {
            apply_class_balancing: true,
            alpha: 0.3,
            gamma: 1.5,
            from_logits: true,
            label_smoothing: 0.1,
        };
        assert_gradient(&everything, [-1.0, 0.7], &[0.0, 1.0]);
    }

    #[test]
    fn gamma_zero_is_binary_crossentropy() {
        let focal = BinaryFocalCrossentropy {
            gamma: 0.0,
            ..Default::default()
        };
        let plain = super::super::BinaryCrossentropy::default();
        let (p, y) = ([0.3_f32, 0.9], [1.0_f32, 0.0]);
        assert!((focal.loss(&p, &y) - plain.loss(&p, &y)).abs() < 1e-6);
    }
}
