use super::ElementWise;

/// The rectified linear unit, Keras's `relu` with its default arguments.
///
/// ```text
/// relu(z)  = max(z, 0)
/// relu'(z) = 1 if z > 0, else 0      (0 at the kink, as TensorFlow chooses)
/// ```
///
/// NaN gives NaN, value and derivative, as TensorFlow's relu does: a NaN row is not turned into
/// a plausible 0.
///
/// ```
/// use nn::activations::{Activation, Relu};
/// let mut values = [-2.0, 0.0, 3.0];
/// Relu::activate(&mut values);
/// assert_eq!(values, [0.0, 0.0, 3.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relu;

impl ElementWise for Relu {
    const NAME: &'static str = "relu";

    #[inline]
    fn value(z: f32) -> f32 {
        // Not `z.max(0.0)`, which returns 0 for NaN: a NaN input must come out NaN, as
        // TensorFlow's relu gives, not as a plausible 0 (`NaN < 0` is false).
        if z < 0.0 { 0.0 } else { z }
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        if z > 0.0 {
            1.0
        } else if z.is_nan() {
            z
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences_away_from_the_kink() {
        assert_matches_finite_differences::<Relu>(&[-3.0, -0.5, 0.2, 4.0], &[0.3, -1.2, 0.7, 2.0]);
    }
}
