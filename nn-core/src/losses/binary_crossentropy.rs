use super::fused::sigmoid_binary_crossentropy;
use super::{Loss, clip_probability, smooth};

/// Keras's `binary_crossentropy`, averaged over a sample's outputs (one per independent binary
/// label).
///
/// ```text
/// z_i = y_i · (1 − s) + s/2                              (label smoothing s)
/// probabilities (from_logits = false), c_i = clip(ŷ_i, ε, 1 − ε):
///   ℓ_i = −(z_i·ln c_i + (1 − z_i)·ln(1 − c_i))
///   ∂ℓ_i/∂ŷ_i = −z_i/c_i + (1 − z_i)/(1 − c_i)   where ε ≤ ŷ_i ≤ 1 − ε, else 0
/// logits (from_logits = true), the fused sigmoid + crossentropy:
///   ℓ_i = max(ŷ_i, 0) − ŷ_i·z_i + ln(1 + e^(−|ŷ_i|)),   ∂ℓ_i/∂ŷ_i = σ(ŷ_i) − z_i
/// L(ŷ, y) = (1/OUT) · Σ_i ℓ_i
/// ```
///
/// `ε` is Keras's epsilon, 1e-7. Keras's defaults: `from_logits = false`,
/// `label_smoothing = 0.0`. With `from_logits` it is the fused form
/// [`sigmoid_binary_crossentropy`], which is stable for any logit.
///
/// ```
/// use nn::losses::{BinaryCrossentropy, Loss};
/// let value = BinaryCrossentropy::default().loss(&[0.5], &[1.0]);
/// assert!((value - core::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BinaryCrossentropy {
    /// Whether the prediction is a logit rather than a probability.
    pub from_logits: bool,
    /// How far labels are moved towards 0.5.
    pub label_smoothing: f32,
}

impl<const OUT: usize> Loss<OUT> for BinaryCrossentropy {
    type Target = [f32; OUT];
    const NAME: &'static str = "binary_crossentropy";

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
            let z = smooth(y, self.label_smoothing, 2);
            let (loss, derivative) = if self.from_logits {
                sigmoid_binary_crossentropy(p, z)
            } else {
                let (c, passes) = clip_probability(p);
                let mut bce = z * c.ln();
                bce += (1.0 - z) * (1.0 - c).ln();
                (-bce, passes * (-z / c + (1.0 - z) / (1.0 - c)))
            };
            sum += loss;
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
        let probabilities = BinaryCrossentropy::default();
        assert_gradient(&probabilities, [0.3, 0.8], &[0.0, 1.0]);
        let smoothed = BinaryCrossentropy {
            label_smoothing: 0.2,
            ..probabilities
        };
        assert_gradient(&smoothed, [0.3, 0.8], &[0.0, 1.0]);
        let logits = BinaryCrossentropy {
            from_logits: true,
            label_smoothing: 0.1,
        };
        assert_gradient(&logits, [-2.0, 0.7], &[0.0, 1.0]);
    }

    #[test]
    fn clipped_probabilities_have_zero_gradient() {
        let mut gradient = [1.0; 2];
        let value = BinaryCrossentropy::default().loss_and_gradient(
            &[0.0, 1.0],
            &[1.0, 1.0],
            &mut gradient,
        );
        assert!((value - 16.118_095 / 2.0).abs() < 1e-4);
        assert_eq!(gradient, [0.0, 0.0]);
    }
}
