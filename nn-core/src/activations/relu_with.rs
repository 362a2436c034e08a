use super::ElementWise;

/// Keras's `relu` with its arguments `negative_slope`, `max_value` and `threshold`.
///
/// ```text
/// relu(z) = min(z, max_value)                      if z > threshold
///         = negative_slope · (z − threshold)       if z ≤ threshold      (with max_value > 0)
/// ```
///
/// The arguments are const parameters holding the bit patterns of `f32`s (`f32::to_bits`), so
/// the type stays zero-sized. Their defaults are Keras's: `negative_slope = 0`,
/// `max_value = None` (written as `f32::INFINITY`, bits `0x7F80_0000`) and `threshold = 0`, so
/// `ReluWith` alone is [`Relu`](super::Relu).
///
/// The value and derivative follow Keras 3's `ReLU.static_call` operation by operation, so the
/// kinks take TensorFlow's choices:
///
/// ```text
/// negative_slope ≠ 0, no max_value, threshold = 0:   leaky_relu(z)   (derivative at 0: negative_slope)
/// otherwise, with p the positive part:
///   threshold ≠ 0:        p = z if z > threshold, else 0       p' = 1 if z > threshold, else 0
///   else max_value = 6:   p = relu6(z)                         p' = 1 if 0 < z < 6, else 0
///   else:                 p = max(z, 0)                        p' = 1 if z > 0, else 0
///   then, unless relu6 was used, with a max_value:
///                         p = clip(p, 0, max_value)            p' = 0 unless 0 ≤ p ≤ max_value
///   relu(z)  = p − negative_slope · max(threshold − z, 0)
///   relu'(z) = p' + (negative_slope if z < threshold, else 0)
/// ```
///
/// ```
/// use nn::activations::{Activation, ReluWith};
/// // keras.activations.relu(x, negative_slope=0.1, max_value=6.0, threshold=0.5)
/// type Clipped = ReluWith<{ 0.1_f32.to_bits() }, { 6.0_f32.to_bits() }, { 0.5_f32.to_bits() }>;
/// let mut values = [-0.5_f32, 0.5, 2.0, 8.0];
/// Clipped::activate(&mut values);
/// assert_eq!(values, [-0.1, 0.0, 2.0, 6.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReluWith<
    const NEGATIVE_SLOPE: u32 = 0,
    const MAX_VALUE: u32 = 0x7F80_0000,
    const THRESHOLD: u32 = 0,
>;

impl<const NEGATIVE_SLOPE: u32, const MAX_VALUE: u32, const THRESHOLD: u32>
    ReluWith<NEGATIVE_SLOPE, MAX_VALUE, THRESHOLD>
{
    /// The slope below the threshold.
    pub const NEGATIVE_SLOPE: f32 = f32::from_bits(NEGATIVE_SLOPE);
    /// The largest output; infinity stands for Keras's `None`.
    pub const MAX_VALUE: f32 = f32::from_bits(MAX_VALUE);
    /// The input above which the unit is linear.
    pub const THRESHOLD: f32 = f32::from_bits(THRESHOLD);

    /// Keras turns this case into a plain `leaky_relu`.
    const LEAKY: bool =
        Self::NEGATIVE_SLOPE != 0.0 && Self::MAX_VALUE == f32::INFINITY && Self::THRESHOLD == 0.0;
    /// Keras uses TensorFlow's `relu6` for this case, and then does not clip.
    const RELU6: bool = Self::THRESHOLD == 0.0 && Self::MAX_VALUE == 6.0;
    /// Whether the positive part is clipped to `[0, max_value]`.
    const CLIP: bool = Self::MAX_VALUE != f32::INFINITY && !Self::RELU6;

    /// The positive part `p` and its derivative `p'`.
    #[inline]
    fn positive_part(z: f32) -> (f32, f32) {
        let (p, dp) = if Self::THRESHOLD != 0.0 {
            if z > Self::THRESHOLD {
                (z, 1.0)
            } else {
                (0.0, 0.0)
            }
        } else if Self::RELU6 {
            (
                z.clamp(0.0, 6.0),
                if z > 0.0 && z < 6.0 { 1.0 } else { 0.0 },
            )
        } else {
            (z.max(0.0), if z > 0.0 { 1.0 } else { 0.0 })
        };
        if Self::CLIP {
            let inside = (0.0..=Self::MAX_VALUE).contains(&p);
            (
                p.max(0.0).min(Self::MAX_VALUE),
                if inside { dp } else { 0.0 },
            )
        } else {
            (p, dp)
        }
    }
}

impl<const NEGATIVE_SLOPE: u32, const MAX_VALUE: u32, const THRESHOLD: u32> ElementWise
    for ReluWith<NEGATIVE_SLOPE, MAX_VALUE, THRESHOLD>
{
    const NAME: &'static str = "relu";

    #[inline]
    fn value(z: f32) -> f32 {
        if z.is_nan() {
            // The clips and the threshold test would turn NaN into a number; TensorFlow's
            // relu gives NaN.
            return z;
        }
        if Self::LEAKY {
            return if z > 0.0 { z } else { z * Self::NEGATIVE_SLOPE };
        }
        let (p, _) = Self::positive_part(z);
        if Self::NEGATIVE_SLOPE != 0.0 {
            p - Self::NEGATIVE_SLOPE * (Self::THRESHOLD - z).max(0.0)
        } else {
            p
        }
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        if z.is_nan() {
            return z;
        }
        if Self::LEAKY {
            return if z > 0.0 { 1.0 } else { Self::NEGATIVE_SLOPE };
        }
        let (_, dp) = Self::positive_part(z);
        if Self::NEGATIVE_SLOPE != 0.0 && Self::THRESHOLD - z > 0.0 {
            dp + Self::NEGATIVE_SLOPE
        } else {
            dp
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;
    use crate::activations::{LeakyRelu, Relu, Relu6};

    const SLOPE: u32 = 0x3DCC_CCCD; // 0.1
    const SIX: u32 = 0x40C0_0000; // 6.0
    const HALF: u32 = 0x3F00_0000; // 0.5

    type Full = ReluWith<SLOPE, SIX, HALF>;

    #[test]
    fn constants_are_the_floats_they_stand_for() {
        assert_eq!(f32::from_bits(SLOPE), 0.1);
        assert_eq!(f32::from_bits(SIX), 6.0);
        assert_eq!(f32::from_bits(HALF), 0.5);
        assert_eq!(<ReluWith>::MAX_VALUE, f32::INFINITY);
        assert_eq!(core::mem::size_of::<Full>(), 0);
    }

    #[test]
    fn defaults_reduce_to_the_simpler_activations() {
        for z in [-2.0, -0.0, 0.0, 0.5, 3.0, 6.0, 7.0] {
            assert_eq!(<ReluWith>::value(z), Relu::value(z));
            assert_eq!(<ReluWith>::derivative(z, 0.0), Relu::derivative(z, 0.0));
            assert_eq!(ReluWith::<0, SIX>::value(z), Relu6::value(z));
            assert_eq!(
                ReluWith::<0, SIX>::derivative(z, 0.0),
                Relu6::derivative(z, 0.0)
            );
            let leaky = LeakyRelu::<SLOPE>::value(z);
            assert_eq!(ReluWith::<SLOPE>::value(z), leaky);
            let leaky = LeakyRelu::<SLOPE>::derivative(z, 0.0);
            assert_eq!(ReluWith::<SLOPE>::derivative(z, 0.0), leaky);
        }
    }

    #[test]
    fn gradient_matches_finite_differences_away_from_the_kinks() {
        let (z, w) = ([-3.0, 0.2, 4.0, 7.5], [0.3, -1.2, 0.7, 2.0]);
        assert_matches_finite_differences::<Full>(&z, &w);
        assert_matches_finite_differences::<ReluWith<0, { 5.0_f32.to_bits() }, HALF>>(&z, &w);
        assert_matches_finite_differences::<ReluWith<SLOPE, { 5.0_f32.to_bits() }>>(&z, &w);
    }

    #[test]
    fn kinks_follow_tensorflow() {
        // Below the threshold only the negative part moves; at it, neither does.
        assert_eq!(Full::derivative(0.5, 0.0), 0.0);
        // The clip passes its bounds on.
        assert_eq!(Full::derivative(6.0, 6.0), 1.0);
        // relu6, used without a threshold, does not.
        assert_eq!(ReluWith::<SLOPE, SIX>::derivative(6.0, 6.0), 0.0);
    }
}
