use super::Optimizer;
use super::options::{Options, legacy_decayed};

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
/// use nn_core::optimizers::{Optimizer, Sgd};
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
            iterations: 0,
            velocity: Vec::new(),
            clipped: Vec::new(),
        }
    }
}

impl Optimizer for Sgd {
    const NAME: &'static str = "sgd";

    fn apply(&mut self, parameters: &mut [f32], gradients: &[f32]) {
        let lr = legacy_decayed(self.learning_rate, self.decay, self.iterations);
        let gradients = self
            .options
            .prepare(lr, parameters, gradients, &mut self.clipped);
        self.iterations += 1;
        if self.momentum == 0.0 {
            for (theta, &g) in parameters.iter_mut().zip(gradients) {
                *theta -= g * lr;
            }
            return;
        }
        if self.velocity.len() != parameters.len() {
            self.velocity = vec![0.0; parameters.len()];
        }
        let mu = self.momentum;
        for ((theta, &g), m) in parameters.iter_mut().zip(gradients).zip(&mut self.velocity) {
            *m = *m * mu - g * lr;
            if self.nesterov {
                *theta += *m * mu - g * lr;
            } else {
                *theta += *m;
            }
        }
    }

    learning_rate_and_options!();

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
