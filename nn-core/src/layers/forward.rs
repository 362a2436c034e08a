//! One sample through a layer at inference: the part of a layer that needs neither std nor a
//! heap.

use nalgebra::SVector;

/// A layer's inference on one sample, from `IN` values to `OUT` values, on the stack.
///
/// Every layer implements it, and builds without std: a network declared with `network!` runs
/// its layers' `forward_one` in order in its inference type's `predict_one`, on a
/// microcontroller as on a server. Training ([`Layer`](super::Layer), with std) adds the
/// batched passes to it.
///
/// ```
/// use nn::activations::Relu;
/// use nn::layers::{Dense, Forward};
/// use nalgebra::SVector;
///
/// let mut dense = Dense::<2, 1, Relu>::zeros();
/// dense.kernel[(0, 0)] = 1.0;
/// dense.kernel[(0, 1)] = -1.0;
/// // relu(1·3 − 1·5 + 0) = 0, relu(1·5 − 1·3 + 0) = 2
/// assert_eq!(dense.forward_one(&SVector::from([3.0, 5.0]))[0], 0.0);
/// assert_eq!(dense.forward_one(&SVector::from([5.0, 3.0]))[0], 2.0);
/// ```
pub trait Forward<const IN: usize, const OUT: usize> {
    /// Runs one sample through the layer, with no heap allocation.
    fn forward_one(&self, input: &SVector<f32, IN>) -> SVector<f32, OUT>;
}
