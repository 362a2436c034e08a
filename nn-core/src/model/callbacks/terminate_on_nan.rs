use super::{Callback, Logs, Training};
use crate::Error;

/// Keras's `TerminateOnNaN`: a batch whose loss is NaN or infinite ends training with an error
/// naming the epoch and batch, before anything else (a checkpoint, say) sees the weights.
#[derive(Clone, Copy, Debug, Default)]
pub struct TerminateOnNan {
    epoch: usize,
}

impl TerminateOnNan {
    /// The callback.
    pub fn new() -> Self {
        TerminateOnNan::default()
    }
}

impl Callback for TerminateOnNan {
    fn on_batch_end(
        &mut self,
        batch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        match logs.get("loss") {
            Some(loss) if !loss.is_finite() => {
                training.stop_training = true;
                Err(Error::Diverged {
                    epoch: self.epoch,
                    batch,
                    loss,
                })
            }
            _ => Ok(()),
        }
    }

    fn on_epoch_end(
        &mut self,
        epoch: usize,
        _logs: &Logs,
        _training: &mut Training<'_>,
    ) -> Result<(), Error> {
        self.epoch = epoch + 1;
        Ok(())
    }
}
