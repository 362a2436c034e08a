use super::Activation;
use crate::math;

/// Keras's `softmax` over one sample's values: a probability distribution over classes.
///
/// ```text
/// softmax(z)_i = e^(z_i − max z) / Σ_j e^(z_j − max z)
/// ∂L/∂z_i      = a_i · (∂L/∂a_i − Σ_j a_j · ∂L/∂a_j)
/// ```
///
/// Subtracting `max z` changes nothing mathematically and keeps `e^z` from overflowing.
///
/// ```
/// use nn::activations::{Activation, Softmax};
/// let mut values = [1.0_f32, 1.0, 1.0, 1.0];
/// Softmax::activate(&mut values);
/// assert_eq!(values, [0.25; 4]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Softmax;

impl Activation for Softmax {
    const NAME: &'static str = "softmax";

    fn activate(values: &mut [f32]) {
        let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for value in values.iter_mut() {
            *value = math::exp(*value - max);
            sum += *value;
        }
        for value in values.iter_mut() {
            *value /= sum;
        }
    }

    fn backpropagate(_pre_activation: &[f32], activation: &[f32], gradient: &mut [f32]) {
        let weighted: f32 = activation
            .iter()
            .zip(gradient.iter())
            .map(|(a, g)| a * g)
            .sum();
        for (g, &a) in gradient.iter_mut().zip(activation) {
            *g = a * (*g - weighted);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<Softmax>(
            &[-1.0, 0.5, 2.0, 0.1],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn large_values_do_not_overflow() {
        let mut values = [1000.0, 1000.0];
        Softmax::activate(&mut values);
        assert_eq!(values, [0.5, 0.5]);
    }
}
