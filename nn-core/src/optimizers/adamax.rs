use super::Optimizer;
use super::options::Options;
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

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
/// use nn::optimizers::{Adamax, Optimizer};
/// let mut adamax = Adamax::default();
/// let mut parameters = [1.0_f32];
/// adamax.apply(&mut parameters, &[0.5]);
/// // The first step moves each parameter by about the learning rate.
/// approx::assert_relative_eq!(parameters[0], 0.999, max_relative = 1e-6);
/// ```
///
/// `β₁` and `β₂` are doubles, as Keras's are Python floats: Keras takes `1 − β₁` in double
/// precision and rounds it once to f32, while `β₁ᵗ` and the product `β₂·u` use them rounded to
/// f32.
#[derive(Clone, Debug, PartialEq)]
pub struct Adamax {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Decay rate of the first-moment estimate `m`.
    pub beta_1: f64,
    /// Decay rate of the infinity norm `u`.
    pub beta_2: f64,
    /// Added to `u` so that a step never divides by zero.
    pub epsilon: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    state: AdamaxState,
}

/// What Adamax learns: its step count, first moment `m` and infinity norm `u`.
#[derive(Clone, Debug, Default, PartialEq)]
struct AdamaxState {
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
            state: AdamaxState::default(),
        }
    }
}

impl Optimizer for Adamax {
    const NAME: &'static str = "adamax";

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
            state.norm = vec![0.0; parameters.len()];
        }
        state.iterations += 1;
        let (beta_1, beta_2) = (self.beta_1 as f32, self.beta_2 as f32);
        let correction = 1.0 - beta_1.powf(state.iterations as f32);
        let keep_1 = (1.0 - self.beta_1) as f32;
        let slots = state.first_moment.iter_mut().zip(state.norm.iter_mut());
        let mut settle = Settle::new(non_finite);
        let sweep = parameters.iter_mut().zip(gradients).zip(slots);
        for ((theta, &g), (m, u)) in sweep {
            *m += (g - *m) * keep_1;
            *u = (beta_2 * *u).max(g.abs());
            settle.set(theta, *theta - lr * *m / (correction * (*u + self.epsilon)));
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        let slots = [("m", &state.first_moment[..]), ("u", &state.norm[..])];
        OptimizerState::new(state.iterations, slots, [])
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let (iterations, [m, u], []) = state.take(Self::NAME, ["m", "u"], [])?;
        let state = &mut self.state;
        (state.iterations, state.first_moment, state.norm) = (iterations, m, u);
        Ok(())
    }
}
