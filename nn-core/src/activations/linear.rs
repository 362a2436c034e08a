use super::ElementWise;

/// The identity, Keras's `linear`: the usual output of a regression.
///
/// ```text
/// linear(z)  = z
/// linear'(z) = 1
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Linear;

impl ElementWise for Linear {
    const NAME: &'static str = "linear";

    #[inline]
    fn value(z: f32) -> f32 {
        z
    }

    #[inline]
    fn derivative(_z: f32, _a: f32) -> f32 {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Linear>(&[-3.0, 0.0, 4.0], &[0.3, -1.2, 0.7]);
    }
}
