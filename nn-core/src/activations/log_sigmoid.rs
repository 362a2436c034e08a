use super::{ElementWise, Sigmoid, Softplus};

/// The logarithm of the logistic function, Keras's `log_sigmoid`.
///
/// ```text
/// log_sigmoid(z)  = ln(1 / (1 + e^(−z))) = −softplus(−z)
/// log_sigmoid'(z) = sigmoid(−z) = 1 − sigmoid(z)
/// ```
///
/// Computed as `−softplus(−z)`, which neither overflows nor loses precision in the tails.
///
/// ```
/// use nn::activations::{Activation, LogSigmoid};
/// let mut values = [0.0_f32, -1000.0];
/// LogSigmoid::activate(&mut values);
/// assert_eq!(values, [-core::f32::consts::LN_2, -1000.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogSigmoid;

impl ElementWise for LogSigmoid {
    const NAME: &'static str = "log_sigmoid";

    #[inline]
    fn value(z: f32) -> f32 {
        -Softplus::value(-z)
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        Sigmoid::value(-z)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<LogSigmoid>(
            &[-6.0, -0.5, 0.0, 2.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn keeps_precision_in_the_tails() {
        assert_eq!(LogSigmoid::value(20.0), -(-20.0_f32).exp());
        assert_eq!(LogSigmoid::derivative(-100.0, -100.0), 1.0);
    }
}
