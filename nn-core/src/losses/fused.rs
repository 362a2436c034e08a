//! The fused, numerically stable logit forms: sigmoid + binary crossentropy and softmax +
//! categorical crossentropy computed straight from logits.
//!
//! These are what `from_logits = true` selects in [`BinaryCrossentropy`](super::BinaryCrossentropy),
//! [`CategoricalCrossentropy`](super::CategoricalCrossentropy) and
//! [`SparseCategoricalCrossentropy`](super::SparseCategoricalCrossentropy), the same kernels as
//! TensorFlow's `sigmoid_cross_entropy_with_logits` and `softmax_cross_entropy_with_logits`.
//! They never form a probability that could round to 0 or 1, so no epsilon clip is needed and the
//! gradient is exact for any logit.

/// The logistic sigmoid `1 / (1 + e^(−x))`, evaluated without overflow for any `x`.
pub fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `softmax(logits)`, shifted by the largest logit so nothing overflows.
pub fn softmax<const N: usize>(logits: &[f32; N]) -> [f32; N] {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut out = logits.map(|x| (x - max).exp());
    let sum: f32 = out.iter().sum();
    out.iter_mut().for_each(|v| *v /= sum);
    out
}

/// Sigmoid + binary crossentropy of one logit `x` against label `z`, and its derivative in `x`.
///
/// ```text
/// L(x, z) = max(x, 0) − x·z + ln(1 + e^(−|x|))      (= −z·ln σ(x) − (1 − z)·ln(1 − σ(x)))
/// ∂L/∂x   = σ(x) − z = (1 − z) − e^(−x)/(1 + e^(−x))   for x ≥ 0
///                    = e^x/(1 + e^x) − z               for x < 0
/// ```
///
/// ```
/// use nn::losses::fused::sigmoid_binary_crossentropy;
/// let (loss, gradient) = sigmoid_binary_crossentropy(0.0, 1.0);
/// assert!((loss - core::f32::consts::LN_2).abs() < 1e-7);
/// assert_eq!(gradient, -0.5);
/// ```
pub fn sigmoid_binary_crossentropy(x: f32, z: f32) -> (f32, f32) {
    // TensorFlow's CPU kernels flush subnormal results to zero; so does this, so that a logit
    // beyond ±87 gives exactly Keras's loss of 0 rather than ~1e-44.
    let tail = (-x.abs()).exp();
    let tail = if tail < f32::MIN_POSITIVE { 0.0 } else { tail };
    let loss = x.max(0.0) - x * z + tail.ln_1p();
    // σ(x) − z, summed as TensorFlow's gradient of the expression above sums it, so that
    // σ(x) − 1 for a large logit keeps its precision: (1 − z) − e/(1 + e) for x ≥ 0.
    let share = tail / (1.0 + tail);
    let gradient = if x >= 0.0 {
        (1.0 - z) - share
    } else {
        share - z
    };
    (loss, gradient)
}

/// Softmax + categorical crossentropy of `logits` against the label row `y`, with the gradient
/// in the logits written to `gradient`.
///
/// ```text
/// m = max_j x_j,  lse = ln Σ_j e^(x_j − m)
/// L(x, y) = Σ_i y_i · (lse − (x_i − m))               (= −Σ_i y_i · ln softmax(x)_i)
/// ∂L/∂x_i = softmax(x)_i · Σ_j y_j − y_i               (softmax(x)_i − y_i for a distribution y)
/// ```
///
/// ```
/// use nn::losses::fused::softmax_categorical_crossentropy;
/// let mut gradient = [0.0; 2];
/// let loss = softmax_categorical_crossentropy(&[0.0, 0.0], &[1.0, 0.0], &mut gradient);
/// assert!((loss - core::f32::consts::LN_2).abs() < 1e-7);
/// assert_eq!(gradient, [-0.5, 0.5]);
/// ```
pub fn softmax_categorical_crossentropy<const N: usize>(
    logits: &[f32; N],
    y: &[f32; N],
    gradient: &mut [f32; N],
) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps = logits.map(|x| (x - max).exp());
    let sum: f32 = exps.iter().sum();
    let lse = sum.ln();
    let total: f32 = y.iter().sum();
    let mut loss = 0.0;
    for i in 0..N {
        loss += y[i] * (lse - (logits[i] - max));
        gradient[i] = exps[i] / sum * total - y[i];
    }
    loss
}

/// Softmax + crossentropy against the class index `label` (TensorFlow's
/// `sparse_softmax_cross_entropy_with_logits`), with the gradient in the logits.
///
/// ```text
/// L(x, k) = lse − (x_k − m)
/// ∂L/∂x_i = softmax(x)_i − [i = k]
/// ```
pub fn softmax_sparse_crossentropy<const N: usize>(
    logits: &[f32; N],
    label: usize,
    gradient: &mut [f32; N],
) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps = logits.map(|x| (x - max).exp());
    let sum: f32 = exps.iter().sum();
    for i in 0..N {
        gradient[i] = exps[i] / sum - if i == label { 1.0 } else { 0.0 };
    }
    sum.ln() - (logits[label] - max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_finite_for_huge_logits() {
        let (loss, gradient) = sigmoid_binary_crossentropy(200.0, 0.0);
        assert_eq!((loss, gradient), (200.0, 1.0));
        let mut g = [0.0; 3];
        let loss =
            softmax_categorical_crossentropy(&[500.0, -500.0, 0.0], &[0.0, 1.0, 0.0], &mut g);
        assert_eq!(loss, 1000.0);
        assert_eq!(g, [1.0, -1.0, 0.0]);
        let loss = softmax_sparse_crossentropy(&[500.0, -500.0, 0.0], 1, &mut g);
        assert_eq!(loss, 1000.0);
        assert_eq!(g, [1.0, -1.0, 0.0]);
    }

    #[test]
    fn gradients_match_finite_differences() {
        let x = [0.3_f32, -1.2, 0.8];
        let y = [0.2_f32, 0.5, 0.3];
        let mut g = [0.0; 3];
        softmax_categorical_crossentropy(&x, &y, &mut g);
        let h = 1e-2;
        for i in 0..3 {
            let (mut plus, mut minus) = (x, x);
            plus[i] += h;
            minus[i] -= h;
            let mut scratch = [0.0; 3];
            let numeric = (softmax_categorical_crossentropy(&plus, &y, &mut scratch)
                - softmax_categorical_crossentropy(&minus, &y, &mut scratch))
                / (2.0 * h);
            assert!((g[i] - numeric).abs() < 1e-3, "{i}: {} vs {numeric}", g[i]);
        }
        let (_, gradient) = sigmoid_binary_crossentropy(0.7, 0.3);
        let numeric = (sigmoid_binary_crossentropy(0.71, 0.3).0
            - sigmoid_binary_crossentropy(0.69, 0.3).0)
            / 0.02;
        assert!((gradient - numeric).abs() < 1e-3);
    }
}
