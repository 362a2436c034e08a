use super::ElementWise;

/// The piecewise-linear sigmoid, Keras 3's `hard_sigmoid`.
///
/// ```text
/// hard_sigmoid(z)  = relu6(z + 3) / 6
/// hard_sigmoid'(z) = 1/6 if −3 < z < 3, else 0      (0 at both kinks, as TensorFlow chooses)
/// ```
///
/// ```
/// use nn::activations::{Activation, HardSigmoid};
/// let mut values = [-4.0_f32, 0.0, 4.0];
/// HardSigmoid::activate(&mut values);
/// assert_eq!(values, [0.0, 0.5, 1.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HardSigmoid;

impl ElementWise for HardSigmoid {
    const NAME: &'static str = "hard_sigmoid";

    #[inline]
    fn value(z: f32) -> f32 {
        (z + 3.0).clamp(0.0, 6.0) / 6.0
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        // The kinks are where `z + 3`, rounded as Keras rounds it, reaches 0 or 6.
        let shifted = z + 3.0;
        if shifted > 0.0 && shifted < 6.0 {
            1.0 / 6.0
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
        assert_matches_finite_differences::<HardSigmoid>(
            &[-4.0, -0.5, 0.2, 4.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn kinks_have_zero_derivative() {
        assert_eq!(HardSigmoid::derivative(-3.0, 0.0), 0.0);
        assert_eq!(HardSigmoid::derivative(3.0, 1.0), 0.0);
    }
}
