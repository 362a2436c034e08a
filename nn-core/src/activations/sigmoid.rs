use super::ElementWise;
use crate::math;

/// The logistic function, Keras's `sigmoid`: a probability for a binary output.
///
/// ```text
/// sigmoid(z)  = 1 / (1 + e^(−z))
/// sigmoid'(z) = a · (1 − a),   a = sigmoid(z)
/// ```
///
/// ```
/// use nn::activations::{Activation, Sigmoid};
/// let mut values = [0.0_f32];
/// Sigmoid::activate(&mut values);
/// assert_eq!(values, [0.5]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sigmoid;

impl ElementWise for Sigmoid {
    const NAME: &'static str = "sigmoid";

    #[inline]
    fn value(z: f32) -> f32 {
        // Written for both signs so that e^(−z) never overflows to infinity.
        if z >= 0.0 {
            1.0 / (1.0 + math::exp(-z))
        } else {
            let e = math::exp(z);
            e / (1.0 + e)
        }
    }

    #[inline]
    fn derivative(_z: f32, a: f32) -> f32 {
        a * (1.0 - a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Sigmoid>(
            &[-6.0, -0.5, 0.0, 2.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn saturates_without_overflow() {
        assert_eq!(Sigmoid::value(-200.0), 0.0);
        assert_eq!(Sigmoid::value(200.0), 1.0);
    }
}
