use super::{Callback, Logs, Mode, Training, monitored};
use crate::Error;

/// Keras's `ReduceLROnPlateau`: multiplies the learning rate by `factor` once `monitor` has not
/// improved for `patience` epochs, then waits `cooldown` epochs, never going below `min_lr`.
///
/// Defaults (Keras's): `monitor = "val_loss"`, `factor = 0.1`, `patience = 10`,
/// `mode = Auto`, `min_delta = 1e-4`, `cooldown = 0`, `min_lr = 0`.
#[derive(Clone, Debug)]
pub struct ReduceLrOnPlateau {
    monitor: String,
    factor: f32,
    patience: usize,
    mode: Mode,
    min_delta: f32,
    cooldown: usize,
    min_lr: f32,
    best: Option<f32>,
    wait: usize,
    cooldown_left: usize,
}

impl ReduceLrOnPlateau {
    /// Watches `monitor`.
    pub fn new(monitor: &str) -> Self {
        ReduceLrOnPlateau {
            monitor: monitor.to_string(),
            factor: 0.1,
            patience: 10,
            mode: Mode::Auto,
            min_delta: 1e-4,
            cooldown: 0,
            min_lr: 0.0,
            best: None,
            wait: 0,
            cooldown_left: 0,
        }
    }

    /// The factor the learning rate is multiplied by (below 1).
    pub fn factor(self, factor: f32) -> Self {
        ReduceLrOnPlateau { factor, ..self }
    }

    /// Epochs without improvement before reducing.
    pub fn patience(self, patience: usize) -> Self {
        ReduceLrOnPlateau { patience, ..self }
    }

    /// Whether lower or higher is better.
    pub fn mode(self, mode: Mode) -> Self {
        ReduceLrOnPlateau { mode, ..self }
    }

    /// The smallest change that counts as an improvement.
    pub fn min_delta(self, min_delta: f32) -> Self {
        ReduceLrOnPlateau { min_delta, ..self }
    }

    /// Epochs to wait after a reduction before watching again.
    pub fn cooldown(self, cooldown: usize) -> Self {
        ReduceLrOnPlateau { cooldown, ..self }
    }

    /// The lowest learning rate.
    pub fn min_lr(self, min_lr: f32) -> Self {
        ReduceLrOnPlateau { min_lr, ..self }
    }
}

impl Callback for ReduceLrOnPlateau {
    fn on_train_begin(&mut self, _training: &mut Training<'_>) -> Result<(), Error> {
        self.best = None;
        self.wait = 0;
        self.cooldown_left = 0;
        Ok(())
    }

    fn on_epoch_end(
        &mut self,
        _epoch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        let current = monitored(&self.monitor, logs, "ReduceLROnPlateau")?;
        let mode = self.mode.resolve(&self.monitor, logs);
        if self.cooldown_left > 0 {
            self.cooldown_left -= 1;
            self.wait = 0;
        }
        if mode.improved(current, self.best, self.min_delta) {
            self.best = Some(current);
            self.wait = 0;
        } else if self.cooldown_left == 0 {
            self.wait += 1;
            if self.wait >= self.patience && training.learning_rate > self.min_lr {
                training.learning_rate = (training.learning_rate * self.factor).max(self.min_lr);
                self.cooldown_left = self.cooldown;
                self.wait = 0;
            }
        }
        Ok(())
    }
}
