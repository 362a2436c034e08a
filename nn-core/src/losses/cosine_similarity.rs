use super::{EPSILON, Loss};

/// Keras's `cosine_similarity` loss: the NEGATIVE cosine similarity of prediction and label, so
/// that minimizing it aligns them (−1 is perfect agreement).
///
/// ```text
/// n(v) = v · min(1/√(Σ_j v_j²), 1/ε)             (Keras's l2 normalize, ε = 1e-7)
/// t = n(y),  r = min(1/√(Σ_j ŷ_j²), 1/ε),  s = Σ_i t_i·ŷ_i
/// L(ŷ, y)   = −Σ_i t_i · ŷ_i · r
/// ∂L/∂ŷ_i  = −t_i·r + s·r³·ŷ_i      where 1/√(Σ_j ŷ_j²) ≤ 1/ε
///          = −t_i / ε               otherwise (the clip is active, e.g. ŷ = 0)
/// ```
///
/// ```
/// use nn::losses::{CosineSimilarity, Loss};
/// assert_eq!(CosineSimilarity.loss(&[2.0, 0.0], &[3.0, 0.0]), -1.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CosineSimilarity;

/// `min(1/√(Σ v²), 1/ε)` and whether the `1/√` side was taken.
fn inverse_norm<const OUT: usize>(v: &[f32; OUT]) -> (f32, bool) {
    let square_sum: f32 = v.iter().map(|x| x * x).sum();
    let inverse = 1.0 / square_sum.sqrt();
    let limit = 1.0 / EPSILON;
    if inverse <= limit {
        (inverse, true)
    } else {
        (limit, false)
    }
}

impl<const OUT: usize> Loss<OUT> for CosineSimilarity {
    type Target = [f32; OUT];
    const NAME: &'static str = "cosine_similarity";

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
        let (r, unclipped) = inverse_norm(prediction);
        let (inverse_target, _) = inverse_norm(target);
        let t = target.map(|y| y * inverse_target);
        let sum: f32 = t.iter().zip(prediction).map(|(t, p)| t * (p * r)).sum();
        if unclipped {
            let s: f32 = t.iter().zip(prediction).map(|(t, p)| t * p).sum();
            let r3 = r * r * r;
            for i in 0..OUT {
                gradient[i] = -t[i] * r + s * r3 * prediction[i];
            }
        } else {
            for i in 0..OUT {
                gradient[i] = -t[i] / EPSILON;
            }
        }
        -sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_gradient(&CosineSimilarity, [0.3, -1.5, 2.0], &[0.0, 1.0, 2.5]);
    }

    #[test]
    fn zero_prediction_is_finite() {
        let mut gradient = [0.0; 2];
        let value = CosineSimilarity.loss_and_gradient(&[0.0, 0.0], &[1.0, 0.0], &mut gradient);
        assert_eq!(value, 0.0);
        assert_eq!(gradient, [-1e7, 0.0]);
    }
}
