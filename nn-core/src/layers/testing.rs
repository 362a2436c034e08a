//! Central finite differences through a layer whose noise is fixed, for checking `backward`.

use super::{Layer, LayerOutput};
use crate::Batch;

/// Checks `analytic` (∂L/∂x from `backward` with `∂L/∂y = r`) against central differences of
/// `L(x) = Σ r ⊙ y(x)`, where `forward` computes `y` from `x` with the layer's noise held fixed.
///
/// Given its noise every noise layer is affine in `x`, so the differences have no truncation
/// error; what is left is the f32 rounding of `x ± h` and of the changed `y`, four half-ulps of
/// values below 8 (≈ 2e-6), divided by the step 2h = 0.02: about 1e-4, well below the 1e-3
/// allowed, which a wrong factor (a missing `a`, a dropped mask) exceeds by far.
pub(crate) fn assert_gradient_matches_finite_differences<const N: usize>(
    forward: impl Fn(&Batch<N>) -> Batch<N>,
    x: &Batch<N>,
    r: &Batch<N>,
    analytic: &Batch<N>,
) {
    let loss = |x: &Batch<N>| -> f64 {
        forward(x)
            .iter()
            .zip(r.iter())
            .map(|(&y, &r)| f64::from(y) * f64::from(r))
            .sum()
    };
    let h = 1e-2_f32;
    for i in 0..x.len() {
        let (mut plus, mut minus) = (x.clone(), x.clone());
        plus[i] += h;
        minus[i] -= h;
        let numeric = (loss(&plus) - loss(&minus)) / (2.0 * f64::from(h));
        let error = (numeric - f64::from(analytic[i])).abs();
        assert!(
            error <= 1e-3 * (1.0 + numeric.abs()),
            "∂L/∂x[{i}] is {} analytically, {numeric} by finite differences",
            analytic[i]
        );
    }
}

/// The mean and the (biased) standard deviation of `values`, in f64.
pub(crate) fn mean_and_deviation<'a>(values: impl ExactSizeIterator<Item = &'a f32>) -> (f64, f64) {
    let values: Vec<f64> = values.map(|&v| f64::from(v)).collect();
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, variance.sqrt())
}

/// `∂L/∂x` from the backward pass of `L`, a layer without parameters that does not read its
/// input in backward (the training-noise layers), over the `buffers` of its forward pass.
pub(crate) fn input_gradient<const N: usize, L: Layer<N, N> + Default>(
    buffers: &mut L::Buffers,
) -> Batch<N> {
    let samples = buffers.output().ncols();
    let mut input_gradient = Batch::from_element(samples, f32::NAN);
    // Its parameter gradients are the zero-sized layer itself.
    L::default().backward(
        &Batch::zeros(samples),
        buffers,
        &mut L::default(),
        Some(&mut input_gradient),
    );
    input_gradient
}
