//! Weights that outlive the process: save, load, refuse what does not fit, and read the file
//! from Python as Keras users would.

use std::path::PathBuf;
use std::process::Command;

use nn::prelude::*;

#[path = "support/python.rs"]
mod python;
use python::python_with;

nn::network! {
    struct Small;
    input(3) -> dense(8, relu) -> dropout(0.1) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    struct Wider;
    input(3) -> dense(9, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam();
}

nn::network! {
    struct Normalized;
    input(3) -> dense(8, tanh) -> batch_normalization(momentum = 0.5) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "nn_weights_{name}_{}.safetensors",
        std::process::id()
    ))
}

fn rows() -> Vec<[f32; 3]> {
    (0..10)
        .map(|i| [i as f32 / 10.0, 1.0 - i as f32 / 7.0, (i % 3) as f32])
        .collect()
}

#[test]
fn saved_weights_load_into_a_fresh_network_exactly() {
    let path = scratch("roundtrip");
    let x = rows();
    let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0] + r[2], r[1]]).collect();
    let mut trained = Small::with_seed(1);
    trained
        .fit(&x, &y, &FitOptions::new().epochs(5).verbose(0))
        .unwrap();
    trained.save(&path).unwrap();

    let mut fresh = Small::with_seed(2);
    assert_ne!(fresh.network().parameters(), trained.network().parameters());
    fresh.load(&path).unwrap();
    assert_eq!(fresh.network().parameters(), trained.network().parameters());
    assert_eq!(fresh.predict(&x), trained.predict(&x));
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_file_of_another_network_is_refused_and_nothing_changes() {
    let path = scratch("other");
    Wider::with_seed(1).save(&path).unwrap();
    let mut model = Small::with_seed(1);
    let before = model.network().parameters().to_vec();
    let error = model.load(&path).unwrap_err().to_string();
    assert!(
        error.contains("`dense_0/kernel` has shape [3, 9], the network expects [3, 8]"),
        "{error}"
    );
    assert!(
        error.contains("`dense_1/kernel` has shape [9, 2], the network expects [8, 2]"),
        "{error}"
    );
    assert_eq!(model.network().parameters(), before);
    let error = model.load(scratch("missing")).unwrap_err().to_string();
    assert!(error.contains("No such file"), "{error}");
    std::fs::remove_file(path).unwrap();
}

#[test]
fn python_reads_the_weights_and_reproduces_predict() {
    let Some(python) = python_with(
        &["safetensors", "numpy"],
        "python_reads_the_weights_and_reproduces_predict",
    ) else {
        return;
    };
    let path = scratch("python");
    let model = Small::with_seed(7);
    model.save(&path).unwrap();
    let x = rows();
    let ours = model.predict(&x);

    // Keras's layout: kernel (inputs, units), y = relu(x·K0 + b0)·K1 + b1 (dropout is off).
    let script = r#"
import json, sys, numpy as np
from safetensors.numpy import load_file
w = load_file(sys.argv[1])
x = np.array(json.loads(sys.argv[2]), dtype=np.float32)
h = np.maximum(x @ w["dense_0/kernel"] + w["dense_0/bias"], 0)
y = h @ w["dense_1/kernel"] + w["dense_1/bias"]
print(sorted(w.keys()), w["dense_0/kernel"].dtype)
print(" ".join(repr(float(v)) for v in y.ravel()))
"#;
    let rows: Vec<String> = x
        .iter()
        .map(|r| format!("[{},{},{}]", r[0], r[1], r[2]))
        .collect();
    let output = Command::new(python)
        .args([
            "-c",
            script,
            path.to_str().unwrap(),
            &format!("[{}]", rows.join(",")),
        ])
        .output()
        .expect("running python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "['dense_0/bias', 'dense_0/kernel', 'dense_1/bias', 'dense_1/kernel'] float32"
    );
    let theirs: Vec<f32> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    for (ours, theirs) in ours.iter().flatten().zip(&theirs) {
        assert!(
            (ours - theirs).abs() <= 1e-6 * (1.0 + theirs.abs()),
            "predict {ours}, numpy {theirs}"
        );
    }
    assert_eq!(theirs.len(), 20);
    std::fs::remove_file(path).unwrap();
}

/// A batch normalization's moving statistics are weights like the others: saved under Keras's
/// names, loaded back, and what `predict` normalizes by; numpy reproduces `predict` from the
/// file with Keras's inference formula.
#[test]
fn moving_statistics_are_saved_loaded_and_used_by_predict() {
    let path = scratch("moving");
    let x = rows();
    let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0] + r[2], r[1]]).collect();
    let mut trained = Normalized::with_seed(1);
    trained
        .fit(
            &x,
            &y,
            &FitOptions::new().epochs(3).batch_size(4).verbose(0),
        )
        .unwrap();
    trained.save(&path).unwrap();
    let mut fresh = Normalized::with_seed(2);
    fresh.load(&path).unwrap();
    assert_eq!(fresh.network().parameters(), trained.network().parameters());
    assert_eq!(fresh.predict(&x), trained.predict(&x));

    let Some(python) = python_with(
        &["safetensors", "numpy"],
        "moving_statistics_are_saved_loaded_and_used_by_predict",
    ) else {
        return;
    };
    let script = r#"
import json, sys, numpy as np
from safetensors.numpy import load_file
w = load_file(sys.argv[1])
x = np.array(json.loads(sys.argv[2]), dtype=np.float32)
h = np.tanh(x @ w["dense_0/kernel"] + w["dense_0/bias"])
n = "batch_normalization_0/"
assert not np.allclose(w[n + "moving_mean"], 0) and not np.allclose(w[n + "moving_variance"], 1)
h = (h - w[n + "moving_mean"]) / np.sqrt(w[n + "moving_variance"] + 1e-3) * w[n + "gamma"] + w[n + "beta"]
y = h @ w["dense_1/kernel"] + w["dense_1/bias"]
print(" ".join(sorted(w.keys())))
print(" ".join(repr(float(v)) for v in y.ravel()))
"#;
    let rows: Vec<String> = x
        .iter()
        .map(|r| format!("[{},{},{}]", r[0], r[1], r[2]))
        .collect();
    let output = Command::new(python)
        .args([
            "-c",
            script,
            path.to_str().unwrap(),
            &format!("[{}]", rows.join(",")),
        ])
        .output()
        .expect("running python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "batch_normalization_0/beta batch_normalization_0/gamma batch_normalization_0/moving_mean \
         batch_normalization_0/moving_variance dense_0/bias dense_0/kernel dense_1/bias dense_1/kernel"
    );
    let theirs: Vec<f32> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let ours = trained.predict(&x);
    assert_eq!(theirs.len(), 20);
    for (ours, theirs) in ours.iter().flatten().zip(&theirs) {
        assert!(
            // numpy normalizes as (h − mean)/√(var + ε)·γ + β, nn in TensorFlow's order
            // h·(r·γ) + (β − mean·r·γ), and its tanh is another libm's: a few f32 roundings of
            // values near 1, which the 1e-6 of the test above does not allow.
            (ours - theirs).abs() <= 1e-5 * (1.0 + theirs.abs()),
            "predict {ours}, numpy {theirs}"
        );
    }
    std::fs::remove_file(path).unwrap();
}

/// What a microcontroller does with a weights file (`include_bytes!` of it, here read at run
/// time): the inference type reads the bytes `save` wrote, batch normalization's moving
/// statistics with them, and predicts what the trained network predicts, to the bit.
#[test]
fn the_inference_type_reads_the_bytes_save_wrote() {
    let path = scratch("inference");
    let x = rows();
    let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0] - r[2], r[1]]).collect();
    let mut trained = Normalized::with_seed(4);
    trained
        .fit(
            &x,
            &y,
            &FitOptions::new().epochs(3).batch_size(4).verbose(0),
        )
        .unwrap();
    trained.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(path).unwrap();

    let inference = NormalizedInference::from_safetensors_bytes(&bytes).unwrap();
    for row in &x {
        let expected = trained.predict_one(row);
        assert_eq!(
            inference.predict_one(row).map(f32::to_bits),
            expected.map(f32::to_bits)
        );
    }
    // The same weights given as an array.
    let parameters: &[f32; NormalizedInference::PARAMETERS] =
        trained.network().parameters().try_into().unwrap();
    let from_array = NormalizedInference::from_parameters(parameters);
    assert_eq!(from_array.predict_one(&x[3]), trained.predict_one(&x[3]));

    // Another network's file is refused, naming the first tensor that does not fit.
    let error = match SmallInference::from_safetensors_bytes(&bytes) {
        Ok(_) => panic!("Normalized's weights read as Small's"),
        Err(error) => error,
    };
    assert!(
        error.to_string().contains("not one of this network's"),
        "{error}"
    );
}
