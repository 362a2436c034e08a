//! The metrics a network declares, updated and read together.

use super::Metric;
use crate::Error;

/// The declared metrics of a network with `OUT` outputs trained on labels of type `T`: a tuple
/// of [`Metric`]s (or `()` for none), each fed every sample.
///
/// ```
/// use nn::metrics::{MeanAbsoluteError, MeanSquaredError, MetricSet};
/// let mut metrics = (MeanAbsoluteError::default(), MeanSquaredError::default());
/// MetricSet::<1, [f32; 1]>::update(&mut metrics, &[3.0], &[1.0], 1.0);
/// let mut results = [0.0; 2];
/// MetricSet::<1, [f32; 1]>::write_results(&metrics, &mut results);
/// assert_eq!(results, [2.0, 4.0]);
/// ```
pub trait MetricSet<const OUT: usize, T>: Clone + core::fmt::Debug {
    /// How many metrics there are.
    const LEN: usize;

    /// Feeds one sample, counted `sample_weight` times, to every metric.
    fn update(&mut self, prediction: &[f32; OUT], target: &T, sample_weight: f32);

    /// Writes every metric's result, in declaration order, into `results` (`LEN` long): a
    /// training run reads them after every batch, so this allocates nothing.
    fn write_results(&self, results: &mut [f32]);

    /// For every metric, in order, whether higher is better ([`Metric::HIGHER_IS_BETTER`]).
    fn higher_is_better(&self) -> Vec<bool>;

    /// Resets every metric.
    fn reset(&mut self);

    /// Appends every metric's accumulators, in order ([`MetricState::save_state`](super::MetricState::save_state)).
    fn save_state(&self, out: &mut Vec<f64>);

    /// Puts back accumulators saved by [`save_state`](Self::save_state).
    ///
    /// # Errors
    ///
    /// If `state` does not hold exactly this set's accumulators; the metrics are then unchanged.
    fn restore_state(&mut self, state: &[f64]) -> Result<(), Error>;
}

/// The error for a saved metric state longer than the metrics it is restored into.
fn left_over(len: usize) -> Error {
    Error::StateMismatch {
        what: "the saved metric state".to_string(),
        differences: format!("{len} values left over after every metric took its own"),
    }
}

impl<const OUT: usize, T> MetricSet<OUT, T> for () {
    const LEN: usize = 0;

    fn update(&mut self, _prediction: &[f32; OUT], _target: &T, _sample_weight: f32) {}

    fn write_results(&self, _results: &mut [f32]) {}

    fn higher_is_better(&self) -> Vec<bool> {
        Vec::new()
    }

    fn reset(&mut self) {}

    fn save_state(&self, _out: &mut Vec<f64>) {}

    fn restore_state(&mut self, state: &[f64]) -> Result<(), Error> {
        if state.is_empty() {
            Ok(())
        } else {
            Err(left_over(state.len()))
        }
    }
}

/// `MetricSet` for a tuple of metrics that all take labels of type `T`.
macro_rules! metric_tuple {
    ($($metric:ident . $index:tt),+) => {
        impl<const OUT: usize, T, $($metric),+> MetricSet<OUT, T> for ($($metric,)+)
        where
            $($metric: Metric<OUT, Target = T>),+
        {
            const LEN: usize = [$($index),+].len();

            fn update(&mut self, prediction: &[f32; OUT], target: &T, sample_weight: f32) {
                $(self.$index.update_weighted(prediction, target, sample_weight);)+
            }

            fn write_results(&self, results: &mut [f32]) {
                $(results[$index] = self.$index.result();)+
            }

            fn higher_is_better(&self) -> Vec<bool> {
                vec![$(<$metric as Metric<OUT>>::HIGHER_IS_BETTER),+]
            }

            fn reset(&mut self) {
                $(self.$index.reset();)+
            }

            fn save_state(&self, out: &mut Vec<f64>) {
                $(self.$index.save_state(out);)+
            }

            fn restore_state(&mut self, state: &[f64]) -> Result<(), Error> {
                let mut rest = state;
                let mut restored = self.clone();
                $(restored.$index.restore_state(&mut rest)?;)+
                if !rest.is_empty() {
                    return Err(left_over(rest.len()));
                }
                *self = restored;
                Ok(())
            }
        }
    };
}

metric_tuple!(A.0);
metric_tuple!(A.0, B.1);
metric_tuple!(A.0, B.1, C.2);
metric_tuple!(A.0, B.1, C.2, D.3);
metric_tuple!(A.0, B.1, C.2, D.3, E.4);
metric_tuple!(A.0, B.1, C.2, D.3, E.4, F.5);
metric_tuple!(A.0, B.1, C.2, D.3, E.4, F.5, G.6);
metric_tuple!(A.0, B.1, C.2, D.3, E.4, F.5, G.6, H.7);
