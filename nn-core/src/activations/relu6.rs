use super::ElementWise;

/// The rectified linear unit capped at 6, Keras's `relu6`.
///
/// ```text
/// relu6(z)  = min(max(z, 0), 6)
/// relu6'(z) = 1 if 0 < z < 6, else 0      (0 at both kinks, as TensorFlow chooses)
/// ```
///
/// ```
/// use nn::activations::{Activation, Relu6};
/// let mut values = [-2.0, 3.0, 8.0];
/// Relu6::activate(&mut values);
/// assert_eq!(values, [0.0, 3.0, 6.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relu6;

impl ElementWise for Relu6 {
    const NAME: &'static str = "relu6";

    #[inline]
    fn value(z: f32) -> f32 {
        z.clamp(0.0, 6.0)
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        if z > 0.0 && z < 6.0 {
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
    fn gradient_matches_finite_differences_away_from_the_kinks() {
        assert_matches_finite_differences::<Relu6>(&[-3.0, 0.2, 4.0, 7.5], &[0.3, -1.2, 0.7, 2.0]);
    }

    #[test]
    fn kinks_have_zero_derivative() {
        assert_eq!(Relu6::derivative(0.0, 0.0), 0.0);
        assert_eq!(Relu6::derivative(6.0, 6.0), 0.0);
    }
}
