//! How a layer's weights are first filled, seeded and reproducible.

mod glorot_uniform;

pub use glorot_uniform::GlorotUniform;

use crate::Rng;

/// The fan-in and fan-out of a weight matrix: a Dense kernel of `IN` inputs and `OUT` units has
/// `fan_in = IN` and `fan_out = OUT`, as in Keras.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fans {
    /// Inputs feeding each unit.
    pub fan_in: usize,
    /// Units each input feeds.
    pub fan_out: usize,
}

/// A way to fill a weight tensor with starting values.
pub trait Initializer {
    /// Keras's name for the initializer.
    const NAME: &'static str;

    /// Fills `values`, a tensor with the given fans, drawing from `rng`.
    fn fill(&self, values: &mut [f32], fans: Fans, rng: &mut Rng);
}
