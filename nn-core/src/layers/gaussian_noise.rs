#[cfg(feature = "std")]
use rand_distr::{Distribution as _, StandardNormal};

use super::TrainingNoise;
#[cfg(feature = "std")]
use super::{NoiseKind, TrainingNoiseBuffers};
#[cfg(feature = "std")]
use crate::Rng;

/// Keras's `GaussianNoise(stddev)` on `N` values: zero-centred Gaussian noise added while
/// training, the identity otherwise.
///
/// ```text
/// training:   n_i = stddev · z_i,  z_i ~ N(0, 1),   y_i = x_i + n_i,   ∂L/∂x_i = ∂L/∂y_i
/// inference:  y = x
/// ```
///
/// The noise is drawn as TensorFlow draws it, a standard normal scaled by `stddev` in `f32`;
/// given the noise, [`apply`](TrainingNoise::apply) is the arithmetic alone. The standard deviation is
/// part of the type as its `f32` bit pattern, so the layer holds no data. Keras 3 refuses a
/// `stddev` outside `[0, 1]`, and so does this layer, when it is compiled; a `stddev` of 0 adds
/// nothing, as in Keras.
///
/// ```
/// use nn::layers::{GaussianNoise, GaussianNoiseBuffers, Layer, LayerOutput};
/// use nn::{Batch, Rng};
/// use rand::SeedableRng;
///
/// type Noise = GaussianNoise<2, { 0.1_f32.to_bits() }>;
/// assert_eq!(Noise::STDDEV, 0.1);
/// let input = Batch::<2>::from_element(3, 1.0);
/// let mut buffers = GaussianNoiseBuffers::default();
/// Layer::forward(&Noise::default(), &input, &mut buffers, Some(&mut Rng::seed_from_u64(0)));
/// assert_eq!(*buffers.output(), &input + &buffers.draws);
/// // At inference, the identity.
/// Layer::forward(&Noise::default(), &input, &mut buffers, None);
/// assert_eq!(*buffers.output(), input);
/// ```
///
/// A standard deviation Keras refuses does not compile:
///
/// ```compile_fail
/// use nn::layers::GaussianNoise;
/// let stddev = GaussianNoise::<2, { 1.5_f32.to_bits() }>::STDDEV;
/// ```
pub type GaussianNoise<const N: usize, const STDDEV: u32> =
    TrainingNoise<N, GaussianNoiseKind<STDDEV>>;

#[cfg(feature = "std")]
/// What a [`GaussianNoise`] layer keeps of a batch between its forward and backward passes: its
/// draws are the noise `n`, which backward does not need but which lets a pass be replayed
/// through [`apply`](TrainingNoise::apply).
pub type GaussianNoiseBuffers<const N: usize> = TrainingNoiseBuffers<N>;

/// What [`GaussianNoise`] draws and does with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GaussianNoiseKind<const STDDEV: u32>;

impl<const STDDEV: u32> GaussianNoiseKind<STDDEV> {
    /// The standard deviation of the noise added while training, in `[0, 1]` as Keras 3
    /// requires.
    pub const STDDEV: f32 = {
        let stddev = f32::from_bits(STDDEV);
        assert!(
            0.0 <= stddev && stddev <= 1.0,
            "GaussianNoise's stddev must be between 0 and 1, as Keras requires"
        );
        stddev
    };
}

impl<const N: usize, const STDDEV: u32> GaussianNoise<N, STDDEV> {
    /// The standard deviation of the noise added while training, in `[0, 1]` as Keras 3
    /// requires.
    pub const STDDEV: f32 = GaussianNoiseKind::<STDDEV>::STDDEV;
}

#[cfg(feature = "std")]
impl<const STDDEV: u32> NoiseKind for GaussianNoiseKind<STDDEV> {
    const KERAS_CLASS: &'static str = "GaussianNoise";
    const ACTS: bool = Self::STDDEV > 0.0;

    /// Nothing: the standard deviation is a constant already.
    type Constants = ();

    fn constants() {}

    /// The noise `n = stddev·z`, in `f32` as TensorFlow computes it.
    fn draw(_: (), rng: &mut Rng) -> f32 {
        let z: f32 = StandardNormal.sample(rng);
        z * Self::STDDEV
    }

    fn apply(_: (), x: f32, noise: f32) -> f32 {
        x + noise
    }

    /// `∂L/∂x = ∂L/∂y`: the noise does not depend on `x`.
    fn input_gradient(_: (), gradient: f32, _: f32) -> f32 {
        gradient
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

    type Noise = GaussianNoise<4, { 0.5_f32.to_bits() }>;

    #[test]
    fn training_noise_has_mean_0_and_the_standard_deviation() {
        let input = Batch::<4>::zeros(2500);
        let mut buffers = GaussianNoiseBuffers::default();
        Layer::forward(
            &Noise::default(),
            &input,
            &mut buffers,
            Some(&mut Rng::seed_from_u64(1)),
        );
        assert_eq!(buffers.output, buffers.draws);
        // 10 000 draws of N(0, 0.5²): the sample mean's standard error is 0.5/100 = 0.005 and the
        // sample deviation's 0.5/√20 000 ≈ 0.0035; each tolerance is four of those.
        let (mean, deviation) = mean_and_deviation(buffers.draws.iter());
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((deviation - 0.5).abs() < 0.014, "stddev {deviation}");
    }

    #[test]
    fn inference_and_a_zero_stddev_are_the_identity() {
        let input = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.0);
        let mut buffers = GaussianNoiseBuffers::default();
        Layer::forward(&Noise::default(), &input, &mut buffers, None);
        assert_eq!(buffers.output, input);
        let silent = GaussianNoise::<4, 0>::default();
        Layer::forward(
            &silent,
            &input,
            &mut buffers,
            Some(&mut Rng::seed_from_u64(3)),
        );
        assert_eq!(buffers.output, input);
        let column = input.column(2).into_owned();
        assert_eq!(Forward::forward_one(&Noise::default(), &column), column);
    }

    #[test]
    fn apply_adds_the_given_noise() {
        let input = Batch::<4>::from_column_slice(&[1.0, -2.0, 0.5, 3.0]);
        let noise = Batch::<4>::from_column_slice(&[0.25, 0.5, -1.0, 0.0]);
        let mut output = Batch::<4>::zeros(1);
        Noise::apply(&input, &noise, &mut output);
        assert_eq!(output.as_slice(), [1.25, -1.5, -0.5, 3.0]);
    }

    #[test]
    fn gradient_matches_finite_differences_given_the_noise() {
        let mut rng = Rng::seed_from_u64(4);
        let x = Batch::<4>::from_fn(3, |_, _| rng.random_range(-2.0..2.0));
        let r = Batch::<4>::from_fn(3, |_, _| rng.random_range(-1.0..1.0));
        let mut buffers = GaussianNoiseBuffers::default();
        Layer::forward(&Noise::default(), &x, &mut buffers, Some(&mut rng));
        buffers.gradient.copy_from(&r);
        let input_gradient = input_gradient::<4, Noise>(&mut buffers);

        assert_gradient_matches_finite_differences(
            |x| {
                let mut y = Batch::<4>::zeros(3);
                Noise::apply(x, &buffers.draws, &mut y);
                y
            },
            &x,
            &r,
            &input_gradient,
        );
    }
}
