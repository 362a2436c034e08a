//! Callbacks: code that runs at the ends of batches and epochs, with Keras's arguments and
//! semantics. Pass them to one run with [`FitExtras::callback`](crate::FitExtras::callback):
//! lent as `&mut callback`, a callback stays the caller's, to be read after `fit_with` returns.
//!
//! ```
//! use nn::callbacks::{EarlyStopping, ModelCheckpoint};
//! use nn::prelude::*;
//!
//! nn::network! {
//!     struct Net;
//!     input(1) -> dense(4, relu) -> dense(1, linear);
//!     loss = mse;
//!     optimizer = adam(lr = 0.01);
//! }
//!
//! # fn main() -> Result<(), nn::Error> {
//! let x: Vec<[f32; 1]> = (0..20).map(|i| [i as f32 / 20.0]).collect();
//! let y: Vec<[f32; 1]> = x.iter().map(|r| [2.0 * r[0]]).collect();
//! let best = std::env::temp_dir().join(format!("nn_callbacks_doc_{}.safetensors", std::process::id()));
//! let mut stop = EarlyStopping::new("loss").min_delta(10.0).patience(1);
//! let mut checkpoint = ModelCheckpoint::new(&best).monitor("loss").save_best_only(true);
//! let options = FitOptions::new().epochs(10).verbose(0);
//! let extras = FitExtras::new().callback(&mut stop).callback(&mut checkpoint);
//! let history = Net::with_seed(1).fit_with(&x, &y, &options, extras)?;
//! // Nothing improves by 10: epoch 0 is the best, and epoch 1 ends the run.
//! assert_eq!(stop.stopped_epoch(), Some(1));
//! assert_eq!(history.stopped_epoch(), Some(1));
//! // Saved after epoch 0, and after epoch 1 if its loss was lower.
//! let loss = history.loss();
//! assert_eq!(checkpoint.saves(), 1 + usize::from(loss[1] < loss[0]));
//! # std::fs::remove_file(&best).ok();
//! # Ok(())
//! # }
//! ```

mod backup_and_restore;
mod csv_logger;
mod early_stopping;
mod lambda;
mod learning_rate_scheduler;
mod model_checkpoint;
mod reduce_lr_on_plateau;
mod terminate_on_nan;

pub use backup_and_restore::{BackupAndRestore, SaveFreq};
pub use csv_logger::CsvLogger;
pub use early_stopping::EarlyStopping;
pub use lambda::LambdaCallback;
pub use learning_rate_scheduler::LearningRateScheduler;
pub use model_checkpoint::ModelCheckpoint;
pub use reduce_lr_on_plateau::ReduceLrOnPlateau;
pub use terminate_on_nan::TerminateOnNan;

use super::named_values::NamedValues;
use crate::Error;
use crate::io::TensorInfo;

/// What a callback sees and may change of a training run.
pub struct Training<'a> {
    /// The weights, writable (to restore the best ones, say).
    pub parameters: &'a mut [f32],
    /// Where each named tensor lies in `parameters`, for saving.
    pub tensors: &'a [TensorInfo],
    /// The optimizer's base learning rate, writable; the change applies from the next step.
    pub learning_rate: f32,
    /// Set to stop training after this batch or epoch, as Keras's `model.stop_training`.
    pub stop_training: bool,
}

/// The values logged so far: `loss`, each metric, and their `val_` forms after an epoch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logs {
    values: NamedValues,
    /// Per name, whether its values are better higher (from each metric's type).
    higher_is_better: Vec<bool>,
}

impl Logs {
    /// Logs of `names` (`"loss"` first, then the metrics), with whether each is better higher,
    /// followed by their `val_` forms when `validation`; every value 0 until it is written.
    pub(crate) fn zeros(names: &[&str], higher_is_better: &[bool], validation: bool) -> Self {
        let copies = if validation { 2 } else { 1 };
        let names = ["", "val_"][..copies]
            .iter()
            .flat_map(|prefix| names.iter().map(move |name| format!("{prefix}{name}")))
            .collect();
        Logs {
            values: NamedValues::zeros(names),
            higher_is_better: higher_is_better.repeat(copies),
        }
    }

    /// Whether a higher `name` is better: true for scores such as accuracy and AUC, false for
    /// the loss and errors; known from each metric's type, not guessed from its name.
    pub fn higher_is_better(&self, name: &str) -> bool {
        self.values
            .position(name)
            .is_some_and(|index| self.higher_is_better[index])
    }

    /// The value logged under `name`.
    pub fn get(&self, name: &str) -> Option<f32> {
        self.values.get(name)
    }

    /// Every name and value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f32)> {
        self.values.iter()
    }

    /// The values in the order of the names, writable.
    pub(crate) fn values_mut(&mut self) -> &mut [f32] {
        self.values.values_mut()
    }
}

#[cfg(test)]
impl<'a> FromIterator<(&'a str, f32)> for Logs {
    /// Logs of these names and values, none better higher.
    fn from_iter<I: IntoIterator<Item = (&'a str, f32)>>(pairs: I) -> Self {
        let values: NamedValues = pairs.into_iter().collect();
        let higher_is_better = vec![false; values.values().len()];
        Logs {
            values,
            higher_is_better,
        }
    }
}

/// Code run during `fit`. Every method has a default that does nothing.
pub trait Callback {
    /// Before the first epoch.
    fn on_train_begin(&mut self, _training: &mut Training<'_>) -> Result<(), Error> {
        Ok(())
    }

    /// Before each epoch (`epoch` from 0, as Keras counts).
    fn on_epoch_begin(&mut self, _epoch: usize, _training: &mut Training<'_>) -> Result<(), Error> {
        Ok(())
    }

    /// After each batch (`batch` from 0 within the epoch), with the epoch's running logs.
    fn on_batch_end(
        &mut self,
        _batch: usize,
        _logs: &Logs,
        _training: &mut Training<'_>,
    ) -> Result<(), Error> {
        Ok(())
    }

    /// After each epoch (`epoch` from 0, as Keras counts), with its final logs.
    fn on_epoch_end(
        &mut self,
        _epoch: usize,
        _logs: &Logs,
        _training: &mut Training<'_>,
    ) -> Result<(), Error> {
        Ok(())
    }

    /// After the last epoch, or when training stopped early.
    fn on_train_end(&mut self, _training: &mut Training<'_>) -> Result<(), Error> {
        Ok(())
    }

    /// The [`BackupAndRestore`] this callback is, which `fit` drives itself.
    #[doc(hidden)]
    fn backup_and_restore(&mut self) -> Option<&mut BackupAndRestore> {
        None
    }
}

/// A lent callback: `fit_with` runs it, and the lender reads it afterwards (see
/// [`FitExtras::callback`](crate::FitExtras::callback)).
impl<C: Callback + ?Sized> Callback for &mut C {
    fn on_train_begin(&mut self, training: &mut Training<'_>) -> Result<(), Error> {
        (**self).on_train_begin(training)
    }

    fn on_epoch_begin(&mut self, epoch: usize, training: &mut Training<'_>) -> Result<(), Error> {
        (**self).on_epoch_begin(epoch, training)
    }

    fn on_batch_end(
        &mut self,
        batch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        (**self).on_batch_end(batch, logs, training)
    }

    fn on_epoch_end(
        &mut self,
        epoch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        (**self).on_epoch_end(epoch, logs, training)
    }

    fn on_train_end(&mut self, training: &mut Training<'_>) -> Result<(), Error> {
        (**self).on_train_end(training)
    }

    fn backup_and_restore(&mut self) -> Option<&mut BackupAndRestore> {
        (**self).backup_and_restore()
    }
}

/// Whether a monitored quantity improves by going down (`min`) or up (`max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Lower is better (losses, errors).
    Min,
    /// Higher is better (accuracies, AUC, R²).
    Max,
    /// The monitored metric's own direction (`Metric::HIGHER_IS_BETTER`): `Max` for scores
    /// such as accuracy and AUC, `Min` for the loss and errors.
    Auto,
}

impl Mode {
    /// The direction for `monitor`, as `logs` know it.
    fn resolve(self, monitor: &str, logs: &Logs) -> Mode {
        match self {
            Mode::Auto if logs.higher_is_better(monitor) => Mode::Max,
            Mode::Auto => Mode::Min,
            mode => mode,
        }
    }

    /// Whether `current` beats `best` (if any yet) by more than `min_delta`.
    fn improved(self, current: f32, best: Option<f32>, min_delta: f32) -> bool {
        match (self, best) {
            (_, None) => true,
            (Mode::Max, Some(best)) => current - min_delta > best,
            (_, Some(best)) => current + min_delta < best,
        }
    }
}

/// The monitored value, or an error naming what is available.
fn monitored(monitor: &str, logs: &Logs, callback: &str) -> Result<f32, Error> {
    logs.get(monitor).ok_or_else(|| Error::InvalidArgument {
        argument: "monitor",
        requirement: "one of the logged values",
        value: format!(
            "`{monitor}` for {callback}; logged: {}",
            logs.iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}
