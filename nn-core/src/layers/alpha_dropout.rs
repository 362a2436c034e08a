use nalgebra::SVector;
#[cfg(feature = "std")]
use rand::RngExt;

use super::Forward;
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
use crate::Parameters;
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::python_float::python_double;
#[cfg(feature = "std")]
use crate::{Batch, Rng};

/// SELU's `α` and `λ` (`scale`), to the digits Keras's `AlphaDropout` writes them.
const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;
const SELU_SCALE: f64 = 1.050_700_987_355_480_5;

/// Keras's `AlphaDropout(rate)` on `N` values: dropout that keeps the mean and variance of its
/// inputs, for self-normalizing networks (SELU); the identity at inference.
///
/// ```text
/// α' = −λ·α                                  SELU's limit at −∞, where dropped values go
/// a  = ((1 − rate)·(1 + rate·α'²))^(−1/2),   b = −a·α'·rate
/// training:   k_i = [u_i ≥ rate],  u_i ~ U[0, 1)        (1 kept, 0 dropped)
///             x'_i = x_i·k_i + α'·(1 − k_i),   y_i = a·x'_i + b,   ∂L/∂x_i = ∂L/∂y_i · a · k_i
/// inference:  y = x
/// ```
///
/// For inputs of mean 0 and variance 1, `x'` has mean `rate·α'` and variance
/// `(1 − rate)·(1 + rate·α'²)`; `a` and `b` bring them back to 0 and 1. As Keras does, `α'`, `a`
/// and `b` are computed in double precision from the rate as written (see `python_double`) and
/// each rounded to `f32` once; the arithmetic is then Keras's, in `f32` and in its order. Given
/// the mask `k`, [`apply`](Self::apply) is that arithmetic alone. A dropped value is `a·α' + b`
/// whatever it was, unless it was infinite or NaN: `x·0` is then NaN, as in Keras.
///
/// The rate is part of the type as its `f32` bit pattern, so the layer holds no data; it must lie
/// in `[0, 1)` (Keras fails on 1, dividing by zero), which is checked when the layer is compiled.
/// A rate of 0 is the identity, as in Keras.
///
/// ```
/// use nn::layers::{AlphaDropout, AlphaDropoutBuffers, Layer, LayerOutput};
/// use nn::{Batch, Rng};
/// use rand::SeedableRng;
///
/// type Fifth = AlphaDropout<2, { 0.2_f32.to_bits() }>;
/// let (a, b) = Fifth::affine();
/// let input = Batch::<2>::from_element(3, 1.0);
/// let mut buffers = AlphaDropoutBuffers::default();
/// Layer::forward(&Fifth::default(), &input, &mut buffers, Some(&mut Rng::seed_from_u64(0)));
/// let kept = a as f32 + b as f32;
/// let dropped = a as f32 * Fifth::alpha_p() as f32 + b as f32;
/// assert!(buffers.output().iter().all(|&y| y == kept || y == dropped));
/// // At inference, the identity.
/// Layer::forward(&Fifth::default(), &input, &mut buffers, None);
/// assert_eq!(*buffers.output(), input);
/// ```
///
/// A rate of 1 does not compile:
///
/// ```compile_fail
/// use nn::layers::AlphaDropout;
/// let rate = AlphaDropout::<2, { 1.0_f32.to_bits() }>::RATE;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlphaDropout<const N: usize, const RATE: u32>;

// SAFETY: zero-sized; it holds no parameters.
unsafe impl<const N: usize, const RATE: u32> Parameters for AlphaDropout<N, RATE> {
    const COUNT: usize = 0;
}

#[cfg(feature = "std")]
/// What an [`AlphaDropout`] layer keeps of a batch between its forward and backward passes.
#[derive(Clone, Debug)]
pub struct AlphaDropoutBuffers<const N: usize> {
    /// `k` for each value: 1 where kept, 0 where dropped (ones at inference).
    pub kept: Batch<N>,
    /// `∂y/∂x` where kept: `a` while training, 1 when the layer was the identity.
    pub slope: f32,
    /// The layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for AlphaDropoutBuffers<N> {
    fn default() -> Self {
        AlphaDropoutBuffers {
            kept: Batch::zeros(0),
            slope: 1.0,
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for AlphaDropoutBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

impl<const N: usize, const RATE: u32> AlphaDropout<N, RATE> {
    /// The fraction of values dropped while training, in `[0, 1)`.
    pub const RATE: f32 = {
        let rate = f32::from_bits(RATE);
        assert!(
            0.0 <= rate && rate < 1.0,
            "AlphaDropout's rate must be at least 0 and below 1"
        );
        rate
    };

    /// `α' = −λ·α`, in double precision.
    pub const fn alpha_p() -> f64 {
        -SELU_ALPHA * SELU_SCALE
    }

    #[cfg(feature = "std")]
    /// `(a, b)` in double precision, from the rate as written, as Keras computes them.
    pub fn affine() -> (f64, f64) {
        let rate = python_double(Self::RATE);
        let alpha_p = Self::alpha_p();
        let a = ((1.0 - rate) * (1.0 + rate * alpha_p.powi(2))).powf(-0.5);
        (a, -a * alpha_p * rate)
    }

    #[cfg(feature = "std")]
    /// `y = a·(x·k + α'·(1 − k)) + b`, the layer's arithmetic given its mask, with `α'`, `a` and
    /// `b` rounded to `f32` as TensorFlow casts Keras's Python floats.
    pub fn apply(input: &Batch<N>, kept: &Batch<N>, output: &mut Batch<N>) {
        let alpha_p = Self::alpha_p() as f32;
        let (a, b) = Self::affine();
        let (a, b) = (a as f32, b as f32);
        for ((y, &x), &k) in output.iter_mut().zip(input.iter()).zip(kept.iter()) {
            let x = x * k + alpha_p * (1.0 - k);
            *y = a * x + b;
        }
    }

    #[cfg(feature = "std")]
    /// Drops values of `input` to SELU's saturation and rescales when `rng` is given
    /// (training), copies it otherwise.
    pub fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut AlphaDropoutBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = AlphaDropoutBuffers {
                kept: Batch::zeros(samples),
                slope: 1.0,
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
        match rng {
            Some(rng) if Self::RATE > 0.0 => {
                for k in buffers.kept.iter_mut() {
                    *k = if rng.random::<f32>() >= Self::RATE {
                        1.0
                    } else {
                        0.0
                    };
                }
                Self::apply(input, &buffers.kept, &mut buffers.output);
                buffers.slope = Self::affine().0 as f32;
            }
            _ => {
                buffers.kept.fill(1.0);
                buffers.slope = 1.0;
                buffers.output.copy_from(input);
            }
        }
    }

    #[cfg(feature = "std")]
    /// Writes `∂L/∂x = ∂L/∂y · a · k` into `input_gradient`.
    pub fn backward(
        &self,
        buffers: &AlphaDropoutBuffers<N>,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        if let Some(input_gradient) = input_gradient {
            // Keras's order: the gradient through `a·x'`, then through `x·k`.
            let slope = buffers.slope;
            for ((dx, &g), &k) in input_gradient
                .iter_mut()
                .zip(buffers.gradient.iter())
                .zip(buffers.kept.iter())
            {
                *dx = g * slope * k;
            }
        }
    }
}

impl<const N: usize, const RATE: u32> Forward<N, N> for AlphaDropout<N, RATE> {
    /// The identity: alpha dropout acts only while training.
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        *input
    }
}

#[cfg(feature = "std")]
impl<const N: usize, const RATE: u32> Layer<N, N> for AlphaDropout<N, RATE> {
    type Buffers = AlphaDropoutBuffers<N>;
    const KERAS_CLASS: &'static str = "AlphaDropout";

    fn initialize(&mut self, _: &mut Rng) {}

    #[inline]
    fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut AlphaDropoutBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        AlphaDropout::forward(self, input, buffers, rng);
    }

    #[inline]
    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut AlphaDropoutBuffers<N>,
        _: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        AlphaDropout::backward(self, buffers, input_gradient);
    }

    fn tensors(&self, _: &str, _: usize) -> Vec<TensorInfo> {
        Vec::new()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::layers::testing::{assert_gradient_matches_finite_differences, mean_and_deviation};
    use rand::SeedableRng;
    use rand_distr::{Distribution as _, StandardNormal};

    type Fifth = AlphaDropout<4, { 0.2_f32.to_bits() }>;

    #[test]
    fn keeps_the_mean_and_variance_of_standard_normal_inputs() {
        let mut rng = Rng::seed_from_u64(1);
        let input = Batch::<4>::from_fn(2500, |_, _| StandardNormal.sample(&mut rng));
        let mut buffers = AlphaDropoutBuffers::default();
        Fifth::default().forward(&input, &mut buffers, Some(&mut rng));
        // 10 000 draws. The dropped fraction's standard error is √(0.2·0.8/10 000) = 0.004; the
        // output's mean's 1/100 = 0.01; its deviation's about √((κ − 1)/4)/100 ≈ 0.01 for a
        // kurtosis κ near 3 (a normal, 80 %, mixed with a constant, 20 %). Each tolerance is
        // four standard errors.
        let dropped = buffers.kept.iter().filter(|&&k| k == 0.0).count() as f64 / 10_000.0;
        assert!((dropped - 0.2).abs() < 0.016, "dropped {dropped}");
        let (mean, deviation) = mean_and_deviation(buffers.output.iter());
        assert!(mean.abs() < 0.04, "mean {mean}");
        assert!((deviation - 1.0).abs() < 0.04, "stddev {deviation}");
        // Without the affine correction the same draws are far off: mean rate·α' ≈ −0.35.
        let (uncorrected, _) = mean_and_deviation(
            input
                .iter()
                .zip(buffers.kept.iter())
                .map(|(&x, &k)| x * k + Fifth::alpha_p() as f32 * (1.0 - k))
                .collect::<Vec<_>>()
                .iter(),
        );
        assert!(uncorrected < -0.3, "uncorrected mean {uncorrected}");
    }

    #[test]
    fn affine_constants_for_rate_0_2_are_the_closed_form() {
        let (a, b) = Fifth::affine();
        let alpha_p = Fifth::alpha_p();
        // a² · Var[x'] = 1 and a·E[x'] + b = 0 for x of mean 0 and variance 1.
        assert!((a * a * 0.8 * (1.0 + 0.2 * alpha_p * alpha_p) - 1.0).abs() < 1e-15);
        assert!((a * 0.2 * alpha_p + b).abs() < 1e-15);
        // Python, Keras's formula with rate = 0.2:
        //   alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
        //   a = ((1 - 0.2) * (1 + 0.2 * alpha_p**2)) ** -0.5;  b = -a * alpha_p * 0.2
        // prints alpha_p = -1.7580993408473766, a = 0.8789035834435328, b = 0.30903996214409446.
        assert_eq!(alpha_p, -1.758_099_340_847_376_6);
        assert_eq!(a, 0.878_903_583_443_532_8);
        assert_eq!(b, 0.309_039_962_144_094_46);
        // Rounded to f32, b is 0.3090399503707886; from the f32 nearest 0.2 instead of 0.2 it
        // would be 0.30903998017311096, an ulp away.
        assert_eq!(b as f32, 0.309_039_95);
    }

    #[test]
    fn apply_is_the_closed_form_given_the_mask() {
        let input = Batch::<4>::from_column_slice(&[1.0, -2.0, 0.5, 3.0]);
        let kept = Batch::<4>::from_column_slice(&[1.0, 0.0, 1.0, 0.0]);
        let mut output = Batch::<4>::zeros(1);
        Fifth::apply(&input, &kept, &mut output);
        // Keras's f32 constants for rate 0.2 (the doubles above, rounded).
        let (a, b, alpha_p) = (0.878_903_57_f32, 0.309_039_95_f32, -1.758_099_3_f32);
        let dropped = a * alpha_p + b;
        assert_eq!(output.as_slice(), [a + b, dropped, a * 0.5 + b, dropped]);
        approx::assert_relative_eq!(dropped, -1.236_16, max_relative = 1e-6);
    }

    #[test]
    fn inference_and_a_zero_rate_are_the_identity() {
        let input = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.0);
        let mut buffers = AlphaDropoutBuffers::default();
        Fifth::default().forward(&input, &mut buffers, None);
        assert_eq!(buffers.output, input);
        AlphaDropout::<4, 0>.forward(&input, &mut buffers, Some(&mut Rng::seed_from_u64(3)));
        assert_eq!(buffers.output, input);
        buffers.gradient.fill(0.5);
        let mut input_gradient = Batch::<4>::zeros(3);
        AlphaDropout::<4, 0>.backward(&buffers, Some(&mut input_gradient));
        assert_eq!(input_gradient, buffers.gradient);
        let column = input.column(2).into_owned();
        assert_eq!(Forward::forward_one(&Fifth::default(), &column), column);
    }

    #[test]
    fn gradient_matches_finite_differences_given_the_mask() {
        let mut rng = Rng::seed_from_u64(4);
        let x = Batch::<4>::from_fn(3, |_, _| rng.random_range(-2.0..2.0));
        let r = Batch::<4>::from_fn(3, |_, _| rng.random_range(-1.0..1.0));
        let mut buffers = AlphaDropoutBuffers::default();
        Fifth::default().forward(&x, &mut buffers, Some(&mut rng));
        assert!(buffers.kept.iter().any(|&k| k == 0.0) && buffers.kept.iter().any(|&k| k == 1.0));
        buffers.gradient.copy_from(&r);
        let mut input_gradient = Batch::<4>::from_element(3, f32::NAN);
        Fifth::default().backward(&buffers, Some(&mut input_gradient));
        assert_gradient_matches_finite_differences(
            |x| {
                let mut y = Batch::<4>::zeros(3);
                Fifth::apply(x, &buffers.kept, &mut y);
                y
            },
            &x,
            &r,
            &input_gradient,
        );
    }
}
