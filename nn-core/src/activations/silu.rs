use super::{ElementWise, Sigmoid};

/// The sigmoid linear unit, Keras's `silu` (alias `swish`, [`Swish`]).
///
/// ```text
/// silu(z)  = z · sigmoid(z)
/// silu'(z) = s · (1 + z · (1 − s)),   s = sigmoid(z)
/// ```
///
/// ```
/// use nn::activations::{Activation, Silu};
/// let mut values = [0.0_f32, 100.0];
/// Silu::activate(&mut values);
/// assert_eq!(values, [0.0, 100.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Silu;

/// Keras's other name for [`Silu`].
pub type Swish = Silu;

impl ElementWise for Silu {
    const NAME: &'static str = "silu";

    #[inline]
    fn value(z: f32) -> f32 {
        z * Sigmoid::value(z)
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        let s = Sigmoid::value(z);
        s * (1.0 + z * (1.0 - s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Silu>(&[-6.0, -0.5, 0.0, 2.0], &[0.3, -1.2, 0.7, 2.0]);
    }
}
