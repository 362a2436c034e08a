use super::ElementWise;

/// The leaky rectified linear unit, Keras's `leaky_relu`.
///
/// ```text
/// leaky_relu(z)  = z if z > 0, else negative_slope · z
/// leaky_relu'(z) = 1 if z > 0, else negative_slope      (negative_slope at the kink, as
///                                                       TensorFlow chooses)
/// ```
///
/// The slope is a const parameter holding the bit pattern of an `f32` (`f32::to_bits`), so the
/// type stays zero-sized. Its default, `0x3E4C_CCCD`, is `0.2_f32`: the default of the function
/// `keras.activations.leaky_relu`. The layer `keras.layers.LeakyReLU` defaults to 0.3 instead,
/// which is `LeakyRelu<{ 0.3_f32.to_bits() }>`.
///
/// ```
/// use nn::activations::{Activation, LeakyRelu};
/// let mut values = [-2.0, 3.0];
/// LeakyRelu::<{ 0.3_f32.to_bits() }>::activate(&mut values);
/// assert_eq!(values, [-2.0 * 0.3, 3.0]);
///
/// let mut values = [-1.0, 3.0];
/// <LeakyRelu>::activate(&mut values);
/// assert_eq!(values, [-0.2, 3.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeakyRelu<const NEGATIVE_SLOPE: u32 = 0x3E4C_CCCD>;

impl<const NEGATIVE_SLOPE: u32> LeakyRelu<NEGATIVE_SLOPE> {
    /// The slope for `z ≤ 0`.
    pub const NEGATIVE_SLOPE: f32 = f32::from_bits(NEGATIVE_SLOPE);
}

impl<const NEGATIVE_SLOPE: u32> ElementWise for LeakyRelu<NEGATIVE_SLOPE> {
    const NAME: &'static str = "leaky_relu";

    #[inline]
    fn value(z: f32) -> f32 {
        if z > 0.0 { z } else { z * Self::NEGATIVE_SLOPE }
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        if z > 0.0 {
            1.0
        } else if z.is_nan() {
            z
        } else {
            Self::NEGATIVE_SLOPE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn default_slope_is_keras_function_default() {
        assert_eq!(<LeakyRelu>::NEGATIVE_SLOPE, 0.2);
        assert_eq!(core::mem::size_of::<LeakyRelu>(), 0);
    }

    #[test]
    fn gradient_matches_finite_differences_away_from_the_kink() {
        let (z, w) = ([-3.0, -0.5, 0.2, 4.0], [0.3, -1.2, 0.7, 2.0]);
        assert_matches_finite_differences::<LeakyRelu>(&z, &w);
        assert_matches_finite_differences::<LeakyRelu<{ 0.3_f32.to_bits() }>>(&z, &w);
    }

    #[test]
    fn kink_takes_the_negative_slope() {
        assert_eq!(
            LeakyRelu::<{ 0.3_f32.to_bits() }>::derivative(0.0, 0.0),
            0.3
        );
    }
}
