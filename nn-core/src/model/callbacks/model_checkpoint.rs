use std::path::PathBuf;

use super::{Callback, Logs, Mode, Training, monitored};
use crate::{Error, io};

/// Keras's `ModelCheckpoint` (weights only): saves the weights to a safetensors file after each
/// epoch, or only when `monitor` improved with `save_best_only`.
///
/// Weights are written atomically and never when they hold a NaN, so a diverging run cannot
/// replace a good checkpoint with a bad one.
#[derive(Clone, Debug)]
pub struct ModelCheckpoint {
    path: PathBuf,
    monitor: String,
    mode: Mode,
    save_best_only: bool,
    best: Option<f32>,
    saved: usize,
}

impl ModelCheckpoint {
    /// Saves to `path` (Keras's defaults: `monitor = "val_loss"`, `save_best_only = false`).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        ModelCheckpoint {
            path: path.into(),
            monitor: "val_loss".to_string(),
            mode: Mode::Auto,
            save_best_only: false,
            best: None,
            saved: 0,
        }
    }

    /// The logged value that decides what is best.
    pub fn monitor(self, monitor: &str) -> Self {
        ModelCheckpoint {
            monitor: monitor.to_string(),
            ..self
        }
    }

    /// Whether lower or higher is better.
    pub fn mode(self, mode: Mode) -> Self {
        ModelCheckpoint { mode, ..self }
    }

    /// Whether to save only when `monitor` improves.
    pub fn save_best_only(self, save_best_only: bool) -> Self {
        ModelCheckpoint {
            save_best_only,
            ..self
        }
    }

    /// How many times the weights were written.
    pub fn saves(&self) -> usize {
        self.saved
    }
}

impl Callback for ModelCheckpoint {
    fn on_train_begin(&mut self, _training: &mut Training<'_>) -> Result<(), Error> {
        self.best = None;
        Ok(())
    }

    fn on_epoch_end(
        &mut self,
        _epoch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        if training.parameters.iter().any(|w| !w.is_finite()) {
            return Ok(());
        }
        if self.save_best_only {
            let current = monitored(&self.monitor, logs, "ModelCheckpoint")?;
            let mode = self.mode.resolve(&self.monitor, logs);
            if !mode.improved(current, self.best, 0.0) {
                return Ok(());
            }
            self.best = Some(current);
        }
        io::save(&self.path, training.tensors, training.parameters)?;
        self.saved += 1;
        Ok(())
    }
}
