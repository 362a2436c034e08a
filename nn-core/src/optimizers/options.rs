//! The arguments every Keras optimizer accepts, applied once here for all of them.

/// Gradient clipping and decoupled weight decay, the arguments every Keras 3 optimizer takes
/// (`weight_decay`, `clipnorm`, `clipvalue`, `global_clipnorm`), each `None` when off as in Keras.
///
/// Each step, before its own update, an optimizer does what Keras's `apply_gradients` does, in
/// Keras's order:
///
/// ```text
/// 1. clip the gradient, by the first option set of:
///      clipnorm         g ← g·c / max(‖g‖₂, c)
///      global_clipnorm  g ← g·c·min(1/‖g‖₂, 1/c)
///      clipvalue        g ← clamp(g, −c, c)
/// 2. weight decay       θ ← θ − θ·wd·lr          (before the update, with this step's lr)
/// ```
///
/// As in Keras, `clipnorm` clips each variable (each kernel, each bias) by its own norm: the
/// network records the variables' sizes in [`variables`](Self::variables) at the start of each
/// `fit`.
///
/// Keras refuses to build an optimizer with more than one of the three clipping options set;
/// `network!` refuses it at compile time, and set by hand here, only the first in the order
/// above applies.
///
/// ```
/// use nn_core::optimizers::{Optimizer, Sgd};
/// let mut sgd = Sgd::default();
/// sgd.learning_rate = 1.0;
/// sgd.options.clipvalue = Some(0.5);
/// let mut parameters = [1.0_f32, 1.0];
/// sgd.apply(&mut parameters, &[2.0, -0.25]);
/// assert_eq!(parameters, [0.5, 1.25]);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Decoupled weight decay `wd`: each step first shrinks every parameter by `θ·wd·lr`.
    pub weight_decay: Option<f32>,
    /// Rescales each variable's gradient so that its L2 norm is at most this.
    pub clipnorm: Option<f32>,
    /// Rescales the gradient so that its L2 norm, over the whole network, is at most this.
    pub global_clipnorm: Option<f32>,
    /// Clamps each gradient to `[−clipvalue, clipvalue]`.
    pub clipvalue: Option<f32>,
    /// How many values each variable (each kernel, each bias) holds, in order, so that
    /// `clipnorm` clips each by its own norm as Keras does. `fit` sets it; empty means
    /// the whole slice is one variable.
    pub variables: Vec<usize>,
}

impl Options {
    /// `gradients` cut into the network's variables (one piece if they are not known or do not
    /// add up to its length); called every step, so it does not allocate.
    fn variable_slices<'g>(&self, gradients: &'g [f32]) -> impl Iterator<Item = &'g [f32]> {
        let known = self.variables.iter().sum::<usize>() == gradients.len();
        let (lengths, whole): (&[usize], _) = if known && !self.variables.is_empty() {
            (&self.variables, None)
        } else {
            (&[], Some(gradients))
        };
        let mut rest = gradients;
        whole.into_iter().chain(lengths.iter().map(move |&length| {
            let (variable, tail) = rest.split_at(length);
            rest = tail;
            variable
        }))
    }

    /// Options with only weight decay `wd` set (AdamW's default).
    pub(crate) fn with_weight_decay(wd: f32) -> Self {
        Options {
            weight_decay: Some(wd),
            ..Options::default()
        }
    }

    /// Keras's `_clip_gradients` then `_apply_weight_decay`: clips `gradients` (into `scratch`
    /// when a clipping option is on) and decays `parameters`; returns the gradients to update
    /// with.
    pub(crate) fn prepare<'a>(
        &self,
        learning_rate: f32,
        parameters: &mut [f32],
        gradients: &'a [f32],
        scratch: &'a mut Vec<f32>,
    ) -> &'a [f32] {
        assert_eq!(
            parameters.len(),
            gradients.len(),
            "one gradient per parameter"
        );
        let on = |option: Option<f32>| option.filter(|&c| c > 0.0);
        let (clipnorm, global_clipnorm, clipvalue) = (
            on(self.clipnorm),
            on(self.global_clipnorm),
            on(self.clipvalue),
        );
        let gradients = if let Some(c) = clipnorm {
            // tf.clip_by_norm, variable by variable.
            scratch.clear();
            for variable in self.variable_slices(gradients) {
                let l2sum: f32 = variable.iter().map(|g| g * g).sum();
                let l2norm = if l2sum > 0.0 { l2sum.sqrt() } else { l2sum };
                let denominator = l2norm.max(c);
                scratch.extend(variable.iter().map(|g| g * c / denominator));
            }
            &scratch[..]
        } else if let Some(c) = global_clipnorm {
            // Keras's clip_by_global_norm: NaN if the norm is not finite.
            let norm = gradients.iter().map(|g| g * g).sum::<f32>().sqrt();
            let scale = if norm.is_finite() {
                c * (1.0 / norm).min(1.0 / c)
            } else {
                f32::NAN
            };
            scratch.clear();
            scratch.extend(gradients.iter().map(|g| g * scale));
            &scratch[..]
        } else if let Some(c) = clipvalue {
            scratch.clear();
            scratch.extend(gradients.iter().map(|g| g.clamp(-c, c)));
            &scratch[..]
        } else {
            gradients
        };
        if let Some(wd) = self.weight_decay {
            for theta in parameters.iter_mut() {
                *theta -= *theta * wd * learning_rate;
            }
        }
        gradients
    }
}

/// The learning rate of step `iterations + 1` under the legacy Keras `decay` argument:
/// `lr / (1 + decay · iterations)`, `iterations` counting the steps already taken (Keras 3's
/// `InverseTimeDecay(lr, decay_steps = 1, decay_rate = decay)`).
pub(crate) fn legacy_decayed(learning_rate: f32, decay: f32, iterations: u64) -> f32 {
    if decay == 0.0 {
        learning_rate
    } else {
        learning_rate / (1.0 + decay * iterations as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipnorm_clips_each_variable_by_its_own_norm() {
        // Two variables: (3, 4) of norm 5 is scaled to norm 1; (0.3, 0.4) of norm 0.5 is kept.
        let options = Options {
            clipnorm: Some(1.0),
            variables: vec![2, 2],
            ..Options::default()
        };
        let mut scratch = Vec::new();
        let mut parameters = [0.0; 4];
        let clipped = options.prepare(0.1, &mut parameters, &[3.0, 4.0, 0.3, 0.4], &mut scratch);
        approx::assert_relative_eq!(clipped, &[0.6, 0.8, 0.3, 0.4][..], max_relative = 1e-6);
        // Without the variables known, the slice is one variable of norm √25.25.
        let whole = Options {
            clipnorm: Some(1.0),
            ..Options::default()
        };
        let clipped = whole.prepare(0.1, &mut parameters, &[3.0, 4.0, 0.3, 0.4], &mut scratch);
        approx::assert_relative_eq!(clipped[0], 3.0 / 25.25_f32.sqrt(), max_relative = 1e-6);
    }
}
