use super::progress::Verbosity;
use crate::Error;
use crate::optimizers::NonFinite;

/// How [`fit`](super::Network::fit) trains: Keras's `fit` arguments that are settings, with
/// Keras's defaults.
///
/// Plain values only, so that one `FitOptions` can be kept, compared, cloned into every trial of
/// a grid or sent to another thread (it is `Send + Sync`), and a clone shares nothing with its
/// original. What belongs to one run (validation rows, sample weights, callbacks) is lent to
/// that run with [`FitExtras`](crate::FitExtras) instead.
///
/// ```
/// use nn::{FitOptions, Verbosity};
/// let options = FitOptions::new().epochs(100).batch_size(32).verbose(0);
/// assert_eq!((options.epochs, options.batch_size, options.shuffle), (100, 32, true));
/// assert_eq!(options.verbosity(), Ok(Verbosity::Silent));
/// ```
#[derive(Clone, Debug, PartialEq)]
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
    /// The fraction of rows, taken from the end before any shuffling (as Keras does), held out
    /// to compute `val_` logs each epoch. Keras's default: 0. A double, as Python's float is:
    /// the row count `⌊n·(1 − split)⌋` must come out as Keras's (`0.1_f32` widened to `f64`
    /// holds out 11 of 100 rows, Keras 10). Not used when
    /// [`FitExtras::validation_data`](crate::FitExtras::validation_data) gives the validation
    /// rows (a value outside [0, 1) is still refused, as a mistake).
    pub validation_split: f64,
    /// A weight per class index, multiplying each sample's loss (Keras's `class_weight`); the
    /// class of a row label is its argmax, or its rounded value for one output (then 0 or 1).
    /// `fit` refuses a class the labels cannot name, a class given twice, and a one-value label
    /// that rounds to neither 0 nor 1, where Keras ignores the weight or fails late.
    pub class_weight: Vec<(usize, f32)>,
    /// The epoch to start counting from, to resume an earlier run: training runs epochs
    /// `initial_epoch..epochs`. Keras's default: 0. Equal to `epochs`, nothing is trained and the
    /// History is empty (a finished run resumed); above it, `fit` returns an error where Keras
    /// silently trains nothing.
    pub initial_epoch: usize,
    /// What a step whose gradients (or updated weights) are NaN or infinite does: `Stop` (the
    /// default) refuses it and ends `fit` with [`Error::NonFiniteStep`](crate::Error), the
    /// weights being those of the last finite step; `Continue` applies it, as Keras does.
    pub non_finite: NonFinite,
    /// What `fit` prints, or the number given to [`verbose`](Self::verbose) that names no
    /// [`Verbosity`], which `fit` refuses. Read it with [`verbosity`](Self::verbosity).
    verbose: Result<Verbosity, u8>,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            epochs: 1,
            batch_size: 32,
            shuffle: true,
            seed: None,
            validation_split: 0.0,
            class_weight: Vec::new(),
            initial_epoch: 0,
            non_finite: NonFinite::Stop,
            verbose: Ok(Verbosity::ProgressBar),
        }
    }
}

impl FitOptions {
    /// Keras's defaults: 1 epoch, batches of 32, shuffled, a progress bar.
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

    /// Starts counting epochs at `epoch` (training runs epochs `epoch..epochs`).
    pub fn initial_epoch(mut self, epoch: usize) -> Self {
        self.initial_epoch = epoch;
        self
    }

    /// Sets what `fit` prints: a [`Verbosity`], or Keras's number, 0 (silent), 1 (progress
    /// bar) or 2 (one line per epoch). A number above 2 is kept and refused by `fit` with an
    /// error naming it, as a builder cannot fail.
    ///
    /// ```
    /// use nn::{FitOptions, Verbosity};
    /// assert_eq!(FitOptions::new().verbose(2), FitOptions::new().verbose(Verbosity::OneLinePerEpoch));
    /// let error = FitOptions::new().verbose(3).verbosity().unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), got 3"
    /// );
    /// ```
    pub fn verbose(mut self, verbose: impl IntoVerbosity) -> Self {
        self.verbose = verbose.into_verbosity();
        self
    }

    /// What `fit` prints, or the error it returns for a number above 2 given to
    /// [`verbose`](Self::verbose).
    pub fn verbosity(&self) -> Result<Verbosity, Error> {
        self.verbose.or_else(Verbosity::try_from)
    }

    /// Sets what a non-finite step does: [`NonFinite::Stop`] (the default) or Keras's
    /// [`NonFinite::Continue`].
    pub fn non_finite(mut self, non_finite: NonFinite) -> Self {
        self.non_finite = non_finite;
        self
    }
}

/// What [`FitOptions::verbose`] takes: a [`Verbosity`], or Keras's number as a `u8` (an
/// integer literal such as `0` is one). Implemented for those two types only.
#[diagnostic::on_unimplemented(
    message = "`verbose` takes a `Verbosity` or Keras's number 0, 1 or 2, not `{Self}`",
    label = "expected a `Verbosity` or a `u8`",
    note = "Keras's `verbose=\"auto\"` is its default, `Verbosity::ProgressBar` (1)"
)]
pub trait IntoVerbosity: sealed::Sealed {
    /// The verbosity, or the number that names none.
    #[doc(hidden)]
    fn into_verbosity(self) -> Result<Verbosity, u8>;
}

impl IntoVerbosity for Verbosity {
    fn into_verbosity(self) -> Result<Verbosity, u8> {
        Ok(self)
    }
}

impl IntoVerbosity for u8 {
    fn into_verbosity(self) -> Result<Verbosity, u8> {
        Verbosity::try_from(self).map_err(|_| self)
    }
}

mod sealed {
    /// Keeps [`IntoVerbosity`](super::IntoVerbosity) to the types `fit` knows.
    pub trait Sealed {}
    impl Sealed for u8 {}
    impl Sealed for super::Verbosity {}
}
