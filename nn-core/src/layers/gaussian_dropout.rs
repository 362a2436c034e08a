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
use crate::python_float::python_double;
#[cfg(feature = "std")]
use crate::{Batch, Rng};

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
/// [`apply`](Self::apply) is the arithmetic alone. The rate is part of the type as its `f32` bit
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
/// assert_eq!(*buffers.output(), buffers.multipliers.map(|m| 4.0 * m));
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GaussianDropout<const N: usize, const RATE: u32>;

// SAFETY: zero-sized; it holds no parameters.
unsafe impl<const N: usize, const RATE: u32> Parameters for GaussianDropout<N, RATE> {
    const COUNT: usize = 0;
}

#[cfg(feature = "std")]
/// What a [`GaussianDropout`] layer keeps of a batch between its forward and backward passes.
#[derive(Clone, Debug)]
pub struct GaussianDropoutBuffers<const N: usize> {
    /// The multiplier `m` of each value, ones at inference.
    pub multipliers: Batch<N>,
    /// The layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for GaussianDropoutBuffers<N> {
    fn default() -> Self {
        GaussianDropoutBuffers {
            multipliers: Batch::zeros(0),
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for GaussianDropoutBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

impl<const N: usize, const RATE: u32> GaussianDropout<N, RATE> {
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

    #[cfg(feature = "std")]
    /// `y = x · m`, the layer's arithmetic given its multipliers.
    pub fn apply(input: &Batch<N>, multipliers: &Batch<N>, output: &mut Batch<N>) {
        output.copy_from(input);
        output.component_mul_assign(multipliers);
    }

    #[cfg(feature = "std")]
    /// Multiplies `input` by Gaussian noise when `rng` is given (training), copies it
    /// otherwise.
    pub fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut GaussianDropoutBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = GaussianDropoutBuffers {
                multipliers: Batch::zeros(samples),
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
        match rng {
            Some(rng) if Self::RATE > 0.0 => {
                let stddev = Self::stddev();
                for m in buffers.multipliers.iter_mut() {
                    let z: f32 = StandardNormal.sample(rng);
                    *m = z * stddev + 1.0;
                }
                Self::apply(input, &buffers.multipliers, &mut buffers.output);
            }
            _ => {
                buffers.multipliers.fill(1.0);
                buffers.output.copy_from(input);
            }
        }
    }

    #[cfg(feature = "std")]
    /// Writes `∂L/∂x = ∂L/∂y · m` into `input_gradient`.
    pub fn backward(
        &self,
        buffers: &GaussianDropoutBuffers<N>,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        if let Some(input_gradient) = input_gradient {
            input_gradient.copy_from(&buffers.gradient);
            input_gradient.component_mul_assign(&buffers.multipliers);
        }
    }
}

impl<const N: usize, const RATE: u32> Forward<N, N> for GaussianDropout<N, RATE> {
    /// The identity: the noise acts only while training.
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        *input
    }
}

#[cfg(feature = "std")]
impl<const N: usize, const RATE: u32> Layer<N, N> for GaussianDropout<N, RATE> {
    type Buffers = GaussianDropoutBuffers<N>;
    const KERAS_CLASS: &'static str = "GaussianDropout";

    fn initialize(&mut self, _: &mut Rng) {}

    #[inline]
    fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut GaussianDropoutBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        GaussianDropout::forward(self, input, buffers, rng);
    }

    #[inline]
    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut GaussianDropoutBuffers<N>,
        _: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        GaussianDropout::backward(self, buffers, input_gradient);
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

    /// Rate 0.2: `s = √(0.2 / 0.8) = 0.5` exactly.
    type Fifth = GaussianDropout<4, { 0.2_f32.to_bits() }>;

    #[test]
    fn training_multipliers_have_mean_1_and_the_standard_deviation() {
        let input = Batch::<4>::from_element(2500, 1.0);
        let mut buffers = GaussianDropoutBuffers::default();
        Fifth::default().forward(&input, &mut buffers, Some(&mut Rng::seed_from_u64(1)));
        assert_eq!(buffers.output, buffers.multipliers);
        // 10 000 draws of N(1, 0.5²): standard errors 0.005 (mean) and 0.0035 (deviation);
        // each tolerance is four of them.
        let (mean, deviation) = mean_and_deviation(buffers.multipliers.iter());
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
        Fifth::default().forward(&input, &mut buffers, None);
        assert_eq!(buffers.output, input);
        GaussianDropout::<4, 0>.forward(&input, &mut buffers, Some(&mut Rng::seed_from_u64(3)));
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
        Fifth::default().forward(&x, &mut buffers, Some(&mut rng));
        buffers.gradient.copy_from(&r);
        let mut input_gradient = Batch::<4>::from_element(3, f32::NAN);
        Fifth::default().backward(&buffers, Some(&mut input_gradient));
        assert_gradient_matches_finite_differences(
            |x| {
                let mut y = Batch::<4>::zeros(3);
                Fifth::apply(x, &buffers.multipliers, &mut y);
                y
            },
            &x,
            &r,
            &input_gradient,
        );
    }
}
