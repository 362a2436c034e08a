//! A network for inference only: its layers and nothing for training, which builds without std
//! and predicts without a heap. `network!` names it beside each network it declares
//! (`RegressorInference` for `Regressor`).

use nalgebra::SVector;

use crate::io::{BytesError, Layout, TensorLayout, read_safetensors_bytes};
use crate::layers::Forward;
use crate::parameters_from_array;

/// The layers `L` of a network from `IN` values to `OUT`, for inference only: `predict_one`
/// on the stack, weights from `from_parameters` (a constant, as `nn::bake!` writes one) or
/// `from_safetensors_bytes` (a file's bytes, as `include_bytes!` gives them). Neither std nor
/// a heap is needed; with std, a trained network's `inference()` gives one with its weights.
///
/// ```
/// nn::network! {
///     pub struct Regressor;
///     input(2) -> dense(3, relu) -> dense(1, linear);
///     loss = mse;
///     optimizer = sgd();
/// }
///
/// // Kernel [2, 3], bias [3], kernel [3, 1], bias [1], in the order of `TENSORS`.
/// const WEIGHTS: [f32; 13] = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 0.0];
/// const DEPLOYED: RegressorInference = RegressorInference::from_parameters(&WEIGHTS);
/// assert_eq!(RegressorInference::TENSORS[0].name, "dense_0/kernel");
/// assert_eq!(DEPLOYED.predict_one(&[2.0, -1.0]), [2.5]);
/// ```
pub struct Inference<L, const IN: usize, const OUT: usize> {
    layers: L,
}

impl<L, const IN: usize, const OUT: usize> Inference<L, IN, OUT>
where
    L: Layout + Forward<IN, OUT>,
{
    /// How many values each input row has.
    pub const INPUTS: usize = IN;
    /// How many values the network outputs per row.
    pub const OUTPUTS: usize = OUT;
    /// Every value the network holds, trainable or not, in the order of `TENSORS`.
    pub const PARAMETERS: usize = L::COUNT;
    /// Each tensor's Keras name, shape and first value among the parameters.
    pub const TENSORS: &'static [TensorLayout] = L::TENSORS;

    /// The network with these parameters, in the order of `TENSORS`; an array of another
    /// length does not compile.
    pub const fn from_parameters<const N: usize>(values: &[f32; N]) -> Self {
        Inference {
            layers: parameters_from_array(values),
        }
    }

    /// The network with the weights of a safetensors file's bytes, each of `TENSORS` checked
    /// (see [`read_safetensors_bytes`]).
    pub fn from_safetensors_bytes(bytes: &[u8]) -> Result<Self, BytesError> {
        let mut layers = L::zeroed();
        read_safetensors_bytes(bytes, L::TENSORS, layers.as_mut_slice())?;
        Ok(Inference { layers })
    }

    /// The network holding a copy of `layers`' weights.
    pub fn copy_of(layers: &L) -> Self {
        let mut copy = L::zeroed();
        copy.as_mut_slice().copy_from_slice(layers.as_slice());
        Inference { layers: copy }
    }

    /// The network's output for one row, on the stack.
    pub fn predict_one(&self, x: &[f32; IN]) -> [f32; OUT] {
        self.layers.forward_one(&SVector::from(*x)).into()
    }

    /// Its weights, in the order of `TENSORS`.
    pub fn parameters(&self) -> &[f32] {
        self.layers.as_slice()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::Parameters;
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

    impl Layout for Small {
        const TENSORS: &'static [TensorLayout] = &[
            TensorLayout::new("dense_0/kernel", &[3, 5], 0),
            TensorLayout::new("dense_0/bias", &[5], 15),
            TensorLayout::new("layer_normalization_0/gamma", &[5], 20),
            TensorLayout::new("layer_normalization_0/beta", &[5], 25),
            TensorLayout::new("dense_1/kernel", &[5, 2], 30),
            TensorLayout::new("dense_1/bias", &[2], 40),
        ];
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
            let predicted =
                Inference::<Small, 3, 2>::copy_of(&small).predict_one(&[row[0], row[1], row[2]]);
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
        let inference = Inference::<Small, 3, 2>::from_parameters(&values);
        assert_eq!(inference.parameters(), values);
        assert_eq!(
            Inference::<Small, 3, 2>::copy_of(&small).parameters(),
            values
        );
    }
}
