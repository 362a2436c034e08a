use super::Optimizer;
use super::options::Options;
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

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
/// use nn::optimizers::{Adagrad, Optimizer};
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
    state: State,
}

/// What Adagrad learns: its step count and accumulator.
#[derive(Clone, Debug, Default, PartialEq)]
struct State {
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
            state: State::default(),
        }
    }
}

impl Optimizer for Adagrad {
    const NAME: &'static str = "adagrad";

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
        if state.accumulator.len() != parameters.len() {
            state.accumulator = vec![self.initial_accumulator_value; parameters.len()];
        }
        state.iterations += 1;
        let mut settle = Settle::new(non_finite);
        let sweep = parameters
            .iter_mut()
            .zip(gradients)
            .zip(&mut state.accumulator);
        for ((theta, &g), a) in sweep {
            *a += g * g;
            settle.set(theta, *theta - lr * g / (*a + self.epsilon).sqrt());
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        OptimizerState::new(state.iterations, [("accumulator", &state.accumulator)], [])
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let (iterations, [accumulator], []) = state.take(Self::NAME, ["accumulator"], [])?;
        (self.state.iterations, self.state.accumulator) = (iterations, accumulator);
        Ok(())
    }
}
