use super::Optimizer;
use super::options::Options;

/// Keras 3's `Nadam`, Adam with Nesterov momentum and a momentum schedule.
///
/// At step `t` (from 1), for each parameter `θ` with gradient `g` (`Π` starts at 1):
///
/// ```text
/// μₜ ← β₁·(1 − ½·0.96ᵗ),  μₜ₊₁ ← β₁·(1 − ½·0.96ᵗ⁺¹)
/// Π ← Π·μₜ                                   (once per step, for all parameters)
/// m ← m + (g − m)·(1 − β₁)
/// v ← v + (g² − v)·(1 − β₂)
/// m̂ ← μₜ₊₁·m / (1 − Π·μₜ₊₁) + (1 − μₜ)·g / (1 − Π)
/// v̂ ← v / (1 − β₂ᵗ)
/// θ ← θ − lr·m̂ / (√v̂ + ε)
/// ```
///
/// Unlike Adam, `ε` is added to the bias-corrected `√v̂`.
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `beta_1 = 0.9`, `beta_2 = 0.999`,
/// `epsilon = 1e-7`, no clipping, no weight decay.
///
/// ```
/// use nn_core::optimizers::{Nadam, Optimizer};
/// let mut nadam = Nadam::default();
/// let mut parameters = [1.0_f32];
/// nadam.apply(&mut parameters, &[0.5]);
/// assert!(parameters[0] < 1.0 && parameters[0] > 0.99);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Nadam {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Decay rate of the first-moment estimate `m`.
    pub beta_1: f32,
    /// Decay rate of the second-moment estimate `v`.
    pub beta_2: f32,
    /// Added to `√v̂` so that a step never divides by zero.
    pub epsilon: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    iterations: u64,
    momentum_product: f32,
    first_moment: Vec<f32>,
    second_moment: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for Nadam {
    fn default() -> Self {
        Nadam {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
            options: Options::default(),
            iterations: 0,
            momentum_product: 1.0,
            first_moment: Vec::new(),
            second_moment: Vec::new(),
            clipped: Vec::new(),
        }
    }
}

impl Optimizer for Nadam {
    const NAME: &'static str = "nadam";

    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]) {
        let lr = self.learning_rate;
        let gradients = self
            .options
            .prepare(lr, parameters, gradients, &mut self.clipped);
        if self.first_moment.len() != parameters.len() {
            self.first_moment = vec![0.0; parameters.len()];
            self.second_moment = vec![0.0; parameters.len()];
        }
        let (beta_1, beta_2) = (self.beta_1, self.beta_2);
        let step = (self.iterations + 1) as f32;
        let next_step = (self.iterations + 2) as f32;
        // Keras updates the product as (Π·β₁)·(1 − ½·0.96ᵗ), in that order.
        self.momentum_product = self.momentum_product * beta_1 * (1.0 - 0.5 * 0.96_f32.powf(step));
        self.iterations += 1;
        let u_t = beta_1 * (1.0 - 0.5 * 0.96_f32.powf(step));
        let u_next = beta_1 * (1.0 - 0.5 * 0.96_f32.powf(next_step));
        let product = self.momentum_product;
        let product_next = product * u_next;
        let beta_2_power = beta_2.powf(step);
        let (keep_1, keep_2) = (1.0 - beta_1, 1.0 - beta_2);
        let moments = self
            .first_moment
            .iter_mut()
            .zip(self.second_moment.iter_mut());
        for ((theta, &g), (m, v)) in parameters.iter_mut().zip(gradients).zip(moments) {
            *m += (g - *m) * keep_1;
            *v += (g * g - *v) * keep_2;
            let m_hat = u_next * *m / (1.0 - product_next) + (1.0 - u_t) * g / (1.0 - product);
            let v_hat = *v / (1.0 - beta_2_power);
            *theta -= m_hat * lr / (v_hat.sqrt() + self.epsilon);
        }
    }

    learning_rate_and_options!();

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
