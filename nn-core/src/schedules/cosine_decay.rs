use core::f32::consts::PI;

use super::{LearningRateSchedule, positive_steps};
use crate::Error;

/// Keras's `CosineDecay`, with its optional linear warmup.
///
/// ```text
/// decay(s, from) = from · ((1 − alpha) · ½(1 + cos(π · s / decay_steps)) + alpha)
///
/// without warmup:  lr = decay(min(step, decay_steps), initial)
/// with warmup:     step' = min(step, warmup_steps + decay_steps)
///                  lr = initial + (target − initial) · step' / warmup_steps   while step' < warmup_steps
///                  lr = decay(step' − warmup_steps, target)                   after
/// ```
///
/// Defaults (Keras's): `alpha = 0`, no warmup.
///
/// ```
/// use nn::schedules::{CosineDecay, LearningRateSchedule};
/// let schedule = CosineDecay::new(1.0, 100)?;
/// assert_eq!(schedule.learning_rate(0), 1.0);
/// assert!((schedule.learning_rate(50) - 0.5).abs() < 1e-6);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CosineDecay {
    initial_learning_rate: f32,
    decay_steps: u64,
    alpha: f32,
    warmup: Option<(u64, f32)>,
}

impl CosineDecay {
    /// Decays from `initial_learning_rate` along half a cosine over `decay_steps` steps.
    ///
    /// # Errors
    ///
    /// If `decay_steps` is 0.
    pub fn new(initial_learning_rate: f32, decay_steps: u64) -> Result<Self, Error> {
        let decay_steps = positive_steps("decay_steps", decay_steps)?;
        Ok(CosineDecay {
            initial_learning_rate,
            decay_steps,
            alpha: 0.0,
            warmup: None,
        })
    }

    /// The fraction of the starting rate the decay ends at (default 0).
    pub fn alpha(self, alpha: f32) -> Self {
        CosineDecay { alpha, ..self }
    }

    /// Rises linearly to `warmup_target` over `warmup_steps` steps before decaying from it.
    ///
    /// # Errors
    ///
    /// If `warmup_steps` is 0.
    pub fn warmup(self, warmup_steps: u64, warmup_target: f32) -> Result<Self, Error> {
        let warmup_steps = positive_steps("warmup_steps", warmup_steps)?;
        Ok(CosineDecay {
            warmup: Some((warmup_steps, warmup_target)),
            ..self
        })
    }

    fn decay(&self, step: f32, from: f32) -> f32 {
        let cosine = 0.5 * (1.0 + (PI * step / self.decay_steps as f32).cos());
        from * ((1.0 - self.alpha) * cosine + self.alpha)
    }
}

impl LearningRateSchedule for CosineDecay {
    const NAME: &'static str = "CosineDecay";

    fn learning_rate(&self, step: u64) -> f32 {
        let Some((warmup_steps, target)) = self.warmup else {
            return self.decay(
                step.min(self.decay_steps) as f32,
                self.initial_learning_rate,
            );
        };
        let step = step.min(warmup_steps + self.decay_steps);
        if step < warmup_steps {
            let fraction = step as f32 / warmup_steps as f32;
            (target - self.initial_learning_rate) * fraction + self.initial_learning_rate
        } else {
            self.decay((step - warmup_steps) as f32, target)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decays_along_a_cosine_to_alpha() {
        let schedule = CosineDecay::new(0.2, 1000).unwrap().alpha(0.1);
        let quarter = 0.5 * (1.0 + (PI / 4.0).cos());
        approx::assert_relative_eq!(
            schedule.learning_rate(250),
            0.2 * (0.9 * quarter + 0.1),
            max_relative = 1e-6
        );
        approx::assert_relative_eq!(schedule.learning_rate(1000), 0.02, max_relative = 1e-6);
        approx::assert_relative_eq!(schedule.learning_rate(5000), 0.02, max_relative = 1e-6);
    }

    #[test]
    fn warms_up_linearly_then_decays_from_the_target() {
        let schedule = CosineDecay::new(0.0, 100).unwrap().warmup(10, 1.0).unwrap();
        approx::assert_relative_eq!(schedule.learning_rate(5), 0.5, max_relative = 1e-6);
        assert_eq!(schedule.learning_rate(10), 1.0);
        approx::assert_relative_eq!(schedule.learning_rate(60), 0.5, max_relative = 1e-6);
        assert!(schedule.learning_rate(110).abs() < 1e-7);
        assert!(CosineDecay::new(0.0, 100).unwrap().warmup(0, 1.0).is_err());
    }
}
