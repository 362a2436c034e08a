//! End-to-end parity with Keras 3: the same network, from the same initial weights, trained on
//! the same rows with the same loss, optimizer and `fit` options (`shuffle = false`), must end
//! with the same weights and the same History.
//!
//! Golden values of single functions do not catch drift in training (an update rule computed in
//! another precision, a held-out row counted differently, a metric weighted where Keras does
//! not weight it); these do. `tests/keras_parity/cases.json` is written by
//! `tests/keras_parity/generate.py` (its doc says how to run it); each case there is declared
//! here by name with `network!`, as a user would declare it.
//!
//! Tolerance: every weight and History value within 1e-5 relative of Keras's. Two correct f32
//! implementations differ by summation order (TensorFlow's matmul and reductions against ours),
//! about 1e-7 per operation, which training over 20 steps amplifies to a few 1e-6; the drifts
//! this suite exists for (a `1 − β` rounded in f32, one row more or less per epoch) are 1e-5 and
//! above. A value much smaller than its tensor's largest is compared at a tenth of that largest
//! value: a weight near 0 carries the absolute error of its neighbours, not a relative one.
//!
//! `cargo test --test keras_parity -- --nocapture` prints each case's worst relative error.

use nn::callbacks::EarlyStopping;
use nn::prelude::*;
use nn::{Layers, Parameters};
use serde_json::Value;

const TOLERANCE: f32 = 1e-5;

fn cases() -> &'static Value {
    static CASES: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    CASES.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keras_parity/cases.json");
        let text = std::fs::read_to_string(path).expect("tests/keras_parity/cases.json");
        serde_json::from_str(&text).expect("cases.json is JSON")
    })
}

fn case(name: &str) -> &'static Value {
    cases()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["name"] == name)
        .unwrap_or_else(|| panic!("no case `{name}` in cases.json: regenerate it"))
}

fn floats(value: &Value) -> Vec<f32> {
    value
        .as_array()
        .expect("an array of numbers")
        .iter()
        .map(|v| v.as_f64().expect("a number") as f32)
        .collect()
}

/// A target as the case's JSON holds it: a row of floats, or a class index.
trait FromJson: Sized {
    fn from_json(value: &Value) -> Self;
}

impl<const N: usize> FromJson for [f32; N] {
    fn from_json(value: &Value) -> Self {
        floats(value)
            .try_into()
            .expect("a row of the network's width")
    }
}

impl FromJson for usize {
    fn from_json(value: &Value) -> Self {
        value.as_u64().expect("a class index") as usize
    }
}

/// The case's `fit` settings as `FitOptions`.
fn fit_options(fit: &Value) -> FitOptions {
    let mut options = FitOptions::new()
        .epochs(fit["epochs"].as_u64().unwrap() as usize)
        .batch_size(fit["batch_size"].as_u64().unwrap() as usize)
        .shuffle(false)
        .verbose(0);
    if let Some(split) = fit["validation_split"].as_f64() {
        options = options.validation_split(split);
    }
    if let Some(epoch) = fit["initial_epoch"].as_u64() {
        options = options.initial_epoch(epoch as usize);
    }
    if let Some(weights) = fit["class_weight"].as_object() {
        let weights = weights
            .iter()
            .map(|(class, weight)| (class.parse().unwrap(), weight.as_f64().unwrap() as f32));
        options = options.class_weight(weights);
    }
    options
}

/// The early stopping the case's `fit` asks for, if any.
fn early_stopping(fit: &Value) -> Option<EarlyStopping> {
    let stop = fit["early_stopping"].as_object()?;
    let mut callback = EarlyStopping::new(stop["monitor"].as_str().unwrap());
    for (key, value) in stop {
        callback = match key.as_str() {
            "monitor" => callback,
            "patience" => callback.patience(value.as_u64().unwrap() as usize),
            "min_delta" => callback.min_delta(value.as_f64().unwrap() as f32),
            "baseline" => callback.baseline(value.as_f64().unwrap() as f32),
            "restore_best_weights" => callback.restore_best_weights(value.as_bool().unwrap()),
            other => panic!("EarlyStopping argument `{other}` is not mapped here"),
        };
    }
    Some(callback)
}

/// The worst of `actual` against `expected`, in units of the tolerance's scale (see the top).
fn worst_relative_error(actual: &[f32], expected: &[f32]) -> f32 {
    assert_eq!(actual.len(), expected.len());
    let largest = expected.iter().fold(0.0_f32, |m, e| m.max(e.abs()));
    actual
        .iter()
        .zip(expected)
        .map(|(a, e)| (a - e).abs() / e.abs().max(0.1 * largest).max(f32::MIN_POSITIVE))
        .fold(0.0, f32::max)
}

/// Trains `model` as the case `name` says, from the case's initial weights, and compares its
/// weights and History with Keras's.
fn check<M, const IN: usize, const OUT: usize>(name: &str, mut model: M)
where
    M: Model<IN, OUT>,
    nn::model::TargetOf<M, IN, OUT>: FromJson,
{
    let case = case(name);
    let x: Vec<[f32; IN]> = case["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(FromJson::from_json)
        .collect();
    let y: Vec<nn::model::TargetOf<M, IN, OUT>> = case["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(FromJson::from_json)
        .collect();

    let network = model.network_mut();
    let tensors = network.layers().tensors();
    for tensor in &tensors {
        let initial = floats(&case["initial"][&tensor.name]);
        network.layers_mut().as_mut_slice()[tensor.offset..][..tensor.len()]
            .copy_from_slice(&initial);
    }
    let fit = &case["fit"];
    let sample_weight = fit["sample_weight"]
        .is_array()
        .then(|| floats(&fit["sample_weight"]));
    let mut stopper = early_stopping(fit);
    let mut extras = FitExtras::new();
    if let Some(weights) = &sample_weight {
        extras = extras.sample_weight(weights);
    }
    if let Some(stopper) = &mut stopper {
        extras = extras.callback(stopper);
    }
    let options = fit_options(fit);
    let history = network.fit_with(&x, &y, &options, extras).unwrap();

    let mut failures = Vec::new();
    let mut worst = 0.0_f32;
    for tensor in &tensors {
        let actual = &network.parameters()[tensor.offset..][..tensor.len()];
        let error = worst_relative_error(actual, &floats(&case["final"][&tensor.name]));
        worst = worst.max(error);
        if error > TOLERANCE {
            failures.push(format!("{} off by {error:.2e}", tensor.name));
        }
    }
    for (key, expected) in case["history"].as_object().unwrap() {
        let Some(actual) = history.get(key) else {
            failures.push(format!("History has no `{key}`"));
            continue;
        };
        let expected = floats(expected);
        if actual.len() != expected.len() {
            failures.push(format!(
                "`{key}` has {} epochs, Keras's {}",
                actual.len(),
                expected.len()
            ));
            continue;
        }
        let error = worst_relative_error(actual, &expected);
        worst = worst.max(error);
        if error > TOLERANCE {
            failures.push(format!(
                "History `{key}` off by {error:.2e}: {actual:?} vs Keras {expected:?}"
            ));
        }
    }
    // Keras's History is shorter than the epochs asked for when its EarlyStopping stopped the
    // run; that epoch is the one ours reports, in its History as in the callback itself.
    let asked = options.epochs - options.initial_epoch;
    let keras_epochs = floats(&case["history"]["loss"]).len();
    let keras_stop = (keras_epochs < asked).then(|| options.initial_epoch + keras_epochs - 1);
    if let Some(stopper) = &stopper
        && !(history.stopped_epoch() == stopper.stopped_epoch()
            && (keras_stop.is_none() || history.stopped_epoch() == keras_stop))
    {
        failures.push(format!(
            "stopped at {:?} (EarlyStopping says {:?}), Keras at {keras_stop:?}",
            history.stopped_epoch(),
            stopper.stopped_epoch()
        ));
    }
    println!("{name:45} worst relative error {worst:.2e}");
    assert!(
        failures.is_empty(),
        "{name} is not Keras's: {}",
        failures.join("; ")
    );
}

/// One test per case: `name { declaration }` declares the case's network and checks it.
macro_rules! parity {
    ($($name:ident { $($declaration:tt)* })*) => {
        $(
            #[test]
            fn $name() {
                nn::network! {
                    struct Net;
                    $($declaration)*
                }
                check(stringify!($name), Net::with_seed(0));
            }
        )*

        #[test]
        fn every_case_in_the_file_is_checked() {
            let checked = [$(stringify!($name)),*];
            for case in cases()["cases"].as_array().unwrap() {
                let name = case["name"].as_str().unwrap();
                assert!(checked.contains(&name), "case `{name}` has no test here");
            }
        }
    };
}

parity! {
    // One per loss family, trained by plain SGD so that the loss's gradient is all that moves
    // (at a smaller rate where a larger one makes training chaotic: see generate.py).
    mean_squared_error {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mean_squared_error;
        optimizer = sgd(lr = 0.05);
    }
    mean_absolute_error {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mean_absolute_error;
        optimizer = sgd(lr = 0.05);
    }
    mean_absolute_percentage_error {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mean_absolute_percentage_error;
        optimizer = sgd(lr = 0.001);
    }
    mean_squared_logarithmic_error {
        input(3) -> dense(8, tanh) -> dense(2, softplus);
        loss = mean_squared_logarithmic_error;
        optimizer = sgd(lr = 0.05);
    }
    huber {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = huber(delta = 0.5);
        optimizer = sgd(lr = 0.05);
    }
    log_cosh {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = log_cosh;
        optimizer = sgd(lr = 0.05);
    }
    hinge {
        input(3) -> dense(8, tanh) -> dense(2, tanh);
        loss = hinge;
        optimizer = sgd(lr = 0.05);
    }
    squared_hinge {
        input(3) -> dense(8, tanh) -> dense(2, tanh);
        loss = squared_hinge;
        optimizer = sgd(lr = 0.05);
    }
    categorical_hinge {
        input(3) -> dense(8, tanh) -> dense(3, linear);
        loss = categorical_hinge;
        optimizer = sgd(lr = 0.05);
    }
    binary_crossentropy {
        input(3) -> dense(8, tanh) -> dense(1, sigmoid);
        loss = binary_crossentropy;
        optimizer = sgd(lr = 0.05);
    }
    binary_crossentropy_logits_smoothed {
        input(3) -> dense(8, tanh) -> dense(1, linear);
        loss = binary_crossentropy(from_logits = true, label_smoothing = 0.1);
        optimizer = sgd(lr = 0.05);
    }
    binary_focal_crossentropy {
        input(3) -> dense(8, tanh) -> dense(1, sigmoid);
        loss = binary_focal_crossentropy(gamma = 2.0);
        optimizer = sgd(lr = 0.05);
    }
    binary_focal_crossentropy_balanced {
        input(3) -> dense(8, tanh) -> dense(1, sigmoid);
        loss = binary_focal_crossentropy(apply_class_balancing = true, alpha = 0.25, gamma = 1.5);
        optimizer = sgd(lr = 0.05);
    }
    categorical_crossentropy {
        input(3) -> dense(8, tanh) -> dense(3, softmax);
        loss = categorical_crossentropy;
        optimizer = sgd(lr = 0.05);
    }
    categorical_crossentropy_logits_smoothed {
        input(3) -> dense(8, tanh) -> dense(3, linear);
        loss = categorical_crossentropy(from_logits = true, label_smoothing = 0.1);
        optimizer = sgd(lr = 0.05);
    }
    categorical_focal_crossentropy {
        input(3) -> dense(8, tanh) -> dense(3, softmax);
        loss = categorical_focal_crossentropy;
        optimizer = sgd(lr = 0.05);
    }
    sparse_categorical_crossentropy {
        input(3) -> dense(8, tanh) -> dense(3, softmax);
        loss = sparse_categorical_crossentropy;
        optimizer = sgd(lr = 0.05);
    }
    sparse_categorical_crossentropy_logits {
        input(3) -> dense(8, tanh) -> dense(3, linear);
        loss = sparse_categorical_crossentropy(from_logits = true);
        optimizer = sgd(lr = 0.05);
    }
    kl_divergence {
        input(3) -> dense(8, tanh) -> dense(3, softmax);
        loss = kl_divergence;
        optimizer = sgd(lr = 0.05);
    }
    poisson {
        input(3) -> dense(8, tanh) -> dense(2, softplus);
        loss = poisson;
        optimizer = sgd(lr = 0.05);
    }
    cosine_similarity {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = cosine_similarity;
        optimizer = sgd(lr = 0.01);
    }

    // Every optimizer, at Keras's defaults and with other arguments, on mean squared error.
    sgd {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = sgd();
    }
    sgd_nesterov {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = sgd(lr = 0.05, momentum = 0.9, nesterov = true);
    }
    rmsprop {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = rmsprop();
    }
    rmsprop_centered_momentum {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = rmsprop(lr = 0.005, momentum = 0.5, centered = true);
    }
    adam {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam();
    }
    adam_amsgrad {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.02, beta_1 = 0.8, amsgrad = true);
    }
    adamw {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adamw();
    }
    adamw_decay {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adamw(lr = 0.01, weight_decay = 0.1);
    }
    adamax {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adamax();
    }
    adamax_lr {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adamax(lr = 0.02, beta_2 = 0.99);
    }
    nadam {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = nadam();
    }
    nadam_lr {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = nadam(lr = 0.01);
    }
    adagrad {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adagrad();
    }
    adagrad_lr {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adagrad(lr = 0.1, initial_accumulator_value = 0.5);
    }
    adadelta {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adadelta();
    }
    adadelta_lr {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adadelta(lr = 1.0, rho = 0.9);
    }
    lion {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = lion();
    }
    lion_lr {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = lion(lr = 0.003, beta_1 = 0.95);
    }
    ftrl {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = ftrl();
    }
    ftrl_regularized {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = ftrl(lr = 0.1, l1_regularization_strength = 0.01, l2_regularization_strength = 0.01);
    }
    adam_lr {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    adam_clipnorm {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01, clipnorm = 0.1);
    }
    sgd_global_clipnorm {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = sgd(lr = 0.1, global_clipnorm = 0.5);
    }
    rmsprop_clipvalue {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = rmsprop(clipvalue = 0.01);
    }
    sgd_weight_decay {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = sgd(lr = 0.05, weight_decay = 0.01);
    }

    // `fit`'s options, each on its own (the options themselves are in cases.json).
    validation_split_quarter {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    validation_split_tenth {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    partial_last_batch {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    initial_epoch {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    sample_weight {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
        metrics = [mae];
    }
    class_weight {
        input(3) -> dense(8, tanh) -> dense(1, sigmoid);
        loss = binary_crossentropy;
        optimizer = adam(lr = 0.01);
        metrics = [accuracy];
    }
    class_weight_categorical {
        input(3) -> dense(8, tanh) -> dense(3, softmax);
        loss = categorical_crossentropy;
        optimizer = adam(lr = 0.01);
    }
    binary_metrics {
        input(3) -> dense(8, tanh) -> dense(1, sigmoid);
        loss = binary_crossentropy;
        optimizer = adam(lr = 0.01);
        metrics = [accuracy, precision, recall, auc];
    }
    categorical_metrics {
        input(3) -> dense(8, tanh) -> dense(3, softmax);
        loss = categorical_crossentropy;
        optimizer = adam(lr = 0.01);
        metrics = [accuracy, top_k_categorical_accuracy(k = 2)];
    }
    sparse_metrics {
        input(3) -> dense(8, tanh) -> dense(3, softmax);
        loss = sparse_categorical_crossentropy;
        optimizer = adam(lr = 0.01);
        metrics = [accuracy, sparse_top_k_categorical_accuracy(k = 2)];
    }
    l2_regularized {
        input(3) -> dense(8, tanh, kernel_regularizer = l2(0.01)) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    relu_hidden {
        input(3) -> dense(8, relu) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    metrics_with_validation {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
        metrics = [mae, mse];
    }
    early_stopping_stops {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    early_stopping_runs_to_the_end {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    early_stopping_baseline {
        input(3) -> dense(8, tanh) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    // A LayerNormalization between the two dense layers, from gamma and beta away from ones and
    // zeros (see generate.py): at Keras's defaults, without gamma and beta, without gamma.
    layer_normalization {
        input(3) -> dense(8, relu) -> layer_normalization -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    layer_normalization_bare {
        input(3) -> dense(8, relu) -> layer_normalization(epsilon = 1e-5, center = false, scale = false) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    layer_normalization_epsilon_tanh {
        input(3) -> dense(8, tanh) -> layer_normalization(epsilon = 0.1, scale = false) -> dense(2, linear);
        loss = mse;
        optimizer = sgd(lr = 0.05);
    }
    // A BatchNormalization between the two dense layers, every tensor (moving statistics too)
    // starting away from Keras's initial values: at Keras's defaults with a held-out quarter
    // (evaluated with the moving statistics), at another momentum and epsilon with a partial
    // last batch, without gamma and beta; and under AdamW's weight decay and FTRL, which would
    // move the moving statistics if they were swept as trainable weights.
    batch_normalization {
        input(3) -> dense(8, tanh) -> batch_normalization -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
        metrics = [mae];
    }
    batch_normalization_momentum {
        input(3) -> dense(8, tanh) -> batch_normalization(momentum = 0.9, epsilon = 1e-2) -> dense(2, linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    batch_normalization_bare {
        input(3) -> dense(8, tanh) -> batch_normalization(momentum = 0.5, center = false, scale = false) -> dense(2, linear);
        loss = mse;
        optimizer = sgd(lr = 0.05);
    }
    batch_normalization_adamw {
        input(3) -> dense(8, tanh) -> batch_normalization() -> dense(2, linear);
        loss = mse;
        optimizer = adamw(lr = 0.01, weight_decay = 0.1);
    }
    batch_normalization_ftrl {
        input(3) -> dense(8, tanh) -> batch_normalization -> dense(2, linear);
        loss = mse;
        optimizer = ftrl(lr = 0.1);
    }
    // UnitNormalization between the two dense layers, under SGD (see generate.py for why).
    unit_normalization {
        input(3) -> dense(8, tanh) -> unit_normalization -> dense(2, linear);
        loss = mse;
        optimizer = sgd(lr = 0.05);
    }
    // Stand-alone activation layers after dense layers without one.
    activation_layers {
        input(3) -> dense(8) -> activation(tanh) -> dense(2) -> activation(linear);
        loss = mse;
        optimizer = adam(lr = 0.01);
    }
    activation_layer_softmax {
        input(3) -> dense(8) -> activation(tanh) -> dense(3) -> activation(softmax);
        loss = categorical_crossentropy;
        optimizer = adam(lr = 0.01);
        metrics = [accuracy];
    }
}
