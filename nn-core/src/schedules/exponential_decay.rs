use super::{LearningRateSchedule, positive_steps};
use crate::Error;

/// Keras's `ExponentialDecay`.
///
/// ```text
/// p  = step / decay_steps          (floored when staircase)
/// lr = initial_learning_rate · decay_rate^p
/// ```
///
/// ```
/// use nn::schedules::{ExponentialDecay, LearningRateSchedule};
/// let schedule = ExponentialDecay::new(0.1, 100, 0.5)?;
/// assert_eq!(schedule.learning_rate(200), 0.025);
/// assert_eq!(schedule.staircase(true).learning_rate(150), 0.05);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ExponentialDecay {
    initial_learning_rate: f32,
    decay_steps: u64,
    decay_rate: f32,
    staircase: bool,
}

impl ExponentialDecay {
    /// Decays from `initial_learning_rate` by a factor `decay_rate` every `decay_steps` steps.
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
        Ok(ExponentialDecay {
            initial_learning_rate,
            decay_steps,
            decay_rate,
            staircase: false,
        })
    }

    /// Decays in whole steps of `decay_steps` instead of continuously (default `false`).
    pub fn staircase(self, staircase: bool) -> Self {
        ExponentialDecay { staircase, ..self }
    }
}

impl LearningRateSchedule for ExponentialDecay {
    const NAME: &'static str = "ExponentialDecay";

    fn learning_rate(&self, step: u64) -> f32 {
        let mut p = step as f32 / self.decay_steps as f32;
        if self.staircase {
            p = p.floor();
        }
        self.initial_learning_rate * self.decay_rate.powf(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decays_continuously_or_in_stairs() {
        let schedule = ExponentialDecay::new(0.1, 1000, 0.96).unwrap();
        assert_eq!(schedule.learning_rate(0), 0.1);
        approx::assert_relative_eq!(
            schedule.learning_rate(500),
            0.1 * 0.96_f32.powf(0.5),
            max_relative = 1e-6
        );
        let stairs = schedule.staircase(true);
        assert_eq!(stairs.learning_rate(999), 0.1);
        approx::assert_relative_eq!(
            stairs.learning_rate(2500),
            0.1 * 0.96 * 0.96,
            max_relative = 1e-6
        );
    }

    #[test]
    fn zero_decay_steps_is_an_error() {
        let error = ExponentialDecay::new(0.1, 0, 0.5).unwrap_err();
        assert_eq!(error.to_string(), "decay_steps must be at least 1, got 0");
    }
}
