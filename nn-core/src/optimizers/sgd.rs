use super::Optimizer;
use super::options::{Options, legacy_decayed};
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

/// Keras 3's `SGD`, with optional (Nesterov) momentum.
///
/// At each step, for each parameter `θ` with gradient `g` (velocity `m` starts at 0):
///
/// ```text
/// without momentum:  θ ← θ − g·lr
/// with momentum μ:   m ← m·μ − g·lr
///                    θ ← θ + m                 (nesterov = false)
///                    θ ← θ + m·μ − g·lr        (nesterov = true)
/// ```
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
/// `decay` is the legacy (Keras 2) argument: step `t` (from 1) uses `lr / (1 + decay·(t − 1))`
/// in place of `lr`, weight decay included.
///
/// Defaults (Keras's): `learning_rate = 0.01`, `momentum = 0`, `nesterov = false`, no clipping,
/// no weight decay, `decay = 0`.
///
/// ```
/// use nn::optimizers::{Optimizer, Sgd};
/// let mut sgd = Sgd::default();
/// let mut parameters = [1.0_f32];
/// sgd.apply(&mut parameters, &[0.5]);
/// assert_eq!(parameters[0], 1.0 - 0.5 * 0.01);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Sgd {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// The momentum `μ`; 0 turns momentum off.
    pub momentum: f32,
    /// Whether to use Nesterov momentum.
    pub nesterov: bool,
    /// Legacy Keras 2 learning-rate decay: step `t` uses `lr / (1 + decay·(t − 1))`.
    pub decay: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    state: SgdState,
}

/// What SGD learns: its step count and velocity (Keras's `momentum` slot).
#[derive(Clone, Debug, Default, PartialEq)]
struct SgdState {
    iterations: u64,
    velocity: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for Sgd {
    fn default() -> Self {
        Sgd {
            learning_rate: 0.01,
            momentum: 0.0,
            nesterov: false,
            decay: 0.0,
            options: Options::default(),
            state: SgdState::default(),
        }
    }
}

impl Optimizer for Sgd {
    const NAME: &'static str = "sgd";

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
        state.iterations += 1;
        let mut settle = Settle::new(non_finite);
        if self.momentum == 0.0 {
            for (theta, &g) in parameters.iter_mut().zip(gradients) {
                settle.set(theta, *theta - g * lr);
            }
            return settle.finish();
        }
        if state.velocity.len() != parameters.len() {
            state.velocity = vec![0.0; parameters.len()];
        }
        let mu = self.momentum;
        let sweep = parameters
            .iter_mut()
            .zip(gradients)
            .zip(&mut state.velocity);
        for ((theta, &g), m) in sweep {
            *m = *m * mu - g * lr;
            if self.nesterov {
                settle.set(theta, *theta + (*m * mu - g * lr));
            } else {
                settle.set(theta, *theta + *m);
            }
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        OptimizerState::new(state.iterations, [("momentum", &state.velocity)], [])
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let (iterations, [velocity], []) = state.take(Self::NAME, ["momentum"], [])?;
        (self.state.iterations, self.state.velocity) = (iterations, velocity);
        Ok(())
    }
}
