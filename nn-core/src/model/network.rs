use core::fmt;

use nalgebra::SVector;
use rand::seq::SliceRandom;

use std::cell::RefCell;
use std::rc::Rc;

use super::callbacks::{Callback, Logs, Training};
use super::named_values::NamedValues;
use super::progress::Progress;
use super::{Evaluation, FitOptions, History, Layers, inputs};
use crate::io::TensorInfo;
use crate::losses::Loss;
use crate::metrics::MetricSet;
use crate::optimizers::Optimizer;
use crate::{Batch, Error, Parameters, Rng, io, random};

/// Input rows with their labels.
type Rows<'a, const IN: usize, T> = (&'a [[f32; IN]], &'a [T]);

/// Rows per forward pass in `evaluate` and `predict`, Keras's default `batch_size` there.
const INFERENCE_BATCH: usize = 32;

/// A compiled network: its layers, their gradients, the loss, the optimizer and the metrics.
///
/// This is what Keras calls a compiled model. The `network!` macro wraps one in the struct it
/// declares; [`Model`](super::Model) forwards to the methods here. The layers and their gradients
/// live on the heap, each as one flat run of `f32`.
pub struct Network<const IN: usize, const OUT: usize, L, Lo, O, M = ()> {
    layers: Box<L>,
    gradients: Box<L>,
    loss: Lo,
    optimizer: O,
    metrics: M,
    metric_names: &'static [&'static str],
    seed: u64,
}

impl<const IN: usize, const OUT: usize, L, Lo, O> Network<IN, OUT, L, Lo, O>
where
    L: Layers<IN, OUT>,
    Lo: Loss<OUT>,
    O: Optimizer,
{
    /// A network whose weights are drawn from `seed` (Keras's initializers, layer by layer), to
    /// be trained on `loss` with `optimizer`, with no metrics.
    pub fn new(loss: Lo, optimizer: O, seed: u64) -> Self {
        let mut layers = L::zeroed_box();
        layers.initialize(&mut random::seeded(seed));
        Network {
            layers,
            gradients: L::zeroed_box(),
            loss,
            optimizer,
            metrics: (),
            metric_names: &[],
            seed,
        }
    }
}

impl<const IN: usize, const OUT: usize, L, Lo, O, M> Network<IN, OUT, L, Lo, O, M>
where
    L: Layers<IN, OUT>,
    Lo: Loss<OUT>,
    O: Optimizer,
    M: MetricSet<OUT, Lo::Target>,
{
    /// The same network reporting `metrics` beside the loss, logged under `names` (one per
    /// metric, in order).
    pub fn with_metrics<N: MetricSet<OUT, Lo::Target>>(
        self,
        metrics: N,
        names: &'static [&'static str],
    ) -> Network<IN, OUT, L, Lo, O, N> {
        assert_eq!(names.len(), N::LEN, "one name per metric");
        let Network {
            layers,
            gradients,
            loss,
            optimizer,
            seed,
            ..
        } = self;
        Network {
            layers,
            gradients,
            loss,
            optimizer,
            metrics,
            metric_names: names,
            seed,
        }
    }

    /// The layers, for reading weights.
    pub fn layers(&self) -> &L {
        &self.layers
    }

    /// The layers, for setting weights.
    pub fn layers_mut(&mut self) -> &mut L {
        &mut self.layers
    }

    /// Every weight and bias, layer by layer, as one slice.
    pub fn parameters(&self) -> &[f32] {
        self.layers.as_slice()
    }

    /// The gradients of the loss with respect to every parameter, from the last training step,
    /// in the order of [`parameters`](Self::parameters) (zeros before any training).
    pub fn gradients(&self) -> &[f32] {
        self.gradients.as_slice()
    }

    /// The loss the network trains on.
    pub fn loss(&self) -> &Lo {
        &self.loss
    }

    /// The optimizer and its state.
    pub fn optimizer(&self) -> &O {
        &self.optimizer
    }

    /// The optimizer, to change its hyperparameters between calls to `fit`.
    pub fn optimizer_mut(&mut self) -> &mut O {
        &mut self.optimizer
    }

    /// The names the metrics are logged under, in order.
    pub fn metric_names(&self) -> &'static [&'static str] {
        self.metric_names
    }

    /// The seed the weights were drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Trains on rows `x` with labels `y`, as Keras's `model.fit`.
    ///
    /// Each epoch (reshuffled when `options.shuffle`) is cut into batches of
    /// `options.batch_size`; each batch is one forward pass, one backward pass and one optimizer
    /// step on the batch's mean (weighted) loss. The metrics see each batch's outputs before its
    /// step, as Keras's training metrics do, unweighted by class or sample weights as Keras's
    /// compiled `metrics` are. With `options.validation_split`, the last rows are
    /// held out (before shuffling) and evaluated after each epoch under `val_` names. The
    /// shuffle is seeded by `options.seed`, else by the network's seed, and continues differently
    /// when `fit` is called again.
    ///
    /// # Errors
    ///
    /// Returns an error, before changing any weight, if `x` is empty, `x` and `y` differ in
    /// length, a value is NaN or infinite, a label is out of range, `batch_size` is 0,
    /// `validation_split` is outside [0, 1) or leaves no training row, or a weight is negative or
    /// not finite. A callback's error (such as `TerminateOnNan`'s) ends training with it.
    pub fn fit(
        &mut self,
        x: &[[f32; IN]],
        y: &[Lo::Target],
        options: &FitOptions,
    ) -> Result<History, Error> {
        self.fit_inner(x, y, None, options)
    }

    /// [`fit`](Self::fit) with separate validation rows (Keras's `validation_data`), evaluated
    /// after each epoch under `val_` names; `options.validation_split` is then ignored.
    ///
    /// # Errors
    ///
    /// As `fit`, and if the validation rows are empty or invalid.
    pub fn fit_validated(
        &mut self,
        x: &[[f32; IN]],
        y: &[Lo::Target],
        validation: (&[[f32; IN]], &[Lo::Target]),
        options: &FitOptions,
    ) -> Result<History, Error> {
        inputs::validate("validation", validation.0, validation.1)?;
        self.fit_inner(x, y, Some(validation), options)
    }

    fn fit_inner(
        &mut self,
        x: &[[f32; IN]],
        y: &[Lo::Target],
        validation: Option<Rows<'_, IN, Lo::Target>>,
        options: &FitOptions,
    ) -> Result<History, Error> {
        inputs::validate("fit", x, y)?;
        if options.batch_size == 0 {
            return Err(Error::ZeroBatchSize);
        }
        let weights = inputs::sample_weights(y, options)?;
        let split = inputs::validation_split(x.len(), options.validation_split)?;
        let (x, y, validation) = match validation {
            Some(validation) => (x, y, Some(validation)),
            None if split < x.len() => (&x[..split], &y[..split], Some((&x[split..], &y[split..]))),
            None => (x, y, None),
        };
        let weights = weights.as_deref().map(|weights| &weights[..x.len()]);

        let mut rng = random::seeded(options.seed.unwrap_or(self.seed));
        rng.set_stream(self.optimizer.iterations());
        let mut order: Vec<usize> = (0..x.len()).collect();
        let mut batch = Batch::<IN>::zeros(0);
        let mut buffers = L::Buffers::default();
        let mut history = History::default();
        let steps = x.len().div_ceil(options.batch_size);
        let mut progress = Progress::new(options.verbose, options.epochs, steps);
        let tensors = self.layers.tensors();
        // Set on every fit, so that an optimizer replaced through `optimizer_mut` still clips
        // each kernel and bias by its own norm.
        self.optimizer.options_mut().variables = tensors.iter().map(TensorInfo::len).collect();
        let callbacks = &options.callbacks;
        let watch_batches = progress.is_live() || !callbacks.is_empty();
        // Built once: after each batch and epoch only the values are rewritten.
        let mut batch_logs = self.empty_logs(false);
        let mut epoch_logs = self.empty_logs(validation.is_some());
        self.run_callbacks(callbacks, &tensors, |callback, training| {
            callback.on_train_begin(training)
        })?;
        for epoch in options.initial_epoch..options.epochs {
            progress.start_epoch(epoch + 1);
            self.run_callbacks(callbacks, &tensors, |callback, training| {
                callback.on_epoch_begin(epoch, training)
            })?;
            self.metrics.reset();
            if options.shuffle {
                order.shuffle(&mut rng);
            }
            let (mut loss_sum, mut seen) = (0.0_f64, 0);
            let mut stop = false;
            for (step, rows) in order.chunks(options.batch_size).enumerate() {
                inputs::gather(x, rows, &mut batch);
                let loss = self.train_step(&batch, rows, y, weights, &mut buffers, &mut rng);
                loss_sum += f64::from(loss) * rows.len() as f64;
                seen += rows.len();
                if watch_batches {
                    let loss = (loss_sum / seen as f64) as f32;
                    write_scores(&self.metrics, loss, batch_logs.values_mut());
                    progress.batch_done(step + 1, &batch_logs);
                    stop |= self.run_callbacks(callbacks, &tensors, |callback, training| {
                        callback.on_batch_end(step, &batch_logs, training)
                    })?;
                }
                if stop {
                    break;
                }
            }
            let loss = (loss_sum / seen.max(1) as f64) as f32;
            let values = epoch_logs.values_mut();
            write_scores(&self.metrics, loss, values);
            if let Some((vx, vy)) = validation {
                let scores = self.evaluate(vx, vy)?;
                values[scores.values().len()..].copy_from_slice(scores.values());
            }
            history.record_epoch(&epoch_logs);
            progress.end_epoch(&epoch_logs);
            stop |= self.run_callbacks(callbacks, &tensors, |callback, training| {
                callback.on_epoch_end(epoch, &epoch_logs, training)
            })?;
            if stop {
                break;
            }
        }
        self.run_callbacks(callbacks, &tensors, |callback, training| {
            callback.on_train_end(training)
        })?;
        Ok(history)
    }

    /// Runs `call` on every callback with the training state, applies the learning rate they
    /// leave, and says whether one asked to stop.
    fn run_callbacks(
        &mut self,
        callbacks: &[Rc<RefCell<dyn Callback>>],
        tensors: &[TensorInfo],
        mut call: impl FnMut(&mut dyn Callback, &mut Training<'_>) -> Result<(), Error>,
    ) -> Result<bool, Error> {
        if callbacks.is_empty() {
            return Ok(false);
        }
        let mut training = Training {
            parameters: self.layers.as_mut_slice(),
            tensors,
            learning_rate: self.optimizer.learning_rate(),
            stop_training: false,
        };
        for callback in callbacks {
            call(&mut *callback.borrow_mut(), &mut training)?;
        }
        let (learning_rate, stop) = (training.learning_rate, training.stop_training);
        self.optimizer.set_learning_rate(learning_rate);
        Ok(stop)
    }

    /// Logs of `loss` and every metric, and their `val_` forms when `validation`.
    fn empty_logs(&self, validation: bool) -> Logs {
        let names: Vec<&str> = std::iter::once("loss")
            .chain(self.metric_names.iter().copied())
            .collect();
        let higher_is_better: Vec<bool> = std::iter::once(false)
            .chain(self.metrics.higher_is_better())
            .collect();
        Logs::zeros(&names, &higher_is_better, validation)
    }

    /// One gradient step on the batch of rows `rows`, returning its mean (weighted) loss plus
    /// the regularization penalty, as Keras reports it.
    fn train_step(
        &mut self,
        batch: &Batch<IN>,
        rows: &[usize],
        y: &[Lo::Target],
        weights: Option<&[f32]>,
        buffers: &mut L::Buffers,
        rng: &mut Rng,
    ) -> f32 {
        let penalty = self.layers.penalty();
        self.layers.forward(batch, buffers, Some(rng));
        let (output, gradient) = L::output_and_gradient(buffers);
        let predictions = output.as_slice().as_chunks::<OUT>().0;
        let gradients = gradient.as_mut_slice().as_chunks_mut::<OUT>().0;
        let scale = 1.0 / rows.len() as f32;
        let mut sum = 0.0;
        for ((prediction, gradient), &row) in predictions.iter().zip(gradients).zip(rows) {
            let weight = weights.map_or(1.0, |weights| weights[row]);
            sum += weight * self.loss.loss_and_gradient(prediction, &y[row], gradient);
            gradient.iter_mut().for_each(|g| *g *= weight * scale);
            // Keras weights the loss, not the compiled `metrics` (only `weighted_metrics`).
            self.metrics.update(prediction, &y[row], 1.0);
        }
        self.layers.backward(batch, buffers, &mut self.gradients);
        self.optimizer
            .apply(self.layers.as_mut_slice(), self.gradients.as_slice());
        sum * scale + penalty
    }

    /// The mean loss per sample over rows `x` with labels `y`, plus the regularization penalty,
    /// and every metric over those rows, as Keras's `model.evaluate`.
    ///
    /// # Errors
    ///
    /// Returns an error if `x` is empty, `x` and `y` differ in length, a value is NaN or
    /// infinite, or a label is out of range.
    pub fn evaluate(&self, x: &[[f32; IN]], y: &[Lo::Target]) -> Result<Evaluation, Error> {
        inputs::validate("evaluate", x, y)?;
        let mut metrics = self.metrics.clone();
        metrics.reset();
        let mut sum = 0.0_f64;
        self.for_each_output(x, |row, prediction| {
            sum += f64::from(self.loss.loss(prediction, &y[row]));
            metrics.update(prediction, &y[row], 1.0);
        });
        let loss = (sum / x.len() as f64) as f32 + self.layers.penalty();
        let names = std::iter::once("loss")
            .chain(self.metric_names.iter().copied())
            .map(str::to_string)
            .collect();
        let mut scores = NamedValues::zeros(names);
        write_scores(&metrics, loss, scores.values_mut());
        Ok(Evaluation::new(scores))
    }

    /// The network's outputs for rows `x`, computed in batches of 32, as Keras's `model.predict`.
    pub fn predict(&self, x: &[[f32; IN]]) -> Vec<[f32; OUT]> {
        let mut outputs = Vec::with_capacity(x.len());
        self.for_each_output(x, |_, prediction| outputs.push(*prediction));
        outputs
    }

    /// The network's output for one row, computed on the stack with no heap allocation.
    pub fn predict_one(&self, x: &[f32; IN]) -> [f32; OUT] {
        self.layers.predict_one(&SVector::from(*x)).into()
    }

    /// Writes the weights to a safetensors file at `path`, one tensor per kernel and bias under
    /// Keras's names (`dense_0/kernel`, `dense_0/bias`, ...). The file is replaced atomically:
    /// a crash mid-save never leaves a truncated file where the old one was.
    ///
    /// # Errors
    ///
    /// If the file cannot be written.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        io::save(path, &self.layers.tensors(), self.layers.as_slice())
    }

    /// Reads weights saved by [`save`](Self::save) from `path`.
    ///
    /// The file's header is read and checked against the file's size and this network's
    /// layout before any weight is read, so a damaged or hostile file costs no more memory than
    /// the network itself.
    ///
    /// # Errors
    ///
    /// If the file cannot be read or is not a whole safetensors file, if any tensor's name,
    /// shape or dtype differs from this network's (every difference is listed), or if a weight
    /// is NaN or infinite ([`Error::NonFiniteWeight`], naming the tensor, row and column; use
    /// [`load_allowing_non_finite`](Self::load_allowing_non_finite) to read such a file); the
    /// weights are then unchanged.
    pub fn load(&mut self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        let tensors = self.layers.tensors();
        io::load(path, &tensors, self.layers.as_mut_slice())
    }

    /// Runs `x` forward in batches and hands each row's output, with its row index, to `visit`.
    fn for_each_output(&self, x: &[[f32; IN]], mut visit: impl FnMut(usize, &[f32; OUT])) {
        let mut batch = Batch::<IN>::zeros(0);
        let mut buffers = L::Buffers::default();
        for (chunk, rows) in x.chunks(INFERENCE_BATCH).enumerate() {
            inputs::copy_rows(rows, &mut batch);
            self.layers.forward(&batch, &mut buffers, None);
            let (output, _) = L::output_and_gradient(&mut buffers);
            for (i, prediction) in output.as_slice().as_chunks::<OUT>().0.iter().enumerate() {
                visit(chunk * INFERENCE_BATCH + i, prediction);
            }
        }
    }

    /// Reads weights as [`load`](Self::load) does, but accepts NaN and infinite values, for
    /// inspecting a network whose training diverged.
    ///
    /// # Errors
    ///
    /// As [`load`](Self::load), except for non-finite weights; the weights are then unchanged.
    pub fn load_allowing_non_finite(
        &mut self,
        path: impl AsRef<std::path::Path>,
    ) -> Result<(), Error> {
        let tensors = self.layers.tensors();
        io::load_allowing_non_finite(path, &tensors, self.layers.as_mut_slice())
    }
}

impl<const IN: usize, const OUT: usize, L: Parameters, Lo: Clone, O: Clone, M: Clone> Clone
    for Network<IN, OUT, L, Lo, O, M>
{
    fn clone(&self) -> Self {
        // Copied through `Parameters` so that a large network never passes through the stack.
        Network {
            layers: self.layers.boxed_copy(),
            gradients: self.gradients.boxed_copy(),
            loss: self.loss.clone(),
            optimizer: self.optimizer.clone(),
            metrics: self.metrics.clone(),
            metric_names: self.metric_names,
            seed: self.seed,
        }
    }
}

impl<const IN: usize, const OUT: usize, L: Parameters, Lo: fmt::Debug, O: fmt::Debug, M> fmt::Debug
    for Network<IN, OUT, L, Lo, O, M>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("inputs", &IN)
            .field("outputs", &OUT)
            .field("parameters", &L::COUNT)
            .field("loss", &self.loss)
            .field("optimizer", &self.optimizer)
            .field("metrics", &self.metric_names)
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}

/// Writes `loss`, then every metric's result, at the start of `values`.
fn write_scores<const OUT: usize, T>(
    metrics: &impl MetricSet<OUT, T>,
    loss: f32,
    values: &mut [f32],
) {
    values[0] = loss;
    metrics.write_results(&mut values[1..]);
}
