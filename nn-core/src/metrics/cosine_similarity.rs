use super::{EPSILON, WeightedMean, mean_metric};

/// Keras's `CosineSimilarity` metric: the cosine of the angle between prediction and label,
/// averaged over samples. It is positive (1 when aligned), unlike the loss of the same name.
///
/// ```text
/// v(ŷ, y) = Σ_i (ŷ_i · n(ŷ)) · (y_i · n(y))        n(x) = min(1/√(Σ_j x_j²), 1/ε), ε = 1e-7
/// ```
///
/// ```
/// use nn::metrics::{CosineSimilarity, Metric};
/// let mut cosine = CosineSimilarity::default();
/// cosine.update(&[2.0, 0.0], &[1.0, 1.0]);
/// assert!((cosine.result() - 0.5_f32.sqrt()).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CosineSimilarity {
    mean: WeightedMean,
}

/// `1/‖x‖₂`, capped at `1/ε` as Keras's `normalize` caps it. The squares are summed in f64:
/// in f32 (as Keras sums them) a norm above ~1.8e19 overflows and the cosine comes out 0.
fn inverse_norm(x: &[f32]) -> f32 {
    let square_sum: f64 = x.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
    (1.0 / square_sum.sqrt()).min(1.0 / f64::from(EPSILON)) as f32
}

impl CosineSimilarity {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let (np, ny) = (inverse_norm(prediction), inverse_norm(target));
        prediction
            .iter()
            .zip(target)
            .map(|(p, y)| (y * ny) * (p * np))
            .sum()
    }
}

mean_metric!(
    CosineSimilarity,
    [f32; OUT],
    "cosine_similarity",
    higher_is_better = true
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn a_zero_vector_gives_zero() {
        let mut cosine = CosineSimilarity::default();
        cosine.update(&[0.0, 0.0], &[1.0, 1.0]);
        assert_eq!(cosine.result(), 0.0);
    }
}
