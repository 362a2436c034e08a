//! Each activation as ONNX operators (opset 18), or the reason it has none.
//!
//! An activation that ONNX has as one operator is that operator with Keras's constants; the
//! others are composed from a few (`silu` is `x·Sigmoid(x)`, `gelu` is
//! `x·(1 + Erf(x/√2))/2`); `gelu(approximate = true)` and a `relu` with both a negative slope
//! and a threshold are refused in words.

use super::graph::{Attribute, Graph};
use crate::activations::{
    Celu, Elu, Exponential, Gelu, GeluTanh, HardSigmoid, HardSilu, HardTanh, LeakyRelu, Linear,
    LogSigmoid, LogSoftmax, Mish, Relu, Relu6, ReluWith, Selu, Sigmoid, Silu, Softmax, Softplus,
    Softsign, Tanh,
};

/// An activation written as ONNX operators.
pub trait OnnxActivation {
    /// Appends the operators applying the activation to `input`, naming values after
    /// `prefix`, and returns its output's name; or says why ONNX cannot express it.
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String>;
}

/// One operator with `attributes`, its output `{prefix}`.
fn single(
    graph: &mut Graph,
    op: &str,
    prefix: &str,
    input: &str,
    attributes: &[Attribute],
) -> String {
    graph.node(op, &[input], prefix, attributes)
}

/// `Clip(input, min, max)`, its bounds as initializers.
fn clip(graph: &mut Graph, prefix: &str, input: &str, min: f32, max: f32) -> String {
    let min = graph.scalar(&format!("{prefix}/min"), min);
    let max = graph.scalar(&format!("{prefix}/max"), max);
    graph.node("Clip", &[input, &min, &max], prefix, &[])
}

macro_rules! single_operator {
    ($($activation:ty => $op:literal $(, $attribute:expr)*;)*) => {$(
        impl OnnxActivation for $activation {
            fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
                Ok(single(graph, $op, prefix, input, &[$($attribute),*]))
            }
        }
    )*};
}

single_operator! {
    Relu => "Relu";
    Sigmoid => "Sigmoid";
    Tanh => "Tanh";
    Softplus => "Softplus";
    Softsign => "Softsign";
    Exponential => "Exp";
    Mish => "Mish";
    HardSilu => "HardSwish";
    // Keras 3's hard_sigmoid is relu6(x + 3)/6.
    HardSigmoid => "HardSigmoid", Attribute::Float("alpha", 1.0 / 6.0), Attribute::Float("beta", 0.5);
    Selu => "Selu",
        Attribute::Float("alpha", 1.673_263_2),
        Attribute::Float("gamma", Selu::SCALE);
    Softmax => "Softmax", Attribute::Int("axis", -1);
    LogSoftmax => "LogSoftmax", Attribute::Int("axis", -1);
}

impl OnnxActivation for Linear {
    fn to_onnx(_: &mut Graph, _: &str, input: &str) -> Result<String, String> {
        Ok(input.to_string())
    }
}

impl OnnxActivation for Relu6 {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        Ok(clip(graph, prefix, input, 0.0, 6.0))
    }
}

impl OnnxActivation for HardTanh {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        Ok(clip(graph, prefix, input, -1.0, 1.0))
    }
}

impl<const NEGATIVE_SLOPE: u32> OnnxActivation for LeakyRelu<NEGATIVE_SLOPE> {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        let alpha = Attribute::Float("alpha", Self::NEGATIVE_SLOPE);
        Ok(single(graph, "LeakyRelu", prefix, input, &[alpha]))
    }
}

impl<const ALPHA: u32> OnnxActivation for Elu<ALPHA> {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        let alpha = Attribute::Float("alpha", Self::ALPHA);
        Ok(single(graph, "Elu", prefix, input, &[alpha]))
    }
}

impl<const ALPHA: u32> OnnxActivation for Celu<ALPHA> {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        let alpha = Attribute::Float("alpha", Self::ALPHA);
        Ok(single(graph, "Celu", prefix, input, &[alpha]))
    }
}

impl<const NEGATIVE_SLOPE: u32, const MAX_VALUE: u32, const THRESHOLD: u32> OnnxActivation
    for ReluWith<NEGATIVE_SLOPE, MAX_VALUE, THRESHOLD>
{
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        match (Self::NEGATIVE_SLOPE, Self::MAX_VALUE, Self::THRESHOLD) {
            (0.0, max, 0.0) => Ok(clip(graph, prefix, input, 0.0, max)),
            (slope, f32::INFINITY, 0.0) => {
                let alpha = Attribute::Float("alpha", slope);
                Ok(single(graph, "LeakyRelu", prefix, input, &[alpha]))
            }
            _ => Err(
                "a `relu` with a threshold, or with both a negative slope and a max_value, has \
                 no ONNX operator"
                    .to_string(),
            ),
        }
    }
}

/// `x·Sigmoid(x)`.
impl OnnxActivation for Silu {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        let sigmoid = graph.node("Sigmoid", &[input], &format!("{prefix}/sigmoid"), &[]);
        Ok(graph.node("Mul", &[input, &sigmoid], prefix, &[]))
    }
}

/// `−Softplus(−x)`.
impl OnnxActivation for LogSigmoid {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        let negated = graph.node("Neg", &[input], &format!("{prefix}/negated"), &[]);
        let softplus = graph.node("Softplus", &[&negated], &format!("{prefix}/softplus"), &[]);
        Ok(graph.node("Neg", &[&softplus], prefix, &[]))
    }
}

/// `x·(1 + Erf(x/√2))/2`, as Keras's exact gelu (ONNX's own Gelu operator needs opset 20).
impl OnnxActivation for Gelu {
    fn to_onnx(graph: &mut Graph, prefix: &str, input: &str) -> Result<String, String> {
        let root_two = graph.scalar(&format!("{prefix}/sqrt_2"), std::f32::consts::SQRT_2);
        let one = graph.scalar(&format!("{prefix}/one"), 1.0);
        let half = graph.scalar(&format!("{prefix}/half"), 0.5);
        let scaled = graph.node("Div", &[input, &root_two], &format!("{prefix}/scaled"), &[]);
        let erf = graph.node("Erf", &[&scaled], &format!("{prefix}/erf"), &[]);
        let shifted = graph.node("Add", &[&erf, &one], &format!("{prefix}/shifted"), &[]);
        let product = graph.node(
            "Mul",
            &[input, &shifted],
            &format!("{prefix}/gelu_unhalved"),
            &[],
        );
        Ok(graph.node("Mul", &[&product, &half], prefix, &[]))
    }
}

impl OnnxActivation for GeluTanh {
    fn to_onnx(_: &mut Graph, _: &str, _: &str) -> Result<String, String> {
        Err("`gelu(approximate = true)` has no ONNX operator before opset 20".to_string())
    }
}
