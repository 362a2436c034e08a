use super::{Callback, Logs, Training};
use crate::Error;

type Hook = Box<dyn FnMut(usize, &Logs, &mut Training<'_>)>;

/// Keras's `LambdaCallback`: closures run at the end of each epoch and batch.
///
/// ```
/// use nn::callbacks::LambdaCallback;
/// let print = LambdaCallback::new().on_epoch_end(|epoch, logs, _| {
///     println!("epoch {epoch}: loss {:?}", logs.get("loss"));
/// });
/// # let _ = print;
/// ```
#[derive(Default)]
pub struct LambdaCallback {
    epoch_end: Option<Hook>,
    batch_end: Option<Hook>,
}

impl LambdaCallback {
    /// A callback that does nothing yet.
    pub fn new() -> Self {
        LambdaCallback::default()
    }

    /// Runs `hook(epoch, logs, training)` after each epoch.
    pub fn on_epoch_end(self, hook: impl FnMut(usize, &Logs, &mut Training<'_>) + 'static) -> Self {
        LambdaCallback {
            epoch_end: Some(Box::new(hook)),
            ..self
        }
    }

    /// Runs `hook(batch, logs, training)` after each batch.
    pub fn on_batch_end(self, hook: impl FnMut(usize, &Logs, &mut Training<'_>) + 'static) -> Self {
        LambdaCallback {
            batch_end: Some(Box::new(hook)),
            ..self
        }
    }
}

impl Callback for LambdaCallback {
    fn on_epoch_end(
        &mut self,
        epoch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        if let Some(hook) = self.epoch_end.as_mut() {
            hook(epoch, logs, training);
        }
        Ok(())
    }

    fn on_batch_end(
        &mut self,
        batch: usize,
        logs: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        if let Some(hook) = self.batch_end.as_mut() {
            hook(batch, logs, training);
        }
        Ok(())
    }
}
