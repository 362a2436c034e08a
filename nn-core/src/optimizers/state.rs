//! What an optimizer has learnt, apart from what it was told: its step count and its
//! per-parameter slots, read out and put back exactly; and what happens when a step would not be
//! finite.

use crate::Error;

/// An optimizer's state: how many steps it has taken and every per-parameter slot (Adam's
/// `momentum` and `velocity`, ...) under Keras's variable names, plus any scalar (Nadam's
/// `u_product`).
///
/// A slot is empty until the first step allocates it. Reading it out with
/// [`Optimizer::state`](super::Optimizer::state) and putting it back with
/// [`Optimizer::set_state`](super::Optimizer::set_state) continues training bit for bit.
///
/// ```
/// use nn::optimizers::{Adam, Optimizer};
/// let mut adam = Adam::default();
/// let mut parameters = [1.0_f32, 2.0];
/// adam.apply(&mut parameters, &[0.5, -0.5]);
/// let state = adam.state();
/// assert_eq!(state.iterations, 1);
/// let mut resumed = Adam::default();
/// resumed.set_state(state)?;
/// let mut copy = parameters;
/// adam.apply(&mut parameters, &[0.1, 0.2]);
/// resumed.apply(&mut copy, &[0.1, 0.2]);
/// assert_eq!(parameters, copy);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptimizerState {
    /// Steps taken (Keras's `optimizer.iterations`).
    pub iterations: u64,
    /// Per-parameter slots, each empty or one value per parameter, in the optimizer's order.
    pub slots: Vec<(String, Vec<f32>)>,
    /// Scalars kept across steps, in the optimizer's order.
    pub scalars: Vec<(String, f32)>,
}

impl OptimizerState {
    /// The state of `optimizer` with these slots and scalars.
    pub(super) fn new<const S: usize, const C: usize>(
        iterations: u64,
        slots: [(&str, &[f32]); S],
        scalars: [(&str, f32); C],
    ) -> Self {
        OptimizerState {
            iterations,
            slots: slots
                .iter()
                .map(|(name, values)| (name.to_string(), values.to_vec()))
                .collect(),
            scalars: scalars
                .iter()
                .map(|&(name, value)| (name.to_string(), value))
                .collect(),
        }
    }

    /// The slots and scalars by the names `optimizer` expects, in that order, or an error naming
    /// every difference (a slot of another optimizer, one missing, lengths that disagree).
    pub(super) fn take<const S: usize, const C: usize>(
        self,
        optimizer: &str,
        slots: [&str; S],
        scalars: [&str; C],
    ) -> Result<Taken<S, C>, Error> {
        let mut differences = Vec::new();
        let names = |list: &mut dyn Iterator<Item = &str>| list.collect::<Vec<_>>().join(", ");
        let found_slots = names(&mut self.slots.iter().map(|(name, _)| name.as_str()));
        if found_slots != slots.join(", ") {
            differences.push(format!(
                "slots [{found_slots}], {optimizer} has [{}]",
                slots.join(", ")
            ));
        }
        let found_scalars = names(&mut self.scalars.iter().map(|(name, _)| name.as_str()));
        if found_scalars != scalars.join(", ") {
            differences.push(format!(
                "scalars [{found_scalars}], {optimizer} has [{}]",
                scalars.join(", ")
            ));
        }
        let lengths: Vec<usize> = self
            .slots
            .iter()
            .map(|(_, values)| values.len())
            .filter(|&len| len > 0)
            .collect();
        if lengths.windows(2).any(|pair| pair[0] != pair[1]) {
            differences.push(format!("slots of different lengths {lengths:?}"));
        }
        if !differences.is_empty() {
            return Err(Error::StateMismatch {
                what: format!("{optimizer} state"),
                differences: differences.join("; "),
            });
        }
        let mut slot_values = self.slots.into_iter().map(|(_, values)| values);
        let scalar_values = self.scalars.iter().map(|&(_, value)| value);
        let mut scalar_values = scalar_values.chain(std::iter::repeat(0.0));
        Ok((
            self.iterations,
            std::array::from_fn(|_| slot_values.next().unwrap_or_default()),
            std::array::from_fn(|_| scalar_values.next().unwrap_or_default()),
        ))
    }
}

/// A state taken apart: the step count, the slots and the scalars, in the optimizer's order.
pub(super) type Taken<const S: usize, const C: usize> = (u64, [Vec<f32>; S], [f32; C]);

/// What a training step does when a gradient, or an updated parameter, is NaN or infinite.
///
/// Keras applies such a step and the weights become NaN for good; `Stop` (the default here)
/// refuses it instead, so the weights stay those of the last finite step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NonFinite {
    /// Refuse the step and report it: a non-finite gradient changes nothing (weights, slots,
    /// step count); a parameter whose update overflows keeps its old value.
    #[default]
    Stop,
    /// Keras's behaviour: apply the step whatever it holds, with no check at all.
    Continue,
}

/// Why a step was refused under [`NonFinite::Stop`], with the flat index it concerns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NonFiniteStep {
    /// `gradients[index]` is `value`, NaN or infinite; nothing was changed.
    Gradient {
        /// The flat index of the gradient.
        index: usize,
        /// The gradient.
        value: f32,
    },
    /// Every gradient is finite but their global norm (for `global_clipnorm`) overflows;
    /// nothing was changed.
    GlobalNorm,
    /// The updates of some parameters would have been NaN or infinite; those kept their old
    /// values, while every parameter whose update is finite took it and the step counts.
    Update,
}

/// Whether any of `values` is NaN or infinite: one read pass, with no early exit so that it
/// vectorizes.
pub(super) fn any_non_finite(values: &[f32]) -> bool {
    crate::widest::call!(values.iter().fold(false, |bad, v| bad | !v.is_finite()))
}

/// The first non-finite gradient, once a pass has said there is one.
pub(super) fn first_non_finite(gradients: &[f32]) -> NonFiniteStep {
    gradients
        .iter()
        .position(|g| !g.is_finite())
        .map_or(NonFiniteStep::GlobalNorm, |index| NonFiniteStep::Gradient {
            index,
            value: gradients[index],
        })
}

/// Writes the updated parameters of one sweep, keeping the old value of any that would not be
/// finite (under [`NonFinite::Stop`]) and whether there was one.
///
/// The sweep must still vectorize, so it keeps one flag, an `or` over the sweep: remembering
/// which parameter was refused (the last one's index and value, the first index as a minimum, or
/// even a count) made training 1.3 to 1.5 times slower.
pub(super) struct Settle {
    check: bool,
    refused: bool,
}

impl Settle {
    pub(super) fn new(non_finite: NonFinite) -> Self {
        Settle {
            check: non_finite == NonFinite::Stop,
            refused: false,
        }
    }

    /// Sets `theta` to `value` unless that is not finite and checked.
    #[inline(always)]
    pub(super) fn set(&mut self, theta: &mut f32, value: f32) {
        let refuse = self.check & !value.is_finite();
        *theta = if refuse { *theta } else { value };
        self.refused |= refuse;
    }

    /// The sweep's outcome.
    pub(super) fn finish(self) -> Result<(), NonFiniteStep> {
        if self.refused {
            Err(NonFiniteStep::Update)
        } else {
            Ok(())
        }
    }
}
