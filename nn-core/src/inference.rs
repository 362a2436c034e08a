//! What the inference type `network!` declares beside each network does, as generic functions
//! of its layers: one sample through them, and weights from the bytes of a file. Neither needs
//! std nor a heap.

use nalgebra::SVector;

use crate::Parameters;
use crate::io::{BytesError, TensorLayout, read_safetensors_bytes};
use crate::layers::Forward;

/// The output of `layers` for one row, on the stack.
///
/// ```
/// use nn::activations::Relu;
/// use nn::layers::Dense;
///
/// let mut layer = Dense::<2, 1, Relu>::zeros();
/// layer.kernel[(0, 0)] = 2.0;
/// assert_eq!(nn::inference::predict_one(&layer, &[1.5, 7.0]), [3.0]);
/// ```
pub fn predict_one<L: Forward<IN, OUT>, const IN: usize, const OUT: usize>(
    layers: &L,
    x: &[f32; IN],
) -> [f32; OUT] {
    layers.forward_one(&SVector::from(*x)).into()
}

/// Layers with the weights of `tensors` read from the bytes of a safetensors file (see
/// [`read_safetensors_bytes`] for what is checked).
pub fn from_safetensors_bytes<P: Parameters>(
    bytes: &[u8],
    tensors: &[TensorLayout],
) -> Result<P, BytesError> {
    let mut layers = P::zeroed();
    read_safetensors_bytes(bytes, tensors, layers.as_mut_slice())?;
    Ok(layers)
}

/// A copy of `layers`, made on the stack: a network's inference type taken from the network
/// it was trained as.
pub fn copy_of<P: Parameters>(layers: &P) -> P {
    let mut copy = P::zeroed();
    copy.as_mut_slice().copy_from_slice(layers.as_slice());
    copy
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::activations::{Relu, Softmax};
    use crate::layers::{Dense, Layer, LayerNormalization, LayerOutput};
    use crate::{Batch, Rng};

    /// A network as `network!` lays one out: input(3) -> dense(5, relu) -> layer_normalization
    /// -> dense(2, softmax).
    #[repr(C)]
    struct Small {
        dense: Dense<3, 5, Relu>,
        normalization: LayerNormalization<5, { 1e-3_f32.to_bits() }>,
        output: Dense<5, 2, Softmax>,
    }

    // SAFETY: repr(C), three layers of f32s: 20 + 10 + 12 floats.
    unsafe impl Parameters for Small {
        const COUNT: usize = 42;
    }

    impl Forward<3, 2> for Small {
        fn forward_one(&self, input: &SVector<f32, 3>) -> SVector<f32, 2> {
            let x = self.dense.forward_one(input);
            let x = Forward::forward_one(&self.normalization, &x);
            self.output.forward_one(&x)
        }
    }

    /// `predict_one` (each layer's `Forward`) gives the bits of the batch path at inference
    /// (`Layer::forward` without a generator), row by row.
    #[test]
    fn predict_one_is_the_batch_path_at_inference() {
        let mut rng = Rng::seed_from_u64(5);
        let mut small = Small::zeroed();
        Layer::initialize(&mut small.dense, &mut rng);
        Layer::initialize(&mut small.output, &mut rng);
        small.normalization.beta.fill(0.25);
        let x = Batch::<3>::from_fn(7, |i, j| (i as f32 - 1.0) * (j as f32 * 0.37 - 1.1));

        let (mut dense, mut normalization, mut output) = Default::default();
        Layer::forward(&small.dense, &x, &mut dense, None);
        Layer::forward(
            &small.normalization,
            dense.output(),
            &mut normalization,
            None,
        );
        Layer::forward(&small.output, normalization.output(), &mut output, None);
        for (row, expected) in x.column_iter().zip(output.output().column_iter()) {
            let predicted = predict_one(&small, &[row[0], row[1], row[2]]);
            assert_eq!(
                predicted.map(f32::to_bits),
                [expected[0], expected[1]].map(f32::to_bits)
            );
        }
    }

    #[test]
    fn the_parameters_round_trip_through_an_array_and_a_copy() {
        let values: [f32; 42] = core::array::from_fn(|i| i as f32 * 0.5 - 3.0);
        let small: Small = crate::parameters_from_array(&values);
        assert_eq!(small.as_slice(), values);
        assert_eq!(small.dense.bias[0], values[15]);
        assert_eq!(copy_of(&small).as_slice(), values);
    }
}
