use super::{LearningRateSchedule, positive_steps};
use crate::Error;

/// Keras's `InverseTimeDecay`.
///
/// ```text
/// p  = step / decay_steps          (floored when staircase)
/// lr = initial_learning_rate / (1 + decay_rate · p)
/// ```
///
/// With `decay_steps = 1` this is the older Keras optimizers' `decay` argument.
///
/// ```
/// use nn::schedules::{InverseTimeDecay, LearningRateSchedule};
/// let schedule = InverseTimeDecay::new(0.1, 10, 0.5)?;
/// assert_eq!(schedule.learning_rate(20), 0.05);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct InverseTimeDecay {
    initial_learning_rate: f32,
    decay_steps: u64,
    decay_rate: f32,
    staircase: bool,
}

impl InverseTimeDecay {
    /// Divides `initial_learning_rate` by `1 + decay_rate` per `decay_steps` steps.
    ///
    /// # Errors
    ///
    /// If `decay_steps` is 0.
    pub fn new(
        initial_learning_rate: f32,
        decay_steps: u64,
        decay_rate: f32,
    ) -> Result<Self, Error> {
        let decay_steps = positive_steps("decay_steps", decay_steps)?;
        Ok(InverseTimeDecay {
            initial_learning_rate,
            decay_steps,
            decay_rate,
            staircase: false,
        })
    }

    /// Decays in whole steps of `decay_steps` instead of continuously (default `false`).
    pub fn staircase(self, staircase: bool) -> Self {
        InverseTimeDecay { staircase, ..self }
    }
}

impl LearningRateSchedule for InverseTimeDecay {
    const NAME: &'static str = "InverseTimeDecay";

    fn learning_rate(&self, step: u64) -> f32 {
        let mut p = step as f32 / self.decay_steps as f32;
        if self.staircase {
            p = p.floor();
        }
        self.initial_learning_rate / (1.0 + self.decay_rate * p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divides_by_one_plus_the_decayed_time() {
        let schedule = InverseTimeDecay::new(1.0, 4, 0.5).unwrap();
        assert_eq!(schedule.learning_rate(0), 1.0);
        assert_eq!(schedule.learning_rate(2), 0.8);
        assert_eq!(schedule.staircase(true).learning_rate(7), 1.0 / 1.5);
        assert!(InverseTimeDecay::new(1.0, 0, 0.5).is_err());
    }
}
