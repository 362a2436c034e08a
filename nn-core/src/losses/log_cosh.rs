use super::Loss;

/// Keras's `log_cosh`: the mean of `ln cosh(ŷ − y)`, computed as Keras does without overflow.
///
/// ```text
/// x_i = ŷ_i − y_i
/// L(ŷ, y)  = (1/OUT) · Σ_i (x_i + softplus(−2·x_i) − ln 2)      (= ln cosh x_i)
/// ∂L/∂ŷ_i = (1/OUT) · tanh(x_i)
/// ```
///
/// ```
/// use nn::losses::{LogCosh, Loss};
/// let value = LogCosh.loss(&[1.0], &[0.0]);
/// assert!((value - 1.0_f32.cosh().ln()).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogCosh;

/// `ln(1 + eˣ)` as TensorFlow evaluates it in f32: `x` above 13.94, `eˣ` below −13.94.
fn softplus(x: f32) -> f32 {
    let threshold = f32::EPSILON.ln() + 2.0;
    if x > -threshold {
        x
    } else if x < threshold {
        x.exp()
    } else {
        x.exp().ln_1p()
    }
}

impl<const OUT: usize> Loss<OUT> for LogCosh {
    type Target = [f32; OUT];
    const NAME: &'static str = "log_cosh";

    fn loss(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| {
                let x = p - y;
                x + softplus(x * -2.0) - core::f32::consts::LN_2
            })
            .sum();
        sum / OUT as f32
    }

    fn loss_and_gradient(
        &self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        gradient: &mut [f32; OUT],
    ) -> f32 {
        for ((g, p), y) in gradient.iter_mut().zip(prediction).zip(target) {
            *g = (p - y).tanh() / OUT as f32;
        }
        Loss::<OUT>::loss(self, prediction, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_gradient(&LogCosh, [0.3, -1.5, 2.0], &[0.0, 1.0, 2.5]);
    }

    #[test]
    fn large_errors_do_not_overflow() {
        let value = LogCosh.loss(&[200.0], &[0.0]);
        assert!((value - (200.0 - core::f32::consts::LN_2)).abs() < 1e-3);
    }
}
