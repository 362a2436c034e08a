use core::marker::PhantomData;

use nalgebra::SVector;

use super::Forward;
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
use crate::Parameters;
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::{Batch, Rng};

/// A layer on `N` values that acts only while training, drawing one random value per input
/// value: Keras's [`Dropout`](super::Dropout), [`GaussianDropout`](super::GaussianDropout),
/// [`AlphaDropout`](super::AlphaDropout) and [`GaussianNoise`](super::GaussianNoise), each this
/// layer of its [`NoiseKind`] `K`.
///
/// ```text
/// training, K acting:   d_i = K::draw(rng),   y_i = K::apply(x_i, d_i),   ∂L/∂x_i = K::input_gradient(∂L/∂y_i, d_i)
/// otherwise:            y = x,                ∂L/∂x = ∂L/∂y
/// ```
///
/// "Otherwise" is inference, and training with a rate or standard deviation of 0, where Keras's
/// layers are the identity too. Every value is drawn, in the batch's order (sample by sample),
/// before any is applied. The kind, and its hyperparameter as an `f32` bit pattern, are part of
/// the type, so the layer holds no data:
///
/// ```
/// use nn::layers::{GaussianNoise, Layer, LayerOutput, TrainingNoiseBuffers};
/// use nn::{Batch, Rng};
/// use rand::SeedableRng;
///
/// type Noise = GaussianNoise<2, { 0.1_f32.to_bits() }>;
/// let input = Batch::<2>::from_element(3, 1.0);
/// let mut buffers = TrainingNoiseBuffers::default();
/// Layer::forward(&Noise::default(), &input, &mut buffers, Some(&mut Rng::seed_from_u64(0)));
/// let mut replayed = Batch::<2>::zeros(3);
/// Noise::apply(&input, &buffers.draws, &mut replayed);
/// assert_eq!(*buffers.output(), replayed);
/// // At inference, the identity.
/// Layer::forward(&Noise::default(), &input, &mut buffers, None);
/// assert_eq!(*buffers.output(), input);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrainingNoise<const N: usize, K>(PhantomData<K>);

/// What one of the layers that act only while training draws and does with it: the part of a
/// [`TrainingNoise`] layer that is its own.
#[cfg(feature = "std")]
pub trait NoiseKind {
    /// Keras's class name, shown in the summary (`Dropout`).
    const KERAS_CLASS: &'static str;

    /// Whether training draws at all: false for a rate or standard deviation of 0.
    const ACTS: bool;

    /// The `f32` numbers a pass needs, from the hyperparameter. Computed once a pass rather than
    /// as constants: some are Keras's double-precision formulas of the rate as written (see
    /// `python_double`), which cannot be evaluated at compile time.
    type Constants: Copy;

    /// This kind's [`Constants`](Self::Constants).
    fn constants() -> Self::Constants;

    /// The random value kept for one input value: a mask, a multiplier, a noise.
    fn draw(constants: Self::Constants, rng: &mut Rng) -> f32;

    /// `y` for the input value `x` given its draw.
    fn apply(constants: Self::Constants, x: f32, draw: f32) -> f32;

    /// `∂L/∂x` given `∂L/∂y` (`gradient`) and the draw.
    fn input_gradient(constants: Self::Constants, gradient: f32, draw: f32) -> f32;
}

// SAFETY: zero-sized; it holds no parameters.
unsafe impl<const N: usize, K> Parameters for TrainingNoise<N, K> {
    const COUNT: usize = 0;
}

#[cfg(feature = "std")]
/// What a [`TrainingNoise`] layer keeps of a batch between its forward and backward passes.
#[derive(Clone, Debug)]
pub struct TrainingNoiseBuffers<const N: usize> {
    /// The value drawn for each input value by the last pass that drew (see `drawn`).
    pub draws: Batch<N>,
    /// Whether the last forward pass drew and applied `draws`; if not, it copied its input and
    /// backward copies the gradient.
    pub drawn: bool,
    /// The layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> TrainingNoiseBuffers<N> {
    fn with_samples(samples: usize) -> Self {
        TrainingNoiseBuffers {
            draws: Batch::zeros(samples),
            drawn: false,
            output: Batch::zeros(samples),
            gradient: Batch::zeros(samples),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> Default for TrainingNoiseBuffers<N> {
    fn default() -> Self {
        Self::with_samples(0)
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for TrainingNoiseBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

#[cfg(feature = "std")]
impl<const N: usize, K: NoiseKind> TrainingNoise<N, K> {
    /// `y_i = K::apply(x_i, d_i)`: the layer's training arithmetic given its draws, so that a
    /// pass can be replayed with draws from elsewhere (Keras's, in `tests/keras_noise_layers.rs`).
    pub fn apply(input: &Batch<N>, draws: &Batch<N>, output: &mut Batch<N>) {
        let constants = K::constants();
        for ((y, &x), &draw) in output.iter_mut().zip(input.iter()).zip(draws.iter()) {
            *y = K::apply(constants, x, draw);
        }
    }
}

impl<const N: usize, K> Forward<N, N> for TrainingNoise<N, K> {
    /// The identity: the layer acts only while training.
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        *input
    }
}

#[cfg(feature = "std")]
impl<const N: usize, K: NoiseKind> Layer<N, N> for TrainingNoise<N, K> {
    type Buffers = TrainingNoiseBuffers<N>;
    const KERAS_CLASS: &'static str = K::KERAS_CLASS;

    fn initialize(&mut self, _: &mut Rng) {}

    /// Draws and applies when `rng` is given (training) and the kind acts, copies `input`
    /// otherwise.
    fn forward(
        &self,
        input: &Batch<N>,
        buffers: &mut TrainingNoiseBuffers<N>,
        rng: Option<&mut Rng>,
    ) {
        if buffers.output.ncols() != input.ncols() {
            *buffers = TrainingNoiseBuffers::with_samples(input.ncols());
        }
        match rng {
            Some(rng) if K::ACTS => {
                let constants = K::constants();
                for draw in buffers.draws.iter_mut() {
                    *draw = K::draw(constants, rng);
                }
                Self::apply(input, &buffers.draws, &mut buffers.output);
                buffers.drawn = true;
            }
            // Copied rather than computed: `x + 0` would turn −0 into +0.
            _ => {
                buffers.output.copy_from(input);
                buffers.drawn = false;
            }
        }
    }

    /// Writes `∂L/∂x` into `input_gradient`: through the draws if forward drew, a copy of
    /// `∂L/∂y` if it copied.
    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut TrainingNoiseBuffers<N>,
        _: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        let Some(input_gradient) = input_gradient else {
            return;
        };
        if !buffers.drawn {
            input_gradient.copy_from(&buffers.gradient);
            return;
        }
        let constants = K::constants();
        for ((dx, &g), &draw) in input_gradient
            .iter_mut()
            .zip(buffers.gradient.iter())
            .zip(buffers.draws.iter())
        {
            *dx = K::input_gradient(constants, g, draw);
        }
    }

    fn tensors(&self, _: &str, _: usize) -> Vec<TensorInfo> {
        Vec::new()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::layers::{Dropout, GaussianNoise};
    use rand::SeedableRng;

    type Noise = GaussianNoise<4, { 0.5_f32.to_bits() }>;
    type Half = Dropout<4, { 0.5_f32.to_bits() }>;

    #[test]
    fn buffers_are_reused_while_the_batch_size_holds() {
        let input = Batch::<4>::zeros(5);
        let mut buffers = TrainingNoiseBuffers::default();
        let mut rng = Rng::seed_from_u64(5);
        Layer::forward(&Noise::default(), &input, &mut buffers, Some(&mut rng));
        let (draws, output) = (buffers.draws.as_ptr(), buffers.output.as_ptr());
        Layer::forward(&Noise::default(), &input, &mut buffers, Some(&mut rng));
        assert_eq!(
            (buffers.draws.as_ptr(), buffers.output.as_ptr()),
            (draws, output)
        );
    }

    #[test]
    fn after_a_copying_forward_backward_copies_the_gradient() {
        let input = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.0);
        let mut buffers = TrainingNoiseBuffers::default();
        let layer = Half::default();
        Layer::forward(
            &layer,
            &input,
            &mut buffers,
            Some(&mut Rng::seed_from_u64(1)),
        );
        assert!(buffers.drawn && buffers.draws.iter().any(|&m| m == 0.0));
        // The mask of that pass stays in the buffers, and must not be applied.
        Layer::forward(&layer, &input, &mut buffers, None);
        assert!(!buffers.drawn);
        assert_eq!(buffers.output, input);
        buffers.gradient = Batch::<4>::from_fn(3, |i, j| (i + j) as f32 + 0.5);
        let mut input_gradient = Batch::<4>::from_element(3, f32::NAN);
        Layer::backward(
            &layer,
            &input,
            &mut buffers,
            &mut Half::default(),
            Some(&mut input_gradient),
        );
        assert_eq!(input_gradient, buffers.gradient);
        let column = input.column(2).into_owned();
        assert_eq!(Forward::forward_one(&layer, &column), column);
    }
}
