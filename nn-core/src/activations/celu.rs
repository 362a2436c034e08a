use super::ElementWise;
use crate::math;

/// The continuously differentiable exponential linear unit, Keras's `celu`.
///
/// ```text
/// celu(z)  = max(z, 0) + alpha · expm1(min(z, 0) / alpha)
/// celu'(z) = 1 if z > 0,  e^(z / alpha) if z < 0,  2 at z = 0
/// ```
///
/// The 2 at the kink is TensorFlow's: the gradients of `max` and `min` both pass a tie to their
/// first argument, so both terms count (the golden file records `celu'(0) = 2`). `alpha` is a
/// const parameter holding the bit pattern of an `f32` (`f32::to_bits`), so the type stays
/// zero-sized; its default, `0x3F80_0000`, is Keras's 1.0.
///
/// ```
/// use nn::activations::{Activation, Celu};
/// let mut values = [0.0, 3.0];
/// <Celu>::activate(&mut values);
/// assert_eq!(values, [0.0, 3.0]);
///
/// let mut values = [-1000.0];
/// Celu::<{ 2.0_f32.to_bits() }>::activate(&mut values);
/// assert_eq!(values, [-2.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Celu<const ALPHA: u32 = 0x3F80_0000>;

impl<const ALPHA: u32> Celu<ALPHA> {
    /// The value `−alpha` that `celu` tends to as `z → −∞`.
    pub const ALPHA: f32 = f32::from_bits(ALPHA);
}

impl<const ALPHA: u32> ElementWise for Celu<ALPHA> {
    const NAME: &'static str = "celu";

    #[inline]
    fn value(z: f32) -> f32 {
        if z.is_nan() {
            // `max` and `min` would turn NaN into 0; TensorFlow's celu gives NaN.
            return z;
        }
        z.max(0.0) + Self::ALPHA * math::exp_m1(z.min(0.0) / Self::ALPHA)
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        if z.is_nan() {
            return z;
        }
        let positive = if z >= 0.0 { 1.0 } else { 0.0 };
        let negative = if z <= 0.0 {
            math::exp(z / Self::ALPHA)
        } else {
            0.0
        };
        positive + negative
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences_away_from_the_kink() {
        let (z, w) = ([-3.0, -0.5, 0.2, 4.0], [0.3, -1.2, 0.7, 2.0]);
        assert_matches_finite_differences::<Celu>(&z, &w);
        assert_matches_finite_differences::<Celu<{ 2.0_f32.to_bits() }>>(&z, &w);
    }

    #[test]
    fn kink_counts_both_sides_as_tensorflow_does() {
        assert_eq!(<Celu>::derivative(0.0, 0.0), 2.0);
    }
}
