use super::ElementWise;
use crate::math;

/// The hyperbolic tangent, Keras's `tanh`.
///
/// ```text
/// tanh(z)  = (e^z − e^(−z)) / (e^z + e^(−z))
/// tanh'(z) = 1 − a²,   a = tanh(z)
/// ```
///
/// ```
/// use nn::activations::{Activation, Tanh};
/// let mut values = [0.0_f32, 100.0];
/// Tanh::activate(&mut values);
/// assert_eq!(values, [0.0, 1.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tanh;

impl ElementWise for Tanh {
    const NAME: &'static str = "tanh";

    #[inline]
    fn value(z: f32) -> f32 {
        math::tanh(z)
    }

    #[inline]
    fn derivative(_z: f32, a: f32) -> f32 {
        1.0 - a * a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Tanh>(&[-3.0, -0.5, 0.0, 2.0], &[0.3, -1.2, 0.7, 2.0]);
    }
}
