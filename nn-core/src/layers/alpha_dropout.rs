#[cfg(feature = "std")]
use rand::RngExt;

use super::TrainingNoise;
#[cfg(feature = "std")]
use super::{NoiseKind, TrainingNoiseBuffers};
#[cfg(feature = "std")]
use crate::Rng;
#[cfg(feature = "std")]
use crate::python_float::python_double;

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
/// the mask `k`, [`apply`](TrainingNoise::apply) is that arithmetic alone. A dropped value is `a·α' + b`
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
pub type AlphaDropout<const N: usize, const RATE: u32> = TrainingNoise<N, AlphaDropoutKind<RATE>>;

#[cfg(feature = "std")]
/// What an [`AlphaDropout`] layer keeps of a batch between its forward and backward passes: its
/// draws are the mask `k`.
pub type AlphaDropoutBuffers<const N: usize> = TrainingNoiseBuffers<N>;

/// What [`AlphaDropout`] draws and does with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlphaDropoutKind<const RATE: u32>;

impl<const RATE: u32> AlphaDropoutKind<RATE> {
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
}

impl<const N: usize, const RATE: u32> AlphaDropout<N, RATE> {
    /// The fraction of values dropped while training, in `[0, 1)`.
    pub const RATE: f32 = AlphaDropoutKind::<RATE>::RATE;

    /// `α' = −λ·α`, in double precision: [`AlphaDropoutKind::alpha_p`].
    pub const fn alpha_p() -> f64 {
        AlphaDropoutKind::<RATE>::alpha_p()
    }

    #[cfg(feature = "std")]
    /// `(a, b)` in double precision: [`AlphaDropoutKind::affine`].
    pub fn affine() -> (f64, f64) {
        AlphaDropoutKind::<RATE>::affine()
    }
}

#[cfg(feature = "std")]
/// `α'`, `a` and `b` rounded to `f32`, as TensorFlow casts Keras's Python floats.
#[derive(Clone, Copy, Debug)]
pub struct AlphaDropoutConstants {
    alpha_p: f32,
    a: f32,
    b: f32,
}

#[cfg(feature = "std")]
impl<const RATE: u32> NoiseKind for AlphaDropoutKind<RATE> {
    const KERAS_CLASS: &'static str = "AlphaDropout";
    const ACTS: bool = Self::RATE > 0.0;

    type Constants = AlphaDropoutConstants;

    fn constants() -> AlphaDropoutConstants {
        let (a, b) = Self::affine();
        AlphaDropoutConstants {
            alpha_p: Self::alpha_p() as f32,
            a: a as f32,
            b: b as f32,
        }
    }

    /// `k = [u ≥ rate]`: 1 kept, 0 dropped.
    fn draw(_: AlphaDropoutConstants, rng: &mut Rng) -> f32 {
        if rng.random::<f32>() >= Self::RATE {
            1.0
        } else {
            0.0
        }
    }

    /// `y = a·(x·k + α'·(1 − k)) + b`, in Keras's order.
    fn apply(constants: AlphaDropoutConstants, x: f32, kept: f32) -> f32 {
        let AlphaDropoutConstants { alpha_p, a, b } = constants;
        let x = x * kept + alpha_p * (1.0 - kept);
        a * x + b
    }

    /// `∂L/∂x = ∂L/∂y · a · k`, in Keras's order: through `a·x'`, then through `x·k`.
    fn input_gradient(constants: AlphaDropoutConstants, gradient: f32, kept: f32) -> f32 {
        gradient * constants.a * kept
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::Batch;
    use crate::layers::testing::{
        assert_gradient_matches_finite_differences, input_gradient, mean_and_deviation,
    };
    use crate::layers::{Forward, Layer};
    use rand::SeedableRng;
    use rand_distr::{Distribution as _, StandardNormal};

    type Fifth = AlphaDropout<4, { 0.2_f32.to_bits() }>;

    #[test]
    fn keeps_the_mean_and_variance_of_standard_normal_inputs() {
        let mut rng = Rng::seed_from_u64(1);
        let input = Batch::<4>::from_fn(2500, |_, _| StandardNormal.sample(&mut rng));
        let mut buffers = AlphaDropoutBuffers::default();
        Layer::forward(&Fifth::default(), &input, &mut buffers, Some(&mut rng));
        // 10 000 draws. The dropped fraction's standard error is √(0.2·0.8/10 000) = 0.004; the
        // output's mean's 1/100 = 0.01; its deviation's about √((κ − 1)/4)/100 ≈ 0.01 for a
        // kurtosis κ near 3 (a normal, 80 %, mixed with a constant, 20 %). Each tolerance is
        // four standard errors.
        let dropped = buffers.draws.iter().filter(|&&k| k == 0.0).count() as f64 / 10_000.0;
        assert!((dropped - 0.2).abs() < 0.016, "dropped {dropped}");
        let (mean, deviation) = mean_and_deviation(buffers.output.iter());
        assert!(mean.abs() < 0.04, "mean {mean}");
        assert!((deviation - 1.0).abs() < 0.04, "stddev {deviation}");
        // Without the affine correction the same draws are far off: mean rate·α' ≈ −0.35.
        let (uncorrected, _) = mean_and_deviation(
            input
                .iter()
                .zip(buffers.draws.iter())
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
        Layer::forward(&Fifth::default(), &input, &mut buffers, None);
        assert_eq!(buffers.output, input);
        Layer::forward(
            &AlphaDropout::<4, 0>::default(),
            &input,
            &mut buffers,
            Some(&mut Rng::seed_from_u64(3)),
        );
        assert_eq!(buffers.output, input);
        buffers.gradient.fill(0.5);
        let input_gradient = input_gradient::<4, AlphaDropout<4, 0>>(&mut buffers);
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
        Layer::forward(&Fifth::default(), &x, &mut buffers, Some(&mut rng));
        assert!(buffers.draws.iter().any(|&k| k == 0.0) && buffers.draws.iter().any(|&k| k == 1.0));
        buffers.gradient.copy_from(&r);
        let input_gradient = input_gradient::<4, Fifth>(&mut buffers);
        assert_gradient_matches_finite_differences(
            |x| {
                let mut y = Batch::<4>::zeros(3);
                Fifth::apply(x, &buffers.draws, &mut y);
                y
            },
            &x,
            &r,
            &input_gradient,
        );
    }
}
