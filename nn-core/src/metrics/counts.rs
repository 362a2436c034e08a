//! The four confusion counts: Keras's `TruePositives`, `FalsePositives`, `TrueNegatives` and
//! `FalseNegatives`, each the weighted number of outputs, over every sample, in its cell.
//!
//! ```text
//! true_positives   Σ_s w_s · #{i : ŷ_si > threshold and y_si ≠ 0}
//! false_positives  Σ_s w_s · #{i : ŷ_si > threshold and y_si = 0}
//! true_negatives   Σ_s w_s · #{i : ŷ_si ≤ threshold and y_si = 0}
//! false_negatives  Σ_s w_s · #{i : ŷ_si ≤ threshold and y_si ≠ 0}      threshold = 0.5 by default
//! ```
//!
//! A label is positive when it is not 0; a prediction exactly at the threshold is negative.

use super::Metric;
use super::confusion::{Counts, Cut};

/// One confusion count as a metric: the struct, its defaults and its `Metric` impl.
macro_rules! confusion_count {
    ($(#[$doc:meta])* $type:ident, $name:literal, $field:ident, higher_is_better = $higher:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct $type {
            /// Predictions strictly above it are positive.
            pub threshold: f32,
            counts: Counts,
        }

        impl $type {
            /// The count at the given threshold.
            pub fn new(threshold: f32) -> Self {
                Self { threshold, counts: Counts::default() }
            }

            /// The count over every sample seen, as [`Metric::result`] (callable without
            /// naming `OUT`).
            pub fn result(&self) -> f32 {
                self.counts.$field
            }

            /// Forgets every sample seen, as [`Metric::reset`].
            pub fn reset(&mut self) {
                self.counts = Counts::default();
            }
        }

        impl Default for $type {
            fn default() -> Self {
                Self::new(0.5)
            }
        }

        impl<const OUT: usize> Metric<OUT> for $type {
            type Target = [f32; OUT];
            const NAME: &'static str = $name;
            const HIGHER_IS_BETTER: bool = $higher;

            fn update_weighted(&mut self, prediction: &[f32; OUT], target: &[f32; OUT], sample_weight: f32) {
                let cut = Cut { threshold: self.threshold, top_k: None, class_id: None };
                self.counts.add(&cut, prediction, target, sample_weight);
            }

            fn result(&self) -> f32 {
                self.counts.$field
            }

            fn reset(&mut self) {
                self.counts = Counts::default();
            }
        }
    };
}

confusion_count!(
    /// Keras's `TruePositives`: outputs above the threshold whose label is positive.
    ///
    /// ```
    /// use nn::metrics::{Metric, TruePositives};
    /// let mut count = TruePositives::default();
    /// count.update(&[0.9, 0.2, 0.7, 0.1], &[1.0, 1.0, 0.0, 0.0]);
    /// assert_eq!(count.result(), 1.0);
    /// ```
    TruePositives, "true_positives", true_positives, higher_is_better = true
);
confusion_count!(
    /// Keras's `FalsePositives`: outputs above the threshold whose label is 0.
    FalsePositives, "false_positives", false_positives, higher_is_better = false
);
confusion_count!(
    /// Keras's `TrueNegatives`: outputs at or below the threshold whose label is 0.
    TrueNegatives, "true_negatives", true_negatives, higher_is_better = true
);
confusion_count!(
    /// Keras's `FalseNegatives`: outputs at or below the threshold whose label is positive.
    FalseNegatives, "false_negatives", false_negatives, higher_is_better = false
);

/// The saved state of a count is its confusion counts.
macro_rules! count_state {
    ($($type:ident),+) => {$(
        impl super::MetricState for $type {
            fn save_state(&self, out: &mut Vec<f64>) {
                super::MetricState::save_state(&self.counts, out);
            }

            fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
                super::MetricState::restore_state(&mut self.counts, state)
            }
        }
    )+};
}

count_state!(TruePositives, FalsePositives, TrueNegatives, FalseNegatives);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_count_sums_the_weights_of_its_cell() {
        // Predictions 0.9, 0.2, 0.7, 0.1 against labels 1, 1, 0, 0: one output in each cell.
        let (prediction, target) = ([0.9, 0.2, 0.7, 0.1], [1.0, 1.0, 0.0, 0.0]);
        let mut counts = (
            TruePositives::default(),
            FalsePositives::default(),
            TrueNegatives::default(),
            FalseNegatives::default(),
        );
        counts.0.update_weighted(&prediction, &target, 2.5);
        counts.1.update_weighted(&prediction, &target, 2.5);
        counts.2.update_weighted(&prediction, &target, 2.5);
        counts.3.update_weighted(&prediction, &target, 2.5);
        assert_eq!(
            [
                counts.0.result(),
                counts.1.result(),
                counts.2.result(),
                counts.3.result()
            ],
            [2.5; 4]
        );
        Metric::<4>::reset(&mut counts.0);
        assert_eq!(Metric::<4>::result(&counts.0), 0.0);
        let mut strict = TruePositives::new(0.9);
        strict.update(&prediction, &target);
        assert_eq!(
            strict.result(),
            0.0,
            "a prediction at the threshold is negative"
        );
    }
}
