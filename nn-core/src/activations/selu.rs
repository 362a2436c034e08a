use super::ElementWise;
use crate::math;

/// The scaled exponential linear unit, Keras's `selu`.
///
/// ```text
/// selu(z)  = scale · z if z > 0, else scale · alpha · expm1(z)
/// selu'(z) = scale if a ≥ 0, else a + scale · alpha      (scale at the kink, as TensorFlow
///                                                        chooses)
/// alpha = 1.6732632423543772,  scale = 1.0507009873554805
/// ```
///
/// `expm1`, not TensorFlow's f32 `e^z − 1`, which cancels near 0 (see [`Elu`](super::Elu)). A NaN
/// input gives NaN, value and derivative.
///
/// ```
/// use nn::activations::{Activation, Selu};
/// let mut values = [0.0, 1.0];
/// Selu::activate(&mut values);
/// assert_eq!(values, [0.0, 1.050_701]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selu;

impl Selu {
    /// Keras's (and TensorFlow's) `scale`.
    pub const SCALE: f32 = 1.050_701;
    /// `scale · alpha`, rounded once as TensorFlow does.
    pub const SCALE_ALPHA: f32 = 1.758_099_3;
}

impl ElementWise for Selu {
    const NAME: &'static str = "selu";

    #[inline]
    fn value(z: f32) -> f32 {
        if z < 0.0 {
            // expm1, not `exp(z) − 1`, which cancels near 0 (19% off at z = −1e-7).
            Self::SCALE_ALPHA * math::exp_m1(z)
        } else {
            Self::SCALE * z
        }
    }

    #[inline]
    fn derivative(_z: f32, a: f32) -> f32 {
        if a < 0.0 {
            a + Self::SCALE_ALPHA
        } else if a.is_nan() {
            a
        } else {
            Self::SCALE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn constants_are_the_f32_roundings_of_keras() {
        assert_eq!(Selu::SCALE, 1.050_700_987_355_480_5_f64 as f32);
        assert_eq!(Selu::SCALE_ALPHA, 1.758_099_340_847_376_9_f64 as f32);
    }

    #[test]
    fn gradient_matches_finite_differences_away_from_the_kink() {
        assert_matches_finite_differences::<Selu>(&[-3.0, -0.5, 0.2, 4.0], &[0.3, -1.2, 0.7, 2.0]);
    }
}
