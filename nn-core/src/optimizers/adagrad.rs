use super::Optimizer;
use super::options::Options;

/// Keras 3's `Adagrad`.
///
/// At each step, for each parameter `θ` with gradient `g` (the accumulator `a` starts at
/// `initial_accumulator_value`):
///
/// ```text
/// a ← a + g²
/// θ ← θ − lr·g / √(a + ε)
/// ```
///
/// `ε` is added inside the square root.
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `initial_accumulator_value = 0.1`,
/// `epsilon = 1e-7`, no clipping, no weight decay.
///
/// ```
/// use nn_core::optimizers::{Adagrad, Optimizer};
/// let mut adagrad = Adagrad::default();
/// let mut parameters = [1.0_f32];
/// adagrad.apply(&mut parameters, &[0.3]);
/// approx::assert_relative_eq!(parameters[0], 1.0 - 0.001 * 0.3 / 0.19_f32.sqrt(), max_relative = 1e-6);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Adagrad {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// The starting value of every accumulator.
    pub initial_accumulator_value: f32,
    /// Added to the accumulator under the square root so that a step never divides by zero.
    pub epsilon: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    iterations: u64,
    accumulator: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for Adagrad {
    fn default() -> Self {
        Adagrad {
            learning_rate: 0.001,
            initial_accumulator_value: 0.1,
            epsilon: 1e-7,
            options: Options::default(),
            iterations: 0,
            accumulator: Vec::new(),
            clipped: Vec::new(),
        }
    }
}

impl Optimizer for Adagrad {
    const NAME: &'static str = "adagrad";

    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]) {
        let lr = self.learning_rate;
        let gradients = self
            .options
            .prepare(lr, parameters, gradients, &mut self.clipped);
        if self.accumulator.len() != parameters.len() {
            self.accumulator = vec![self.initial_accumulator_value; parameters.len()];
        }
        self.iterations += 1;
        for ((theta, &g), a) in parameters
            .iter_mut()
            .zip(gradients)
            .zip(&mut self.accumulator)
        {
            *a += g * g;
            *theta -= lr * g / (*a + self.epsilon).sqrt();
        }
    }

    learning_rate_and_options!();

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
