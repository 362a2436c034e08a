use super::{ElementWise, Sigmoid, Softplus};
use crate::math;

/// Keras's `mish`.
///
/// ```text
/// mish(z)  = z · tanh(softplus(z))
/// mish'(z) = t + z · (1 − t²) · sigmoid(z),   t = tanh(softplus(z))
/// ```
///
/// ```
/// use nn::activations::{Activation, Mish};
/// let mut values = [0.0_f32, 100.0];
/// Mish::activate(&mut values);
/// assert_eq!(values, [0.0, 100.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mish;

impl ElementWise for Mish {
    const NAME: &'static str = "mish";

    #[inline]
    fn value(z: f32) -> f32 {
        z * math::tanh(Softplus::value(z))
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        let t = math::tanh(Softplus::value(z));
        t + z * (1.0 - t * t) * Sigmoid::value(z)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Mish>(&[-6.0, -0.5, 0.0, 2.0], &[0.3, -1.2, 0.7, 2.0]);
    }
}
