use super::Optimizer;
use super::options::{Options, legacy_decayed};
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

/// Keras 3's `RMSprop`, with optional momentum and centering.
///
/// At each step, for each parameter `θ` with gradient `g` (all state starts at 0):
///
/// ```text
/// v ← ρ·v + (1 − ρ)·g²
/// ḡ ← ρ·ḡ + (1 − ρ)·g                       (only if centered)
/// d ← v + ε,  or  v − ḡ² + ε if centered
/// Δ ← lr·g / √d
/// θ ← θ − Δ                                  (momentum = 0)
/// m ← μ·m + Δ,  θ ← θ − m                    (momentum μ > 0)
/// ```
///
/// Unlike Adam, Keras adds `ε` *inside* the square root, to the accumulator `v`.
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
/// `decay` is the legacy (Keras 2) argument: step `t` (from 1) uses `lr / (1 + decay·(t − 1))`
/// in place of `lr`, weight decay included.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `rho = 0.9`, `momentum = 0`, `epsilon = 1e-7`,
/// `centered = false`, no clipping, no weight decay, `decay = 0`.
///
/// ```
/// use nn::optimizers::{Optimizer, RmsProp};
/// let mut rmsprop = RmsProp::default();
/// let mut parameters = [1.0_f32];
/// rmsprop.apply(&mut parameters, &[0.5]);
/// // The first step is lr·g/√(0.1·g²) = lr·√10.
/// approx::assert_relative_eq!(parameters[0], 1.0 - 0.001 * 10_f32.sqrt(), max_relative = 1e-6);
/// ```
///
/// `ρ` is a double, as Keras's is a Python float: Keras takes `1 − ρ` in double precision and
/// rounds it once to f32, and multiplies by `ρ` rounded to f32.
#[derive(Clone, Debug, PartialEq)]
pub struct RmsProp {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Decay rate `ρ` of the moving averages (a double: see above).
    pub rho: f64,
    /// The momentum `μ`; 0 turns momentum off.
    pub momentum: f32,
    /// Added to the accumulator under the square root so that a step never divides by zero.
    pub epsilon: f32,
    /// Whether to divide by the estimated variance (centered) rather than the second moment.
    pub centered: bool,
    /// Legacy Keras 2 learning-rate decay: step `t` uses `lr / (1 + decay·(t − 1))`.
    pub decay: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    state: State,
}

/// What RMSprop learns: its step count, `v`, `ḡ` and the momentum `m`.
#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    iterations: u64,
    velocity: Vec<f32>,
    average_gradient: Vec<f32>,
    momentum_buffer: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for RmsProp {
    fn default() -> Self {
        RmsProp {
            learning_rate: 0.001,
            rho: 0.9,
            momentum: 0.0,
            epsilon: 1e-7,
            centered: false,
            decay: 0.0,
            options: Options::default(),
            state: State::default(),
        }
    }
}

impl Optimizer for RmsProp {
    const NAME: &'static str = "rmsprop";

    fn step(
        &mut self,
        parameters: &mut [f32],
        gradients: &[f32],
        variables: &[usize],
        non_finite: NonFinite,
    ) -> Result<(), NonFiniteStep> {
        let state = &mut self.state;
        let lr = legacy_decayed(self.learning_rate, self.decay, state.iterations);
        let gradients = self.options.prepare(
            lr,
            parameters,
            (gradients, variables),
            &mut state.clipped,
            non_finite,
        )?;
        let n = parameters.len();
        for buffer in [
            &mut state.velocity,
            &mut state.average_gradient,
            &mut state.momentum_buffer,
        ] {
            if buffer.len() != n {
                *buffer = vec![0.0; n];
            }
        }
        state.iterations += 1;
        let (rho, keep, mu) = (self.rho as f32, (1.0 - self.rho) as f32, self.momentum);
        let mut settle = Settle::new(non_finite);
        for (i, (theta, &g)) in parameters.iter_mut().zip(gradients).enumerate() {
            let v = &mut state.velocity[i];
            *v = rho * *v + keep * (g * g);
            let denominator = if self.centered {
                let a = &mut state.average_gradient[i];
                *a = rho * *a + keep * g;
                *v - *a * *a + self.epsilon
            } else {
                *v + self.epsilon
            };
            let increment = lr * g / denominator.sqrt();
            if mu > 0.0 {
                let m = &mut state.momentum_buffer[i];
                *m = mu * *m + increment;
                settle.set(theta, *theta - *m);
            } else {
                settle.set(theta, *theta - increment);
            }
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        let slots = [
            ("velocity", &state.velocity[..]),
            ("average_gradient", &state.average_gradient[..]),
            ("momentum", &state.momentum_buffer[..]),
        ];
        OptimizerState::new(state.iterations, slots, [])
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let names = ["velocity", "average_gradient", "momentum"];
        let (iterations, [v, a, m], []) = state.take(Self::NAME, names, [])?;
        let state = &mut self.state;
        (state.iterations, state.velocity) = (iterations, v);
        (state.average_gradient, state.momentum_buffer) = (a, m);
        Ok(())
    }
}
