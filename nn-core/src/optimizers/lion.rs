use super::Optimizer;
use super::options::Options;
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

/// Keras 3's `Lion` (evolved sign momentum).
///
/// At each step, for each parameter `θ` with gradient `g` (`m` starts at 0):
///
/// ```text
/// θ ← θ − lr·sign(β₁·m + (1 − β₁)·g)
/// m ← β₂·m + (1 − β₂)·g
/// ```
///
/// `sign(0) = 0`. There is no `ε`.
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `beta_1 = 0.9`, `beta_2 = 0.99`, no clipping,
/// no weight decay.
///
/// ```
/// use nn::optimizers::{Lion, Optimizer};
/// let mut lion = Lion::default();
/// let mut parameters = [1.0_f32, 1.0, 1.0];
/// lion.apply(&mut parameters, &[0.5, -3.0, 0.0]);
/// assert_eq!(parameters, [0.999, 1.001, 1.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Lion {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Interpolation between momentum and gradient for the step's sign.
    pub beta_1: f32,
    /// Decay rate of the momentum `m`.
    pub beta_2: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    state: State,
}

/// What Lion learns: its step count and momentum `m`.
#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    iterations: u64,
    momentum: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for Lion {
    fn default() -> Self {
        Lion {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.99,
            options: Options::default(),
            state: State::default(),
        }
    }
}

/// `sign` as Keras (and TensorFlow) define it: 0 at 0.
fn sign(x: f32) -> f32 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

impl Optimizer for Lion {
    const NAME: &'static str = "lion";

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
        if state.momentum.len() != parameters.len() {
            state.momentum = vec![0.0; parameters.len()];
        }
        state.iterations += 1;
        let (beta_1, beta_2) = (self.beta_1, self.beta_2);
        let mut settle = Settle::new(non_finite);
        let sweep = parameters
            .iter_mut()
            .zip(gradients)
            .zip(&mut state.momentum);
        for ((theta, &g), m) in sweep {
            settle.set(theta, *theta - lr * sign(*m * beta_1 + g * (1.0 - beta_1)));
            *m = *m * beta_2 + g * (1.0 - beta_2);
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        OptimizerState::new(state.iterations, [("momentum", &state.momentum)], [])
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let (iterations, [momentum], []) = state.take(Self::NAME, ["momentum"], [])?;
        (self.state.iterations, self.state.momentum) = (iterations, momentum);
        Ok(())
    }
}
