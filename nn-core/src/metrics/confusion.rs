//! Weighted confusion counts at one threshold, shared by the count metrics, [`Precision`] and
//! [`Recall`] (Keras's `update_confusion_matrix_variables`).
//!
//! [`Precision`]: super::Precision
//! [`Recall`]: super::Recall

/// Which outputs are looked at and where they are cut.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Cut {
    /// A prediction strictly above it is positive.
    pub threshold: f32,
    /// Only the `k` largest predictions of a sample may be positive (the lower index first among
    /// ties, as `top_k`); the others count as −∞.
    pub top_k: Option<usize>,
    /// Only this output is counted.
    pub class_id: Option<usize>,
}

/// True/false positives/negatives, each a sum of sample weights.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Counts {
    pub true_positives: f32,
    pub false_positives: f32,
    pub true_negatives: f32,
    pub false_negatives: f32,
}

impl Counts {
    /// Counts every output of one sample (or just `cut.class_id`): a label is positive when it
    /// is not 0.
    pub fn add(&mut self, cut: &Cut, prediction: &[f32], target: &[f32], weight: f32) {
        for (i, (&p, &y)) in prediction.iter().zip(target).enumerate() {
            if cut.class_id.is_some_and(|c| c != i) {
                continue;
            }
            let kept = cut.top_k.is_none_or(|k| {
                let above = prediction.iter().filter(|&&q| q > p).count();
                let tied_before = prediction[..i].iter().filter(|&&q| q == p).count();
                above + tied_before < k
            });
            let predicted = kept && p > cut.threshold;
            let actual = y != 0.0;
            let count = match (predicted, actual) {
                (true, true) => &mut self.true_positives,
                (true, false) => &mut self.false_positives,
                (false, false) => &mut self.true_negatives,
                (false, true) => &mut self.false_negatives,
            };
            *count += weight;
        }
    }
}

impl super::MetricState for Counts {
    fn save_state(&self, out: &mut Vec<f64>) {
        let counts = [
            self.true_positives,
            self.false_positives,
            self.true_negatives,
            self.false_negatives,
        ];
        out.extend(counts.map(f64::from));
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        let [tp, fp, tn, fn_] = super::take_f32s(state, "confusion counts")?;
        *self = Counts {
            true_positives: tp,
            false_positives: fp,
            true_negatives: tn,
            false_negatives: fn_,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_breaks_ties_by_index() {
        let cut = Cut {
            threshold: f32::NEG_INFINITY,
            top_k: Some(1),
            class_id: None,
        };
        let mut counts = Counts::default();
        counts.add(&cut, &[0.5, 0.5], &[0.0, 1.0], 1.0);
        assert_eq!(counts.false_positives, 1.0);
        assert_eq!(counts.false_negatives, 1.0);
    }
}
