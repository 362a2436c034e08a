use super::Optimizer;
use super::adam::{AdamHyper, AdamState};
use super::options::Options;
use super::state::{NonFinite, NonFiniteStep, OptimizerState};

/// Keras 3's `AdamW`: [`Adam`](super::Adam) with decoupled weight decay on by default.
///
/// At step `t` (from 1), for each parameter `θ` with gradient `g`:
///
/// ```text
/// θ ← θ − θ·wd·lr                       (weight decay, before the update)
/// m ← m + (g − m)·(1 − β₁)
/// v ← v + (g² − v)·(1 − β₂)
/// v̂ ← max(v̂, v), and v ← v̂           (only with amsgrad)
/// α ← lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// θ ← θ − α·m / (√v + ε)
/// ```
///
/// As in Adam, `ε` is added to the uncorrected `√v`. The weight decay `wd` is
/// `options.weight_decay`, which Keras requires for AdamW; `None` turns AdamW into Adam.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `weight_decay = 0.004`, `beta_1 = 0.9`,
/// `beta_2 = 0.999`, `epsilon = 1e-7`, `amsgrad = false`, no clipping.
///
/// ```
/// use nn::optimizers::{AdamW, Optimizer};
/// let mut adamw = AdamW::default();
/// adamw.learning_rate = 0.1;
/// let mut parameters = [1.0_f32];
/// adamw.apply(&mut parameters, &[0.5]);
/// // Decay by 1·0.004·0.1, then Adam's first step of about the learning rate.
/// approx::assert_relative_eq!(parameters[0], 0.8996, max_relative = 1e-5);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct AdamW {
    /// The step size `lr`.
    pub learning_rate: f32,
    /// Decay rate of the first-moment estimate `m`.
    pub beta_1: f64,
    /// Decay rate of the second-moment estimate `v`.
    pub beta_2: f64,
    /// Added to `√v` so that a step never divides by zero.
    pub epsilon: f32,
    /// Whether to divide by the largest `v` seen so far (AMSGrad) rather than the current one.
    pub amsgrad: bool,
    /// Clipping and weight decay (`weight_decay = Some(0.004)` by default).
    pub options: Options,
    state: AdamState,
}

impl Default for AdamW {
    fn default() -> Self {
        AdamW {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
            amsgrad: false,
            options: Options::with_weight_decay(0.004),
            state: AdamState::default(),
        }
    }
}

impl Optimizer for AdamW {
    const NAME: &'static str = "adamw";

    fn step(
        &mut self,
        parameters: &mut [f32],
        gradients: &[f32],
        variables: &[usize],
        non_finite: NonFinite,
    ) -> Result<(), NonFiniteStep> {
        let hyper = AdamHyper {
            learning_rate: self.learning_rate,
            beta_1: self.beta_1,
            beta_2: self.beta_2,
            epsilon: self.epsilon,
            amsgrad: self.amsgrad,
        };
        let gradients = (gradients, variables);
        self.state
            .step(&hyper, &self.options, parameters, gradients, non_finite)
    }

    learning_rate_and_options!();

    fn state(&self) -> OptimizerState {
        self.state.read_out()
    }

    fn set_state(&mut self, state: OptimizerState) -> Result<(), crate::Error> {
        self.state.put_back(Self::NAME, state)
    }
}
