use core::f32::consts::PI;

use super::{LearningRateSchedule, positive_steps};
use crate::Error;

/// Keras's `CosineDecayRestarts` (SGDR): cosine decays that restart, each period `t_mul`
/// times longer and starting `m_mul` times lower than the one before.
///
/// ```text
/// f = step / first_decay_steps
/// t_mul = 1:  i = ⌊f⌋,  f ← f − i
/// t_mul ≠ 1:  i = ⌊log(1 − f·(1 − t_mul)) / log(t_mul)⌋,
///             f ← (f − (1 − t_mulⁱ)/(1 − t_mul)) / t_mulⁱ
/// lr = initial · ((1 − alpha) · m_mulⁱ · ½(1 + cos(π·f)) + alpha)
/// ```
///
/// Defaults (Keras's): `t_mul = 2`, `m_mul = 1`, `alpha = 0`.
///
/// ```
/// use nn::schedules::{CosineDecayRestarts, LearningRateSchedule};
/// let schedule = CosineDecayRestarts::new(1.0, 10)?;
/// assert_eq!(schedule.learning_rate(10), 1.0); // the first restart
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CosineDecayRestarts {
    initial_learning_rate: f32,
    first_decay_steps: u64,
    t_mul: f32,
    m_mul: f32,
    alpha: f32,
}

impl CosineDecayRestarts {
    /// Restarting cosine decays from `initial_learning_rate`, the first over
    /// `first_decay_steps` steps.
    ///
    /// # Errors
    ///
    /// If `first_decay_steps` is 0.
    pub fn new(initial_learning_rate: f32, first_decay_steps: u64) -> Result<Self, Error> {
        let first_decay_steps = positive_steps("first_decay_steps", first_decay_steps)?;
        Ok(CosineDecayRestarts {
            initial_learning_rate,
            first_decay_steps,
            t_mul: 2.0,
            m_mul: 1.0,
            alpha: 0.0,
        })
    }

    /// How much longer each period is than the one before (default 2).
    pub fn t_mul(self, t_mul: f32) -> Self {
        CosineDecayRestarts { t_mul, ..self }
    }

    /// How much lower each restart starts than the one before (default 1).
    pub fn m_mul(self, m_mul: f32) -> Self {
        CosineDecayRestarts { m_mul, ..self }
    }

    /// The fraction of the starting rate each decay ends at (default 0).
    pub fn alpha(self, alpha: f32) -> Self {
        CosineDecayRestarts { alpha, ..self }
    }
}

impl LearningRateSchedule for CosineDecayRestarts {
    const NAME: &'static str = "SGDRDecay";

    fn learning_rate(&self, step: u64) -> f32 {
        let fraction = step as f32 / self.first_decay_steps as f32;
        let (restart, fraction) = if self.t_mul == 1.0 {
            let restart = fraction.floor();
            (restart, fraction - restart)
        } else {
            let restart = ((1.0 - fraction * (1.0 - self.t_mul)).ln() / self.t_mul.ln()).floor();
            let elapsed = (1.0 - self.t_mul.powf(restart)) / (1.0 - self.t_mul);
            (restart, (fraction - elapsed) / self.t_mul.powf(restart))
        };
        let cosine = 0.5 * self.m_mul.powf(restart) * (1.0 + (PI * fraction).cos());
        self.initial_learning_rate * ((1.0 - self.alpha) * cosine + self.alpha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_grow_by_t_mul_and_restarts_shrink_by_m_mul() {
        // Periods of 10, 20, 40 steps: restarts at 10 and 30.
        let schedule = CosineDecayRestarts::new(1.0, 10).unwrap().m_mul(0.5);
        approx::assert_relative_eq!(schedule.learning_rate(5), 0.5, max_relative = 1e-6);
        approx::assert_relative_eq!(schedule.learning_rate(10), 0.5, max_relative = 1e-6);
        approx::assert_relative_eq!(schedule.learning_rate(20), 0.25, max_relative = 1e-5);
        approx::assert_relative_eq!(schedule.learning_rate(30), 0.25, max_relative = 1e-5);

        let equal_periods = CosineDecayRestarts::new(2.0, 4)
            .unwrap()
            .t_mul(1.0)
            .alpha(0.5);
        approx::assert_relative_eq!(
            equal_periods.learning_rate(6),
            2.0 * (0.5 * 0.5 + 0.5),
            max_relative = 1e-6
        );
        assert_eq!(equal_periods.learning_rate(8), 2.0);
    }
}
