//! ONNX export checked by onnxruntime: networks holding every layer kind and every activation
//! ONNX can express are written with `save_onnx`, checked by `onnx.checker` and run by
//! onnxruntime on the rows `predict` was given, to the same outputs within 1e-6 relative (to
//! the output, or to a tenth of the largest for one near 0).
//! What ONNX cannot express is refused, with nothing written.
//!
//! Needs `python3` with `onnx`, `onnxruntime` and `numpy`, which `.ci/run` installs; without
//! them the round trips skip, saying so (a test installs nothing).

use std::path::PathBuf;
use std::process::Command;

use nn::prelude::*;

#[path = "support/python.rs"]
mod python;
use python::python_with;

/// What the model is checked and run with.
const ONNXRUNTIME: &[&str] = &["onnx", "onnxruntime", "numpy"];

nn::network! {
    /// Every layer kind; the ones that act only while training are left out of the graph.
    struct EveryLayer;
    input(4) -> dense(8, relu) -> batch_normalization -> dropout(0.1) -> dense(8)
        -> activation(tanh) -> layer_normalization(center = false) -> gaussian_noise(0.1)
        -> dense(6, elu, use_bias = false) -> unit_normalization -> gaussian_dropout(0.1)
        -> alpha_dropout(0.1) -> batch_normalization(scale = false) -> dense(3, softmax);
    loss = categorical_crossentropy;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    /// Every activation ONNX has, one dense layer each.
    struct EveryActivation;
    input(4) -> dense(6, relu) -> dense(6, relu6) -> dense(6, leaky_relu(negative_slope = 0.3))
        -> dense(6, elu(alpha = 0.5)) -> dense(6, selu) -> dense(6, celu(alpha = 2))
        -> dense(6, gelu) -> dense(6, sigmoid) -> dense(6, hard_sigmoid) -> dense(6, tanh)
        -> dense(6, hard_tanh) -> dense(6, softplus) -> dense(6, softsign) -> dense(6, silu)
        -> dense(6, hard_silu) -> dense(6, mish) -> dense(6, exponential)
        -> dense(6, log_sigmoid) -> dense(6, relu(max_value = 4)) -> dense(6, log_softmax)
        -> dense(6, relu(negative_slope = 0.1)) -> dense(2, linear);
    loss = mse;
    optimizer = sgd();
}

nn::network! {
    struct ApproximateGelu;
    input(4) -> dense(6, relu) -> dense(2, gelu(approximate = true));
    loss = mse;
    optimizer = sgd();
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("nn_onnx_{name}_{}.onnx", std::process::id()))
}

fn rows() -> Vec<[f32; 4]> {
    (0..12)
        .map(|i| {
            let i = i as f32;
            [
                i / 6.0 - 1.0,
                (i * 0.7).sin(),
                0.3 - i / 20.0,
                (i % 3.0) - 1.0,
            ]
        })
        .collect()
}

/// onnxruntime's outputs for `x` from the model at `path`, after `onnx.checker` accepts it.
fn onnxruntime_outputs(python: &str, path: &std::path::Path, x: &[[f32; 4]]) -> Vec<f32> {
    let script = r#"
import json, sys, numpy as np, onnx, onnxruntime
model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
assert model.opset_import[0].version == 18
session = onnxruntime.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
x = np.array(json.loads(sys.argv[2]), dtype=np.float32)
(y,) = session.run(["output"], {"input": x})
print(" ".join(repr(float(v)) for v in y.ravel()))
"#;
    let rows: Vec<String> = x
        .iter()
        .map(|r| format!("[{},{},{},{}]", r[0], r[1], r[2], r[3]))
        .collect();
    let output = Command::new(python)
        .args([
            "-c",
            script,
            path.to_str().unwrap(),
            &format!("[{}]", rows.join(",")),
        ])
        .output()
        .expect("running python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect()
}

fn assert_close(ours: &[f32], theirs: &[f32], what: &str) {
    assert_eq!(ours.len(), theirs.len(), "{what}");
    let largest = theirs.iter().fold(0.0_f32, |m, v| m.max(v.abs()));
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        // Relative to the value, or to a tenth of the largest output for one near 0.
        let scale = b.abs().max(0.1 * largest);
        assert!(
            (a - b).abs() <= 1e-6 * scale,
            "{what}[{i}]: predict {a}, onnxruntime {b}"
        );
    }
}

#[test]
fn every_layer_kind_runs_in_onnxruntime_as_predict() {
    let x = rows();
    let y: Vec<[f32; 3]> = (0..x.len())
        .map(|i| std::array::from_fn(|j| f32::from(u8::from(i % 3 == j))))
        .collect();
    let mut model = EveryLayer::with_seed(3);
    model
        .fit(
            &x,
            &y,
            &FitOptions::new().epochs(5).batch_size(4).verbose(0),
        )
        .unwrap();
    let path = scratch("every_layer");
    model.save_onnx(&path).unwrap();
    let Some(python) = python_with(
        ONNXRUNTIME,
        "every_layer_kind_runs_in_onnxruntime_as_predict",
    ) else {
        return;
    };
    let ours: Vec<f32> = model.predict(&x).into_iter().flatten().collect();
    assert_close(&ours, &onnxruntime_outputs(python, &path, &x), "EveryLayer");
    std::fs::remove_file(path).unwrap();
}

#[test]
fn every_activation_onnx_has_runs_in_onnxruntime_as_predict() {
    let x = rows();
    let model = EveryActivation::with_seed(5);
    let path = scratch("every_activation");
    model.save_onnx(&path).unwrap();
    let Some(python) = python_with(
        ONNXRUNTIME,
        "every_activation_onnx_has_runs_in_onnxruntime_as_predict",
    ) else {
        return;
    };
    let ours: Vec<f32> = model.predict(&x).into_iter().flatten().collect();
    assert_close(
        &ours,
        &onnxruntime_outputs(python, &path, &x),
        "EveryActivation",
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn what_onnx_cannot_express_is_refused_and_nothing_is_written() {
    let path = scratch("refused");
    let error = ApproximateGelu::with_seed(1).save_onnx(&path).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`dense_1` cannot be written as ONNX: `gelu(approximate = true)` has no ONNX operator \
         before opset 20; nothing was written"
    );
    assert!(!path.exists());
}
