use std::cell::RefCell;
use std::rc::Rc;

use super::callbacks::Callback;
use crate::optimizers::NonFinite;

/// How [`fit`](super::Network::fit) trains: Keras's `fit` arguments, with Keras's defaults.
///
/// ```
/// use nn::FitOptions;
/// let options = FitOptions::new().epochs(100).batch_size(32).verbose(0);
/// assert_eq!((options.epochs, options.batch_size, options.shuffle), (100, 32, true));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct FitOptions {
    /// Passes over the training data. Keras's default: 1.
    pub epochs: usize,
    /// Samples per gradient step; the last batch of an epoch may be smaller. Keras's default: 32.
    pub batch_size: usize,
    /// Whether the rows are reshuffled before every epoch. Keras's default: `true`.
    pub shuffle: bool,
    /// Re-seeds the network's training generator (shuffle and dropout) before training; `None`
    /// carries it on from the last `fit` (started from the network's own seed), so that two
    /// calls train as one longer call would.
    pub seed: Option<u64>,
    /// 0 prints nothing; 1 draws Keras's live progress bar on a terminal (and its final line
    /// per epoch elsewhere, such as a log file); 2 prints Keras's one-line epoch summary.
    /// Keras's default: 1. Other values are an error (Keras prints nothing for them).
    pub verbose: u8,
    /// The fraction of rows, taken from the end before any shuffling (as Keras does), held out
    /// to compute `val_` logs each epoch. Keras's default: 0. A double, as Python's float is:
    /// the row count `⌊n·(1 − split)⌋` must come out as Keras's (`0.1_f32` widened to `f64`
    /// holds out 11 of 100 rows, Keras 10).
    pub validation_split: f64,
    /// A weight per class index, multiplying each sample's loss (Keras's `class_weight`); the
    /// class of a row label is its argmax, or its rounded value for one output (then 0 or 1).
    /// `fit` refuses a class the labels cannot name, a class given twice, and a one-value label
    /// that rounds to neither 0 nor 1, where Keras ignores the weight or fails late.
    pub class_weight: Vec<(usize, f32)>,
    /// A weight per training row, multiplying its loss (Keras's `sample_weight`).
    pub sample_weight: Option<Vec<f32>>,
    /// The epoch to start counting from, to resume an earlier run: training runs epochs
    /// `initial_epoch..epochs`. Keras's default: 0. Equal to `epochs`, nothing is trained and the
    /// History is empty (a finished run resumed); above it, `fit` returns an error where Keras
    /// silently trains nothing.
    pub initial_epoch: usize,
    /// The callbacks, run in order.
    pub callbacks: Vec<Rc<RefCell<dyn Callback>>>,
    /// What a step whose gradients (or updated weights) are NaN or infinite does: `Stop` (the
    /// default) refuses it and ends `fit` with [`Error::NonFiniteStep`](crate::Error), the
    /// weights being those of the last finite step; `Continue` applies it, as Keras does.
    pub non_finite: NonFinite,
}

impl std::fmt::Debug for FitOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FitOptions")
            .field("epochs", &self.epochs)
            .field("batch_size", &self.batch_size)
            .field("shuffle", &self.shuffle)
            .field("seed", &self.seed)
            .field("verbose", &self.verbose)
            .field("validation_split", &self.validation_split)
            .field("class_weight", &self.class_weight)
            .field("sample_weight", &self.sample_weight.as_ref().map(Vec::len))
            .field("initial_epoch", &self.initial_epoch)
            .field("callbacks", &self.callbacks.len())
            .field("non_finite", &self.non_finite)
            .finish()
    }
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            epochs: 1,
            batch_size: 32,
            shuffle: true,
            seed: None,
            verbose: 1,
            validation_split: 0.0,
            class_weight: Vec::new(),
            sample_weight: None,
            initial_epoch: 0,
            callbacks: Vec::new(),
            non_finite: NonFinite::Stop,
        }
    }
}

impl FitOptions {
    /// Keras's defaults: 1 epoch, batches of 32, shuffled, verbose.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of epochs.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Sets the batch size (must be at least 1; `fit` returns an error otherwise).
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Sets whether rows are reshuffled before every epoch.
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// Sets the shuffle's seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Holds out the last `fraction` of the rows for validation.
    pub fn validation_split(mut self, fraction: f64) -> Self {
        self.validation_split = fraction;
        self
    }

    /// Weighs each sample's loss by its class's weight.
    pub fn class_weight(mut self, weights: impl IntoIterator<Item = (usize, f32)>) -> Self {
        self.class_weight = weights.into_iter().collect();
        self
    }

    /// Weighs each training row's loss.
    pub fn sample_weight(mut self, weights: Vec<f32>) -> Self {
        self.sample_weight = Some(weights);
        self
    }

    /// Starts counting epochs at `epoch` (training runs epochs `epoch..epochs`).
    pub fn initial_epoch(mut self, epoch: usize) -> Self {
        self.initial_epoch = epoch;
        self
    }

    /// Adds a callback. To read its state after `fit`, pass a shared one with
    /// [`shared_callback`](Self::shared_callback).
    pub fn callback(self, callback: impl Callback + 'static) -> Self {
        self.shared_callback(Rc::new(RefCell::new(callback)))
    }

    /// Adds a callback that the caller keeps a handle to.
    pub fn shared_callback(mut self, callback: Rc<RefCell<dyn Callback>>) -> Self {
        self.callbacks.push(callback);
        self
    }

    /// Sets the verbosity: 0 silent, 1 progress bar, 2 one line per epoch.
    pub fn verbose(mut self, verbose: u8) -> Self {
        self.verbose = verbose;
        self
    }

    /// Sets what a non-finite step does: [`NonFinite::Stop`] (the default) or Keras's
    /// [`NonFinite::Continue`].
    pub fn non_finite(mut self, non_finite: NonFinite) -> Self {
        self.non_finite = non_finite;
        self
    }
}
