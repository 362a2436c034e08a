//! The one interface every layer implements, so that the code `network!` generates is the same
//! for every kind of layer.

use super::Forward;
use crate::io::TensorInfo;
use crate::{Batch, Parameters, Rng};

/// A layer from `IN` values to `OUT` values per sample: what `network!` calls, in order, for
/// each layer of a declaration, to train it. One sample at inference is its [`Forward`].
///
/// A layer's trainable parameters are its [`Parameters`]: `COUNT` floats, laid out as the
/// layer's own fields, which the optimizer updates and the same type holds as gradients.
/// Non-trainable parameters (a [`BatchNormalization`](super::BatchNormalization)'s moving mean
/// and variance) are counted in [`NON_TRAINABLE`](Self::NON_TRAINABLE): Keras's summary lists
/// them apart, and weight files store them under the layer's name with the trainable ones. They
/// lie among the layer's fields, so the optimizer's sweep passes over them too; but their
/// gradient is always 0, and a training `forward` computes their next values into the buffers,
/// which [`update_non_trainable`](Self::update_non_trainable) writes after the optimizer's step.
///
/// ```
/// use nn::activations::Relu;
/// use nn::layers::{Dense, Dropout, Layer, LayerOutput};
/// use nn::{Batch, Rng};
/// use rand::SeedableRng;
///
/// let mut dense = Dense::<2, 3, Relu>::zeros();
/// let mut rng = Rng::seed_from_u64(0);
/// Layer::initialize(&mut dense, &mut rng);
/// let dropout = Dropout::<3, { 0.5_f32.to_bits() }>::default();
///
/// let input = Batch::<2>::from_element(4, 1.0);
/// let (mut after_dense, mut after_dropout) = Default::default();
/// Layer::forward(&dense, &input, &mut after_dense, None);
/// Layer::forward(&dropout, after_dense.output(), &mut after_dropout, None);
/// // At inference, dropout is the identity.
/// assert_eq!(after_dropout.output(), after_dense.output());
/// assert_eq!(<Dense<2, 3, Relu> as Layer<2, 3>>::KERAS_CLASS, "Dense");
/// ```
pub trait Layer<const IN: usize, const OUT: usize>: Forward<IN, OUT> + Parameters + Sized {
    /// What the layer keeps of a batch between its forward and backward passes, its output
    /// among them.
    type Buffers: Default + LayerOutput<OUT>;

    /// Keras's class name, shown in the summary (`Dense`).
    const KERAS_CLASS: &'static str;

    /// How many parameters the layer holds that the optimizer does not update; see the trait's
    /// doc.
    const NON_TRAINABLE: usize = 0;

    /// Draws the layer's starting parameters from `rng` with Keras's default initializers.
    fn initialize(&mut self, rng: &mut Rng);

    /// Runs a batch through the layer, keeping what `backward` needs, and the output, in
    /// `buffers`. `rng` is given while training and `None` at inference (`predict` borrows the
    /// network immutably and has no generator to lend): the layers that draw at random while
    /// training (dropout) use it, and every layer takes it so that the generated code is the
    /// same for all.
    fn forward(&self, input: &Batch<IN>, buffers: &mut Self::Buffers, rng: Option<&mut Rng>);

    /// Back-propagates the gradient in `buffers` (∂L/∂output, written by the layer above):
    /// writes this layer's parameter gradients into `gradients` and ∂L/∂input into
    /// `input_gradient` when the layer below needs it.
    fn backward(
        &self,
        input: &Batch<IN>,
        buffers: &mut Self::Buffers,
        gradients: &mut Self,
        input_gradient: Option<&mut Batch<IN>>,
    );

    /// The layer's tensors under Keras's names (`{name}/kernel`, ...), for a layer whose
    /// parameters start at `offset` in its network's flat parameters; none for a layer without
    /// parameters.
    fn tensors(&self, name: &str, offset: usize) -> Vec<TensorInfo>;

    /// Called after each applied optimizer step, with the buffers of that step's `forward`:
    /// writes the non-trainable parameters that pass computed, overwriting whatever the
    /// optimizer's sweep did to them (weight decay, or FTRL's closed form, would otherwise move
    /// them even with a zero gradient). Not called after a refused step, which leaves them as
    /// it leaves the trainable ones. Nothing to do for a layer without any.
    fn update_non_trainable(&mut self, _buffers: &Self::Buffers) {}
}

/// A layer's buffers as the layer above reads them: its output, and beside it the gradient of
/// the loss with respect to that output, which the layer above (or the loss) writes.
pub trait LayerOutput<const OUT: usize> {
    /// The layer's output for the last batch.
    fn output(&self) -> &Batch<OUT>;

    /// The output and, writable beside it, the gradient of the loss with respect to it.
    fn output_and_gradient(&mut self) -> (&Batch<OUT>, &mut Batch<OUT>);
}
