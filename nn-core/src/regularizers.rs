//! Weight penalties added to the loss: Keras's `l1`, `l2` and `l1_l2` regularizers.
//!
//! ```text
//! penalty(w)  = l1 · Σ|w| + l2 · Σw²
//! ∂penalty/∂w = l1 · sign(w) + 2 · l2 · w        (sign(0) = 0, as TensorFlow's)
//! ```
//!
//! Keras adds each layer's penalty to the loss it reports and trains on.

/// A penalty on a weight tensor.
pub trait Regularizer: Clone + core::fmt::Debug {
    /// Keras's name.
    const NAME: &'static str;

    /// The penalty of `weights`.
    fn penalty(&self, weights: &[f32]) -> f32;

    /// Adds the penalty's gradient with respect to `weights` to `gradient`.
    fn add_gradient(&self, weights: &[f32], gradient: &mut [f32]);
}

/// Keras's `L1L2`: `l1 · Σ|w| + l2 · Σw²`, both factors 0 by default.
///
/// ```
/// use nn::regularizers::{L1L2, Regularizer};
/// let penalty = L1L2 { l1: 0.5, l2: 0.25 }.penalty(&[2.0, -1.0]);
/// assert_eq!(penalty, 0.5 * 3.0 + 0.25 * 5.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct L1L2 {
    /// The factor of `Σ|w|`.
    pub l1: f32,
    /// The factor of `Σw²`.
    pub l2: f32,
}

/// Keras's `L1`: `l1 · Σ|w|`, default `l1 = 0.01`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct L1 {
    /// The factor of `Σ|w|`.
    pub l1: f32,
}

/// Keras's `L2`: `l2 · Σw²`, default `l2 = 0.01`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct L2 {
    /// The factor of `Σw²`.
    pub l2: f32,
}

impl Default for L1 {
    fn default() -> Self {
        L1 { l1: 0.01 }
    }
}

impl Default for L2 {
    fn default() -> Self {
        L2 { l2: 0.01 }
    }
}

/// TensorFlow's sign: 0 at 0.
fn sign(w: f32) -> f32 {
    if w == 0.0 { 0.0 } else { w.signum() }
}

impl Regularizer for L1L2 {
    const NAME: &'static str = "l1_l2";

    fn penalty(&self, weights: &[f32]) -> f32 {
        let (absolute, squared) = weights
            .iter()
            .fold((0.0, 0.0), |(a, s), w| (a + w.abs(), s + w * w));
        self.l1 * absolute + self.l2 * squared
    }

    fn add_gradient(&self, weights: &[f32], gradient: &mut [f32]) {
        for (g, &w) in gradient.iter_mut().zip(weights) {
            *g += self.l1 * sign(w) + 2.0 * self.l2 * w;
        }
    }
}

impl Regularizer for L1 {
    const NAME: &'static str = "l1";

    fn penalty(&self, weights: &[f32]) -> f32 {
        L1L2 {
            l1: self.l1,
            l2: 0.0,
        }
        .penalty(weights)
    }

    fn add_gradient(&self, weights: &[f32], gradient: &mut [f32]) {
        L1L2 {
            l1: self.l1,
            l2: 0.0,
        }
        .add_gradient(weights, gradient);
    }
}

impl Regularizer for L2 {
    const NAME: &'static str = "l2";

    fn penalty(&self, weights: &[f32]) -> f32 {
        L1L2 {
            l1: 0.0,
            l2: self.l2,
        }
        .penalty(weights)
    }

    fn add_gradient(&self, weights: &[f32], gradient: &mut [f32]) {
        L1L2 {
            l1: 0.0,
            l2: self.l2,
        }
        .add_gradient(weights, gradient);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gradient against central differences, away from the kink of |w| at 0.
    fn check(regularizer: impl Regularizer) {
        let weights = [0.7_f32, -1.3, 0.2, -0.05];
        let mut gradient = [0.0; 4];
        regularizer.add_gradient(&weights, &mut gradient);
        let h = 1e-3;
        for i in 0..weights.len() {
            let (mut plus, mut minus) = (weights, weights);
            plus[i] += h;
            minus[i] -= h;
            let numeric = (regularizer.penalty(&plus) - regularizer.penalty(&minus)) / (2.0 * h);
            // f32 differences of a penalty near 1 over 2e-3: rounding ≈ 1e-7 / 1e-3 = 1e-4.
            approx::assert_abs_diff_eq!(gradient[i], numeric, epsilon = 5e-4);
        }
    }

    #[test]
    fn gradients_match_finite_differences() {
        check(L1::default());
        check(L2 { l2: 0.3 });
        check(L1L2 { l1: 0.2, l2: 0.1 });
    }

    #[test]
    fn keras_defaults_and_sign_at_zero() {
        approx::assert_relative_eq!(
            L2::default().penalty(&[1.0, 2.0]),
            0.05,
            max_relative = 1e-6
        );
        approx::assert_relative_eq!(
            L1::default().penalty(&[1.0, -2.0]),
            0.03,
            max_relative = 1e-6
        );
        let mut gradient = [0.0];
        L1 { l1: 1.0 }.add_gradient(&[0.0], &mut gradient);
        assert_eq!(gradient, [0.0]);
    }
}
