use super::Optimizer;
use super::options::Options;

/// Keras 3's `Adamax`, Adam with the infinity norm in place of the second moment.
///
/// At step `t` (from 1), for each parameter `θ` with gradient `g`:
///
/// ```text
/// m ← m + (g − m)·(1 − β₁)
/// u ← max(β₂·u, |g|)
/// θ ← θ − lr·m / ((1 − β₁ᵗ)·(u + ε))
/// ```
///
/// `ε` is added to `u` (no square root to put it under).
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `beta_1 = 0.9`, `beta_2 = 0.999`,
/// `epsilon = 1e-7`, no clipping, no weight decay.
///
/// ```
/// use nn_core::optimizers::{Adamax, Optimizer};
/// let mut adamax = Adamax::default();
/// let mut parameters = [1.0_f32];
/// adamax.apply(&mut parameters, &[0.5]);
/// // The first step moves each parameter by about the learning rate.
/// approx::assert_relative_eq!(parameters[0], 0.999, max_relative = 1e-6);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Adamax {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Decay rate of the first-moment estimate `m`.
    pub beta_1: f32,
    /// Decay rate of the infinity norm `u`.
    pub beta_2: f32,
    /// Added to `u` so that a step never divides by zero.
    pub epsilon: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    iterations: u64,
    first_moment: Vec<f32>,
    norm: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for Adamax {
    fn default() -> Self {
        Adamax {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
            options: Options::default(),
            iterations: 0,
            first_moment: Vec::new(),
            norm: Vec::new(),
            clipped: Vec::new(),
        }
    }
}

impl Optimizer for Adamax {
    const NAME: &'static str = "adamax";

    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]) {
        let lr = self.learning_rate;
        let gradients = self
            .options
            .prepare(lr, parameters, gradients, &mut self.clipped);
        if self.first_moment.len() != parameters.len() {
            self.first_moment = vec![0.0; parameters.len()];
            self.norm = vec![0.0; parameters.len()];
        }
        self.iterations += 1;
        let correction = 1.0 - self.beta_1.powf(self.iterations as f32);
        let keep_1 = 1.0 - self.beta_1;
        let state = self.first_moment.iter_mut().zip(self.norm.iter_mut());
        for ((theta, &g), (m, u)) in parameters.iter_mut().zip(gradients).zip(state) {
            *m += (g - *m) * keep_1;
            *u = (self.beta_2 * *u).max(g.abs());
            *theta -= lr * *m / (correction * (*u + self.epsilon));
        }
    }

    learning_rate_and_options!();

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
