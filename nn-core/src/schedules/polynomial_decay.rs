use super::{LearningRateSchedule, positive_steps};
use crate::Error;

/// Keras's `PolynomialDecay`.
///
/// ```text
/// without cycle:  step' = min(step, decay_steps),  D = decay_steps
/// with cycle:     step' = step,  D = decay_steps · max(1, ⌈step / decay_steps⌉)
/// lr = (initial − end) · (1 − step' / D)^power + end
/// ```
///
/// Defaults (Keras's): `end_learning_rate = 0.0001`, `power = 1`, `cycle = false`.
///
/// ```
/// use nn::schedules::{LearningRateSchedule, PolynomialDecay};
/// let schedule = PolynomialDecay::new(0.1, 100)?.end_learning_rate(0.0);
/// assert_eq!(schedule.learning_rate(50), 0.05);
/// assert_eq!(schedule.learning_rate(500), 0.0);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PolynomialDecay {
    initial_learning_rate: f32,
    decay_steps: u64,
    end_learning_rate: f32,
    power: f32,
    cycle: bool,
}

impl PolynomialDecay {
    /// Decays from `initial_learning_rate` to the end rate over `decay_steps` steps.
    ///
    /// # Errors
    ///
    /// If `decay_steps` is 0.
    pub fn new(initial_learning_rate: f32, decay_steps: u64) -> Result<Self, Error> {
        let decay_steps = positive_steps("decay_steps", decay_steps)?;
        Ok(PolynomialDecay {
            initial_learning_rate,
            decay_steps,
            end_learning_rate: 0.0001,
            power: 1.0,
            cycle: false,
        })
    }

    /// The rate reached after `decay_steps` (default 0.0001).
    pub fn end_learning_rate(self, end_learning_rate: f32) -> Self {
        PolynomialDecay {
            end_learning_rate,
            ..self
        }
    }

    /// The polynomial's power (default 1: linear).
    pub fn power(self, power: f32) -> Self {
        PolynomialDecay { power, ..self }
    }

    /// Whether to start again, over a longer span, after reaching the end (default `false`).
    pub fn cycle(self, cycle: bool) -> Self {
        PolynomialDecay { cycle, ..self }
    }
}

impl LearningRateSchedule for PolynomialDecay {
    const NAME: &'static str = "PolynomialDecay";

    fn learning_rate(&self, step: u64) -> f32 {
        let span = self.decay_steps as f32;
        let (step, span) = if self.cycle {
            let multiplier = if step == 0 {
                1.0
            } else {
                (step as f32 / span).ceil()
            };
            (step as f32, span * multiplier)
        } else {
            (step.min(self.decay_steps) as f32, span)
        };
        (self.initial_learning_rate - self.end_learning_rate) * (1.0 - step / span).powf(self.power)
            + self.end_learning_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decays_to_the_end_rate_and_stays_or_cycles() {
        let schedule = PolynomialDecay::new(0.1, 10000)
            .unwrap()
            .end_learning_rate(0.01)
            .power(0.5);
        approx::assert_relative_eq!(
            schedule.learning_rate(2500),
            0.09 * 0.75_f32.sqrt() + 0.01,
            max_relative = 1e-6
        );
        approx::assert_relative_eq!(schedule.learning_rate(20000), 0.01, max_relative = 1e-6);
        let cycling = schedule.cycle(true);
        // At 15000 steps the span is 20000: (1 − 0.75)^0.5 = 0.5.
        approx::assert_relative_eq!(
            cycling.learning_rate(15000),
            0.09 * 0.5 + 0.01,
            max_relative = 1e-6
        );
        approx::assert_relative_eq!(cycling.learning_rate(0), 0.1, max_relative = 1e-6);
    }
}
