use super::Optimizer;
use super::options::{Options, legacy_decayed};
use super::state::{NonFinite, NonFiniteStep, OptimizerState, Settle};

/// Keras 3's `Adam`.
///
/// At step `t` (from 1), for each parameter `θ` with gradient `g`:
///
/// ```text
/// m ← m + (g − m)·(1 − β₁)
/// v ← v + (g² − v)·(1 − β₂)
/// v̂ ← max(v̂, v), and v ← v̂           (only with amsgrad)
/// α ← lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// θ ← θ − α·m / (√v + ε)
/// ```
///
/// `β₁` and `β₂` are doubles, as Keras's are Python floats: Keras takes `1 − β` in double
/// precision and rounds it once to f32 (`1 − 0.999` is `0.001`, where `1 − 0.999_f32` is
/// `0.00099998713`, a step 1.3e-5 off that compounds over training), while the powers `βᵗ` are
/// taken in f32 from `β` rounded to f32, as Keras casts `β` to the variable's dtype for them.
///
/// Keras folds both bias corrections into `α` and adds `ε` to `√v` *uncorrected* (the "ε̂" of
/// the Adam paper's section 2). PyTorch adds `ε` to the bias-corrected `√v̂` instead; with
/// Keras's `ε = 1e-7` the two give different steps while `v` is small, so we follow Keras.
///
/// Before the update, [`Options`] clips the gradient and applies weight decay as Keras does.
/// `decay` is the legacy (Keras 2) argument: step `t` uses `lr / (1 + decay·(t − 1))` in place
/// of `lr`, weight decay included.
///
/// Defaults (Keras's): `learning_rate = 0.001`, `beta_1 = 0.9`, `beta_2 = 0.999`,
/// `epsilon = 1e-7`, `amsgrad = false`, no clipping, no weight decay, `decay = 0`.
///
/// ```
/// use nn::optimizers::{Adam, Optimizer};
/// let mut adam = Adam::default();
/// adam.learning_rate = 0.1;
/// let mut parameters = [1.0_f32];
/// adam.apply(&mut parameters, &[0.5]);
/// // The first step of Adam moves each parameter by about the learning rate.
/// approx::assert_relative_eq!(parameters[0], 0.9, max_relative = 1e-5);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Adam {
    /// The step size `lr` (Keras's `learning_rate`, the seeds' `lr`).
    pub learning_rate: f32,
    /// Decay rate of the first-moment estimate `m`.
    pub beta_1: f64,
    /// Decay rate of the second-moment estimate `v`.
    pub beta_2: f64,
    /// Added to `√v` so that a step never divides by zero.
    pub epsilon: f32,
    /// Whether to divide by the largest `v` seen so far (AMSGrad) rather than the current one.
    pub amsgrad: bool,
    /// Legacy Keras 2 learning-rate decay: step `t` uses `lr / (1 + decay·(t − 1))`.
    pub decay: f32,
    /// Clipping and weight decay, shared by every optimizer.
    pub options: Options,
    state: AdamState,
}

impl Default for Adam {
    fn default() -> Self {
        Adam {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
            amsgrad: false,
            decay: 0.0,
            options: Options::default(),
            state: AdamState::default(),
        }
    }
}

impl Optimizer for Adam {
    const NAME: &'static str = "adam";

    fn step(
        &mut self,
        parameters: &mut [f32],
        gradients: &[f32],
        variables: &[usize],
        non_finite: NonFinite,
    ) -> Result<(), NonFiniteStep> {
        let learning_rate = legacy_decayed(self.learning_rate, self.decay, self.state.iterations);
        let hyper = AdamHyper {
            learning_rate,
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

/// Adam's hyperparameters for one step (shared with [`AdamW`](super::AdamW)).
pub(super) struct AdamHyper {
    pub(super) learning_rate: f32,
    pub(super) beta_1: f64,
    pub(super) beta_2: f64,
    pub(super) epsilon: f32,
    pub(super) amsgrad: bool,
}

/// Adam's per-parameter state (shared with [`AdamW`](super::AdamW)).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct AdamState {
    pub(super) iterations: u64,
    first_moment: Vec<f32>,
    second_moment: Vec<f32>,
    max_second_moment: Vec<f32>,
    clipped: Vec<f32>,
}

impl AdamState {
    /// Keras's slot names: `momentum`, `velocity`, `velocity_hat` (AMSGrad's maximum).
    const SLOTS: [&'static str; 3] = ["momentum", "velocity", "velocity_hat"];

    pub(super) fn read_out(&self) -> OptimizerState {
        let [m, v, v_hat] = Self::SLOTS;
        OptimizerState::new(
            self.iterations,
            [
                (m, &self.first_moment),
                (v, &self.second_moment),
                (v_hat, &self.max_second_moment),
            ],
            [],
        )
    }

    pub(super) fn put_back(
        &mut self,
        optimizer: &str,
        state: OptimizerState,
    ) -> Result<(), crate::Error> {
        let (iterations, [m, v, v_hat], []) = state.take(optimizer, Self::SLOTS, [])?;
        (self.iterations, self.first_moment, self.second_moment) = (iterations, m, v);
        self.max_second_moment = v_hat;
        Ok(())
    }

    pub(super) fn step(
        &mut self,
        hyper: &AdamHyper,
        options: &Options,
        parameters: &mut [f32],
        gradients: (&[f32], &[usize]),
        non_finite: NonFinite,
    ) -> Result<(), NonFiniteStep> {
        let gradients = options.prepare(
            hyper.learning_rate,
            parameters,
            gradients,
            &mut self.clipped,
            non_finite,
        )?;
        if self.first_moment.len() != parameters.len() {
            self.first_moment = vec![0.0; parameters.len()];
            self.second_moment = vec![0.0; parameters.len()];
            self.max_second_moment = if hyper.amsgrad {
                vec![0.0; parameters.len()]
            } else {
                Vec::new()
            };
        }
        if hyper.amsgrad && self.max_second_moment.len() != parameters.len() {
            self.max_second_moment = vec![0.0; parameters.len()];
        }
        self.iterations += 1;
        // Keras computes the powers in f32 from the step count as a float, and `1 − β` in double.
        let step = self.iterations as f32;
        let (beta_1, beta_2) = (hyper.beta_1 as f32, hyper.beta_2 as f32);
        let alpha =
            hyper.learning_rate * (1.0 - beta_2.powf(step)).sqrt() / (1.0 - beta_1.powf(step));
        let (keep_1, keep_2) = ((1.0 - hyper.beta_1) as f32, (1.0 - hyper.beta_2) as f32);
        let sweep = Sweep {
            keep_1,
            keep_2,
            alpha,
            epsilon: hyper.epsilon,
        };
        let moments = (&mut self.first_moment[..], &mut self.second_moment[..]);
        let mut settle = Settle::new(non_finite);
        if hyper.amsgrad {
            let v_hat = &mut self.max_second_moment;
            sweep.run_amsgrad(parameters, gradients, moments, v_hat, &mut settle);
        } else {
            sweep.run(parameters, gradients, moments, &mut settle);
        }
        settle.finish()
    }
}

/// One step of Adam's update over every parameter, compiled for the widest vector unit the
/// CPU has: the sweep divides and takes a square root per parameter, which AVX-512 does for
/// sixteen at a time where the baseline build does four. Every lane computes the same
/// operations in the same order, so the result does not depend on the path.
struct Sweep {
    keep_1: f32,
    keep_2: f32,
    alpha: f32,
    epsilon: f32,
}

impl Sweep {
    /// θ − α·m / (√v + ε).
    #[inline(always)]
    fn updated(&self, theta: f32, m: f32, v: f32) -> f32 {
        theta - (m * self.alpha) / (v.sqrt() + self.epsilon)
    }

    #[inline(always)]
    fn plain(
        &self,
        parameters: &mut [f32],
        gradients: &[f32],
        (m, v): (&mut [f32], &mut [f32]),
        settle: &mut Settle,
    ) {
        for (((theta, &g), m), v) in parameters.iter_mut().zip(gradients).zip(m).zip(v) {
            *m += (g - *m) * self.keep_1;
            *v += (g * g - *v) * self.keep_2;
            settle.set(theta, self.updated(*theta, *m, *v));
        }
    }

    #[inline(always)]
    fn plain_amsgrad(
        &self,
        parameters: &mut [f32],
        gradients: &[f32],
        (m, v): (&mut [f32], &mut [f32]),
        v_hat: &mut [f32],
        settle: &mut Settle,
    ) {
        let moments = m.iter_mut().zip(v).zip(v_hat);
        for ((theta, &g), ((m, v), v_hat)) in parameters.iter_mut().zip(gradients).zip(moments) {
            *m += (g - *m) * self.keep_1;
            *v += (g * g - *v) * self.keep_2;
            *v_hat = v_hat.max(*v);
            settle.set(theta, self.updated(*theta, *m, *v_hat));
        }
    }

    fn run(
        &self,
        parameters: &mut [f32],
        gradients: &[f32],
        moments: (&mut [f32], &mut [f32]),
        settle: &mut Settle,
    ) {
        crate::widest::call!(self.plain(parameters, gradients, moments, settle))
    }

    fn run_amsgrad(
        &self,
        parameters: &mut [f32],
        gradients: &[f32],
        moments: (&mut [f32], &mut [f32]),
        v_hat: &mut [f32],
        settle: &mut Settle,
    ) {
        crate::widest::call!(self.plain_amsgrad(parameters, gradients, moments, v_hat, settle))
    }
}
