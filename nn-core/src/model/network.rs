use core::fmt;

use nalgebra::SVector;
use rand::seq::SliceRandom;

use super::callbacks::{BackupAndRestore, Callback, Logs, SaveFreq, Training};
use super::named_values::NamedValues;
use super::progress::Progress;
use super::training_state::{self, Contents, Identity, Refusal, ResumePoint, Run};
use super::{Evaluation, FitExtras, FitOptions, History, Layers, inputs};
use crate::io::TensorInfo;
use crate::losses::Loss;
use crate::metrics::MetricSet;
use crate::optimizers::{NonFiniteStep, Optimizer};
use crate::{Batch, Error, FloatMode, Parameters, Rng, io, random};

/// The callbacks of one `fit`, lent or given.
type Callbacks<'c> = [Box<dyn Callback + 'c>];

/// Rows per forward pass in `evaluate` and `predict`, Keras's default `batch_size` there.
const INFERENCE_BATCH: usize = 32;

/// A compiled network: its layers, their gradients, the loss, the optimizer and the metrics.
///
/// This is what Keras calls a compiled model. The `network!` macro wraps one in the struct it
/// declares; [`Model`](super::Model) forwards to the methods here. The layers and their gradients
/// live on the heap, each as one flat run of `f32`.
///
/// The network also owns the generator that shuffles rows and draws dropout masks while
/// training. It starts from the network's seed and carries on from one `fit` to the next, so
/// `fit` for 10 epochs trains exactly as `fit` for 5 then `fit` with `initial_epoch = 5` does.
pub struct Network<const IN: usize, const OUT: usize, L, Lo, O, M = ()> {
    layers: Box<L>,
    gradients: Box<L>,
    loss: Lo,
    optimizer: O,
    metrics: M,
    metric_names: &'static [&'static str],
    seed: u64,
    rng: Rng,
    /// The rows' order of the last epoch, which the next one's shuffle starts from (as Keras's
    /// own shuffles do within one `fit`), kept across calls so that two calls train as one.
    order: Vec<usize>,
    /// The epoch the next `fit` would carry on with, for a training-state file saved between
    /// calls.
    epoch: usize,
    /// A run restored by `resume_from`, which the next `fit` starting at its epoch carries on.
    resumed: Option<Run>,
    /// Whether `fit`, `evaluate`, `predict` and `predict_one` flush subnormals to zero.
    flush_subnormals: bool,
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
            rng: random::seeded(seed),
            order: Vec::new(),
            epoch: 0,
            resumed: None,
            flush_subnormals: true,
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
            rng,
            order,
            epoch,
            resumed,
            flush_subnormals,
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
            rng,
            order,
            epoch,
            resumed,
            flush_subnormals,
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
    /// held out (before shuffling) and evaluated after each epoch under `val_` names. Each
    /// epoch reshuffles the last epoch's order with the network's generator (re-seeded by
    /// `options.seed`, else carried on from the last `fit`); both outlive the call, so training
    /// in two calls equals training in one.
    ///
    /// With a [`BackupAndRestore`] among the callbacks ([`fit_with`](Self::fit_with)) whose file
    /// exists, training first resumes from it (its epoch and batch, generator, optimizer,
    /// running loss and metrics) and the returned `History` holds every epoch of the run. After
    /// [`resume_from`](Self::resume_from), a `fit` whose `initial_epoch` is the resumed epoch
    /// carries that epoch on from the batch it had reached.
    ///
    /// # Errors
    ///
    /// Returns an error, before changing any weight, if `x` is empty, `x` and `y` differ in
    /// length, a value is NaN or infinite, a label is out of range, `batch_size` is 0,
    /// `initial_epoch` is above `epochs`, `verbose` was given a number above 2,
    /// `validation_split` is outside [0, 1) or leaves no training row, or a weight is negative or
    /// not finite. A callback's error (such as `TerminateOnNan`'s) ends training with it. Under
    /// `options.non_finite = Stop` (the default), a step whose gradients are not finite is
    /// refused and training ends with [`Error::NonFiniteStep`] naming the epoch, the batch and
    /// the first value that overflowed; the weights are those of the last finite step (a weight
    /// whose own update overflowed keeps its value, see
    /// [`Optimizer::step`](crate::optimizers::Optimizer::step)).
    pub fn fit(
        &mut self,
        x: &[[f32; IN]],
        y: &[Lo::Target],
        options: &FitOptions,
    ) -> Result<History, Error> {
        self.fit_with(x, y, options, FitExtras::new())
    }

    /// [`fit`](Self::fit) with what one run borrows besides its rows and settings (see
    /// [`FitExtras`]): validation rows (Keras's `validation_data`), evaluated after each epoch
    /// under `val_` names in place of `options.validation_split`'s; a weight per training row
    /// (`sample_weight`); and callbacks, run in the order they were added. Callbacks lent as
    /// `&mut` are the caller's again when this returns, holding what they found.
    ///
    /// # Errors
    ///
    /// As `fit`; the validation rows are checked first, and refused if empty or invalid
    /// ([`Error::Validation`] for a bad value or label), and the sample weights refused if
    /// their count is not the number of rows of `x`.
    pub fn fit_with(
        &mut self,
        x: &[[f32; IN]],
        y: &[Lo::Target],
        options: &FitOptions,
        extras: FitExtras<'_, IN, Lo::Target>,
    ) -> Result<History, Error> {
        let FitExtras {
            validation_data,
            sample_weight,
            mut callbacks,
        } = extras;
        if let Some((vx, vy)) = validation_data {
            inputs::validate("validation", vx, vy)?;
        }
        let _float_mode = FloatMode::flush_subnormals_if(self.flush_subnormals);
        inputs::validate("fit", x, y)?;
        inputs::check_fit_options(options)?;
        let verbosity = options.verbosity()?;
        let weights = inputs::sample_weights(y, sample_weight, options)?;
        let split = inputs::validation_split(x.len(), options.validation_split)?;
        let (x, y, validation) = match validation_data {
            Some(validation) => (x, y, Some(validation)),
            None if split < x.len() => (&x[..split], &y[..split], Some((&x[split..], &y[split..]))),
            None => (x, y, None),
        };
        let weights = weights.as_deref().map(|weights| &weights[..x.len()]);

        if let Some(seed) = options.seed {
            self.rng = random::seeded(seed);
        }
        let callbacks = &mut callbacks[..];
        // Found once: `fit` itself saves and restores through it, between the callbacks' calls.
        let backup_place = callbacks
            .iter_mut()
            .position(|callback| callback.backup_and_restore().is_some());
        let mut run = Run {
            epoch: options.initial_epoch,
            batch: 0,
            loss_sum: 0.0,
            seen: 0,
            history: History::default(),
        };
        if let Some(backup) = backup_in(callbacks, backup_place) {
            let path = backup.path();
            if path.exists() {
                let point = self.resume_from(&path)?;
                run.epoch = point.epoch;
                run.history = point.history;
            }
        }
        // An epoch part-way done (restored above or by `resume_from`) carries on from its batch.
        let mut carry_on = match self.resumed.take() {
            Some(resumed) if resumed.epoch == run.epoch && resumed.batch > 0 => {
                if self.order.len() != x.len() {
                    return Err(Error::StateMismatch {
                        what: format!("the epoch {} resumed", run.epoch),
                        differences: format!(
                            "it was shuffled for {} rows, fit was given {} (after any \
                             validation split)",
                            self.order.len(),
                            x.len()
                        ),
                    });
                }
                (run.batch, run.loss_sum, run.seen) =
                    (resumed.batch, resumed.loss_sum, resumed.seen);
                true
            }
            _ => false,
        };

        let mut batch = Batch::<IN>::zeros(0);
        let mut rows = Vec::with_capacity(options.batch_size.min(x.len()));
        let mut buffers = L::Buffers::default();
        let steps = x.len().div_ceil(options.batch_size);
        let mut progress = Progress::new(verbosity, options.epochs, steps);
        let tensors = self.layers.tensors();
        // Passed to every step, so that `clipnorm` clips each kernel and bias by its own norm.
        let variables: Vec<usize> = tensors.iter().map(TensorInfo::len).collect();
        let watch_batches = progress.is_live() || !callbacks.is_empty();
        let mut batches_since_save = 0;
        // Built once: after each batch and epoch only the values are rewritten.
        let mut batch_logs = self.empty_logs(false);
        let mut epoch_logs = self.empty_logs(validation.is_some());
        self.run_callbacks(callbacks, &tensors, |callback, training| {
            callback.on_train_begin(training)
        })?;
        for epoch in run.epoch..options.epochs {
            progress.start_epoch(epoch + 1);
            self.run_callbacks(callbacks, &tensors, |callback, training| {
                callback.on_epoch_begin(epoch, training)
            })?;
            if carry_on {
                // The epoch part-way done keeps the order it was shuffled into.
                carry_on = false;
            } else {
                self.metrics.reset();
                (run.epoch, run.batch, run.loss_sum, run.seen) = (epoch, 0, 0.0, 0);
                self.shuffle(x.len(), options.shuffle);
            }
            let mut stop = false;
            for step in run.batch..steps {
                // Copied out, as the step borrows the whole network.
                let start = step * options.batch_size;
                let end = (start + options.batch_size).min(x.len());
                rows.clear();
                rows.extend_from_slice(&self.order[start..end]);
                let rows = &rows[..];
                inputs::gather(x, rows, &mut batch);
                let loss = self
                    .train_step(&batch, rows, y, weights, &mut buffers, &variables, options)
                    .map_err(|refused| non_finite_error(refused, epoch, step, &tensors))?;
                run.loss_sum += f64::from(loss) * rows.len() as f64;
                run.seen += rows.len();
                run.batch = step + 1;
                if watch_batches {
                    let loss = (run.loss_sum / run.seen as f64) as f32;
                    write_scores(&self.metrics, loss, batch_logs.values_mut());
                    progress.batch_done(step + 1, &batch_logs);
                    stop |= self.run_callbacks(callbacks, &tensors, |callback, training| {
                        callback.on_batch_end(step, &batch_logs, training)
                    })?;
                }
                if let Some(backup) = backup_in(callbacks, backup_place)
                    && let SaveFreq::Batches(every) = backup.save_freq_value()
                {
                    batches_since_save += 1;
                    if batches_since_save >= every {
                        batches_since_save = 0;
                        self.back_up(backup, &run, &tensors)?;
                    }
                }
                if stop {
                    break;
                }
            }
            let loss = (run.loss_sum / run.seen.max(1) as f64) as f32;
            let values = epoch_logs.values_mut();
            write_scores(&self.metrics, loss, values);
            if let Some((vx, vy)) = validation {
                let scores = self.evaluate(vx, vy)?;
                values[scores.values().len()..].copy_from_slice(scores.values());
            }
            run.history.record_epoch(&epoch_logs);
            progress.end_epoch(&epoch_logs);
            stop |= self.run_callbacks(callbacks, &tensors, |callback, training| {
                callback.on_epoch_end(epoch, &epoch_logs, training)
            })?;
            if stop {
                run.history.record_stop(epoch);
            }
            (run.epoch, run.batch, run.loss_sum, run.seen) = (epoch + 1, 0, 0.0, 0);
            self.epoch = epoch + 1;
            if let Some(backup) = backup_in(callbacks, backup_place)
                && backup.save_freq_value() == SaveFreq::Epoch
            {
                self.back_up(backup, &run, &tensors)?;
            }
            if stop {
                break;
            }
        }
        self.run_callbacks(callbacks, &tensors, |callback, training| {
            callback.on_train_end(training)
        })?;
        if let Some(backup) = backup_in(callbacks, backup_place)
            && backup.deletes_checkpoint()
        {
            let path = backup.path();
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::File {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    });
                }
                _ => {}
            }
        }
        Ok(run.history)
    }

    /// Sets the order of the next epoch's `rows`: the last epoch's shuffled again by the
    /// network's generator when `shuffle`, else (or if the rows changed) `0..rows`.
    fn shuffle(&mut self, rows: usize, shuffle: bool) {
        if !shuffle || self.order.len() != rows {
            self.order.clear();
            self.order.extend(0..rows);
        }
        if shuffle {
            self.order.shuffle(&mut self.rng);
        }
    }

    /// Writes the training state of `run` through the `BackupAndRestore` callback `backup`.
    fn back_up(
        &self,
        backup: &mut BackupAndRestore,
        run: &Run,
        tensors: &[TensorInfo],
    ) -> Result<(), Error> {
        let bytes = self.training_state(run, tensors, &backup.path())?;
        backup.write(&bytes)
    }

    /// The bytes of a training-state file for `run`.
    fn training_state(
        &self,
        run: &Run,
        tensors: &[TensorInfo],
        path: &std::path::Path,
    ) -> Result<Vec<u8>, Error> {
        let mut metrics = Vec::new();
        self.metrics.save_state(&mut metrics);
        let contents = Contents {
            parameters: self.layers.as_slice().to_vec(),
            optimizer: self.optimizer.state(),
            learning_rate: self.optimizer.learning_rate(),
            rng: self.rng.clone(),
            order: self.order.clone(),
            metrics,
        };
        training_state::encode(&self.identity(tensors), &contents, run).map_err(|message| {
            Error::File {
                path: path.display().to_string(),
                message,
            }
        })
    }

    /// What a training-state file of this network must say it is.
    fn identity<'t>(&self, tensors: &'t [TensorInfo]) -> Identity<'t> {
        Identity {
            tensors,
            optimizer: O::NAME,
            settings: self.optimizer.settings(),
            metrics: self.metric_names,
        }
    }

    /// Writes everything needed to carry training on exactly to a training-state file at `path`
    /// (replaced atomically): the weights, the optimizer's step count, slots and learning rate,
    /// the shuffle and dropout generator, the epoch the next `fit` starts at, and `history`.
    /// The format is described in [`training_state`](super::training_state).
    ///
    /// The `nn` crate's documentation shows a run saved after 2 epochs and carried on in
    /// another network to the same weights and History as one that never stopped.
    ///
    /// # Errors
    ///
    /// If the file cannot be written.
    pub fn save_training_state(
        &self,
        path: impl AsRef<std::path::Path>,
        history: &History,
    ) -> Result<(), Error> {
        let path = path.as_ref();
        let run = Run {
            epoch: self.epoch,
            batch: 0,
            loss_sum: 0.0,
            seen: 0,
            history: history.clone(),
        };
        let bytes = self.training_state(&run, &self.layers.tensors(), path)?;
        io::write_atomically(path, &bytes)
    }

    /// Restores a training-state file written by
    /// [`save_training_state`](Self::save_training_state) or [`BackupAndRestore`]: weights,
    /// optimizer state and learning rate, generator, and the metrics' running state. Returns
    /// where the run stood; a `fit` with `initial_epoch = point.epoch` carries it on exactly
    /// (from `point.batch` within that epoch).
    ///
    /// # Errors
    ///
    /// If the file cannot be read, is not a training-state file (its header is checked before
    /// anything else is read), holds a NaN or infinite weight, or was saved by another network
    /// (tensor names or shapes), optimizer (name or any setting but the learning rate) or set
    /// of metrics, every difference being named. The network is then unchanged.
    pub fn resume_from(&mut self, path: impl AsRef<std::path::Path>) -> Result<ResumePoint, Error> {
        let path = path.as_ref();
        let file_error = |message: String| Error::File {
            path: path.display().to_string(),
            message,
        };
        let tensors = self.layers.tensors();
        let identity = self.identity(&tensors);
        let bytes = training_state::read(path, &identity)?;
        let (contents, mut run) = match training_state::decode(&bytes, &identity) {
            Ok(decoded) => decoded,
            Err(Refusal::NotAState(message)) => return Err(file_error(message)),
            Err(Refusal::Mismatch(differences)) => {
                return Err(Error::StateMismatch {
                    what: format!("the training state {}", path.display()),
                    differences,
                });
            }
        };
        io::refuse_non_finite(path, &tensors, &contents.parameters)?;
        let mut optimizer = self.optimizer.clone();
        optimizer.set_state(contents.optimizer)?;
        optimizer.set_learning_rate(contents.learning_rate);
        let mut metrics = self.metrics.clone();
        metrics.restore_state(&contents.metrics)?;
        self.layers
            .as_mut_slice()
            .copy_from_slice(&contents.parameters);
        (self.optimizer, self.metrics, self.rng) = (optimizer, metrics, contents.rng);
        self.order = contents.order;
        self.epoch = run.epoch;
        let point = ResumePoint {
            epoch: run.epoch,
            batch: run.batch,
            history: std::mem::take(&mut run.history),
        };
        self.resumed = Some(run);
        Ok(point)
    }

    /// Runs `call` on every callback with the training state, applies the learning rate they
    /// leave, and says whether one asked to stop.
    fn run_callbacks(
        &mut self,
        callbacks: &mut Callbacks<'_>,
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
            call(&mut **callback, &mut training)?;
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
    /// the regularization penalty, as Keras reports it, or why the optimizer refused the step.
    #[allow(clippy::too_many_arguments)]
    fn train_step(
        &mut self,
        batch: &Batch<IN>,
        rows: &[usize],
        y: &[Lo::Target],
        weights: Option<&[f32]>,
        buffers: &mut L::Buffers,
        variables: &[usize],
        options: &FitOptions,
    ) -> Result<f32, NonFiniteStep> {
        let penalty = self.layers.penalty();
        self.layers.forward(batch, buffers, Some(&mut self.rng));
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
        self.optimizer.step(
            self.layers.as_mut_slice(),
            self.gradients.as_slice(),
            variables,
            options.non_finite,
        )?;
        // Only once the step is applied: a refused step leaves the moving statistics too.
        self.layers.update_non_trainable(buffers);
        Ok(sum * scale + penalty)
    }

    /// The mean loss per sample over rows `x` with labels `y`, plus the regularization penalty,
    /// and every metric over those rows, as Keras's `model.evaluate`.
    ///
    /// # Errors
    ///
    /// Returns an error if `x` is empty, `x` and `y` differ in length, a value is NaN or
    /// infinite, or a label is out of range.
    pub fn evaluate(&self, x: &[[f32; IN]], y: &[Lo::Target]) -> Result<Evaluation, Error> {
        let _float_mode = FloatMode::flush_subnormals_if(self.flush_subnormals);
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
        let _float_mode = FloatMode::flush_subnormals_if(self.flush_subnormals);
        let mut outputs = Vec::with_capacity(x.len());
        self.for_each_output(x, |_, prediction| outputs.push(*prediction));
        outputs
    }

    /// The network's output for one row, computed on the stack with no heap allocation.
    pub fn predict_one(&self, x: &[f32; IN]) -> [f32; OUT] {
        let _float_mode = FloatMode::flush_subnormals_if(self.flush_subnormals);
        self.layers.predict_one(&SVector::from(*x)).into()
    }

    /// Whether [`fit`](Self::fit), [`evaluate`](Self::evaluate), [`predict`](Self::predict)
    /// and [`predict_one`](Self::predict_one) flush subnormal numbers to zero while they run
    /// (true unless turned off with [`set_flush_subnormals`](Self::set_flush_subnormals)).
    pub fn flushes_subnormals(&self) -> bool {
        self.flush_subnormals
    }

    /// Whether to flush subnormal numbers (those below `f32::MIN_POSITIVE`, about 1.2e-38) to
    /// zero while training and predicting; on by default.
    ///
    /// Values drift into the subnormal range as training goes on (Adam's moments, gradients
    /// decaying toward zero), and on many x86 CPUs every operation on one takes a slow
    /// microcode path: flushing made small-batch training up to 3 to 6 times faster on one
    /// Intel machine. TensorFlow runs its kernels flushed for the same reason, so results stay
    /// Keras's. Each call sets the calling thread's mode on entry and puts the caller's back
    /// on return (see [`FloatMode`]); turn it off to keep gradual underflow, as IEEE 754
    /// specifies it.
    pub fn set_flush_subnormals(&mut self, flush: bool) {
        self.flush_subnormals = flush;
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

    /// Writes the network to `path` as an ONNX model (opset [`OPSET`](io::onnx::OPSET)) that
    /// onnxruntime, or any ONNX runtime, runs to `predict`'s outputs: input `input` of shape
    /// `[batch, IN]`, output `output` of `[batch, OUT]`, the weights as initializers under the
    /// names [`save`](Self::save) uses. Layers that act only while training (dropout, the
    /// noise layers) are left out, as at inference.
    ///
    /// # Errors
    ///
    /// [`Error::OnnxUnsupported`] naming the layer and what ONNX lacks (`gelu(approximate =
    /// true)` needs an opset this export does not target), with nothing written; or an
    /// error writing the file, which is written whole or not at all.
    pub fn save_onnx(&self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        let mut graph = io::onnx::Graph::default();
        let last = self.layers.to_onnx(&mut graph)?;
        let name = path
            .as_ref()
            .file_stem()
            .map_or_else(|| "network".into(), |stem| stem.to_string_lossy());
        let bytes = io::onnx::model::<IN, OUT>(graph, &last, &name);
        io::onnx::save(path.as_ref(), &bytes)
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
            rng: self.rng.clone(),
            order: self.order.clone(),
            epoch: self.epoch,
            resumed: self.resumed.clone(),
            flush_subnormals: self.flush_subnormals,
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
            .field("epoch", &self.epoch)
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

/// The [`BackupAndRestore`] at `place` among `callbacks`, if there is one.
fn backup_in<'c>(
    callbacks: &'c mut Callbacks<'_>,
    place: Option<usize>,
) -> Option<&'c mut BackupAndRestore> {
    callbacks[place?].backup_and_restore()
}

/// The error ending `fit` when the optimizer refused the step of `batch` in `epoch`, naming the
/// tensor and element that overflowed.
fn non_finite_error(
    refused: NonFiniteStep,
    epoch: usize,
    batch: usize,
    tensors: &[TensorInfo],
) -> Error {
    let element = |index: usize| {
        let Some(tensor) = tensors
            .iter()
            .find(|tensor| (tensor.offset..tensor.offset + tensor.len()).contains(&index))
        else {
            return format!("parameter {index}");
        };
        let mut rest = index - tensor.offset;
        let mut indices = vec![0; tensor.shape.len()];
        for (i, &extent) in tensor.shape.iter().enumerate().rev() {
            indices[i] = rest % extent.max(1);
            rest /= extent.max(1);
        }
        let indices: Vec<String> = indices.iter().map(usize::to_string).collect();
        format!("{}[{}]", tensor.name, indices.join(", "))
    };
    let what = match refused {
        NonFiniteStep::Gradient { index, value } => format!(
            "the gradient of {} is {value}; the step was refused, the weights are those of \
             the last finite step",
            element(index)
        ),
        NonFiniteStep::GlobalNorm => "the global norm of the gradients overflows \
             (global_clipnorm); the step was refused, the weights are those of the last finite \
             step"
            .to_string(),
        NonFiniteStep::Update => "the update of some weights would be NaN or infinite (every \
             gradient being finite); those kept their values, and every finite update of the \
             step was applied"
            .to_string(),
    };
    Error::NonFiniteStep { epoch, batch, what }
}
