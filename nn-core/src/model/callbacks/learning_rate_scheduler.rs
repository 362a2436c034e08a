use super::{Callback, Training};
use crate::Error;

/// Keras's `LearningRateScheduler`: before each epoch, sets the learning rate to
/// `schedule(epoch, current learning rate)`.
///
/// ```
/// use nn::callbacks::LearningRateScheduler;
/// // Halve the learning rate every 10 epochs.
/// let halve = LearningRateScheduler::new(|epoch, lr| if epoch > 0 && epoch % 10 == 0 { lr / 2.0 } else { lr });
/// # let _ = halve;
/// ```
pub struct LearningRateScheduler<F> {
    schedule: F,
}

impl<F: FnMut(usize, f32) -> f32> LearningRateScheduler<F> {
    /// Uses `schedule(epoch, lr)`, `epoch` from 0.
    pub fn new(schedule: F) -> Self {
        LearningRateScheduler { schedule }
    }
}

impl<F: FnMut(usize, f32) -> f32> Callback for LearningRateScheduler<F> {
    fn on_epoch_begin(&mut self, epoch: usize, training: &mut Training<'_>) -> Result<(), Error> {
        let learning_rate = (self.schedule)(epoch, training.learning_rate);
        if !(learning_rate.is_finite() && learning_rate > 0.0) {
            return Err(Error::InvalidArgument {
                argument: "learning rate",
                requirement: "finite and greater than 0",
                value: format!("{learning_rate} from the schedule at epoch {epoch}"),
            });
        }
        training.learning_rate = learning_rate;
        Ok(())
    }
}
