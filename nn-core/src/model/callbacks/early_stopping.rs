use super::{Callback, Logs, Mode, Training, monitored};
use crate::Error;

/// Keras's `EarlyStopping`: stops training once `monitor` has not improved by more than
/// `min_delta` for `patience` epochs.
///
/// Defaults (Keras's): `monitor = "val_loss"`, `min_delta = 0`, `patience = 0`, `mode = Auto`,
/// no `baseline`, `restore_best_weights = false`, `start_from_epoch = 0`.
///
/// ```
/// use nn::callbacks::EarlyStopping;
/// let stop = EarlyStopping::new("loss").patience(3).restore_best_weights(true);
/// assert_eq!(stop.stopped_epoch(), None);
/// ```
#[derive(Clone, Debug)]
pub struct EarlyStopping {
    monitor: String,
    min_delta: f32,
    patience: usize,
    mode: Mode,
    baseline: Option<f32>,
    restore_best_weights: bool,
    start_from_epoch: usize,
    resolved: Option<Mode>,
    best: Option<f32>,
    wait: usize,
    best_weights: Option<Vec<f32>>,
    stopped_epoch: Option<usize>,
}

impl EarlyStopping {
    /// Watches `monitor` (`"val_loss"` is Keras's default).
    pub fn new(monitor: &str) -> Self {
        EarlyStopping {
            monitor: monitor.to_string(),
            min_delta: 0.0,
            patience: 0,
            mode: Mode::Auto,
            baseline: None,
            restore_best_weights: false,
            start_from_epoch: 0,
            resolved: None,
            best: None,
            wait: 0,
            best_weights: None,
            stopped_epoch: None,
        }
    }

    /// The smallest change that counts as an improvement (its magnitude is used).
    pub fn min_delta(self, min_delta: f32) -> Self {
        EarlyStopping {
            min_delta: min_delta.abs(),
            ..self
        }
    }

    /// Epochs without improvement before stopping.
    pub fn patience(self, patience: usize) -> Self {
        EarlyStopping { patience, ..self }
    }

    /// Whether lower or higher is better.
    pub fn mode(self, mode: Mode) -> Self {
        EarlyStopping { mode, ..self }
    }

    /// A value to beat from the start.
    pub fn baseline(self, baseline: f32) -> Self {
        EarlyStopping {
            baseline: Some(baseline),
            ..self
        }
    }

    /// Whether to put back the weights of the best epoch when training ends, as Keras 3 does:
    /// whether or not it stopped early.
    pub fn restore_best_weights(self, restore: bool) -> Self {
        EarlyStopping {
            restore_best_weights: restore,
            ..self
        }
    }

    /// Epochs to let pass before watching (a warm-up).
    pub fn start_from_epoch(self, epochs: usize) -> Self {
        EarlyStopping {
            start_from_epoch: epochs,
            ..self
        }
    }

    /// The epoch (from 0) at which training was stopped, if it was.
    pub fn stopped_epoch(&self) -> Option<usize> {
        self.stopped_epoch
    }
}

impl Callback for EarlyStopping {
    fn on_train_begin(&mut self, _training: &mut Training<'_>) -> Result<(), Error> {
        self.resolved = None;
        // As Keras: the first watched epoch is always the best so far; the baseline only decides
        // whether an improvement resets the patience.
        self.best = None;
        self.wait = 0;
        self.best_weights = None;
        self.stopped_epoch = None;
        Ok(())
    }

    fn on_epoch_end(
        &mut self,
        epoch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        let current = monitored(&self.monitor, logs, "EarlyStopping")?;
        let mode = *self
            .resolved
            .get_or_insert(self.mode.resolve(&self.monitor, logs));
        if epoch < self.start_from_epoch {
            return Ok(());
        }
        if self.restore_best_weights && self.best_weights.is_none() {
            // Keras keeps the first watched epoch's weights as the best so far.
            self.best_weights = Some(training.parameters.to_vec());
        }
        self.wait += 1;
        if mode.improved(current, self.best, self.min_delta) {
            self.best = Some(current);
            if self.restore_best_weights {
                self.best_weights = Some(training.parameters.to_vec());
            }
            // With a baseline, improving on it once is not enough to reset the patience.
            if self.baseline.is_none() || mode.improved(current, self.baseline, self.min_delta) {
                self.wait = 0;
            }
            return Ok(());
        }
        if self.wait >= self.patience && epoch > 0 {
            self.stopped_epoch = Some(epoch);
            training.stop_training = true;
        }
        Ok(())
    }

    /// Keras 3 restores in `on_train_end`, so a run that reaches its last epoch also ends with
    /// the best weights, not the last ones.
    fn on_train_end(&mut self, training: &mut Training<'_>) -> Result<(), Error> {
        if let Some(best) = self.best_weights.take() {
            training.parameters.copy_from_slice(&best);
        }
        Ok(())
    }
}
