#[cfg(feature = "std")]
use rand_distr::{Distribution as _, StandardNormal};

use super::TrainingNoise;
#[cfg(feature = "std")]
use super::{NoiseKind, TrainingNoiseBuffers};
#[cfg(feature = "std")]
use crate::Rng;
#[cfg(feature = "std")]
use crate::python_float::python_double;

/// Keras's `GaussianDropout(rate)` on `N` values: each value multiplied by 1-centred Gaussian
/// noise while training, the identity otherwise.
///
/// ```text
/// training:   s = √(rate / (1 − rate)),   m_i = s · z_i + 1,  z_i ~ N(0, 1)
///             y_i = x_i · m_i,   ∂L/∂x_i = ∂L/∂y_i · m_i
/// inference:  y = x
/// ```
///
/// The multipliers have mean 1 and the variance of [`Dropout`](super::Dropout)'s `m / (1 − rate)`,
/// `rate / (1 − rate)`, so nothing changes at inference. As Keras does, `s` is computed in double
/// precision from the rate as written (see `python_double`) and rounded to `f32` once; the
/// multipliers are then drawn as TensorFlow draws them, `z·s + 1` in `f32`. Given them,
/// [`apply`](TrainingNoise::apply) is the arithmetic alone. The rate is part of the type as its `f32` bit
/// pattern, so the layer holds no data; it must lie in `[0, 1)` (Keras fails on 1, dividing by
/// zero), which is checked when the layer is compiled. A rate of 0 is the identity, as in Keras.
///
/// ```
/// use nn::layers::{GaussianDropout, GaussianDropoutBuffers, Layer, LayerOutput};
/// use nn::{Batch, Rng};
/// use rand::SeedableRng;
///
/// type Fifth = GaussianDropout<2, { 0.2_f32.to_bits() }>;
/// assert_eq!(Fifth::stddev(), 0.5); // √(0.2 / 0.8)
/// let input = Batch::<2>::from_element(3, 4.0);
/// let mut buffers = GaussianDropoutBuffers::default();
/// Layer::forward(&Fifth::default(), &input, &mut buffers, Some(&mut Rng::seed_from_u64(0)));
/// assert_eq!(*buffers.output(), buffers.draws.map(|m| 4.0 * m));
/// // At inference, the identity.
/// Layer::forward(&Fifth::default(), &input, &mut buffers, None);
/// assert_eq!(*buffers.output(), input);
/// ```
///
/// A rate of 1 does not compile:
///
/// ```compile_fail
/// use nn::layers::GaussianDropout;
/// let rate = GaussianDropout::<2, { 1.0_f32.to_bits() }>::RATE;
/// ```
pub type GaussianDropout<const N: usize, const RATE: u32> =
    TrainingNoise<N, GaussianDropoutKind<RATE>>;

#[cfg(feature = "std")]
/// What a [`GaussianDropout`] layer keeps of a batch between its forward and backward passes:
/// its draws are the multipliers `m`.
pub type GaussianDropoutBuffers<const N: usize> = TrainingNoiseBuffers<N>;

/// What [`GaussianDropout`] draws and does with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GaussianDropoutKind<const RATE: u32>;

impl<const RATE: u32> GaussianDropoutKind<RATE> {
    /// The rate, in `[0, 1)`: the multipliers' variance is `rate / (1 − rate)`.
    pub const RATE: f32 = {
        let rate = f32::from_bits(RATE);
        assert!(
            0.0 <= rate && rate < 1.0,
            "GaussianDropout's rate must be at least 0 and below 1"
        );
        rate
    };

    #[cfg(feature = "std")]
    /// `s = √(rate / (1 − rate))`, in double precision from the rate as written, rounded to
    /// `f32` once: Keras's `math.sqrt(rate / (1.0 - rate))`, which TensorFlow casts to `f32`.
    pub fn stddev() -> f32 {
        let rate = python_double(Self::RATE);
        (rate / (1.0 - rate)).sqrt() as f32
    }
}

impl<const N: usize, const RATE: u32> GaussianDropout<N, RATE> {
    /// The rate, in `[0, 1)`: the multipliers' variance is `rate / (1 − rate)`.
    pub const RATE: f32 = GaussianDropoutKind::<RATE>::RATE;

    #[cfg(feature = "std")]
    /// `s = √(rate / (1 − rate))`, as Keras rounds it: [`GaussianDropoutKind::stddev`].
    pub fn stddev() -> f32 {
        GaussianDropoutKind::<RATE>::stddev()
    }
}

#[cfg(feature = "std")]
impl<const RATE: u32> NoiseKind for GaussianDropoutKind<RATE> {
    const KERAS_CLASS: &'static str = "GaussianDropout";
    const ACTS: bool = Self::RATE > 0.0;

    /// `s`.
    type Constants = f32;

    fn constants() -> f32 {
        Self::stddev()
    }

    /// The multiplier `m = z·s + 1`, in `f32` as TensorFlow computes it.
    fn draw(stddev: f32, rng: &mut Rng) -> f32 {
        let z: f32 = StandardNormal.sample(rng);
        z * stddev + 1.0
    }

    fn apply(_: f32, x: f32, multiplier: f32) -> f32 {
        x * multiplier
    }

    fn input_gradient(_: f32, gradient: f32, multiplier: f32) -> f32 {
        gradient * multiplier
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
    use rand::{RngExt, SeedableRng};

    /// Rate 0.2: `s = √(0.2 / 0.8) = 0.5` exactly.
    type Fifth = GaussianDropout<4, { 0.2_f32.to_bits() }>;

    #[test]
    fn training_multipliers_have_mean_1_and_the_standard_deviation() {
        let input = Batch::<4>::from_element(2500, 1.0);
        let mut buffers = GaussianDropoutBuffers::default();
        Layer::forward(
            &Fifth::default(),
            &input,
            &mut buffers,
            Some(&mut Rng::seed_from_u64(1)),
        );
        assert_eq!(buffers.output, buffers.draws);
        // 10 000 draws of N(1, 0.5²): standard errors 0.005 (mean) and 0.0035 (deviation);
        // each tolerance is four of them.
        let (mean, deviation) = mean_and_deviation(buffers.draws.iter());
        assert!((mean - 1.0).abs() < 0.02, "mean {mean}");
        assert!((deviation - 0.5).abs() < 0.014, "stddev {deviation}");
    }

    #[test]
    fn stddev_is_keras_double_rounded_once() {
        // Python: struct.unpack('f', struct.pack('f', math.sqrt(0.26 / (1 - 0.26))))[0]
        // is 0.5927489995956421; from the f32 nearest 0.26 instead of 0.26 the same formula
        // gives 0.5927489399909973, an ulp away.
        assert_eq!(
            GaussianDropout::<4, { 0.26_f32.to_bits() }>::stddev(),
            0.592_749
        );
        assert_eq!(Fifth::stddev(), 0.5);
        assert_eq!(GaussianDropout::<4, 0>::stddev(), 0.0);
    }

    #[test]
    fn inference_and_a_zero_rate_are_the_identity() {
        let input = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.0);
        let mut buffers = GaussianDropoutBuffers::default();
        Layer::forward(&Fifth::default(), &input, &mut buffers, None);
        assert_eq!(buffers.output, input);
        Layer::forward(
            &GaussianDropout::<4, 0>::default(),
            &input,
            &mut buffers,
            Some(&mut Rng::seed_from_u64(3)),
        );
        assert_eq!(buffers.output, input);
        let column = input.column(2).into_owned();
        assert_eq!(Forward::forward_one(&Fifth::default(), &column), column);
    }

    #[test]
    fn apply_multiplies_by_the_given_multipliers() {
        let input = Batch::<4>::from_column_slice(&[1.0, -2.0, 0.5, 3.0]);
        let multipliers = Batch::<4>::from_column_slice(&[1.5, 0.25, -1.0, 0.0]);
        let mut output = Batch::<4>::zeros(1);
        Fifth::apply(&input, &multipliers, &mut output);
        assert_eq!(output.as_slice(), [1.5, -0.5, -0.5, 0.0]);
    }

    #[test]
    fn gradient_matches_finite_differences_given_the_multipliers() {
        let mut rng = Rng::seed_from_u64(4);
        let x = Batch::<4>::from_fn(3, |_, _| rng.random_range(-2.0..2.0));
        let r = Batch::<4>::from_fn(3, |_, _| rng.random_range(-1.0..1.0));
        let mut buffers = GaussianDropoutBuffers::default();
        Layer::forward(&Fifth::default(), &x, &mut buffers, Some(&mut rng));
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
