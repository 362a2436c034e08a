use super::{ElementWise, Sigmoid};
use crate::math;

/// The smooth rectifier, Keras's `softplus`.
///
/// ```text
/// softplus(z)  = ln(1 + e^z) = max(z, 0) + ln(1 + e^(−|z|))
/// softplus'(z) = sigmoid(z)
/// ```
///
/// The second form is the one computed: `e^(−|z|)` never overflows, and `ln_1p` keeps its full
/// precision when `e^(−|z|)` is tiny.
///
/// ```
/// use nn::activations::{Activation, Softplus};
/// let mut values = [0.0_f32, 1000.0, -1000.0];
/// Softplus::activate(&mut values);
/// assert_eq!(values, [core::f32::consts::LN_2, 1000.0, 0.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Softplus;

impl ElementWise for Softplus {
    const NAME: &'static str = "softplus";

    #[inline]
    fn value(z: f32) -> f32 {
        z.max(0.0) + math::ln_1p(math::exp(-z.abs()))
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        Sigmoid::value(z)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Softplus>(
            &[-6.0, -0.5, 0.0, 2.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn keeps_precision_in_the_tails() {
        assert_eq!(Softplus::value(-20.0), (-20.0_f32).exp());
        assert_eq!(Softplus::value(100.0), 100.0);
    }
}
