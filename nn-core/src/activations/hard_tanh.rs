use super::ElementWise;

/// The piecewise-linear tanh, Keras's `hard_tanh`.
///
/// ```text
/// hard_tanh(z)  = min(max(z, −1), 1)
/// hard_tanh'(z) = 1 if −1 ≤ z ≤ 1, else 0      (1 at both kinks, as TensorFlow's clip chooses)
/// ```
///
/// ```
/// use nn::activations::{Activation, HardTanh};
/// let mut values = [-4.0_f32, 0.5, 4.0];
/// HardTanh::activate(&mut values);
/// assert_eq!(values, [-1.0, 0.5, 1.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HardTanh;

impl ElementWise for HardTanh {
    const NAME: &'static str = "hard_tanh";

    #[inline]
    fn value(z: f32) -> f32 {
        z.clamp(-1.0, 1.0)
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        if (-1.0..=1.0).contains(&z) {
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
        assert_matches_finite_differences::<HardTanh>(
            &[-4.0, -0.5, 0.2, 4.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn kinks_have_derivative_one() {
        assert_eq!(HardTanh::derivative(-1.0, -1.0), 1.0);
        assert_eq!(HardTanh::derivative(1.0, 1.0), 1.0);
    }
}
