use super::Metric;

/// The exact area under the ROC curve, as scikit-learn's `roc_auc_score` computes it (not a
/// Keras metric; [`Auc`](super::Auc) is Keras's thresholded approximation).
///
/// ```text
/// result = Σ_j (FPR_j − FPR_{j−1}) · (TPR_j + TPR_{j−1}) / 2
/// ```
///
/// over every distinct prediction taken as a threshold, from the highest down, starting at
/// `(0, 0)`: the weighted probability that a positive outranks a negative, ties counting ½. Every
/// output of every sample is one binary prediction and a label is positive when it is not 0.
/// It keeps every prediction seen, so an update costs O(1) memory and
/// [`result`](Metric::result) O(n log n); it is NaN until both classes have been seen (where
/// scikit-learn raises an error). Sums run in f64.
///
/// ```
/// use nn::metrics::{Metric, RocAucExact};
/// let mut auc = RocAucExact::default();
/// for (p, y) in [(0.9, 1.0), (0.8, 0.0), (0.8, 1.0), (0.1, 0.0)] {
///     auc.update(&[p], &[y]);
/// }
/// assert_eq!(auc.result(), 0.875);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RocAucExact {
    /// `(prediction, label is positive, weight)` of every output seen.
    seen: Vec<(f32, bool, f32)>,
}

impl RocAucExact {
    /// The metric over every sample seen, as [`Metric::result`] (callable without naming `OUT`).
    pub fn result(&self) -> f32 {
        let mut sorted = self.seen.clone();
        sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (mut tp, mut fp, mut area) = (0.0_f64, 0.0_f64, 0.0_f64);
        let mut start = 0;
        while start < sorted.len() {
            let mut end = start;
            let (mut dtp, mut dfp) = (0.0, 0.0);
            while end < sorted.len() && sorted[end].0 == sorted[start].0 {
                let (_, positive, weight) = sorted[end];
                if positive {
                    dtp += f64::from(weight);
                } else {
                    dfp += f64::from(weight);
                }
                end += 1;
            }
            area += dfp * (tp + tp + dtp) / 2.0;
            tp += dtp;
            fp += dfp;
            start = end;
        }
        if tp <= 0.0 || fp <= 0.0 {
            return f32::NAN;
        }
        (area / (tp * fp)) as f32
    }

    /// Forgets every sample seen, as [`Metric::reset`].
    pub fn reset(&mut self) {
        self.seen.clear();
    }
}

impl<const OUT: usize> Metric<OUT> for RocAucExact {
    type Target = [f32; OUT];
    const NAME: &'static str = "roc_auc";
    const HIGHER_IS_BETTER: bool = true;

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        self.seen.extend(
            prediction
                .iter()
                .zip(target)
                .map(|(&p, &y)| (p, y != 0.0, sample_weight)),
        );
    }

    fn result(&self) -> f32 {
        self.result()
    }

    fn reset(&mut self) {
        self.reset();
    }
}

impl super::MetricState for RocAucExact {
    /// The number of outputs seen, then each one's prediction, label (1 or 0) and weight.
    fn save_state(&self, out: &mut Vec<f64>) {
        out.push(self.seen.len() as f64);
        for &(prediction, positive, weight) in &self.seen {
            out.extend([
                f64::from(prediction),
                f64::from(u8::from(positive)),
                f64::from(weight),
            ]);
        }
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        let [len] = super::take_state(state, "roc_auc")?;
        let mut seen = Vec::new();
        for _ in 0..len as usize {
            let [prediction, positive, weight] = super::take_f32s(state, "roc_auc")?;
            seen.push((prediction, positive != 0.0, weight));
        }
        self.seen = seen;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_class_is_undefined() {
        let mut auc = RocAucExact::default();
        auc.update(&[0.3, 0.6], &[1.0, 1.0]);
        assert!(auc.result().is_nan());
    }

    #[test]
    fn weights_count_as_repeats() {
        let (mut weighted, mut repeated) = (RocAucExact::default(), RocAucExact::default());
        weighted.update_weighted(&[0.4], &[1.0], 2.0);
        repeated.update(&[0.4], &[1.0]);
        repeated.update(&[0.4], &[1.0]);
        for auc in [&mut weighted, &mut repeated] {
            auc.update(&[0.5], &[0.0]);
            auc.update(&[0.3], &[1.0]);
            auc.update(&[0.2], &[0.0]);
        }
        assert_eq!(weighted.result(), repeated.result());
    }
}
