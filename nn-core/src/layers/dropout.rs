#[cfg(feature = "std")]
use rand::RngExt;

use nalgebra::SVector;

use super::Forward;
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
use crate::Parameters;
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::{Batch, Rng};

/// Keras's `Dropout(rate)` on `N` values: inverted dropout while training, the identity
/// otherwise.
///
/// ```text
/// training:   m_i ~ Bernoulli(1 − rate),  a_i = x_i · m_i / (1 − rate),  ∂L/∂x_i = ∂L/∂a_i · m_i / (1 − rate)
/// inference:  a = x
/// ```
///
/// Scaling the kept values by `1 / (1 − rate)` while training keeps each value's expectation,
/// so nothing changes at inference. The rate is part of the type as its `f32` bit pattern, so
/// the layer holds no data:
///
/// ```
/// use nn::layers::Dropout;
/// type HalfDropout = Dropout<128, { 0.5_f32.to_bits() }>;
/// assert_eq!(HalfDropout::RATE, 0.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dropout<const N: usize, const RATE: u32>;

// SAFETY: zero-sized; it holds no parameters.
unsafe impl<const N: usize, const RATE: u32> Parameters for Dropout<N, RATE> {
    const COUNT: usize = 0;
}

#[cfg(feature = "std")]
/// What a [`Dropout`] layer keeps of a batch between its forward and backward passes.
#[derive(Clone, Debug)]
pub struct DropoutBuffers<const N: usize> {
    /// `m / (1 − rate)` for each value: 0 where dropped.
    pub mask: Batch<N>,
    /// The layer's output.
    pub output: Batch<N>,
    /// `∂L/∂a`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for DropoutBuffers<N> {
    fn default() -> Self {
        DropoutBuffers {
            mask: Batch::zeros(0),
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

impl<const N: usize, const RATE: u32> Dropout<N, RATE> {
    /// The fraction of values dropped while training.
    pub const RATE: f32 = f32::from_bits(RATE);

    #[cfg(feature = "std")]
    /// Drops values of `input` at random when `rng` is given (training), copies it otherwise.
    pub fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut DropoutBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = DropoutBuffers {
                mask: Batch::zeros(samples),
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
        match rng {
            Some(rng) if Self::RATE > 0.0 => {
                let kept = 1.0 / (1.0 - Self::RATE);
                for m in buffers.mask.iter_mut() {
                    *m = if rng.random::<f32>() < Self::RATE {
                        0.0
                    } else {
                        kept
                    };
                }
            }
            _ => buffers.mask.fill(1.0),
        }
        buffers.output.copy_from(input);
        buffers.output.component_mul_assign(&buffers.mask);
    }

    #[cfg(feature = "std")]
    /// Writes `∂L/∂x = ∂L/∂a · m / (1 − rate)` into `input_gradient`.
    pub fn backward(&self, buffers: &DropoutBuffers<N>, input_gradient: Option<&mut Batch<N>>) {
        if let Some(input_gradient) = input_gradient {
            input_gradient.copy_from(&buffers.gradient);
            input_gradient.component_mul_assign(&buffers.mask);
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for DropoutBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

impl<const N: usize, const RATE: u32> Forward<N, N> for Dropout<N, RATE> {
    /// The identity: dropout acts only while training.
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        *input
    }
}

#[cfg(feature = "std")]
impl<const N: usize, const RATE: u32> Layer<N, N> for Dropout<N, RATE> {
    type Buffers = DropoutBuffers<N>;
    const KERAS_CLASS: &'static str = "Dropout";

    fn initialize(&mut self, _: &mut Rng) {}

    #[inline]
    fn forward(&self, input: &Batch<N>, buffers: &mut DropoutBuffers<N>, rng: Option<&mut Rng>) {
        Dropout::forward(self, input, buffers, rng);
    }

    #[inline]
    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut DropoutBuffers<N>,
        _: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        Dropout::backward(self, buffers, input_gradient);
    }

    fn tensors(&self, _: &str, _: usize) -> Vec<TensorInfo> {
        Vec::new()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use rand::SeedableRng;

    type Half = Dropout<4, { 0.5_f32.to_bits() }>;

    #[test]
    fn training_drops_about_rate_and_keeps_the_expectation() {
        let input = Batch::<4>::from_element(2500, 1.0);
        let mut buffers = DropoutBuffers::default();
        Half::default().forward(&input, &mut buffers, Some(&mut Rng::seed_from_u64(1)));
        let dropped = buffers.output.iter().filter(|&&v| v == 0.0).count() as f32 / 10_000.0;
        assert!((dropped - 0.5).abs() < 0.02, "dropped {dropped}");
        assert!(buffers.output.iter().all(|&v| v == 0.0 || v == 2.0));
        let mean = buffers.output.mean();
        assert!((mean - 1.0).abs() < 0.04, "mean {mean}");
    }

    #[test]
    fn gradient_flows_only_through_kept_values() {
        let input = Batch::<4>::from_fn(3, |i, j| (i + 4 * j) as f32);
        let mut buffers = DropoutBuffers::default();
        Half::default().forward(&input, &mut buffers, Some(&mut Rng::seed_from_u64(2)));
        buffers.gradient.fill(1.0);
        let mut input_gradient = Batch::<4>::zeros(3);
        Half::default().backward(&buffers, Some(&mut input_gradient));
        // ∂a/∂x is the mask itself: a = x·m.
        assert_eq!(input_gradient, buffers.mask);
        assert!(buffers.mask.iter().any(|&m| m == 0.0) && buffers.mask.iter().any(|&m| m == 2.0));
    }

    #[test]
    fn inference_is_the_identity() {
        let input = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.0);
        let mut buffers = DropoutBuffers::default();
        Half::default().forward(&input, &mut buffers, None);
        assert_eq!(buffers.output, input);
    }
}
