use super::ElementWise;
use crate::math;

/// The exponential linear unit, Keras's `elu`.
///
/// ```text
/// elu(z)  = z if z > 0, else alpha · expm1(z)      (expm1(z) = e^z − 1, without cancelling)
/// elu'(z) = 1 if z > 0, else a + alpha      (alpha at the kink, as TensorFlow chooses)
/// ```
///
/// TensorFlow 2.21's CPU kernel computes `e^z − 1` in f32, which cancels near 0: it is 2e-4
/// relative off at `z = −1e-4` and 19% at `z = −1e-7`. This uses `expm1`, correct to an ulp, so it
/// is at least as precise as Keras everywhere and differs from Keras's values by at most one ulp of
/// `alpha` (tests/golden/near_zero.json). The derivative is taken from the output `a`, as
/// TensorFlow does. A NaN input gives NaN, value and derivative. `alpha` is a const parameter holding the bit pattern of an `f32`
/// (`f32::to_bits`), so the type stays zero-sized; its default, `0x3F80_0000`, is Keras's 1.0.
///
/// ```
/// use nn::activations::{Activation, Elu};
/// let mut values = [0.0, 3.0];
/// <Elu>::activate(&mut values);
/// assert_eq!(values, [0.0, 3.0]);
///
/// let mut values = [-1000.0];
/// Elu::<{ 0.5_f32.to_bits() }>::activate(&mut values);
/// assert_eq!(values, [-0.5]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Elu<const ALPHA: u32 = 0x3F80_0000>;

impl<const ALPHA: u32> Elu<ALPHA> {
    /// The value `−alpha` that `elu` tends to as `z → −∞`.
    pub const ALPHA: f32 = f32::from_bits(ALPHA);
}

impl<const ALPHA: u32> ElementWise for Elu<ALPHA> {
    const NAME: &'static str = "elu";

    #[inline]
    fn value(z: f32) -> f32 {
        if z > 0.0 {
            z
        } else {
            // expm1, not `exp(z) − 1`, which cancels near 0 (19% off at z = −1e-7).
            Self::ALPHA * math::exp_m1(z)
        }
    }

    #[inline]
    fn derivative(z: f32, a: f32) -> f32 {
        if z > 0.0 { 1.0 } else { a + Self::ALPHA }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences_away_from_the_kink() {
        let (z, w) = ([-3.0, -0.5, 0.2, 4.0], [0.3, -1.2, 0.7, 2.0]);
        assert_matches_finite_differences::<Elu>(&z, &w);
        assert_matches_finite_differences::<Elu<{ 0.5_f32.to_bits() }>>(&z, &w);
    }

    #[test]
    fn kink_takes_alpha() {
        assert_eq!(<Elu>::derivative(0.0, 0.0), 1.0);
        assert_eq!(Elu::<{ 2.0_f32.to_bits() }>::derivative(0.0, 0.0), 2.0);
    }
}
