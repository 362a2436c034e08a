use super::{Callback, Logs, Training};
use crate::Error;

type Hook<'a> = Box<dyn FnMut(usize, &Logs, &mut Training<'_>) + 'a>;

/// Keras's `LambdaCallback`: closures run at the end of each epoch and batch.
///
/// The closures may borrow the caller's variables (`'a`), so what they collect is read after
/// `fit_with` returns, with no `Rc` or `RefCell`:
///
/// ```
/// use nn::callbacks::LambdaCallback;
/// use nn::prelude::*;
///
/// nn::network! {
///     struct Net;
///     input(1) -> dense(4, relu) -> dense(1, linear);
///     loss = mse;
///     optimizer = adam(lr = 0.01);
/// }
///
/// # fn main() -> Result<(), nn::Error> {
/// let x: Vec<[f32; 1]> = (0..16).map(|i| [i as f32 / 16.0]).collect();
/// let y: Vec<[f32; 1]> = x.iter().map(|r| [2.0 * r[0]]).collect();
/// let mut losses = Vec::new();
/// let record = LambdaCallback::new().on_epoch_end(|_, logs, _| losses.extend(logs.get("loss")));
/// let options = FitOptions::new().epochs(3).verbose(0);
/// let history = Net::with_seed(1).fit_with(&x, &y, &options, FitExtras::new().callback(record))?;
/// assert_eq!(losses, history.loss());
/// # Ok(())
/// # }
/// ```
#[derive(Default)]
pub struct LambdaCallback<'a> {
    epoch_end: Option<Hook<'a>>,
    batch_end: Option<Hook<'a>>,
}

impl<'a> LambdaCallback<'a> {
    /// A callback that does nothing yet.
    pub fn new() -> Self {
        LambdaCallback::default()
    }

    /// Runs `hook(epoch, logs, training)` after each epoch.
    pub fn on_epoch_end(self, hook: impl FnMut(usize, &Logs, &mut Training<'_>) + 'a) -> Self {
        LambdaCallback {
            epoch_end: Some(Box::new(hook)),
            ..self
        }
    }

    /// Runs `hook(batch, logs, training)` after each batch.
    pub fn on_batch_end(self, hook: impl FnMut(usize, &Logs, &mut Training<'_>) + 'a) -> Self {
        LambdaCallback {
            batch_end: Some(Box::new(hook)),
            ..self
        }
    }
}

impl Callback for LambdaCallback<'_> {
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
