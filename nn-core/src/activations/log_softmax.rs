use super::Activation;
use crate::math;

/// Keras's `log_softmax` over one sample's values: log-probabilities over classes.
///
/// ```text
/// log_softmax(z)_i = (z_i − max z) − ln Σ_j e^(z_j − max z)
/// ∂L/∂z_i          = ∂L/∂a_i − e^(a_i) · Σ_j ∂L/∂a_j
/// ```
///
/// Subtracting `max z` changes nothing mathematically and keeps `e^z` from overflowing; the sum
/// is then at least 1, so its logarithm is exact to f32 precision.
///
/// ```
/// use nn::activations::{Activation, LogSoftmax};
/// let mut values = [1000.0_f32, 1000.0];
/// LogSoftmax::activate(&mut values);
/// assert_eq!(values, [-core::f32::consts::LN_2; 2]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogSoftmax;

impl Activation for LogSoftmax {
    const NAME: &'static str = "log_softmax";

    fn activate(values: &mut [f32]) {
        let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for value in values.iter_mut() {
            *value -= max;
            sum += math::exp(*value);
        }
        let log_sum = math::ln(sum);
        for value in values.iter_mut() {
            *value -= log_sum;
        }
    }

    fn backpropagate(_pre_activation: &[f32], activation: &[f32], gradient: &mut [f32]) {
        let total: f32 = gradient.iter().sum();
        for (g, &a) in gradient.iter_mut().zip(activation) {
            *g -= math::exp(a) * total;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<LogSoftmax>(
            &[-1.0, 0.5, 2.0, 0.1],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn large_gaps_stay_finite() {
        let mut values = [0.0, 1000.0];
        LogSoftmax::activate(&mut values);
        assert_eq!(values, [-1000.0, 0.0]);
    }
}
