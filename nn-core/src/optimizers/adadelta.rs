use super::Optimizer;
use super::options::Options;

/// Keras 3's `Adadelta`.
///
/// At each step, for each parameter `θ` with gradient `g` (both accumulators start at 0):
///
/// ```text
/// a ← ρ·a + (1 − ρ)·g²
/// Δ ← −√(d + ε)·g / √(a + ε)
/// d ← ρ·d + (1 − ρ)·Δ²
/// θ ← θ + lr·Δ
/// ```
///
/// `ε` is added inside both square roots. The original Adadelta has no learning rate; Keras
/// keeps one (`learning_rate = 1.0` recovers the paper).
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `rho = 0.95`, `epsilon = 1e-7`, no clipping,
/// no weight decay.
///
/// ```
/// use nn_core::optimizers::{Adadelta, Optimizer};
/// let mut adadelta = Adadelta::default();
/// adadelta.learning_rate = 1.0;
/// let mut parameters = [1.0_f32];
/// adadelta.apply(&mut parameters, &[1.0]);
/// // The first step is √ε / √(0.05 + ε).
/// approx::assert_relative_eq!(parameters[0], 1.0 - (1e-7_f32 / 0.05).sqrt(), max_relative = 1e-6);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Adadelta {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Decay rate `ρ` of both accumulators.
    pub rho: f32,
    /// Added to the accumulators under the square roots.
    pub epsilon: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    iterations: u64,
    accumulated_gradient: Vec<f32>,
    accumulated_delta: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for Adadelta {
    fn default() -> Self {
        Adadelta {
            learning_rate: 0.001,
            rho: 0.95,
            epsilon: 1e-7,
            options: Options::default(),
            iterations: 0,
            accumulated_gradient: Vec::new(),
            accumulated_delta: Vec::new(),
            clipped: Vec::new(),
        }
    }
}

impl Optimizer for Adadelta {
    const NAME: &'static str = "adadelta";

    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]) {
        let lr = self.learning_rate;
        let gradients = self
            .options
            .prepare(lr, parameters, gradients, &mut self.clipped);
        if self.accumulated_gradient.len() != parameters.len() {
            self.accumulated_gradient = vec![0.0; parameters.len()];
            self.accumulated_delta = vec![0.0; parameters.len()];
        }
        self.iterations += 1;
        let (rho, keep, epsilon) = (self.rho, 1.0 - self.rho, self.epsilon);
        let rms = |x: f32| (x + epsilon).sqrt();
        let state = self
            .accumulated_gradient
            .iter_mut()
            .zip(self.accumulated_delta.iter_mut());
        for ((theta, &g), (a, d)) in parameters.iter_mut().zip(gradients).zip(state) {
            *a = rho * *a + keep * (g * g);
            let delta = -(rms(*d) * g / rms(*a));
            *d = rho * *d + keep * (delta * delta);
            *theta += lr * delta;
        }
    }

    learning_rate_and_options!();

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
