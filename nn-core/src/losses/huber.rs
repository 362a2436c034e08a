use super::Loss;

/// Keras's `huber` loss: quadratic for errors up to `delta`, linear beyond.
///
/// ```text
/// e_i = ŷ_i − y_i
/// ℓ_i = ½·e_i²                 if |e_i| ≤ δ
///     = δ·|e_i| − ½·δ²         otherwise
/// L(ŷ, y)  = (1/OUT) · Σ_i ℓ_i
/// ∂L/∂ŷ_i = (1/OUT) · e_i                if |e_i| ≤ δ
///         = (1/OUT) · δ · sign(e_i)      otherwise
/// ```
///
/// Keras's default is `delta = 1.0`.
///
/// ```
/// use nn::losses::{Huber, Loss};
/// assert_eq!(Huber::default().loss(&[0.5, 3.0], &[0.0, 0.0]), (0.125 + 2.5) / 2.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Huber {
    /// Where the loss turns from quadratic to linear.
    pub delta: f32,
}

impl Default for Huber {
    fn default() -> Self {
        Self { delta: 1.0 }
    }
}

impl<const OUT: usize> Loss<OUT> for Huber {
    type Target = [f32; OUT];
    const NAME: &'static str = "huber";

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
        let delta = self.delta;
        let mut sum = 0.0;
        for ((g, p), y) in gradient.iter_mut().zip(prediction).zip(target) {
            let error = p - y;
            let abs_error = error.abs();
            if abs_error <= delta {
                sum += 0.5 * (error * error);
                *g = error / OUT as f32;
            } else {
                sum += delta * abs_error - 0.5 * (delta * delta);
                *g = delta * error.signum() / OUT as f32;
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
        assert_gradient(&Huber::default(), [0.3, -1.5, 2.0], &[0.0, 1.0, 2.5]);
        assert_gradient(&Huber { delta: 0.2 }, [0.3, -1.5, 2.0], &[0.0, 1.0, 2.55]);
    }
}
