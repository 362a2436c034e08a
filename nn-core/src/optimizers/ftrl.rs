use super::Optimizer;
use super::options::Options;
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

/// Keras 3's `Ftrl` (follow the regularized leader).
///
/// At each step, for each parameter `θ` with gradient `g` (the accumulator `n` starts at
/// `initial_accumulator_value`, the linear term `z` at 0), with `p = learning_rate_power`,
/// `λ₁ = l1_regularization_strength`, `λ₂ = l2_regularization_strength`,
/// `λ₂ₛ = l2_shrinkage_regularization_strength`:
///
/// ```text
/// λ₂′ ← λ₂ + β / (2·lr)
/// g′  ← g + 2·λ₂ₛ·θ
/// n′  ← n + g²                              (the unshrunk gradient)
/// z   ← z + g′ − (n′^(−p) − n^(−p)) / lr · θ
/// θ   ← (clamp(z, −λ₁, λ₁) − z) / (n′^(−p) / lr + 2·λ₂′)
/// n   ← n′
/// ```
///
/// There is no `ε`; `initial_accumulator_value` must be positive.
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does
/// (the decayed `θ` then only enters through `z`).
///
/// Defaults (Keras's): `learning_rate = 0.001`, `learning_rate_power = -0.5`,
/// `initial_accumulator_value = 0.1`, `l1_regularization_strength = 0`,
/// `l2_regularization_strength = 0`, `l2_shrinkage_regularization_strength = 0`, `beta = 0`,
/// no clipping, no weight decay.
///
/// ```
/// use nn::optimizers::{Ftrl, Optimizer};
/// let mut ftrl = Ftrl::default();
/// ftrl.l1_regularization_strength = 1.0;
/// let mut parameters = [0.0_f32];
/// ftrl.apply(&mut parameters, &[0.1]);
/// // Without L1 the parameter would move to −0.1·lr/√0.11; L1 clips that away exactly.
/// assert_eq!(parameters[0], 0.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Ftrl {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// The power `p` (≤ 0) the accumulator is raised to; −0.5 gives Adagrad-like steps.
    pub learning_rate_power: f32,
    /// The starting value of every accumulator (positive).
    pub initial_accumulator_value: f32,
    /// L1 regularization `λ₁`, which sets small parameters to exactly 0.
    pub l1_regularization_strength: f32,
    /// L2 regularization `λ₂`.
    pub l2_regularization_strength: f32,
    /// L2 shrinkage `λ₂ₛ`, added to the gradient as `2·λ₂ₛ·θ`.
    pub l2_shrinkage_regularization_strength: f32,
    /// Added to the L2 term as `β / (2·lr)`.
    pub beta: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    state: State,
}

/// What FTRL learns: its step count, the accumulator `n` and the linear term `z`.
#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    iterations: u64,
    accumulator: Vec<f32>,
    linear: Vec<f32>,
    clipped: Vec<f32>,
}

impl Default for Ftrl {
    fn default() -> Self {
        Ftrl {
            learning_rate: 0.001,
            learning_rate_power: -0.5,
            initial_accumulator_value: 0.1,
            l1_regularization_strength: 0.0,
            l2_regularization_strength: 0.0,
            l2_shrinkage_regularization_strength: 0.0,
            beta: 0.0,
            options: Options::default(),
            state: State::default(),
        }
    }
}

impl Optimizer for Ftrl {
    const NAME: &'static str = "ftrl";

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
            state.linear = vec![0.0; parameters.len()];
        }
        state.iterations += 1;
        let power = -self.learning_rate_power;
        let l1 = self.l1_regularization_strength;
        let l2 = self.l2_regularization_strength + self.beta / (2.0 * lr);
        let shrinkage = 2.0 * self.l2_shrinkage_regularization_strength;
        let slots = state.accumulator.iter_mut().zip(state.linear.iter_mut());
        let mut settle = Settle::new(non_finite);
        let sweep = parameters.iter_mut().zip(gradients).zip(slots);
        for ((theta, &g), (n, z)) in sweep {
            let g_shrunk = g + shrinkage * *theta;
            let n_new = *n + g * g;
            let n_new_power = n_new.powf(power);
            *z += g_shrunk - (n_new_power - n.powf(power)) / lr * *theta;
            let quadratic = n_new_power / lr + 2.0 * l2;
            settle.set(theta, (z.clamp(-l1, l1) - *z) / quadratic);
            *n = n_new;
        }
        settle.finish()
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        let state = &self.state;
        let slots = [
            ("accumulator", &state.accumulator[..]),
            ("linear", &state.linear[..]),
        ];
        OptimizerState::new(state.iterations, slots, [])
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        let names = ["accumulator", "linear"];
        let (iterations, [n, z], []) = state.take(Self::NAME, names, [])?;
        let state = &mut self.state;
        (state.iterations, state.accumulator, state.linear) = (iterations, n, z);
        Ok(())
    }
}
