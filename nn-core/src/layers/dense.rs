use core::marker::PhantomData;

use nalgebra::{SMatrix, SVector};

use super::Forward;
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
use crate::Parameters;
use crate::activations::Activation;
#[cfg(feature = "std")]
use crate::initializers::{Fans, GlorotUniform, Initializer, Zeros};
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::linalg::{View, matmul, small, small_gradients_win, small_product_wins};
#[cfg(feature = "std")]
use crate::{Batch, Rng};

/// A fully connected layer of `OUT` units on `IN` inputs, activated by `A`: Keras's `Dense`.
///
/// For a batch `X` (`IN × n`, one sample per column):
///
/// ```text
/// forward:   Z = W·X + b,   A = f(Z)
/// backward:  G = ∂L/∂A ⊙ f'(Z)          (∂L/∂Z)
///            ∂L/∂W = G·Xᵀ,   ∂L/∂b = Σ_columns G,   ∂L/∂X = Wᵀ·G
/// ```
///
/// `W` is stored as an `OUT × IN` column-major matrix, which is the same memory order as Keras's
/// `(IN, OUT)` row-major kernel. The layer is `#[repr(C)]` and made only of `f32`, so a network of
/// layers is one flat run of [`Parameters`]; the same type holds the layer's gradients.
///
/// ```
/// use nn::activations::Relu;
/// use nn::layers::Dense;
/// use nalgebra::SVector;
///
/// let mut layer = Dense::<2, 1, Relu>::zeros();
/// layer.kernel[(0, 0)] = 2.0;
/// layer.kernel[(0, 1)] = -1.0;
/// layer.bias[0] = 0.5;
/// assert_eq!(layer.forward_one(&SVector::from([3.0, 1.0]))[0], 5.5);
/// assert_eq!(layer.forward_one(&SVector::from([0.0, 1.0]))[0], 0.0);
/// ```
#[repr(C)]
#[derive(Debug, PartialEq)]
pub struct Dense<const IN: usize, const OUT: usize, A, B = SVector<f32, OUT>> {
    /// The weights `W`, one row per unit.
    pub kernel: SMatrix<f32, OUT, IN>,
    /// The biases `b`, one per unit (or [`NoBias`] for Keras's `use_bias = False`).
    pub bias: B,
    activation: PhantomData<A>,
}

/// A Dense layer's bias term: `SVector<f32, OUT>` (Keras's default), or [`NoBias`].
///
/// The trait is sealed: these two are the only bias terms. `Dense` is [`Parameters`], read and
/// written as raw `f32`s, which is sound only because every bias term is itself `COUNT` floats;
/// a bias term from outside (a `[bool; N]` of the same size, say) would have floats written into
/// it.
pub trait BiasTerm<const OUT: usize>:
    sealed::Sealed + Clone + core::fmt::Debug + PartialEq
{
    /// How many values it holds: `OUT` or 0.
    const COUNT: usize;

    /// A bias of zeros.
    fn zeros() -> Self;

    /// Its values, none for [`NoBias`].
    fn values(&self) -> &[f32];

    /// Its values, writable.
    fn values_mut(&mut self) -> &mut [f32];
}

mod sealed {
    /// Implemented only here, so that no type outside nn-core can be a [`BiasTerm`](super::BiasTerm).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be a Dense layer's bias",
        note = "a bias is `SVector<f32, OUT>` (Keras's default) or `NoBias` (`use_bias = false`); no other type can be one"
    )]
    pub trait Sealed {}

    impl<const OUT: usize> Sealed for nalgebra::SVector<f32, OUT> {}
    impl Sealed for super::NoBias {}
}

impl<const OUT: usize> BiasTerm<OUT> for SVector<f32, OUT> {
    const COUNT: usize = OUT;

    fn zeros() -> Self {
        SVector::zeros()
    }

    fn values(&self) -> &[f32] {
        self.as_slice()
    }

    fn values_mut(&mut self) -> &mut [f32] {
        self.as_mut_slice()
    }
}

/// No bias at all: Keras's `Dense(..., use_bias=False)`, `z = W·x`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoBias;

impl<const OUT: usize> BiasTerm<OUT> for NoBias {
    const COUNT: usize = 0;

    fn zeros() -> Self {
        NoBias
    }

    fn values(&self) -> &[f32] {
        &[]
    }

    fn values_mut(&mut self) -> &mut [f32] {
        &mut []
    }
}

// SAFETY: repr(C); an f32 matrix of OUT·IN values, then an f32 vector of OUT (or the zero-sized
// `NoBias`: `BiasTerm` is sealed, so these are the only two), then a zero-sized marker.
unsafe impl<const IN: usize, const OUT: usize, A, B: BiasTerm<OUT>> Parameters
    for Dense<IN, OUT, A, B>
{
    const COUNT: usize = IN * OUT + B::COUNT;
}

impl<const IN: usize, const OUT: usize, A, B: Clone> Clone for Dense<IN, OUT, A, B> {
    fn clone(&self) -> Self {
        Dense {
            kernel: self.kernel,
            bias: self.bias.clone(),
            activation: PhantomData,
        }
    }
}

#[cfg(feature = "std")]
/// What a [`Dense`] layer keeps of a batch between its forward and backward passes.
#[derive(Clone, Debug)]
pub struct DenseBuffers<const OUT: usize> {
    /// `Z = W·X + b`.
    pub pre_activation: Batch<OUT>,
    /// `A = f(Z)`, the layer's output and the next layer's input.
    pub output: Batch<OUT>,
    /// `∂L/∂A`, written by whatever consumes the output; `backward` turns it into `∂L/∂Z`.
    pub gradient: Batch<OUT>,
}

#[cfg(feature = "std")]
impl<const OUT: usize> Default for DenseBuffers<OUT> {
    fn default() -> Self {
        DenseBuffers {
            pre_activation: Batch::zeros(0),
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const OUT: usize> DenseBuffers<OUT> {
    /// Sizes the buffers for a batch of `samples`, allocating only when the size changes (at
    /// most for the last, shorter batch of an epoch).
    fn resize(&mut self, samples: usize) {
        if self.output.ncols() != samples {
            *self = DenseBuffers {
                pre_activation: Batch::zeros(samples),
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
    }
}

impl<const IN: usize, const OUT: usize, A: Activation, B: BiasTerm<OUT>> Dense<IN, OUT, A, B> {
    /// How many trainable values the layer holds: `IN·OUT` weights and `OUT` biases (none
    /// without a bias).
    pub const PARAMETERS: usize = <Self as Parameters>::COUNT;

    /// A layer with every weight and bias `0.0`.
    pub fn zeros() -> Self {
        Dense {
            kernel: SMatrix::zeros(),
            bias: B::zeros(),
            activation: PhantomData,
        }
    }

    #[cfg(feature = "std")]
    /// Fills the kernel with Keras's default `glorot_uniform` and the biases with zeros.
    pub fn initialize(&mut self, rng: &mut Rng) {
        self.initialize_with(&GlorotUniform, &Zeros, rng);
    }

    #[cfg(feature = "std")]
    /// Fills the kernel, then the biases, with the given initializers.
    pub fn initialize_with(
        &mut self,
        kernel: &impl Initializer,
        bias: &impl Initializer,
        rng: &mut Rng,
    ) {
        kernel.fill(
            self.kernel.as_mut_slice(),
            Fans {
                fan_in: IN,
                fan_out: OUT,
            },
            rng,
        );
        bias.fill(
            self.bias.values_mut(),
            Fans {
                fan_in: OUT,
                fan_out: 1,
            },
            rng,
        );
    }

    #[cfg(feature = "std")]
    /// Runs a batch through the layer, keeping `Z` and `A = f(Z)` in `buffers`.
    pub fn forward(&self, input: &Batch<IN>, buffers: &mut DenseBuffers<OUT>) {
        let samples = input.ncols();
        buffers.resize(samples);
        if small_product_wins(IN, OUT, samples) {
            small::product(
                &self.kernel.data.0,
                input.as_slice().as_chunks::<IN>().0,
                buffers
                    .pre_activation
                    .as_mut_slice()
                    .as_chunks_mut::<OUT>()
                    .0,
            );
        } else {
            matmul(
                View::new(self.kernel.as_slice(), OUT, IN),
                View::new(input.as_slice(), IN, samples),
                buffers.pre_activation.as_mut_slice(),
            );
        }
        // One sweep over the product, a sample at a time while it is in cache: add the bias,
        // keep Z, activate into A. The bias is taken as an array of OUT (none without a bias):
        // a known length lets the compiler add in vector registers, where a zip with a slice
        // was a scalar loop.
        let bias = <&[f32; OUT]>::try_from(self.bias.values()).ok();
        let z = buffers
            .pre_activation
            .as_mut_slice()
            .as_chunks_mut::<OUT>()
            .0;
        let a = buffers.output.as_mut_slice().as_chunks_mut::<OUT>().0;
        for (z, a) in z.iter_mut().zip(a) {
            if let Some(bias) = bias {
                for (z, b) in z.iter_mut().zip(bias) {
                    *z += b;
                }
            }
            *a = *z;
            A::activate(a);
        }
    }

    #[cfg(feature = "std")]
    /// Back-propagates `buffers.gradient` (`∂L/∂A` on entry, `∂L/∂Z` on return): writes this
    /// layer's `∂L/∂W` and `∂L/∂b` into `gradients`, and `∂L/∂X` into `input_gradient` if the
    /// layer below needs it.
    pub fn backward(
        &self,
        input: &Batch<IN>,
        buffers: &mut DenseBuffers<OUT>,
        gradients: &mut Self,
        input_gradient: Option<&mut Batch<IN>>,
    ) {
        let samples = input.ncols();
        // One sweep over ∂L/∂A, a sample at a time: turn it into ∂L/∂Z and add it into ∂L/∂b.
        let mut bias_gradient = <&mut [f32; OUT]>::try_from(gradients.bias.values_mut()).ok();
        if let Some(sum) = bias_gradient.as_deref_mut() {
            sum.fill(0.0);
        }
        let z = buffers.pre_activation.as_slice().as_chunks::<OUT>().0;
        let a = buffers.output.as_slice().as_chunks::<OUT>().0;
        let g = buffers.gradient.as_mut_slice().as_chunks_mut::<OUT>().0;
        for ((z, a), g) in z.iter().zip(a).zip(g) {
            A::backpropagate(z, a, g);
            if let Some(sum) = bias_gradient.as_deref_mut() {
                for (sum, g) in sum.iter_mut().zip(g.iter()) {
                    *sum += g;
                }
            }
        }

        if small_gradients_win(IN * OUT, samples) {
            let delta = buffers.gradient.as_slice().as_chunks::<OUT>().0;
            let x = input.as_slice().as_chunks::<IN>().0;
            small::outer_sum(delta, x, &mut gradients.kernel.data.0);
            if let Some(input_gradient) = input_gradient {
                let dx = input_gradient.as_mut_slice().as_chunks_mut::<IN>().0;
                small::transposed_product(&self.kernel.data.0, delta, dx);
            }
            return;
        }
        let delta = View::new(buffers.gradient.as_slice(), OUT, samples);
        let x = View::new(input.as_slice(), IN, samples);
        matmul(delta, x.t(), gradients.kernel.as_mut_slice());
        if let Some(input_gradient) = input_gradient {
            let kernel = View::new(self.kernel.as_slice(), OUT, IN);
            matmul(kernel.t(), delta, input_gradient.as_mut_slice());
        }
    }

    #[cfg(feature = "std")]
    /// The layer's tensors under Keras's names, `{name}/kernel` of shape `(IN, OUT)` and (with a
    /// bias) `{name}/bias` of shape `(OUT,)`, for a layer whose parameters start at `offset` in its
    /// network's flat parameters.
    pub fn tensors(&self, name: &str, offset: usize) -> Vec<TensorInfo> {
        let kernel = TensorInfo {
            name: format!("{name}/kernel"),
            shape: vec![IN, OUT],
            offset,
            trainable: true,
        };
        let bias = TensorInfo {
            name: format!("{name}/bias"),
            shape: vec![OUT],
            offset: offset + IN * OUT,
            trainable: true,
        };
        match B::COUNT {
            0 => vec![kernel],
            _ => vec![kernel, bias],
        }
    }

    /// Runs one sample through the layer on the stack, with no heap allocation.
    #[inline]
    pub fn forward_one(&self, input: &SVector<f32, IN>) -> SVector<f32, OUT> {
        // The batch loops with a batch of one: they run on the widest vector unit the CPU has,
        // where nalgebra's `kernel * input` runs on the baseline build's four lanes.
        let mut z = [[0.0_f32; OUT]];
        #[cfg(feature = "std")]
        small::product(&self.kernel.data.0, &[input.data.0[0]], &mut z);
        // The same sums in the same order as `small::product`'s, on the baseline build's lanes.
        #[cfg(not(feature = "std"))]
        for (column, &x) in self.kernel.data.0.iter().zip(&input.data.0[0]) {
            for (z, w) in z[0].iter_mut().zip(column) {
                *z += w * x;
            }
        }
        let [mut z] = z;
        // As an array of OUT, so the compiler knows the length and adds in vector registers
        // (a zip with the bias slice, of unknown length, was a scalar loop).
        if let Ok(bias) = <&[f32; OUT]>::try_from(self.bias.values()) {
            for (z, b) in z.iter_mut().zip(bias) {
                *z += b;
            }
        }
        A::activate(&mut z);
        SVector::from(z)
    }
}

impl<const IN: usize, const OUT: usize, A: Activation, B: BiasTerm<OUT>> Forward<IN, OUT>
    for Dense<IN, OUT, A, B>
{
    #[inline]
    fn forward_one(&self, input: &SVector<f32, IN>) -> SVector<f32, OUT> {
        Dense::forward_one(self, input)
    }
}

#[cfg(feature = "std")]
impl<const OUT: usize> LayerOutput<OUT> for DenseBuffers<OUT> {
    #[inline]
    fn output(&self) -> &Batch<OUT> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<OUT>, &mut Batch<OUT>) {
        (&self.output, &mut self.gradient)
    }
}

#[cfg(feature = "std")]
impl<const IN: usize, const OUT: usize, A: Activation, B: BiasTerm<OUT>> Layer<IN, OUT>
    for Dense<IN, OUT, A, B>
{
    type Buffers = DenseBuffers<OUT>;
    const KERAS_CLASS: &'static str = "Dense";

    fn initialize(&mut self, rng: &mut Rng) {
        Dense::initialize(self, rng);
    }

    #[inline]
    fn forward(&self, input: &Batch<IN>, buffers: &mut DenseBuffers<OUT>, _: Option<&mut Rng>) {
        Dense::forward(self, input, buffers);
    }

    #[inline]
    fn backward(
        &self,
        input: &Batch<IN>,
        buffers: &mut DenseBuffers<OUT>,
        gradients: &mut Self,
        input_gradient: Option<&mut Batch<IN>>,
    ) {
        Dense::backward(self, input, buffers, gradients, input_gradient);
    }

    fn tensors(&self, name: &str, offset: usize) -> Vec<TensorInfo> {
        Dense::tensors(self, name, offset)
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::activations::{Linear, Relu, Sigmoid, Softmax};
    use crate::linalg::SMALL_LAYER;
    use rand::{RngExt, SeedableRng};

    /// `L = Σ R ⊙ f(W·X + b)` for a fixed random `R`, so `∂L/∂A = R`.
    fn loss<A: Activation>(layer: &Dense<3, 4, A>, x: &Batch<3>, r: &Batch<4>) -> f64 {
        let mut buffers = DenseBuffers::default();
        layer.forward(x, &mut buffers);
        buffers
            .output
            .iter()
            .zip(r.iter())
            .map(|(&a, &r)| f64::from(a) * f64::from(r))
            .sum()
    }

    /// A layer with random weights and biases, a batch of 5 inputs and loss weights `R`.
    fn random_case<A: Activation>(seed: u64) -> (Dense<3, 4, A>, Batch<3>, Batch<4>) {
        let mut rng = Rng::seed_from_u64(seed);
        let mut layer = Dense::<3, 4, A>::zeros();
        layer.initialize(&mut rng);
        layer
            .bias
            .iter_mut()
            .for_each(|b| *b = rng.random_range(-0.5..0.5));
        let x = Batch::<3>::from_fn(5, |_, _| rng.random_range(-1.0..1.0));
        let r = Batch::<4>::from_fn(5, |_, _| rng.random_range(-1.0..1.0));
        (layer, x, r)
    }

    /// Checks every analytic gradient of a Dense layer against central finite differences.
    ///
    /// The step is 1e-2 and the tolerance 2e-3 relative because the layer computes in f32: the
    /// rounding error of a difference quotient is about 1e-7·|L| / h, the truncation error
    /// O(h²); a wrong gradient misses by orders of magnitude more.
    fn check_gradients<A: Activation>(layer: &Dense<3, 4, A>, x: &Batch<3>, r: &Batch<4>) {
        let mut buffers = DenseBuffers::default();
        layer.forward(x, &mut buffers);
        buffers.gradient.copy_from(r);
        let mut gradients = Dense::<3, 4, A>::zeros();
        let mut input_gradient = Batch::<3>::zeros(5);
        layer.backward(x, &mut buffers, &mut gradients, Some(&mut input_gradient));

        let h = 1e-2_f32;
        let assert_close = |what: String, analytic: f32, numeric: f64| {
            let error = (numeric - f64::from(analytic)).abs();
            assert!(
                error <= 2e-3 * (1.0 + numeric.abs()),
                "{}: {what} is {analytic} analytically, {numeric} by finite differences",
                A::NAME
            );
        };
        for i in 0..Dense::<3, 4, A>::PARAMETERS {
            let (mut plus, mut minus) = (layer.clone(), layer.clone());
            plus.as_mut_slice()[i] += h;
            minus.as_mut_slice()[i] -= h;
            let numeric = (loss(&plus, x, r) - loss(&minus, x, r)) / (2.0 * f64::from(h));
            assert_close(format!("∂L/∂θ[{i}]"), gradients.as_slice()[i], numeric);
        }
        for i in 0..x.len() {
            let (mut plus, mut minus) = (x.clone(), x.clone());
            plus[i] += h;
            minus[i] -= h;
            let numeric = (loss(layer, &plus, r) - loss(layer, &minus, r)) / (2.0 * f64::from(h));
            assert_close(format!("∂L/∂X[{i}]"), input_gradient[i], numeric);
        }
    }

    #[test]
    fn gradients_match_finite_differences_for_smooth_activations() {
        for seed in 0..3 {
            let (layer, x, r) = random_case::<Linear>(seed);
            check_gradients(&layer, &x, &r);
            let (layer, x, r) = random_case::<Sigmoid>(seed);
            check_gradients(&layer, &x, &r);
            let (layer, x, r) = random_case::<Softmax>(seed);
            check_gradients(&layer, &x, &r);
        }
    }

    #[test]
    fn relu_gradients_match_finite_differences_away_from_the_kink() {
        // A difference quotient straddling relu's kink measures neither side, so use the first
        // seeds whose pre-activations all keep clear of 0 by several steps.
        let clear_of_kink = |(layer, x, _): &(Dense<3, 4, Relu>, Batch<3>, Batch<4>)| {
            let mut buffers = DenseBuffers::default();
            layer.forward(x, &mut buffers);
            buffers.pre_activation.iter().all(|z| z.abs() > 0.05)
        };
        let cases: Vec<_> = (0..200)
            .map(random_case::<Relu>)
            .filter(clear_of_kink)
            .take(3)
            .collect();
        assert_eq!(cases.len(), 3, "too few seeds keep clear of relu's kink");
        for (layer, x, r) in &cases {
            check_gradients(layer, x, r);
        }
    }

    #[test]
    fn batch_and_single_sample_paths_agree() {
        let mut rng = Rng::seed_from_u64(9);
        let mut layer = Dense::<3, 4, Sigmoid>::zeros();
        layer.initialize(&mut rng);
        let x = Batch::<3>::from_fn(2, |_, _| rng.random_range(-1.0..1.0));
        let mut buffers = DenseBuffers::default();
        layer.forward(&x, &mut buffers);
        for (j, column) in x.column_iter().enumerate() {
            let one = layer.forward_one(&column.into_owned());
            approx::assert_relative_eq!(
                one,
                buffers.output.column(j).into_owned(),
                max_relative = 1e-6
            );
        }
    }

    /// Every path a layer's products take (the small loops, the tiled kernels with their edge
    /// tiles and their runs of 128 inputs, or sgemm on CPUs without them) gives nalgebra's
    /// products, to f32 rounding: they sum in other orders.
    #[test]
    fn every_product_path_matches_nalgebra() {
        fn check<const IN: usize, const OUT: usize>(samples: usize) {
            let mut rng = Rng::seed_from_u64(11);
            let mut layer = Dense::<IN, OUT, Linear>::zeros();
            layer.initialize(&mut rng);
            layer
                .bias
                .iter_mut()
                .for_each(|b| *b = rng.random_range(-0.5..0.5));
            let x = Batch::<IN>::from_fn(samples, |_, _| rng.random_range(-1.0..1.0));
            let r = Batch::<OUT>::from_fn(samples, |_, _| rng.random_range(-1.0..1.0));
            let mut buffers = DenseBuffers::default();
            layer.forward(&x, &mut buffers);
            buffers.gradient.copy_from(&r);
            let mut gradients = Dense::<IN, OUT, Linear>::zeros();
            let mut input_gradient = Batch::<IN>::zeros(samples);
            layer.backward(&x, &mut buffers, &mut gradients, Some(&mut input_gradient));

            let mut z = layer.kernel * &x;
            z.column_iter_mut().for_each(|mut c| c += layer.bias);
            approx::assert_relative_eq!(buffers.output, z, epsilon = 1e-5);
            let dw = &r * x.transpose();
            approx::assert_relative_eq!(gradients.kernel, dw, epsilon = 1e-5);
            let dx = layer.kernel.transpose() * &r;
            approx::assert_relative_eq!(input_gradient, dx, epsilon = 1e-5);
            approx::assert_relative_eq!(gradients.bias, r.column_sum(), epsilon = 1e-5);
        }
        const { assert!(3 * 5 <= SMALL_LAYER && 48 * 64 > SMALL_LAYER) };
        check::<3, 5>(7);
        check::<48, 64>(7);
        check::<4, 128>(9);
        check::<16, 2>(33);
        check::<300, 70>(13);
    }

    #[test]
    fn matches_a_hand_computation() {
        // W = [[1, 2], [3, 4]], b = [0.5, −1], x = [1, −1]:
        // z = W·x + b = [−0.5, −2]; with ∂L/∂a = [1, 2] and a linear activation,
        // ∂L/∂W = g·xᵀ = [[1, −1], [2, −2]], ∂L/∂b = [1, 2], ∂L/∂x = Wᵀ·g = [7, 10].
        let mut layer = Dense::<2, 2, Linear>::zeros();
        layer.kernel = nalgebra::SMatrix::<f32, 2, 2>::new(1.0, 2.0, 3.0, 4.0);
        layer.bias = SVector::from([0.5, -1.0]);
        let x = Batch::<2>::from_column_slice(&[1.0, -1.0]);
        let mut buffers = DenseBuffers::default();
        layer.forward(&x, &mut buffers);
        assert_eq!(buffers.output.as_slice(), [-0.5, -2.0]);
        buffers.gradient.copy_from_slice(&[1.0, 2.0]);
        let mut gradients = Dense::<2, 2, Linear>::zeros();
        let mut input_gradient = Batch::<2>::zeros(1);
        layer.backward(&x, &mut buffers, &mut gradients, Some(&mut input_gradient));
        assert_eq!(
            gradients.kernel,
            nalgebra::SMatrix::<f32, 2, 2>::new(1.0, -1.0, 2.0, -2.0)
        );
        assert_eq!(gradients.bias.as_slice(), [1.0, 2.0]);
        assert_eq!(input_gradient.as_slice(), [7.0, 10.0]);
    }

    #[test]
    fn a_layer_without_bias_has_only_its_kernel() {
        let mut layer = Dense::<2, 2, Linear, NoBias>::zeros();
        assert_eq!(Dense::<2, 2, Linear, NoBias>::PARAMETERS, 4);
        layer.kernel = nalgebra::SMatrix::<f32, 2, 2>::new(1.0, 2.0, 3.0, 4.0);
        assert_eq!(
            layer.forward_one(&SVector::from([1.0, -1.0])).as_slice(),
            [-1.0, -1.0]
        );
        assert_eq!(layer.tensors("dense_0", 0).len(), 1);
        let x = Batch::<2>::from_column_slice(&[1.0, -1.0]);
        let mut buffers = DenseBuffers::default();
        layer.forward(&x, &mut buffers);
        buffers.gradient.copy_from_slice(&[1.0, 2.0]);
        let mut gradients = Dense::<2, 2, Linear, NoBias>::zeros();
        layer.backward(&x, &mut buffers, &mut gradients, None);
        assert_eq!(gradients.as_slice(), [1.0, 2.0, -1.0, -2.0]);
    }
}
