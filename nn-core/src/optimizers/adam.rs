use super::Optimizer;

/// Keras 3's `Adam`.
///
/// At step `t` (from 1), for each parameter `θ` with gradient `g`:
///
/// ```text
/// m ← m + (g − m)·(1 − β₁)
/// v ← v + (g² − v)·(1 − β₂)
/// α ← lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// θ ← θ − α·m / (√v + ε)
/// ```
///
/// Keras folds both bias corrections into `α` and adds `ε` to `√v` *uncorrected* (the "ε̂" of
/// the Adam paper's section 2). PyTorch adds `ε` to the bias-corrected `√v̂` instead; with
/// Keras's `ε = 1e-7` the two give different steps while `v` is small, so we follow Keras.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `beta_1 = 0.9`, `beta_2 = 0.999`,
/// `epsilon = 1e-7`.
///
/// ```
/// use nn_core::optimizers::{Adam, Optimizer};
/// let mut adam = Adam::default();
/// adam.learning_rate = 0.1;
/// let mut parameters = [1.0_f32];
/// adam.apply(&mut parameters, &[0.5]);
/// // The first step of Adam moves each parameter by about the learning rate.
/// approx::assert_relative_eq!(parameters[0], 0.9, max_relative = 1e-5);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Adam {
    /// The step size `lr` (Keras's `learning_rate`, the seeds' `lr`).
    pub learning_rate: f32,
    /// Decay rate of the first-moment estimate `m`.
    pub beta_1: f32,
    /// Decay rate of the second-moment estimate `v`.
    pub beta_2: f32,
    /// Added to `√v` so that a step never divides by zero.
    pub epsilon: f32,
    iterations: u64,
    first_moment: Vec<f32>,
    second_moment: Vec<f32>,
}

impl Default for Adam {
    fn default() -> Self {
        Adam {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
            iterations: 0,
            first_moment: Vec::new(),
            second_moment: Vec::new(),
        }
    }
}

impl Optimizer for Adam {
    const NAME: &'static str = "adam";

    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]) {
        assert_eq!(
            parameters.len(),
            gradients.len(),
            "one gradient per parameter"
        );
        if self.first_moment.len() != parameters.len() {
            self.first_moment = vec![0.0; parameters.len()];
            self.second_moment = vec![0.0; parameters.len()];
        }
        self.iterations += 1;
        // Keras computes the powers in f32 from the step count as a float.
        let step = self.iterations as f32;
        let alpha = self.learning_rate * (1.0 - self.beta_2.powf(step)).sqrt()
            / (1.0 - self.beta_1.powf(step));
        let (keep_1, keep_2) = (1.0 - self.beta_1, 1.0 - self.beta_2);
        let moments = self
            .first_moment
            .iter_mut()
            .zip(self.second_moment.iter_mut());
        for ((theta, &g), (m, v)) in parameters.iter_mut().zip(gradients).zip(moments) {
            *m += (g - *m) * keep_1;
            *v += (g * g - *v) * keep_2;
            *theta -= (*m * alpha) / (v.sqrt() + self.epsilon);
        }
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
