use super::confusion::{Counts, Cut};
use super::{Metric, divide_no_nan};

/// Keras's `Recall`: the fraction of positive labels that are found,
/// over every output of every sample (or of one class).
///
/// ```text
/// result = TP / (TP + FN)        (0 while the denominator is 0)
/// ```
///
/// Counts are sums of sample weights; a label is positive when it is not 0 and a prediction
/// when it is strictly above `threshold` (0.5 by default). [`Recall::top_k`] keeps only each
/// sample's `k` largest predictions as candidates (Keras's `top_k`, whose threshold then
/// defaults to −∞), and `class_id` counts a single output (Keras's `class_id`).
///
/// ```
/// use nn::metrics::{Metric, Recall};
/// let mut metric = Recall::default();
/// metric.update(&[0.9, 0.2, 0.7, 0.6], &[1.0, 1.0, 0.0, 1.0]);
/// assert_eq!(metric.result(), 2.0 / 3.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Recall {
    /// Predictions strictly above it are positive.
    pub threshold: f32,
    /// Only a sample's `k` largest predictions may be positive.
    pub top_k: Option<usize>,
    /// Only this output is counted.
    pub class_id: Option<usize>,
    counts: Counts,
}

impl Recall {
    /// The metric at the given threshold, on every output.
    pub fn new(threshold: f32) -> Self {
        Self {
            threshold,
            top_k: None,
            class_id: None,
            counts: Counts::default(),
        }
    }

    /// The metric on each sample's `k` largest predictions, at Keras's threshold for `top_k`
    /// (−∞: every one of them is positive).
    pub fn top_k(k: usize) -> Self {
        Self {
            top_k: Some(k),
            ..Self::new(f32::NEG_INFINITY)
        }
    }

    /// The same metric counting only output `class_id`.
    pub fn with_class_id(self, class_id: usize) -> Self {
        Self {
            class_id: Some(class_id),
            ..self
        }
    }
}

impl Default for Recall {
    fn default() -> Self {
        Self::new(0.5)
    }
}

impl Recall {
    /// The metric over every sample seen, as [`Metric::result`] (callable without naming `OUT`).
    pub fn result(&self) -> f32 {
        let c = &self.counts;
        divide_no_nan(c.true_positives, c.true_positives + c.false_negatives)
    }

    /// Forgets every sample seen, as [`Metric::reset`].
    pub fn reset(&mut self) {
        self.counts = Counts::default();
    }
}

impl<const OUT: usize> Metric<OUT> for Recall {
    type Target = [f32; OUT];
    const NAME: &'static str = "recall";
    const HIGHER_IS_BETTER: bool = true;

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        let cut = Cut {
            threshold: self.threshold,
            top_k: self.top_k,
            class_id: self.class_id,
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

impl super::MetricState for Recall {
    fn save_state(&self, out: &mut Vec<f64>) {
        super::MetricState::save_state(&self.counts, out);
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        super::MetricState::restore_state(&mut self.counts, state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_and_class_id_select_outputs() {
        let mut metric = Recall::top_k(1);
        metric.update(&[0.2, 0.9, 0.4], &[0.0, 1.0, 1.0]);
        assert_eq!(metric.result(), 0.5);
        let mut only_first = Recall::default().with_class_id(0);
        only_first.update(&[0.2, 0.9, 0.4], &[0.0, 1.0, 1.0]);
        assert_eq!(Metric::<3>::result(&only_first), 0.0);
    }
}
