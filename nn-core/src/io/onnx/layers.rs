//! Each layer as ONNX operators at inference (opset 18).
//!
//! Dense is `Gemm` (or `MatMul` without a bias) then its activation; the normalizations are
//! ONNX's own `LayerNormalization` and `BatchNormalization` (inference mode, the moving
//! statistics as its mean and variance), a left-out `γ` or `β` written as ones or zeros;
//! unit normalization is `x / √max(Σx², 10⁻¹²)` composed as Keras computes it; the dropout and
//! noise layers, the identity at inference, write nothing.

use nalgebra::SVector;

use super::activations::OnnxActivation;
use super::graph::{Attribute, Graph};
use crate::activations::Activation as ActivationFunction;
use crate::layers::{
    Activation, BatchNormalization, BiasTerm, Dense, LayerNormalization, TrainingNoise,
    UnitNormalization,
};

/// A layer written as ONNX operators.
pub trait OnnxLayer {
    /// Appends the layer's operators reading `input`, naming its weights and values after
    /// `name` (`dense_0/kernel`), and returns its output's name; or says why ONNX cannot
    /// express it.
    fn to_onnx(&self, graph: &mut Graph, name: &str, input: &str) -> Result<String, String>;
}

impl<const IN: usize, const OUT: usize, A, B> OnnxLayer for Dense<IN, OUT, A, B>
where
    A: ActivationFunction + OnnxActivation,
    B: BiasTerm<OUT>,
{
    fn to_onnx(&self, graph: &mut Graph, name: &str, input: &str) -> Result<String, String> {
        // The kernel is stored as Keras's [inputs, units], row after row.
        let kernel = graph.weights(
            &format!("{name}/kernel"),
            &[IN, OUT],
            self.kernel.as_slice(),
        );
        let product = format!("{name}/product");
        let product = match self.bias.values() {
            [] => graph.node("MatMul", &[input, &kernel], &product, &[]),
            bias => {
                let bias = graph.weights(&format!("{name}/bias"), &[OUT], bias);
                graph.node("Gemm", &[input, &kernel, &bias], &product, &[])
            }
        };
        A::to_onnx(graph, name, &product)
    }
}

impl<const N: usize, A> OnnxLayer for Activation<N, A>
where
    A: ActivationFunction + OnnxActivation,
{
    fn to_onnx(&self, graph: &mut Graph, name: &str, input: &str) -> Result<String, String> {
        A::to_onnx(graph, name, input)
    }
}

/// `values`, or `fill` repeated when the layer left the vector out.
fn vector_or<const N: usize>(values: &[f32], fill: f32) -> SVector<f32, N> {
    match values {
        [] => SVector::repeat(fill),
        values => SVector::from_column_slice(values),
    }
}

impl<const N: usize, const EPSILON: u32, Scale: BiasTerm<N>, Center: BiasTerm<N>> OnnxLayer
    for LayerNormalization<N, EPSILON, Scale, Center>
{
    fn to_onnx(&self, graph: &mut Graph, name: &str, input: &str) -> Result<String, String> {
        let gamma = vector_or::<N>(self.gamma.values(), 1.0);
        let beta = vector_or::<N>(self.beta.values(), 0.0);
        let gamma = graph.weights(&format!("{name}/gamma"), &[N], gamma.as_slice());
        let beta = graph.weights(&format!("{name}/beta"), &[N], beta.as_slice());
        let attributes = [
            Attribute::Int("axis", -1),
            Attribute::Float("epsilon", Self::EPSILON),
        ];
        Ok(graph.node(
            "LayerNormalization",
            &[input, &gamma, &beta],
            name,
            &attributes,
        ))
    }
}

impl<
    const N: usize,
    const MOMENTUM: u32,
    const EPSILON: u32,
    Scale: BiasTerm<N>,
    Center: BiasTerm<N>,
> OnnxLayer for BatchNormalization<N, MOMENTUM, EPSILON, Scale, Center>
{
    fn to_onnx(&self, graph: &mut Graph, name: &str, input: &str) -> Result<String, String> {
        let gamma = vector_or::<N>(self.gamma.values(), 1.0);
        let beta = vector_or::<N>(self.beta.values(), 0.0);
        let gamma = graph.weights(&format!("{name}/gamma"), &[N], gamma.as_slice());
        let beta = graph.weights(&format!("{name}/beta"), &[N], beta.as_slice());
        let mean = graph.weights(
            &format!("{name}/moving_mean"),
            &[N],
            self.moving_mean.as_slice(),
        );
        let variance = graph.weights(
            &format!("{name}/moving_variance"),
            &[N],
            self.moving_variance.as_slice(),
        );
        let attributes = [
            Attribute::Float("epsilon", Self::EPSILON),
            Attribute::Float("momentum", Self::MOMENTUM),
        ];
        Ok(graph.node(
            "BatchNormalization",
            &[input, &gamma, &beta, &mean, &variance],
            name,
            &attributes,
        ))
    }
}

impl<const N: usize> OnnxLayer for UnitNormalization<N> {
    fn to_onnx(&self, graph: &mut Graph, name: &str, input: &str) -> Result<String, String> {
        let axes = graph.integers(&format!("{name}/axes"), &[-1]);
        let floor = graph.scalar(&format!("{name}/floor"), 1e-12);
        let squares = format!("{name}/squared_length");
        let squares = graph.node(
            "ReduceSumSquare",
            &[input, &axes],
            &squares,
            &[Attribute::Int("keepdims", 1)],
        );
        let floored = graph.node("Max", &[&squares, &floor], &format!("{name}/floored"), &[]);
        // Keras (and nn) multiply by the reciprocal rather than divide: the same rounding.
        let length = graph.node("Sqrt", &[&floored], &format!("{name}/length"), &[]);
        let inverse = graph.node("Reciprocal", &[&length], &format!("{name}/inverse"), &[]);
        Ok(graph.node("Mul", &[input, &inverse], name, &[]))
    }
}

/// The layers that act only while training: nothing at inference.
impl<const N: usize, K> OnnxLayer for TrainingNoise<N, K> {
    fn to_onnx(&self, _: &mut Graph, _: &str, input: &str) -> Result<String, String> {
        Ok(input.to_string())
    }
}
