//! An ONNX graph as the layers write it: nodes appended in order, weights as initializers,
//! each value named after the layer that made it.

use super::proto::{AttributeProto, GraphProto, NodeProto, TensorProto};

/// `TensorProto.DataType.FLOAT`.
pub(super) const FLOAT: i32 = 1;
/// `TensorProto.DataType.INT64`.
const INT64: i32 = 7;

/// A graph being written: each layer reads the value its predecessor returned and returns the
/// name of its own output.
#[derive(Debug, Default)]
pub struct Graph {
    pub(super) nodes: Vec<NodeProto>,
    pub(super) initializers: Vec<TensorProto>,
}

/// A node's attribute.
#[derive(Clone, Copy, Debug)]
pub enum Attribute<'a> {
    /// A float attribute: its name and value.
    Float(&'a str, f32),
    /// An integer attribute.
    Int(&'a str, i64),
}

impl Graph {
    /// Adds the weights `values` of `shape` (outermost first) as the initializer `name`,
    /// returning its name.
    pub fn weights(&mut self, name: &str, shape: &[usize], values: &[f32]) -> String {
        debug_assert_eq!(shape.iter().product::<usize>(), values.len());
        self.initializers.push(TensorProto {
            dims: shape.iter().map(|&d| d as i64).collect(),
            data_type: FLOAT,
            name: name.to_string(),
            raw_data: values.iter().flat_map(|v| v.to_le_bytes()).collect(),
        });
        name.to_string()
    }

    /// A constant of one f32, as an initializer named `name`.
    pub fn scalar(&mut self, name: &str, value: f32) -> String {
        self.weights(name, &[], &[value])
    }

    /// A constant list of i64 (the `axes` input of a reduction), as an initializer.
    pub fn integers(&mut self, name: &str, values: &[i64]) -> String {
        self.initializers.push(TensorProto {
            dims: vec![values.len() as i64],
            data_type: INT64,
            name: name.to_string(),
            raw_data: values.iter().flat_map(|v| v.to_le_bytes()).collect(),
        });
        name.to_string()
    }

    /// Appends the operator `op` reading `inputs`, its output named `output`, returning it.
    pub fn node(
        &mut self,
        op: &str,
        inputs: &[&str],
        output: &str,
        attributes: &[Attribute],
    ) -> String {
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|input| input.to_string()).collect(),
            output: vec![output.to_string()],
            name: output.to_string(),
            op_type: op.to_string(),
            attribute: attributes.iter().map(attribute).collect(),
        });
        output.to_string()
    }

    pub(super) fn into_proto(self, name: &str) -> GraphProto {
        GraphProto {
            node: self.nodes,
            name: name.to_string(),
            initializer: self.initializers,
            input: Vec::new(),
            output: Vec::new(),
        }
    }
}

fn attribute(attribute: &Attribute) -> AttributeProto {
    let base = |name: &str, r#type| AttributeProto {
        name: name.to_string(),
        r#type,
        ..AttributeProto::default()
    };
    match *attribute {
        Attribute::Float(name, f) => AttributeProto { f, ..base(name, 1) },
        Attribute::Int(name, i) => AttributeProto { i, ..base(name, 2) },
    }
}
