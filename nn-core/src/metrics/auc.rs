use super::{Metric, divide_no_nan};

/// Which curve [`Auc`] measures the area under (Keras's `curve`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AucCurve {
    /// True-positive rate against false-positive rate.
    #[default]
    Roc,
    /// Precision against recall.
    Pr,
}

/// How [`Auc`] sums the area between thresholds (Keras's `summation_method`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AucSummation {
    /// Trapezoids for ROC; for PR, Davis & Goadrich's interpolation of precision.
    #[default]
    Interpolation,
    /// Rectangles under the lower of the two heights.
    Minoring,
    /// Rectangles under the higher of the two heights.
    Majoring,
}

/// Keras's `AUC`: the area under the ROC or PR curve, approximated on a fixed grid of thresholds.
///
/// Defaults: `num_thresholds = 200`, ROC, interpolation, `from_logits = false`. Every output of
/// every sample is one binary prediction (Keras's `multi_label = False`); a label is positive when
/// it is not 0. The thresholds are `t_0 = −ε`, `t_j = j/(T−1)` and `t_{T−1} = 1 + ε`, so a
/// prediction (clipped to `[0, 1]`, after a sigmoid with `from_logits`) falls in bucket
/// `max(⌈ŷ·(T−1)⌉ − 1, 0)`, computed in f32 as Keras does, and counts as above every threshold up
/// to its bucket:
///
/// ```text
/// TP_j = Σ w over positives in buckets ≥ j      FP_j likewise over negatives
/// FN_j = Σ w over positives − TP_j             TN_j = Σ w over negatives − FP_j
/// ROC, interpolation: Σ_j (FPR_j − FPR_{j+1}) · (TPR_j + TPR_{j+1}) / 2
/// PR, interpolation:  Σ_j s_j · (ΔTP_j + (TP_{j+1} − s_j·P_{j+1}) · ln(P_j / P_{j+1}))
///                                                                    / (TP_{j+1} + FN_{j+1})
///                     P_j = TP_j + FP_j, ΔTP_j = TP_j − TP_{j+1}, s_j = ΔTP_j / (P_j − P_{j+1})
/// ```
///
/// (every division is Keras's `divide_no_nan`; a ratio with a zero side is taken as 1). Only the
/// evenly spaced default grid is supported. The state is a histogram of bucket weights, so an
/// update costs O(1) and [`result`](Metric::result) O(T).
///
/// ```
/// use nn::metrics::{Auc, Metric};
/// let mut auc = Auc::default();
/// for (p, y) in [(0.9, 1.0), (0.8, 0.0), (0.7, 1.0), (0.1, 0.0)] {
///     auc.update(&[p], &[y]);
/// }
/// assert!((auc.result() - 0.75).abs() < 1e-6);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Auc {
    num_thresholds: usize,
    /// The curve.
    pub curve: AucCurve,
    /// How areas between thresholds are summed.
    pub summation: AucSummation,
    /// Whether predictions are logits (a sigmoid is applied first).
    pub from_logits: bool,
    positives: Vec<f32>,
    negatives: Vec<f32>,
}

impl Auc {
    /// The AUC of `curve` on `num_thresholds` evenly spaced thresholds (at least 2).
    pub fn new(num_thresholds: usize, curve: AucCurve) -> Self {
        assert!(num_thresholds > 1, "AUC needs at least 2 thresholds");
        Self {
            num_thresholds,
            curve,
            summation: AucSummation::Interpolation,
            from_logits: false,
            positives: vec![0.0; num_thresholds],
            negatives: vec![0.0; num_thresholds],
        }
    }

    /// The number of thresholds.
    pub fn num_thresholds(&self) -> usize {
        self.num_thresholds
    }

    /// The confusion counts at every threshold: `(TP, FP, TN, FN)`, Keras's state variables.
    pub fn confusion(&self) -> (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>) {
        let cumulate = |buckets: &[f32]| {
            let mut out = vec![0.0; buckets.len()];
            let mut sum = 0.0;
            for j in (0..buckets.len()).rev() {
                sum += buckets[j];
                out[j] = sum;
            }
            out
        };
        let (tp, fp) = (cumulate(&self.positives), cumulate(&self.negatives));
        let (all_positive, all_negative): (f32, f32) =
            (self.positives.iter().sum(), self.negatives.iter().sum());
        let fn_ = tp.iter().map(|t| all_positive - t).collect();
        let tn = fp.iter().map(|f| all_negative - f).collect();
        (tp, fp, tn, fn_)
    }

    fn interpolated_pr(tp: &[f32], fp: &[f32], fn_: &[f32]) -> f32 {
        let mut sum = 0.0;
        for j in 0..tp.len() - 1 {
            let dtp = tp[j] - tp[j + 1];
            let (p0, p1) = (tp[j] + fp[j], tp[j + 1] + fp[j + 1]);
            let slope = divide_no_nan(dtp, (p0 - p1).max(0.0));
            let intercept = tp[j + 1] - slope * p1;
            let ratio = if p0 > 0.0 && p1 > 0.0 {
                divide_no_nan(p0, p1.max(0.0))
            } else {
                1.0
            };
            sum += divide_no_nan(
                slope * (dtp + intercept * ratio.ln()),
                (tp[j + 1] + fn_[j + 1]).max(0.0),
            );
        }
        sum
    }
}

impl Default for Auc {
    fn default() -> Self {
        Self::new(200, AucCurve::Roc)
    }
}

impl Auc {
    /// The metric over every sample seen, as [`Metric::result`] (callable without naming `OUT`).
    pub fn result(&self) -> f32 {
        let (tp, fp, tn, fn_) = self.confusion();
        if self.curve == AucCurve::Pr && self.summation == AucSummation::Interpolation {
            return Self::interpolated_pr(&tp, &fp, &fn_);
        }
        let recall: Vec<f32> = (0..tp.len())
            .map(|j| divide_no_nan(tp[j], tp[j] + fn_[j]))
            .collect();
        let (x, y): (Vec<f32>, Vec<f32>) = match self.curve {
            AucCurve::Roc => (
                (0..fp.len())
                    .map(|j| divide_no_nan(fp[j], fp[j] + tn[j]))
                    .collect(),
                recall,
            ),
            AucCurve::Pr => (
                recall,
                (0..tp.len())
                    .map(|j| divide_no_nan(tp[j], tp[j] + fp[j]))
                    .collect(),
            ),
        };
        let mut sum = 0.0;
        for j in 0..x.len() - 1 {
            let height = match self.summation {
                AucSummation::Interpolation => (y[j] + y[j + 1]) / 2.0,
                AucSummation::Minoring => y[j].min(y[j + 1]),
                AucSummation::Majoring => y[j].max(y[j + 1]),
            };
            sum += (x[j] - x[j + 1]) * height;
        }
        sum
    }

    /// Forgets every sample seen, as [`Metric::reset`].
    pub fn reset(&mut self) {
        self.positives.fill(0.0);
        self.negatives.fill(0.0);
    }
}

impl<const OUT: usize> Metric<OUT> for Auc {
    type Target = [f32; OUT];
    const NAME: &'static str = "auc";
    const HIGHER_IS_BETTER: bool = true;

    fn update_weighted(
        &mut self,
        prediction: &[f32; OUT],
        target: &[f32; OUT],
        sample_weight: f32,
    ) {
        let last = (self.num_thresholds - 1) as f32;
        for (&p, &y) in prediction.iter().zip(target) {
            let p = if self.from_logits {
                1.0 / (1.0 + (-p).exp())
            } else {
                p
            };
            let bucket = ((p.clamp(0.0, 1.0) * last).ceil() - 1.0).max(0.0) as usize;
            let histogram = if y != 0.0 {
                &mut self.positives
            } else {
                &mut self.negatives
            };
            histogram[bucket] += sample_weight;
        }
    }

    fn result(&self) -> f32 {
        self.result()
    }

    fn reset(&mut self) {
        self.reset();
    }
}

impl super::MetricState for Auc {
    /// The weighted positives, then negatives, at each threshold.
    fn save_state(&self, out: &mut Vec<f64>) {
        out.extend(self.positives.iter().map(|&count| f64::from(count)));
        out.extend(self.negatives.iter().map(|&count| f64::from(count)));
    }

    fn restore_state(&mut self, state: &mut &[f64]) -> Result<(), crate::Error> {
        let n = self.positives.len();
        if state.len() < 2 * n {
            return Err(crate::Error::StateMismatch {
                what: "the saved state of metric auc".to_string(),
                differences: format!("{} values where {} are needed", state.len(), 2 * n),
            });
        }
        let (saved, rest) = state.split_at(2 * n);
        let (positives, negatives) = saved.split_at(n);
        self.positives = positives.iter().map(|&count| count as f32).collect();
        self.negatives = negatives.iter().map(|&count| count as f32).collect();
        *state = rest;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separable_scores_give_one() {
        let mut auc = Auc::default();
        auc.update(&[0.2, 0.8], &[0.0, 1.0]);
        assert_eq!(auc.result(), 1.0);
        let mut pr = Auc::new(200, AucCurve::Pr);
        pr.update(&[0.2, 0.8], &[0.0, 1.0]);
        assert!((pr.result() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn edges_fall_in_the_outer_buckets() {
        let mut auc = Auc::new(3, AucCurve::Roc);
        auc.update(&[0.0, 1.0, 0.5, 1.5], &[1.0, 1.0, 0.0, 0.0]);
        assert_eq!(auc.positives, vec![1.0, 1.0, 0.0]);
        assert_eq!(auc.negatives, vec![1.0, 1.0, 0.0]);
    }
}
