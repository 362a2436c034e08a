//! The step `network!`'s generated `Layers` takes for each layer after the first: forward, the
//! layer reads the output the layer below left in its buffers; backward, it writes ∂L/∂input
//! into the gradient beside that output, which the layer below back-propagates next.

use super::{Layer, LayerOutput};
use crate::Rng;

/// Runs `layer` on the output in `below` (the buffers of the layer under it), keeping what its
/// backward pass needs in `buffers`; `rng` is lent while training.
#[inline]
pub fn forward_after<L, B, const IN: usize, const OUT: usize>(
    layer: &L,
    below: &B,
    buffers: &mut L::Buffers,
    rng: &mut Option<&mut Rng>,
) where
    L: Layer<IN, OUT>,
    B: LayerOutput<IN>,
{
    layer.forward(below.output(), buffers, rng.as_deref_mut());
}

/// Back-propagates through `layer`: its parameter gradients into `gradients`, ∂L/∂input into
/// `below`'s gradient, beside the output it read.
#[inline]
pub fn backward_after<L, B, const IN: usize, const OUT: usize>(
    layer: &L,
    below: &mut B,
    buffers: &mut L::Buffers,
    gradients: &mut L,
) where
    L: Layer<IN, OUT>,
    B: LayerOutput<IN>,
{
    let (input, input_gradient) = below.output_and_gradient();
    layer.backward(input, buffers, gradients, Some(input_gradient));
}
