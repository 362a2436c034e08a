use super::Optimizer;
use super::options::Options;
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

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
/// use nn::optimizers::{Adadelta, Optimizer};
/// let mut adadelta = Adadelta::default();
/// adadelta.learning_rate = 1.0;
/// let mut parameters = [1.0_f32];
/// adadelta.apply(&mut parameters, &[1.0]);
/// // The first step is √ε / √(0.05 + ε).
/// approx::assert_relative_eq!(parameters[0], 1.0 - (1e-7_f32 / 0.05).sqrt(), max_relative = 1e-6);
/// ```
///
/// `ρ` is a double, as Keras's is a Python float: Keras takes `1 − ρ` in double precision and
/// rounds it once to f32, and multiplies by `ρ` rounded to f32.
#[derive(Clone, Debug, PartialEq)]
pub struct Adadelta {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Decay rate `ρ` of both accumulators (a double: see above).
    pub rho: f64,
    /// Added to the accumulators under the square roots.
    pub epsilon: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    state: State,
}

/// What Adadelta learns: its step count and both accumulators.
#[derive(Clone, Debug, Default, PartialEq)]
struct State {
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
            state: State::default(),
        }
    }
}

impl Optimizer for Adadelta {
    const NAME: &'static str = "adadelta";

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
        if state.accumulated_gradient.len() != parameters.len() {
            state.accumulated_gradient = vec![0.0; parameters.len()];
            state.accumulated_delta = vec![0.0; parameters.len()];
        }
        state.iterations += 1;
        let (rho, keep, epsilon) = (self.rho as f32, (1.0 - self.rho) as f32, self.epsilon);
        let rms = |x: f32| (x + epsilon).sqrt();
        let slots = state
            .accumulated_gradient
            .iter_mut()
            .zip(state.accumulated_delta.iter_mut());
        let mut settle = Settle::new(non_finite);
        let sweep = parameters.iter_mut().zip(gradients).zip(slots);
        for ((theta, &g), (a, d)) in sweep {
            *a = rho * *a + keep * (g * g);
            let delta = -(rms(*d) * g / rms(*a));
            *d = rho * *d + keep * (delta * delta);
            settle.set(theta, *theta + lr * delta);
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        let slots = [
            ("accumulated_grad", &state.accumulated_gradient[..]),
            ("accumulated_delta_var", &state.accumulated_delta[..]),
        ];
        OptimizerState::new(state.iterations, slots, [])
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let names = ["accumulated_grad", "accumulated_delta_var"];
        let (iterations, [gradient, delta], []) = state.take(Self::NAME, names, [])?;
        let state = &mut self.state;
        (state.iterations, state.accumulated_gradient) = (iterations, gradient);
        state.accumulated_delta = delta;
        Ok(())
    }
}
