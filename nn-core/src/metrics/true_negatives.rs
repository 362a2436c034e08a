use super::Metric;
use super::confusion::{Counts, Cut};

/// Keras's `TrueNegatives`: the weighted number of true negatives
/// over every output of every sample.
///
/// ```text
/// result = Σ_s w_s · #{i : ŷ_si ≤ threshold and y_si = 0}        threshold = 0.5 by default
/// ```
///
/// A label is positive when it is not 0; a prediction exactly at the threshold is negative.
///
/// ```
/// use nn_core::metrics::{Metric, TrueNegatives};
/// let mut count = TrueNegatives::default();
/// count.update(&[0.9, 0.2, 0.7, 0.1], &[1.0, 1.0, 0.0, 0.0]);
/// assert_eq!(count.result(), 1.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrueNegatives {
    /// Predictions strictly above it are positive.
    pub threshold: f32,
    counts: Counts,
}

impl TrueNegatives {
    /// The count at the given threshold.
    pub fn new(threshold: f32) -> Self {
        Self {
            threshold,
            counts: Counts::default(),
        }
    }
}

impl Default for TrueNegatives {
    fn default() -> Self {
        Self::new(0.5)
    }
}

impl TrueNegatives {
    /// The metric over every sample seen, as [`Metric::result`] (callable without naming `OUT`).
    pub fn result(&self) -> f32 {
        self.counts.true_negatives
    }

    /// Forgets every sample seen, as [`Metric::reset`].
    pub fn reset(&mut self) {
        self.counts = Counts::default();
    }
}

impl<const OUT: usize> Metric<OUT> for TrueNegatives {
    type Target = [f32; OUT];
    const NAME: &'static str = "true_negatives";
    const HIGHER_IS_BETTER: bool = true;

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        let cut = Cut {
            threshold: self.threshold,
            top_k: None,
            class_id: None,
        };
        self.counts.add(&cut, prediction, target, sample_weight);
    }

    fn result(&self) -> f32 {
        self.result()
    }

    fn reset(&mut self) {
        self.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_weights() {
        let mut count = TrueNegatives::new(0.5);
        count.update_weighted(&[0.9, 0.2, 0.7, 0.1], &[1.0, 1.0, 0.0, 0.0], 2.5);
        assert_eq!(count.result(), 2.5);
        Metric::<4>::reset(&mut count);
        assert_eq!(Metric::<4>::result(&count), 0.0);
    }
}
