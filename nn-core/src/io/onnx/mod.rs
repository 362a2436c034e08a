//! ONNX export: a trained network as a standard ONNX model (opset 18) that onnxruntime, or any
//! ONNX runtime, runs to the same predictions.
//!
//! The graph takes `input` of shape `[batch, IN]` and gives `output` of shape `[batch, OUT]`;
//! each layer appends its operators (`layers.rs`) and each activation its own
//! (`activations.rs`), the weights going in as initializers under the names the safetensors
//! file uses (`dense_0/kernel`). A layer or activation ONNX cannot express is refused with
//! [`Error::OnnxUnsupported`] naming it, and nothing is written.

mod activations;
mod graph;
mod layers;
mod proto;

use std::path::Path;

use prost::Message;

pub use activations::OnnxActivation;
pub use graph::{Attribute, Graph};
pub use layers::OnnxLayer;

use crate::Error;
use proto::{
    Dimension, ModelProto, OperatorSetIdProto, TensorShapeProto, TensorTypeProto, TypeProto,
    ValueInfoProto,
};

/// The ONNX opset the operators are written for (ONNX 1.13 and later, onnxruntime 1.14 and
/// later).
pub const OPSET: i64 = 18;

/// ONNX's IR version of opset 18.
const IR_VERSION: i64 = 8;

/// The graph's input, which the first layer reads.
pub const INPUT: &str = "input";

/// Appends `layer`'s operators, named `name`, reading `input`; the error names the layer.
pub fn layer<L: OnnxLayer>(
    graph: &mut Graph,
    layer: &L,
    name: &str,
    input: &str,
) -> Result<String, Error> {
    layer
        .to_onnx(graph, name, input)
        .map_err(|reason| Error::OnnxUnsupported {
            layer: name.to_string(),
            reason,
        })
}

/// The ONNX model of a graph from `IN` values to `OUT`, whose last value is `last`, as bytes.
pub fn model<const IN: usize, const OUT: usize>(
    mut graph: Graph,
    last: &str,
    name: &str,
) -> Vec<u8> {
    // A network whose layers are all the identity at inference still needs a node.
    graph.node("Identity", &[last], "output", &[]);
    let mut graph = graph.into_proto(name);
    graph.input.push(value_info(INPUT, IN));
    graph.output.push(value_info("output", OUT));
    ModelProto {
        ir_version: IR_VERSION,
        producer_name: "nn".to_string(),
        producer_version: env!("CARGO_PKG_VERSION").to_string(),
        doc_string: format!("{name}, exported by nn"),
        graph: Some(graph),
        opset_import: vec![OperatorSetIdProto {
            domain: String::new(),
            version: OPSET,
        }],
    }
    .encode_to_vec()
}

/// Writes `bytes` to `path` whole or not at all.
pub fn save(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    super::write_atomically(path, bytes)
}

/// A float tensor of `[batch, width]`, the batch left free.
fn value_info(name: &str, width: usize) -> ValueInfoProto {
    let dimensions = [
        Dimension {
            dim_value: None,
            dim_param: Some("batch".to_string()),
        },
        Dimension {
            dim_value: Some(width as i64),
            dim_param: None,
        },
    ];
    ValueInfoProto {
        name: name.to_string(),
        r#type: Some(TypeProto {
            tensor_type: Some(TensorTypeProto {
                elem_type: graph::FLOAT,
                shape: Some(TensorShapeProto {
                    dim: dimensions.to_vec(),
                }),
            }),
        }),
    }
}
