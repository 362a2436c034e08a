use super::{WeightedMean, mean_metric};
use crate::losses::{self, Loss};

/// Keras's `Poisson` metric: the Poisson negative log-likelihood up to a constant, averaged over
/// samples.
///
/// ```text
/// v(ŷ, y) = (1/OUT) · Σ_i ŷ_i − y_i · ln(ŷ_i + ε)        ε = 1e-7
/// ```
///
/// ```
/// use nn::metrics::{Metric, Poisson};
/// let mut poisson = Poisson::default();
/// poisson.update(&[1.0], &[0.0]);
/// assert_eq!(poisson.result(), 1.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Poisson {
    mean: WeightedMean,
}

impl Poisson {
    /// The per-sample value: the loss of the same name.
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        losses::Poisson.loss(prediction, target)
    }
}

mean_metric!(Poisson, [f32; OUT], "poisson");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn is_minimal_at_the_label() {
        let value = |p: f32| {
            let mut poisson = Poisson::default();
            poisson.update(&[p], &[2.0]);
            poisson.result()
        };
        assert!(value(2.0) < value(1.9) && value(2.0) < value(2.1));
    }
}
