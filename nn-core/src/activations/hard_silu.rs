use super::{ElementWise, HardSigmoid};

/// The piecewise-quadratic SiLU, Keras's `hard_silu` (alias `hard_swish`, [`HardSwish`]).
///
/// ```text
/// hard_silu(z)  = z · hard_sigmoid(z) = z · relu6(z + 3) / 6
/// hard_silu'(z) = hard_sigmoid(z) + z · hard_sigmoid'(z)
///               = 0 if z ≤ −3,  (2z + 3)/6 if −3 < z < 3,  1 if z ≥ 3
/// ```
///
/// ```
/// use nn::activations::{Activation, HardSilu};
/// let mut values = [-4.0_f32, 0.0, 4.0];
/// HardSilu::activate(&mut values);
/// assert_eq!(values, [0.0, 0.0, 4.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HardSilu;

/// Keras's other name for [`HardSilu`].
pub type HardSwish = HardSilu;

impl ElementWise for HardSilu {
    const NAME: &'static str = "hard_silu";

    #[inline]
    fn value(z: f32) -> f32 {
        z * HardSigmoid::value(z)
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        HardSigmoid::value(z) + z * HardSigmoid::derivative(z, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences_away_from_the_kinks() {
        assert_matches_finite_differences::<HardSilu>(
            &[-4.0, -0.5, 0.2, 4.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn kinks_take_the_outer_sides() {
        assert_eq!(HardSilu::derivative(-3.0, 0.0), 0.0);
        assert_eq!(HardSilu::derivative(3.0, 3.0), 1.0);
    }
}
