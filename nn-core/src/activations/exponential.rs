use super::ElementWise;
use crate::math;

/// Keras's `exponential`.
///
/// ```text
/// exponential(z)  = e^z
/// exponential'(z) = a,   a = e^z
/// ```
///
/// ```
/// use nn::activations::{Activation, Exponential};
/// let mut values = [0.0_f32, -1000.0];
/// Exponential::activate(&mut values);
/// assert_eq!(values, [1.0, 0.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exponential;

impl ElementWise for Exponential {
    const NAME: &'static str = "exponential";

    #[inline]
    fn value(z: f32) -> f32 {
        math::exp(z)
    }

    #[inline]
    fn derivative(_z: f32, a: f32) -> f32 {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Exponential>(
            &[-6.0, -0.5, 0.0, 2.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }
}
