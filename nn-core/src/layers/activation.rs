use core::marker::PhantomData;

use nalgebra::SVector;

use super::Forward;
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
use crate::Parameters;
use crate::activations;
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::{Batch, Rng};

/// Keras's `Activation(name)` on `N` values: the activation `A` as a layer of its own, the same
/// while training and at inference.
///
/// ```text
/// forward:   y = A(x)                 (per sample: softmax mixes a sample's values)
/// backward:  ∂L/∂x = A'(x)ᵀ · ∂L/∂y   (A::backpropagate, given x and y)
/// ```
///
/// The layer takes Keras's name, so it shares it with the trait of activations:
/// `layers::Activation<N, A>` is this layer, and `A` implements
/// [`activations::Activation`](crate::activations::Activation); a file that needs both refers
/// to one of them by its path, as this one does to the trait. `Dense<IN, OUT, A>` followed by
/// `Activation<OUT, B>` is Keras's `Dense(OUT, activation=A)` followed by `Activation(B)`.
///
/// ```
/// use nn::activations::Tanh;
/// use nn::layers::{Activation, ActivationBuffers, Forward, Layer, LayerOutput};
/// use nn::Batch;
/// use nalgebra::SVector;
///
/// let layer = Activation::<2, Tanh>::new();
/// let y = layer.forward_one(&SVector::from([0.5, -1.0]));
/// assert_eq!(y, SVector::from([0.5_f32.tanh(), (-1.0_f32).tanh()]));
///
/// let input = Batch::<2>::from_column_slice(&[0.5, -1.0, 2.0, 0.0]);
/// let mut buffers = ActivationBuffers::default();
/// Layer::forward(&layer, &input, &mut buffers, None);
/// assert_eq!(buffers.output().column(0), y);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activation<const N: usize, A>(PhantomData<A>);

// SAFETY: zero-sized (a marker only); it holds no parameters.
unsafe impl<const N: usize, A> Parameters for Activation<N, A> {
    const COUNT: usize = 0;
}

#[cfg(feature = "std")]
/// What an [`Activation`] layer keeps of a batch between its forward and backward passes.
///
/// The pre-activation is the layer's input, which `backward` is given again, so it is not
/// copied here.
#[derive(Clone, Debug)]
pub struct ActivationBuffers<const N: usize> {
    /// `y = A(x)`, the layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for ActivationBuffers<N> {
    fn default() -> Self {
        ActivationBuffers {
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for ActivationBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

impl<const N: usize, A: activations::Activation> Activation<N, A> {
    /// The layer; it holds nothing.
    pub const fn new() -> Self {
        Activation(PhantomData)
    }

    #[cfg(feature = "std")]
    /// Writes `y = A(x)` for every sample of `input`.
    pub fn forward(&self, input: &Batch<N>, buffers: &mut ActivationBuffers<N>) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = ActivationBuffers {
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
        buffers.output.copy_from(input);
        A::activate_batch(buffers.output.as_mut_slice(), N);
    }

    #[cfg(feature = "std")]
    /// Writes `∂L/∂x` into `input_gradient`, from `∂L/∂y` in `buffers`, the input `x` and the
    /// output `y`.
    pub fn backward(
        &self,
        input: &Batch<N>,
        buffers: &ActivationBuffers<N>,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        if let Some(input_gradient) = input_gradient {
            input_gradient.copy_from(&buffers.gradient);
            A::backpropagate_batch(
                input.as_slice(),
                buffers.output.as_slice(),
                input_gradient.as_mut_slice(),
                N,
            );
        }
    }
}

impl<const N: usize, A: activations::Activation> Forward<N, N> for Activation<N, A> {
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        let mut values = input.data.0[0];
        A::activate(&mut values);
        SVector::from(values)
    }
}

#[cfg(feature = "std")]
impl<const N: usize, A: activations::Activation> Layer<N, N> for Activation<N, A> {
    type Buffers = ActivationBuffers<N>;
    const KERAS_CLASS: &'static str = "Activation";

    fn initialize(&mut self, _: &mut Rng) {}

    #[inline]
    fn forward(&self, input: &Batch<N>, buffers: &mut ActivationBuffers<N>, _: Option<&mut Rng>) {
        Activation::forward(self, input, buffers);
    }

    #[inline]
    fn backward(
        &self,
        input: &Batch<N>,
        buffers: &mut ActivationBuffers<N>,
        _: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        Activation::backward(self, input, buffers, input_gradient);
    }

    fn tensors(&self, _: &str, _: usize) -> Vec<TensorInfo> {
        Vec::new()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::activations::{Relu, Softmax, Tanh};
    use rand::{RngExt, SeedableRng};

    /// A batch of 4 samples of 5 values and loss weights, both at random.
    fn random_case(seed: u64) -> (Batch<5>, Batch<5>) {
        let mut rng = Rng::seed_from_u64(seed);
        let x = Batch::<5>::from_fn(4, |_, _| rng.random_range(-2.0..2.0));
        let r = Batch::<5>::from_fn(4, |_, _| rng.random_range(-1.0..1.0));
        (x, r)
    }

    /// Central differences of `L = Σ r ⊙ A(x)` against `backward`; step and tolerance as in
    /// `activations::testing` (h = 1e-2: truncation O(h²) ≈ 1e-4, f32 rounding ≈ 1e-7/h = 1e-5,
    /// both below 2e-3).
    fn check_gradient<A: activations::Activation>(seed: u64) {
        let layer = Activation::<5, A>::new();
        let (x, r) = random_case(seed);
        let mut buffers = ActivationBuffers::default();
        layer.forward(&x, &mut buffers);
        buffers.gradient.copy_from(&r);
        let mut input_gradient = Batch::<5>::from_element(4, f32::NAN);
        layer.backward(&x, &buffers, Some(&mut input_gradient));

        let loss = |x: &Batch<5>| -> f64 {
            let mut buffers = ActivationBuffers::default();
            layer.forward(x, &mut buffers);
            buffers
                .output
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
            let error = (numeric - f64::from(input_gradient[i])).abs();
            assert!(
                error <= 2e-3 * (1.0 + numeric.abs()),
                "{}: ∂L/∂x[{i}] is {} analytically, {numeric} by finite differences",
                A::NAME,
                input_gradient[i]
            );
        }
    }

    #[test]
    fn gradient_matches_finite_differences_with_softmax_and_tanh() {
        for seed in 0..3 {
            check_gradient::<Softmax>(seed);
            check_gradient::<Tanh>(seed);
        }
    }

    #[test]
    fn output_is_the_activation_applied_to_each_sample() {
        let (x, _) = random_case(5);
        let mut buffers = ActivationBuffers::default();
        Layer::forward(&Activation::<5, Tanh>::new(), &x, &mut buffers, None);
        assert_eq!(buffers.output, x.map(f32::tanh));

        // Softmax in closed form, per sample (column), in f64.
        Layer::forward(&Activation::<5, Softmax>::new(), &x, &mut buffers, None);
        for (x, y) in x.column_iter().zip(buffers.output.column_iter()) {
            let total: f64 = x.iter().map(|&x| f64::from(x).exp()).sum();
            for (&x, &y) in x.iter().zip(y.iter()) {
                let expected = f64::from(x).exp() / total;
                assert!(
                    (f64::from(y) - expected).abs() < 1e-6,
                    "{y} against {expected}"
                );
            }
        }
    }

    #[test]
    fn training_and_inference_agree_and_so_does_the_single_sample_path() {
        let (x, _) = random_case(6);
        let layer = Activation::<5, Softmax>::new();
        let (mut training, mut inference) = (ActivationBuffers::default(), Default::default());
        Layer::forward(&layer, &x, &mut training, Some(&mut Rng::seed_from_u64(0)));
        Layer::forward(&layer, &x, &mut inference, None);
        assert_eq!(training.output, inference.output);
        for (j, column) in x.column_iter().enumerate() {
            assert_eq!(
                layer.forward_one(&column.into_owned()),
                training.output.column(j).into_owned()
            );
        }
    }

    #[test]
    fn is_keras_activation_layer_without_parameters() {
        assert_eq!(
            <Activation<3, Relu> as Layer<3, 3>>::KERAS_CLASS,
            "Activation"
        );
        assert_eq!(<Activation<3, Relu> as Parameters>::COUNT, 0);
        assert_eq!(core::mem::size_of::<Activation<3, Relu>>(), 0);
        assert!(Layer::tensors(&Activation::<3, Relu>::new(), "activation", 0).is_empty());
    }
}
