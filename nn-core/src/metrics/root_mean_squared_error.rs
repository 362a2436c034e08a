use super::{Metric, WeightedMean};

/// Keras's `RootMeanSquaredError`: the square root of the streaming mean squared error (not the
/// mean of per-sample roots).
///
/// ```text
/// result = √( Σ_s w_s · (1/OUT) Σ_i (ŷ_si − y_si)² / Σ_s w_s )
/// ```
///
/// ```
/// use nn::metrics::{Metric, RootMeanSquaredError};
/// let mut rmse = RootMeanSquaredError::default();
/// rmse.update(&[1.0, 3.0], &[1.0, 1.0]);
/// rmse.update(&[2.0, 1.0], &[0.0, 1.0]);
/// assert_eq!(rmse.result(), 2.0_f32.sqrt());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RootMeanSquaredError {
    mean: WeightedMean,
}

impl RootMeanSquaredError {
    /// The metric over every sample seen, as [`Metric::result`] (callable without naming `OUT`).
    pub fn result(&self) -> f32 {
        self.mean.result().sqrt()
    }

    /// Forgets every sample seen, as [`Metric::reset`].
    pub fn reset(&mut self) {
        self.mean = WeightedMean::default();
    }
}

impl<const OUT: usize> Metric<OUT> for RootMeanSquaredError {
    type Target = [f32; OUT];
    const NAME: &'static str = "root_mean_squared_error";

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| (p - y) * (p - y))
            .sum();
        self.mean.add(sum / OUT as f32, sample_weight);
    }

    fn result(&self) -> f32 {
        self.result()
    }

    fn reset(&mut self) {
        self.reset();
    }
}

impl super::MetricState for RootMeanSquaredError {
    fn save_state(&self, out: &mut Vec<f64>) {
        super::MetricState::save_state(&self.mean, out);
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        super::MetricState::restore_state(&mut self.mean, state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_the_root_of_the_mean_not_the_mean_of_roots() {
        let mut rmse = RootMeanSquaredError::default();
        rmse.update(&[3.0], &[0.0]);
        rmse.update(&[1.0], &[0.0]);
        assert_eq!(rmse.result(), 5.0_f32.sqrt());
    }
}
