use super::ElementWise;

/// The exponential linear unit, Keras's `elu`.
///
/// ```text
/// elu(z)  = z if z > 0, else alpha · (e^z − 1)
/// elu'(z) = 1 if z > 0, else a + alpha      (alpha at the kink, as TensorFlow chooses)
/// ```
///
/// TensorFlow computes `e^z − 1` (not `expm1`) and the derivative from the output `a`, and so
/// does this. `alpha` is a const parameter holding the bit pattern of an `f32`
/// (`f32::to_bits`), so the type stays zero-sized; its default, `0x3F80_0000`, is Keras's 1.0.
///
/// ```
/// use nn_core::activations::{Activation, Elu};
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
            Self::ALPHA * (z.exp() - 1.0)
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
