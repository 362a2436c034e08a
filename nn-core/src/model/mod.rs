//! What a declared network is: its [`Layers`], the [`Network`] that trains them, and the
//! [`Model`] trait the `network!` macro implements.
//!
//! The data path of one training step: rows of `x` are gathered into a [`Batch`] (one sample per
//! column), [`Layers::forward`] runs it through every layer, the loss writes its gradient into the
//! last layer's buffer, [`Layers::backward`] fills a gradient struct of the same layout as the
//! layers, and the optimizer sweeps both as flat slices.

pub mod callbacks;
mod data_shapes;
mod fit_extras;
mod fit_options;
mod history;
mod inputs;
mod named_values;
mod network;
#[cfg(feature = "plots")]
pub mod plot;
mod progress;
pub mod training_state;

pub use data_shapes::{Labels, Rows};
pub use fit_extras::FitExtras;
pub use fit_options::{FitOptions, IntoVerbosity};
pub use history::{Evaluation, History};
pub use network::Network;
pub use progress::Verbosity;
pub use training_state::ResumePoint;

use nalgebra::SVector;

use crate::io::TensorInfo;
use crate::layers::Forward;
use crate::losses::Loss;
use crate::metrics::MetricSet;
use crate::optimizers::Optimizer;
use crate::{Batch, Error, Parameters, Rng};

/// The layers of a network, in order, from `IN` inputs to `OUT` outputs.
///
/// The `network!` macro generates one struct of nn-core layers per declaration and implements
/// this trait for it with each pass written out layer by layer: no loop over layers, no trait
/// objects, no shapes checked at run time.
pub trait Layers<const IN: usize, const OUT: usize>: Parameters + Forward<IN, OUT> {
    /// What the layers keep of a batch between the forward and backward passes.
    type Buffers: Default;

    /// Draws every layer's starting weights from `rng`, first layer first.
    fn initialize(&mut self, rng: &mut Rng);

    /// Runs a batch through every layer, leaving each layer's activations in `buffers`.
    /// `rng` is given while training, for the layers that draw at random then (dropout), and
    /// `None` at inference.
    fn forward(&self, input: &Batch<IN>, buffers: &mut Self::Buffers, rng: Option<&mut Rng>);

    /// The last layer's output and, writable beside it, the gradient of the loss with respect to
    /// that output.
    fn output_and_gradient(buffers: &mut Self::Buffers) -> (&Batch<OUT>, &mut Batch<OUT>);

    /// Back-propagates the output gradient through every layer, last first, writing each
    /// layer's parameter gradients (its regularizers' included) into the matching field of
    /// `gradients`.
    fn backward(&self, input: &Batch<IN>, buffers: &mut Self::Buffers, gradients: &mut Self);

    /// Every tensor of the layers under Keras's names (`dense_0/kernel`, ...), with where it
    /// lies in the flat parameters: what weight files hold.
    fn tensors(&self) -> Vec<TensorInfo>;

    /// The sum of every layer's regularization penalty, which Keras adds to the loss.
    fn penalty(&self) -> f32 {
        0.0
    }

    /// Runs one sample through every layer on the stack: their [`Forward`], which the
    /// network's inference type runs too.
    fn predict_one(&self, input: &SVector<f32, IN>) -> SVector<f32, OUT> {
        self.forward_one(input)
    }

    /// Called after each applied optimizer step: lets every layer write the non-trainable
    /// parameters (a batch normalization's moving statistics) its training `forward` left in
    /// `buffers`; see [`Layer::update_non_trainable`](crate::layers::Layer::update_non_trainable).
    fn update_non_trainable(&mut self, _buffers: &Self::Buffers) {}

    /// Appends every layer's ONNX operators to `graph`, first layer first, reading
    /// [`io::onnx::INPUT`](crate::io::onnx::INPUT), and returns the last value's name.
    ///
    /// # Errors
    ///
    /// [`Error::OnnxUnsupported`] naming the first layer ONNX cannot express. `network!`
    /// writes this method; a hand-written `Layers` has none.
    fn to_onnx(&self, graph: &mut crate::io::onnx::Graph) -> Result<String, Error> {
        let _ = graph;
        Err(Error::OnnxUnsupported {
            layer: "the network".to_string(),
            reason: "its `Layers` were written by hand, without `to_onnx`".to_string(),
        })
    }
}

/// The label type a model's loss trains on: `[f32; OUT]`, or a class index for sparse losses.
pub type TargetOf<M, const IN: usize, const OUT: usize> =
    <<M as Model<IN, OUT>>::Loss as Loss<OUT>>::Target;

/// A network declared with `network!`: Keras's `fit`, `evaluate` and `predict` on `IN`-wide rows
/// with `OUT` outputs.
///
/// The macro implements the two accessors; every other method is provided and forwards to
/// [`Network`].
pub trait Model<const IN: usize, const OUT: usize> {
    /// The generated struct of layers.
    type Layers: Layers<IN, OUT>;
    /// The declared loss.
    type Loss: Loss<OUT>;
    /// The declared optimizer.
    type Optimizer: Optimizer;
    /// The declared metrics, `()` for none.
    type Metrics: MetricSet<OUT, TargetOf<Self, IN, OUT>>;

    /// The layers, loss and optimizer.
    fn network(
        &self,
    ) -> &Network<IN, OUT, Self::Layers, Self::Loss, Self::Optimizer, Self::Metrics>;

    /// The layers, loss and optimizer, writable.
    fn network_mut(
        &mut self,
    ) -> &mut Network<IN, OUT, Self::Layers, Self::Loss, Self::Optimizer, Self::Metrics>;

    /// Trains on rows `x` with labels `y`; see [`Network::fit`].
    fn fit<X, Y>(&mut self, x: &X, y: &Y, options: &FitOptions) -> Result<History, Error>
    where
        X: Rows<IN> + ?Sized,
        Y: Labels<TargetOf<Self, IN, OUT>> + ?Sized,
    {
        self.network_mut().fit(x.rows(), y.labels(), options)
    }

    /// Trains as [`fit`](Self::fit) does, with validation rows, sample weights and callbacks
    /// lent for this run in `extras` (see [`FitExtras`]); see [`Network::fit_with`].
    fn fit_with<X, Y>(
        &mut self,
        x: &X,
        y: &Y,
        options: &FitOptions,
        extras: FitExtras<'_, IN, TargetOf<Self, IN, OUT>>,
    ) -> Result<History, Error>
    where
        X: Rows<IN> + ?Sized,
        Y: Labels<TargetOf<Self, IN, OUT>> + ?Sized,
    {
        self.network_mut()
            .fit_with(x.rows(), y.labels(), options, extras)
    }

    /// The mean loss and every metric over rows `x` with labels `y`; see
    /// [`Network::evaluate`].
    fn evaluate<X, Y>(&self, x: &X, y: &Y) -> Result<Evaluation, Error>
    where
        X: Rows<IN> + ?Sized,
        Y: Labels<TargetOf<Self, IN, OUT>> + ?Sized,
    {
        self.network().evaluate(x.rows(), y.labels())
    }

    /// The outputs for rows `x`; see [`Network::predict`].
    fn predict<X: Rows<IN> + ?Sized>(&self, x: &X) -> Vec<[f32; OUT]> {
        self.network().predict(x.rows())
    }

    /// The output for one row, computed on the stack with no heap allocation.
    fn predict_one(&self, x: &[f32; IN]) -> [f32; OUT] {
        self.network().predict_one(x)
    }

    /// The optimizer, to change its hyperparameters between calls to `fit`, as Keras allows
    /// (`model.optimizer_mut().learning_rate = 1e-3`).
    fn optimizer_mut(&mut self) -> &mut Self::Optimizer {
        self.network_mut().optimizer_mut()
    }

    /// Writes the weights to a safetensors file; see [`Network::save`].
    fn save(&self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        self.network().save(path)
    }

    /// The network for inference only, holding a copy of its current weights: what a device
    /// without std runs, with the same `predict_one` to the bit. See
    /// [`Inference`](crate::Inference).
    fn inference(&self) -> crate::Inference<Self::Layers, IN, OUT>
    where
        Self::Layers: crate::Layout,
    {
        crate::Inference::copy_of(self.network().layers())
    }

    /// Writes the network as an ONNX model (opset 18) for inference; see
    /// [`Network::save_onnx`].
    fn save_onnx(&self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        self.network().save_onnx(path)
    }

    /// Reads the weights from a safetensors file, checked before anything is read and refused
    /// if any is NaN or infinite; see [`Network::load`].
    fn load(&mut self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        self.network_mut().load(path)
    }

    /// Writes weights, optimizer state, generator and `history` to a training-state file; see
    /// [`Network::save_training_state`].
    fn save_training_state(
        &self,
        path: impl AsRef<std::path::Path>,
        history: &History,
    ) -> Result<(), Error> {
        self.network().save_training_state(path, history)
    }

    /// Restores a training-state file; see [`Network::resume_from`].
    fn resume_from(&mut self, path: impl AsRef<std::path::Path>) -> Result<ResumePoint, Error> {
        self.network_mut().resume_from(path)
    }

    /// Reads the weights as [`load`](Self::load) does, accepting NaN and infinite values; see
    /// [`Network::load_allowing_non_finite`].
    fn load_allowing_non_finite(&mut self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        self.network_mut().load_allowing_non_finite(path)
    }
}
