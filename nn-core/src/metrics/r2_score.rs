use super::Metric;

/// How [`R2Score`] combines its outputs (Keras's `class_aggregation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClassAggregation {
    /// The unweighted mean of the per-output scores (Keras's default).
    #[default]
    UniformAverage,
    /// The mean weighted by each output's total sum of squares.
    VarianceWeightedAverage,
    /// Keras's `None`: one score per output, read with [`R2Score::per_output`];
    /// [`result`](Metric::result) then gives their unweighted mean.
    None,
}

/// Keras's `R2Score`: the coefficient of determination, per output, over every sample seen.
///
/// ```text
/// SS_res,c = Σ_s w_s·(y_sc − ŷ_sc)²      SS_tot,c = Σ_s w_s·(y_sc − ȳ_c)²    ȳ_c = Σ_s w_s·y_sc / Σ_s w_s
/// R²_c     = 1 − SS_res,c / SS_tot,c      (0 where that is ±∞, as Keras)
/// adjusted = 1 − (1 − R²)·(n − 1)/(n − p − 1)    p = num_regressors, n = samples × OUT
/// ```
///
/// The adjustment applies only when `0 < p < n − 1` (Keras warns and skips it otherwise) and, as
/// in Keras, `n` counts every output of every sample. Defaults: `uniform_average`,
/// `num_regressors = 0`.
///
/// Keras computes `SS_tot` as `Σw·y² − (Σw·y)²/Σw` in float32, which cancels when the targets sit
/// far from zero (targets 1000 ± 0.05 give R² = 0.49 where it is 0.92); here it is summed about
/// the running mean as it goes (West's weighted update), which does not.
///
/// ```
/// use nn::metrics::{Metric, R2Score};
/// let mut r2 = R2Score::<1>::default();
/// for (p, y) in [(1.0, 1.0), (2.5, 2.0), (2.5, 3.0)] {
///     r2.update(&[p], &[y]);
/// }
/// assert!((r2.result() - 0.75).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct R2Score<const OUT: usize> {
    /// How outputs are combined.
    pub class_aggregation: ClassAggregation,
    /// The number of regressors of an adjusted R²; 0 for the plain one.
    pub num_regressors: usize,
    sum: [f32; OUT],
    /// `SS_tot`: the weighted squared deviations from the running mean `sum / count`.
    squared_sum: [f32; OUT],
    total_mse: [f32; OUT],
    count: [f32; OUT],
    num_samples: usize,
}

impl<const OUT: usize> R2Score<OUT> {
    /// The score with the given aggregation and number of regressors.
    pub fn new(class_aggregation: ClassAggregation, num_regressors: usize) -> Self {
        Self {
            class_aggregation,
            num_regressors,
            sum: [0.0; OUT],
            squared_sum: [0.0; OUT],
            total_mse: [0.0; OUT],
            count: [0.0; OUT],
            num_samples: 0,
        }
    }

    fn totals(&self) -> [f32; OUT] {
        self.squared_sum
    }

    /// `R²_c` for every output, unadjusted: Keras's result for `class_aggregation=None`.
    pub fn per_output(&self) -> [f32; OUT] {
        let totals = self.totals();
        core::array::from_fn(|c| {
            let raw = 1.0 - self.total_mse[c] / totals[c];
            if raw.is_infinite() { 0.0 } else { raw }
        })
    }
}

impl<const OUT: usize> Default for R2Score<OUT> {
    fn default() -> Self {
        Self::new(ClassAggregation::UniformAverage, 0)
    }
}

impl<const OUT: usize> Metric<OUT> for R2Score<OUT> {
    type Target = [f32; OUT];
    const NAME: &'static str = "r2_score";
    const HIGHER_IS_BETTER: bool = true;

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        for c in 0..OUT {
            let (y, p) = (target[c], prediction[c]);
            // West: SS_tot += w·(y − ȳ_before)·(y − ȳ_after), with no Σy² to cancel.
            let mean = |sum: f32, count: f32| if count > 0.0 { sum / count } else { y };
            let before = y - mean(self.sum[c], self.count[c]);
            self.sum[c] += y * sample_weight;
            self.count[c] += sample_weight;
            let after = y - mean(self.sum[c], self.count[c]);
            self.squared_sum[c] += sample_weight * before * after;
            self.total_mse[c] += (y - p) * (y - p) * sample_weight;
        }
        self.num_samples += OUT;
    }

    /// The combined score; for [`ClassAggregation::None`], the mean of
    /// [`per_output`](R2Score::per_output).
    fn result(&self) -> f32 {
        let raw = self.per_output();
        let score = match self.class_aggregation {
            ClassAggregation::UniformAverage | ClassAggregation::None => {
                raw.iter().sum::<f32>() / OUT as f32
            }
            ClassAggregation::VarianceWeightedAverage => {
                let totals = self.totals();
                let weighted: f32 = totals.iter().zip(&raw).map(|(t, r)| t * r).sum();
                weighted / totals.iter().sum::<f32>()
            }
        };
        let (n, p) = (self.num_samples, self.num_regressors);
        if p == 0 || p + 1 >= n {
            return score;
        }
        let (n, p) = (n as f32, p as f32);
        1.0 - ((1.0 - score) * (n - 1.0)) / (n - p - 1.0)
    }

    fn reset(&mut self) {
        *self = Self::new(self.class_aggregation, self.num_regressors);
    }
}

impl<const OUT: usize> super::MetricState for R2Score<OUT> {
    fn save_state(&self, out: &mut Vec<f64>) {
        for sums in [&self.sum, &self.squared_sum, &self.total_mse, &self.count] {
            out.extend(sums.iter().map(|&value| f64::from(value)));
        }
        out.push(self.num_samples as f64);
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        let sum = super::take_f32s::<OUT>(state, "r2_score")?;
        let squared_sum = super::take_f32s::<OUT>(state, "r2_score")?;
        let total_mse = super::take_f32s::<OUT>(state, "r2_score")?;
        let count = super::take_f32s::<OUT>(state, "r2_score")?;
        let [num_samples] = super::take_state(state, "r2_score")?;
        (self.sum, self.squared_sum, self.total_mse) = (sum, squared_sum, total_mse);
        (self.count, self.num_samples) = (count, num_samples as usize);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicting_the_mean_scores_zero() {
        let mut r2 = R2Score::<1>::default();
        r2.update(&[2.0], &[1.0]);
        r2.update(&[2.0], &[3.0]);
        assert_eq!(r2.result(), 0.0);
    }

    #[test]
    fn adjusts_for_regressors() {
        let mut r2 = R2Score::<1>::new(ClassAggregation::UniformAverage, 1);
        for (p, y) in [(1.0, 1.0), (2.5, 2.0), (2.5, 3.0), (4.0, 4.0)] {
            r2.update(&[p], &[y]);
        }
        let plain = 1.0 - 0.5 / 5.0;
        assert!((r2.result() - (1.0 - (1.0 - plain) * 3.0 / 2.0)).abs() < 1e-6);
    }
}
