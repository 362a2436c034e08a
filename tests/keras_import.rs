//! Keras models in: `tools/keras_to_nn.py` turns a Keras 3 `.keras` file into the
//! `nn::network!` declaration of the same network and a safetensors file of its weights under
//! this project's names; the network declared here, which is exactly what the converter must
//! print, loads those weights and predicts what Keras predicted.
//!
//! The `.keras` files and Keras's predictions (`tests/keras_import/<name>.json`) are written by
//! `tests/keras_import/make_models.py`, with TensorFlow; the converter needs only `h5py`,
//! `safetensors` and `numpy`, which `.ci/run` installs. A test installs nothing: without them it
//! says `SKIPPED` and why.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nn::prelude::*;
use serde_json::Value;

#[path = "support/python.rs"]
mod python;
use python::python_with;

/// What the converter reads and writes with.
const CONVERTER: &[&str] = &["h5py", "safetensors", "numpy"];

/// Declares the network with `nn::network!` and keeps the declaration's text in `$text`, for
/// comparing with what the converter prints.
macro_rules! declared {
    ($text:ident: $($declaration:tt)*) => {
        nn::network! { $($declaration)* }
        const $text: &str = stringify!($($declaration)*);
    };
}

declared! {
    REGRESSOR:
    pub struct Regressor;
    input(5) -> dense(16, relu) -> batch_normalization(momentum = 0.9) -> dropout(0.2)
        -> dense(8, linear, use_bias = false)
        -> layer_normalization(epsilon = 1e-5, center = false) -> activation(tanh)
        -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
    metrics = [mae];
}

declared! {
    CLASSIFIER:
    pub struct Classifier;
    input(4) -> dense(8, relu) -> dense(3, softmax);
    loss = categorical_crossentropy;
    optimizer = adam(lr = 0.005);
    metrics = [accuracy];
}

declared! {
    NOISY:
    pub struct Noisy;
    input(3) -> gaussian_noise(0.05) -> dense(6, selu) -> alpha_dropout(0.1)
        -> dense(6, elu, use_bias = false) -> gaussian_dropout(0.1) -> unit_normalization
        -> dense(1, sigmoid);
    loss = binary_crossentropy(label_smoothing = 0.1);
    optimizer = sgd(lr = 0.05, momentum = 0.9, nesterov = true);
    metrics = [binary_accuracy, auc];
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keras_import")
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "nn_keras_import_{name}_{}.safetensors",
        std::process::id()
    ))
}

/// Runs the converter on `tests/keras_import/<model>.keras`, writing the weights to `out`.
fn convert(python: &str, model: &str, name: &str, out: &Path) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(python)
        .arg(root.join("tools/keras_to_nn.py"))
        .arg(data_dir().join(format!("{model}.keras")))
        .args(["--name", name, "--out"])
        .arg(out)
        .output()
        .expect("running tools/keras_to_nn.py")
}

/// `text` without its `//` comment lines and without any whitespace: the converter's layout and
/// `stringify!`'s differ only there.
fn tokens(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Keras's input rows and `model.predict` outputs for `model`.
fn keras_predictions<const IN: usize, const OUT: usize>(
    model: &str,
) -> (Vec<[f32; IN]>, Vec<[f32; OUT]>) {
    let path = data_dir().join(format!("{model}.json"));
    let text = std::fs::read_to_string(&path).expect("the model's .json");
    let case: Value = serde_json::from_str(&text).expect("JSON");
    (rows(&case["inputs"]), rows(&case["outputs"]))
}

/// A JSON array of rows of `N` numbers, each exactly an f32.
fn rows<const N: usize>(rows: &Value) -> Vec<[f32; N]> {
    let rows = rows.as_array().expect("an array of rows");
    rows.iter()
        .map(|row| {
            let row: Vec<f32> = row
                .as_array()
                .expect("a row")
                .iter()
                .map(|v| v.as_f64().expect("a number") as f32)
                .collect();
            row.try_into().expect("a row of the network's width")
        })
        .collect()
}

/// Converts `model`, checks the declaration printed is `declared`, loads the weights into `M`
/// and checks `predict` against Keras's.
fn converts_and_predicts<M: Model<IN, OUT>, const IN: usize, const OUT: usize>(
    test: &str,
    model: &str,
    name: &str,
    declared: &str,
    mut network: M,
) {
    let Some(python) = python_with(CONVERTER, test) else {
        return;
    };
    let weights = scratch(model);
    let output = convert(python, model, name, &weights);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the converter failed: {stderr}");
    let printed = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(
        tokens(&printed),
        tokens(&format!("nn::network! {{ {declared} }}")),
        "the converter printed\n{printed}"
    );

    network.load(&weights).expect("the converted weights load");
    std::fs::remove_file(&weights).unwrap();
    let (x, keras) = keras_predictions::<IN, OUT>(model);
    let ours = network.predict(&x);
    assert_eq!(ours.len(), keras.len());
    // Keras's f32 arithmetic in another order (TensorFlow's matmul, its normalizations' sums)
    // moves the last bits; 1e-6 of a value, or of 1 below 1, is a few such bits.
    for (row, (ours, theirs)) in ours.iter().zip(&keras).enumerate() {
        for (ours, theirs) in ours.iter().zip(theirs) {
            assert!(
                (ours - theirs).abs() <= 1e-6 * theirs.abs().max(1.0),
                "{model}, row {row}: predict {ours}, Keras {theirs}"
            );
        }
    }
}

#[test]
fn a_regressor_with_normalizations_converts_and_predicts_as_keras() {
    converts_and_predicts(
        "a_regressor_with_normalizations_converts_and_predicts_as_keras",
        "regressor",
        "Regressor",
        REGRESSOR,
        Regressor::new(),
    );
}

#[test]
fn a_softmax_classifier_converts_and_predicts_as_keras() {
    converts_and_predicts(
        "a_softmax_classifier_converts_and_predicts_as_keras",
        "classifier",
        "Classifier",
        CLASSIFIER,
        Classifier::new(),
    );
}

#[test]
fn random_layers_and_compile_options_convert_and_predict_as_keras() {
    converts_and_predicts(
        "random_layers_and_compile_options_convert_and_predict_as_keras",
        "noisy",
        "Noisy",
        NOISY,
        Noisy::new(),
    );
}

#[test]
fn an_unsupported_model_is_refused_naming_each_layer_and_option() {
    let test = "an_unsupported_model_is_refused_naming_each_layer_and_option";
    let Some(python) = python_with(CONVERTER, test) else {
        return;
    };
    let weights = scratch("unsupported");
    let output = convert(python, "unsupported", "Unsupported", &weights);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "nothing is declared");
    assert!(!weights.exists(), "nothing is written");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let lines: Vec<&str> = stderr.lines().collect();
    let expected = [
        "layer 1 `reshape` (Reshape): this layer class is not supported",
        "layer 2 `conv1d` (Conv1D): this layer class is not supported",
        "layer 3 `flatten` (Flatten): this layer class is not supported",
        "(Dense): `kernel_constraint=MaxNorm`: weight constraints are not supported",
        "(Dense): activation `hard_shrink` is not one of the language's activations",
    ];
    assert_eq!(lines.len(), expected.len(), "{stderr}");
    for (line, expected) in lines.iter().zip(expected) {
        assert!(line.contains(expected), "`{line}` should say `{expected}`");
    }
}
