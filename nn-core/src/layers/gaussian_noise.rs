use nalgebra::SVector;
#[cfg(feature = "std")]
use rand_distr::{Distribution as _, StandardNormal};

use super::Forward;
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
use crate::Parameters;
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::{Batch, Rng};

/// Keras's `GaussianNoise(stddev)` on `N` values: zero-centred Gaussian noise added while
/// training, the identity otherwise.
///
/// ```text
/// training:   n_i = stddev · z_i,  z_i ~ N(0, 1),   y_i = x_i + n_i,   ∂L/∂x_i = ∂L/∂y_i
/// inference:  y = x
/// ```
///
/// The noise is drawn as TensorFlow draws it, a standard normal scaled by `stddev` in `f32`;
/// given the noise, [`apply`](Self::apply) is the arithmetic alone. The standard deviation is
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
/// assert_eq!(*buffers.output(), &input + &buffers.noise);
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GaussianNoise<const N: usize, const STDDEV: u32>;

// SAFETY: zero-sized; it holds no parameters.
unsafe impl<const N: usize, const STDDEV: u32> Parameters for GaussianNoise<N, STDDEV> {
    const COUNT: usize = 0;
}

#[cfg(feature = "std")]
/// What a [`GaussianNoise`] layer keeps of a batch between its forward and backward passes.
#[derive(Clone, Debug)]
pub struct GaussianNoiseBuffers<const N: usize> {
    /// The noise `n` added to each value, zeros at inference. Backward does not need it; it is
    /// kept so that a pass can be replayed through [`GaussianNoise::apply`].
    pub noise: Batch<N>,
    /// The layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for GaussianNoiseBuffers<N> {
    fn default() -> Self {
        GaussianNoiseBuffers {
            noise: Batch::zeros(0),
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for GaussianNoiseBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

impl<const N: usize, const STDDEV: u32> GaussianNoise<N, STDDEV> {
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

    #[cfg(feature = "std")]
    /// `y = x + n`, the layer's arithmetic given its noise.
    pub fn apply(input: &Batch<N>, noise: &Batch<N>, output: &mut Batch<N>) {
        output.copy_from(input);
        *output += noise;
    }

    #[cfg(feature = "std")]
    /// Adds noise to `input` when `rng` is given (training), copies it otherwise.
    pub fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut GaussianNoiseBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = GaussianNoiseBuffers {
                noise: Batch::zeros(samples),
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
        match rng {
            Some(rng) if Self::STDDEV > 0.0 => {
                for n in buffers.noise.iter_mut() {
                    let z: f32 = StandardNormal.sample(rng);
                    *n = z * Self::STDDEV;
                }
                Self::apply(input, &buffers.noise, &mut buffers.output);
            }
            // Copied rather than `x + 0`, which would turn −0 into +0.
            _ => {
                buffers.noise.fill(0.0);
                buffers.output.copy_from(input);
            }
        }
    }

    #[cfg(feature = "std")]
    /// Writes `∂L/∂x = ∂L/∂y` into `input_gradient`: the noise does not depend on `x`.
    pub fn backward(
        &self,
        buffers: &GaussianNoiseBuffers<N>,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        if let Some(input_gradient) = input_gradient {
            input_gradient.copy_from(&buffers.gradient);
        }
    }
}

impl<const N: usize, const STDDEV: u32> Forward<N, N> for GaussianNoise<N, STDDEV> {
    /// The identity: the noise is added only while training.
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        *input
    }
}

#[cfg(feature = "std")]
impl<const N: usize, const STDDEV: u32> Layer<N, N> for GaussianNoise<N, STDDEV> {
    type Buffers = GaussianNoiseBuffers<N>;
    const KERAS_CLASS: &'static str = "GaussianNoise";

    fn initialize(&mut self, _: &mut Rng) {}

    #[inline]
    fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut GaussianNoiseBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        GaussianNoise::forward(self, input, buffers, rng);
    }

    #[inline]
    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut GaussianNoiseBuffers<N>,
        _: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        GaussianNoise::backward(self, buffers, input_gradient);
    }

    fn tensors(&self, _: &str, _: usize) -> Vec<TensorInfo> {
        Vec::new()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::layers::testing::{assert_gradient_matches_finite_differences, mean_and_deviation};
    use rand::{RngExt, SeedableRng};

    type Noise = GaussianNoise<4, { 0.5_f32.to_bits() }>;

    #[test]
    fn training_noise_has_mean_0_and_the_standard_deviation() {
        let input = Batch::<4>::zeros(2500);
        let mut buffers = GaussianNoiseBuffers::default();
        Noise::default().forward(&input, &mut buffers, Some(&mut Rng::seed_from_u64(1)));
        assert_eq!(buffers.output, buffers.noise);
        // 10 000 draws of N(0, 0.5²): the sample mean's standard error is 0.5/100 = 0.005 and the
        // sample deviation's 0.5/√20 000 ≈ 0.0035; each tolerance is four of those.
        let (mean, deviation) = mean_and_deviation(buffers.noise.iter());
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((deviation - 0.5).abs() < 0.014, "stddev {deviation}");
    }

    #[test]
    fn inference_and_a_zero_stddev_are_the_identity() {
        let input = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.0);
        let mut buffers = GaussianNoiseBuffers::default();
        Noise::default().forward(&input, &mut buffers, None);
        assert_eq!(buffers.output, input);
        let silent = GaussianNoise::<4, 0>;
        silent.forward(&input, &mut buffers, Some(&mut Rng::seed_from_u64(3)));
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
        Noise::default().forward(&x, &mut buffers, Some(&mut rng));
        buffers.gradient.copy_from(&r);
        let mut input_gradient = Batch::<4>::from_element(3, f32::NAN);
        Noise::default().backward(&buffers, Some(&mut input_gradient));

        assert_gradient_matches_finite_differences(
            |x| {
                let mut y = Batch::<4>::zeros(3);
                Noise::apply(x, &buffers.noise, &mut y);
                y
            },
            &x,
            &r,
            &input_gradient,
        );
    }

    #[test]
    fn buffers_are_reused_while_the_batch_size_holds() {
        let input = Batch::<4>::zeros(5);
        let mut buffers = GaussianNoiseBuffers::default();
        let mut rng = Rng::seed_from_u64(5);
        Noise::default().forward(&input, &mut buffers, Some(&mut rng));
        let (noise, output) = (buffers.noise.as_ptr(), buffers.output.as_ptr());
        Noise::default().forward(&input, &mut buffers, Some(&mut rng));
        assert_eq!(
            (buffers.noise.as_ptr(), buffers.output.as_ptr()),
            (noise, output)
        );
    }
}
