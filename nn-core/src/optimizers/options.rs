//! The arguments every Keras optimizer accepts, applied once here for all of them.

use super::state::{NonFinite, NonFiniteStep, any_non_finite, first_non_finite};

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
/// As in Keras, `clipnorm` clips each variable (each kernel, each bias) by its own norm: `fit`
/// passes the variables' sizes to each [`step`](super::Optimizer::step).
///
/// Keras refuses to build an optimizer with more than one of the three clipping options set;
/// `network!` refuses it at compile time, and set by hand here, only the first in the order
/// above applies.
///
/// ```
/// use nn::optimizers::{Optimizer, Sgd};
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
}

impl Options {
    /// Options with only weight decay `wd` set (AdamW's default).
    pub(crate) fn with_weight_decay(wd: f32) -> Self {
        Options {
            weight_decay: Some(wd),
            ..Options::default()
        }
    }

    /// Keras's `_clip_gradients` then `_apply_weight_decay`: clips `gradients` (into `scratch`
    /// when a clipping option is on, `variables` giving each variable's length for `clipnorm`)
    /// and decays `parameters`; returns the gradients to update with.
    ///
    /// Under [`NonFinite::Stop`] a non-finite gradient is looked for in the clipping pass (or in
    /// one read pass when no clipping is on), before anything is decayed, and refused.
    pub(crate) fn prepare<'a>(
        &self,
        learning_rate: f32,
        parameters: &mut [f32],
        (gradients, variables): (&'a [f32], &[usize]),
        scratch: &'a mut Vec<f32>,
        non_finite: NonFinite,
    ) -> Result<&'a [f32], NonFiniteStep> {
        assert_eq!(
            parameters.len(),
            gradients.len(),
            "one gradient per parameter"
        );
        let check = non_finite == NonFinite::Stop;
        let on = |option: Option<f32>| option.filter(|&c| c > 0.0);
        let (clipnorm, global_clipnorm, clipvalue) = (
            on(self.clipnorm),
            on(self.global_clipnorm),
            on(self.clipvalue),
        );
        let mut bad = false;
        let clipped = if let Some(c) = clipnorm {
            // tf.clip_by_norm, variable by variable; a non-finite gradient makes its
            // variable's sum of squares non-finite.
            scratch.clear();
            for variable in variable_slices(gradients, variables) {
                let l2sum: f32 = variable.iter().map(|g| g * g).sum();
                bad |= !l2sum.is_finite() && any_non_finite(variable);
                let l2norm = if l2sum > 0.0 { l2sum.sqrt() } else { l2sum };
                let denominator = l2norm.max(c);
                scratch.extend(variable.iter().map(|g| g * c / denominator));
            }
            &scratch[..]
        } else if let Some(c) = global_clipnorm {
            // Keras's clip_by_global_norm: NaN if the norm is not finite.
            let norm = gradients.iter().map(|g| g * g).sum::<f32>().sqrt();
            bad = !norm.is_finite();
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
            scratch.extend(gradients.iter().map(|g| {
                bad |= !g.is_finite();
                g.clamp(-c, c)
            }));
            &scratch[..]
        } else {
            bad = check && any_non_finite(gradients);
            gradients
        };
        if check && bad {
            return Err(first_non_finite(gradients));
        }
        if let Some(wd) = self.weight_decay {
            for theta in parameters.iter_mut() {
                *theta -= *theta * wd * learning_rate;
            }
        }
        Ok(clipped)
    }
}

/// `gradients` cut into the network's variables of lengths `variables` (one piece if they are
/// not given or do not add up to its length); called every step, so it does not allocate.
fn variable_slices<'g>(
    gradients: &'g [f32],
    variables: &[usize],
) -> impl Iterator<Item = &'g [f32]> {
    let known = variables.iter().sum::<usize>() == gradients.len();
    let (lengths, whole): (&[usize], _) = if known && !variables.is_empty() {
        (variables, None)
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
            ..Options::default()
        };
        let mut scratch = Vec::new();
        let mut parameters = [0.0; 4];
        let gradients = [3.0, 4.0, 0.3, 0.4];
        let stop = NonFinite::Stop;
        let clipped = options
            .prepare(
                0.1,
                &mut parameters,
                (&gradients, &[2, 2]),
                &mut scratch,
                stop,
            )
            .unwrap();
        approx::assert_relative_eq!(clipped, &[0.6, 0.8, 0.3, 0.4][..], max_relative = 1e-6);
        // Without the variables known, the slice is one variable of norm √25.25.
        let clipped = options
            .prepare(0.1, &mut parameters, (&gradients, &[]), &mut scratch, stop)
            .unwrap();
        approx::assert_relative_eq!(clipped[0], 3.0 / 25.25_f32.sqrt(), max_relative = 1e-6);
    }
}
