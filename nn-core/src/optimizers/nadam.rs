use super::Optimizer;
use super::options::Options;
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

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
/// use nn::optimizers::{Nadam, Optimizer};
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
    state: NadamState,
}

/// What Nadam learns: its step count, the momentum product `Π` (Keras's `u_product`) and the
/// moments `m` and `v`.
#[derive(Clone, Debug, PartialEq)]
struct NadamState {
    iterations: u64,
    momentum_product: f32,
    first_moment: Vec<f32>,
    second_moment: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for NadamState {
    fn default() -> Self {
        NadamState {
            iterations: 0,
            momentum_product: 1.0,
            first_moment: Vec::new(),
            second_moment: Vec::new(),
            clipped: Vec::new(),
        }
    }
}

impl Default for Nadam {
    fn default() -> Self {
        Nadam {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
            options: Options::default(),
            state: NadamState::default(),
        }
    }
}

impl Optimizer for Nadam {
    const NAME: &'static str = "nadam";

    fn step(
        &mut self,
        parameters: &mut [f32],
        gradients: &[f32],
        variables: &[usize],
        non_finite: NonFinite,
    ) -> Result<(), NonFiniteStep> {
        let lr = self.learning_rate;
        let state = &mut self.state;
        let gradients = self.options.prepare(
            lr,
            parameters,
            (gradients, variables),
            &mut state.clipped,
            non_finite,
        )?;
        if state.first_moment.len() != parameters.len() {
            state.first_moment = vec![0.0; parameters.len()];
            state.second_moment = vec![0.0; parameters.len()];
        }
        let (beta_1, beta_2) = (self.beta_1, self.beta_2);
        let step = (state.iterations + 1) as f32;
        let next_step = (state.iterations + 2) as f32;
        // Keras updates the product as (Π·β₁)·(1 − ½·0.96ᵗ), in that order.
        state.momentum_product =
            state.momentum_product * beta_1 * (1.0 - 0.5 * 0.96_f32.powf(step));
        state.iterations += 1;
        let u_t = beta_1 * (1.0 - 0.5 * 0.96_f32.powf(step));
        let u_next = beta_1 * (1.0 - 0.5 * 0.96_f32.powf(next_step));
        let product = state.momentum_product;
        let product_next = product * u_next;
        let beta_2_power = beta_2.powf(step);
        let (keep_1, keep_2) = (1.0 - beta_1, 1.0 - beta_2);
        let moments = state
            .first_moment
            .iter_mut()
            .zip(state.second_moment.iter_mut());
        let mut settle = Settle::new(non_finite);
        let sweep = parameters.iter_mut().zip(gradients).zip(moments);
        for ((theta, &g), (m, v)) in sweep {
            *m += (g - *m) * keep_1;
            *v += (g * g - *v) * keep_2;
            let m_hat = u_next * *m / (1.0 - product_next) + (1.0 - u_t) * g / (1.0 - product);
            let v_hat = *v / (1.0 - beta_2_power);
            settle.set(theta, *theta - m_hat * lr / (v_hat.sqrt() + self.epsilon));
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        let slots = [
            ("momentum", &state.first_moment[..]),
            ("velocity", &state.second_moment[..]),
        ];
        let scalars = [("u_product", state.momentum_product)];
        OptimizerState::new(state.iterations, slots, scalars)
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let slots = ["momentum", "velocity"];
        let (iterations, [m, v], [product]) = state.take(Self::NAME, slots, ["u_product"])?;
        let state = &mut self.state;
        (state.iterations, state.first_moment, state.second_moment) = (iterations, m, v);
        state.momentum_product = product;
        Ok(())
    }
}
