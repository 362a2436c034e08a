use super::ElementWise;

/// Keras's `softsign`.
///
/// ```text
/// softsign(z)  = z / (1 + |z|)
/// softsign'(z) = 1 / (1 + |z|)²
/// ```
///
/// ```
/// use nn::activations::{Activation, Softsign};
/// let mut values = [-1.0_f32, 0.0, 3.0];
/// Softsign::activate(&mut values);
/// assert_eq!(values, [-0.5, 0.0, 0.75]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Softsign;

impl ElementWise for Softsign {
    const NAME: &'static str = "softsign";

    #[inline]
    fn value(z: f32) -> f32 {
        z / (1.0 + z.abs())
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        let denominator = 1.0 + z.abs();
        1.0 / (denominator * denominator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences_away_from_zero() {
        // Smooth, but its second derivative jumps at 0.
        assert_matches_finite_differences::<Softsign>(
            &[-6.0, -0.5, 0.2, 2.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }
}
