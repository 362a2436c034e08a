use super::{EPSILON, Metric};

/// How [`FBetaScore`] combines its classes (Keras's `average`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Average {
    /// Keras's `average=None` (its default): one score per class, read with
    /// [`FBetaScore::per_class`]; [`result`](Metric::result) then gives their unweighted mean.
    #[default]
    None,
    /// One score from the counts summed over classes.
    Micro,
    /// The unweighted mean of the per-class scores.
    Macro,
    /// The mean of the per-class scores weighted by each class's (weighted) number of positive
    /// labels.
    Weighted,
}

/// Keras's `FBetaScore`: the weighted harmonic mean of precision and recall, per class.
///
/// ```text
/// P_c = TP_c / (TP_c + FP_c + ε)      R_c = TP_c / (TP_c + FN_c + ε)      ε = 1e-7
/// F_c = (1 + β²) · P_c·R_c / (β²·P_c + R_c + ε)
/// ```
///
/// Counts are sums of sample weights over samples; output `c` of a sample is predicted positive
/// when it is strictly above `threshold`, or, with no threshold (Keras's default), when it is the
/// sample's largest value (every tied maximum counts) and `|ŷ_c| > 1e-9`. `micro` sums the counts
/// over classes first; `macro` averages `F_c`; `weighted` averages it with weights
/// `Σ_s w_s·y_sc / (Σ_c Σ_s w_s·y_sc + ε)`. Defaults: `beta = 1`, `average = None`,
/// `threshold = None`. The ε terms make a perfect score `0.99999…`, exactly as Keras.
///
/// ```
/// use nn::metrics::{Average, FBetaScore, Metric};
/// let mut f = FBetaScore::<2>::new(2.0, Average::Macro, Some(0.5));
/// f.update(&[0.9, 0.1], &[1.0, 0.0]);
/// f.update(&[0.8, 0.6], &[1.0, 1.0]);
/// assert!((f.result() - 1.0).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FBetaScore<const OUT: usize> {
    /// How many times more recall weighs than precision.
    pub beta: f32,
    /// How classes are combined.
    pub average: Average,
    /// The cut for a positive prediction; `None` takes each sample's largest value.
    pub threshold: Option<f32>,
    true_positives: [f32; OUT],
    false_positives: [f32; OUT],
    false_negatives: [f32; OUT],
    positives: [f32; OUT],
}

impl<const OUT: usize> FBetaScore<OUT> {
    /// The score with the given `beta`, `average` and `threshold`.
    pub fn new(beta: f32, average: Average, threshold: Option<f32>) -> Self {
        Self {
            beta,
            average,
            threshold,
            true_positives: [0.0; OUT],
            false_positives: [0.0; OUT],
            false_negatives: [0.0; OUT],
            positives: [0.0; OUT],
        }
    }

    /// `F_c` for every class, whatever `average` is: Keras's result for `average=None`.
    pub fn per_class(&self) -> [f32; OUT] {
        core::array::from_fn(|c| {
            self.score(
                self.true_positives[c],
                self.false_positives[c],
                self.false_negatives[c],
            )
        })
    }

    fn score(&self, tp: f32, fp: f32, fn_: f32) -> f32 {
        let precision = tp / (tp + fp + EPSILON);
        let recall = tp / (tp + fn_ + EPSILON);
        let beta2 = self.beta * self.beta;
        let mean = (precision * recall) / (beta2 * precision + recall + EPSILON);
        mean * (1.0 + beta2)
    }

    fn update_counts(&mut self, prediction: &[f32; OUT], target: &[f32; OUT], weight: f32) {
        let max = prediction.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        for c in 0..OUT {
            let p = prediction[c];
            let predicted = match self.threshold {
                Some(threshold) => p > threshold,
                None => p >= max && p.abs() > 1e-9,
            };
            let (predicted, y) = (if predicted { 1.0 } else { 0.0 }, target[c]);
            self.true_positives[c] += predicted * y * weight;
            self.false_positives[c] += predicted * (1.0 - y) * weight;
            self.false_negatives[c] += (1.0 - predicted) * y * weight;
            self.positives[c] += y * weight;
        }
    }

    fn averaged(&self) -> f32 {
        match self.average {
            Average::Micro => self.score(
                self.true_positives.iter().sum(),
                self.false_positives.iter().sum(),
                self.false_negatives.iter().sum(),
            ),
            Average::Macro | Average::None => self.per_class().iter().sum::<f32>() / OUT as f32,
            Average::Weighted => {
                let total = self.positives.iter().sum::<f32>() + EPSILON;
                self.per_class()
                    .iter()
                    .zip(&self.positives)
                    .map(|(f, w)| f * (w / total))
                    .sum()
            }
        }
    }
}

impl<const OUT: usize> Default for FBetaScore<OUT> {
    fn default() -> Self {
        Self::new(1.0, Average::None, None)
    }
}

impl<const OUT: usize> Metric<OUT> for FBetaScore<OUT> {
    type Target = [f32; OUT];
    const NAME: &'static str = "fbeta_score";
    const HIGHER_IS_BETTER: bool = true;

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        self.update_counts(prediction, target, sample_weight);
    }

    /// The score combined as `average` says; for [`Average::None`], the mean of
    /// [`per_class`](Self::per_class).
    fn result(&self) -> f32 {
        self.averaged()
    }

    fn reset(&mut self) {
        *self = Self::new(self.beta, self.average, self.threshold);
    }
}

/// Keras's `F1Score`: [`FBetaScore`] with `beta = 1`, the harmonic mean of precision and recall.
///
/// ```text
/// F_c = 2 · P_c·R_c / (P_c + R_c + ε)
/// ```
///
/// Defaults as Keras: `average = None` (per class, see [`F1Score::per_class`]; `result` is their
/// mean), `threshold = None` (each sample's largest value is its prediction).
///
/// ```
/// use nn::metrics::{Average, F1Score, Metric};
/// let mut f1 = F1Score::<1>::new(Average::Micro, Some(0.5));
/// f1.update(&[0.9], &[1.0]);
/// f1.update(&[0.2], &[1.0]);
/// assert!((f1.result() - 2.0 / 3.0).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct F1Score<const OUT: usize>(FBetaScore<OUT>);

impl<const OUT: usize> F1Score<OUT> {
    /// The F1 score with the given `average` and `threshold`.
    pub fn new(average: Average, threshold: Option<f32>) -> Self {
        Self(FBetaScore::new(1.0, average, threshold))
    }

    /// `F1_c` for every class, whatever the average: Keras's result for `average=None`.
    pub fn per_class(&self) -> [f32; OUT] {
        self.0.per_class()
    }
}

impl<const OUT: usize> Default for F1Score<OUT> {
    fn default() -> Self {
        Self::new(Average::None, None)
    }
}

impl<const OUT: usize> Metric<OUT> for F1Score<OUT> {
    type Target = [f32; OUT];
    const NAME: &'static str = "f1_score";
    const HIGHER_IS_BETTER: bool = true;

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        self.0.update_weighted(prediction, target, sample_weight);
    }

    /// As [`FBetaScore::result`].
    fn result(&self) -> f32 {
        self.0.result()
    }

    fn reset(&mut self) {
        self.0.reset();
    }
}

impl<const OUT: usize> super::MetricState for FBetaScore<OUT> {
    fn save_state(&self, out: &mut Vec<f64>) {
        for counts in [
            &self.true_positives,
            &self.false_positives,
            &self.false_negatives,
            &self.positives,
        ] {
            out.extend(counts.iter().map(|&count| f64::from(count)));
        }
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        let tp = super::take_f32s::<OUT>(state, "fbeta_score")?;
        let fp = super::take_f32s::<OUT>(state, "fbeta_score")?;
        let fn_ = super::take_f32s::<OUT>(state, "fbeta_score")?;
        let positives = super::take_f32s::<OUT>(state, "fbeta_score")?;
        (self.true_positives, self.false_positives) = (tp, fp);
        (self.false_negatives, self.positives) = (fn_, positives);
        Ok(())
    }
}

impl<const OUT: usize> super::MetricState for F1Score<OUT> {
    fn save_state(&self, out: &mut Vec<f64>) {
        self.0.save_state(out);
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        super::MetricState::restore_state(&mut self.0, state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmax_mode_counts_every_tied_maximum_but_not_zeros() {
        let mut f = FBetaScore::<3>::default();
        f.update(&[0.5, 0.5, 0.0], &[1.0, 0.0, 0.0]);
        f.update(&[0.0, 0.0, 0.0], &[0.0, 0.0, 1.0]);
        assert_eq!(f.true_positives, [1.0, 0.0, 0.0]);
        assert_eq!(f.false_positives, [0.0, 1.0, 0.0]);
        assert_eq!(f.false_negatives, [0.0, 0.0, 1.0]);
    }

    #[test]
    fn beta_favours_recall() {
        // P = 1/2, R = 1: F2 = 5·(1/2)/(4·1/2 + 1) = 5/6.
        let mut f = FBetaScore::<1>::new(2.0, Average::Micro, Some(0.5));
        f.update(&[0.9], &[1.0]);
        f.update(&[0.9], &[0.0]);
        assert!((f.result() - 5.0 / 6.0).abs() < 1e-6);
    }
}
