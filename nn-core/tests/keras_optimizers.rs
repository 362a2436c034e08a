//! Optimizers against Keras 3's own trajectories (tests/golden/optimizers.json): five
//! parameters `p0`, updated with `grads[i]` at step `i` by `optimizer.apply_gradients`.

mod common;

use common::{assert_close, floats, golden, rows};
use nn_core::optimizers::{Adam, Optimizer};
use serde_json::Value;

/// The golden case of `optimizer` whose kwargs are exactly `kwargs`.
fn case(file: &Value, optimizer: &str, kwargs: Value) -> Value {
    file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["optimizer"] == optimizer && case["kwargs"] == kwargs)
        .unwrap_or_else(|| panic!("no golden case {optimizer} {kwargs}"))
        .clone()
}

/// Runs all ten golden steps and compares the parameters after each.
fn check_trajectory(mut optimizer: impl Optimizer, file: &Value, case: &Value) {
    let mut parameters = floats(&file["p0"]);
    let gradients = rows(&file["grads"]);
    let expected = rows(&case["params_after_each_step"]);
    for (step, (gradient, expected)) in gradients.iter().zip(&expected).enumerate() {
        optimizer.apply(&mut parameters, gradient);
        for (i, (&actual, &expected)) in parameters.iter().zip(expected).enumerate() {
            let what = format!(
                "{} {} step {} parameter {i}",
                case["optimizer"],
                case["kwargs"],
                step + 1
            );
            assert_close(&what, actual, expected, 1e-6);
        }
    }
    assert_eq!(optimizer.iterations(), 10);
}

#[test]
fn adam_defaults_are_keras_defaults() {
    let file = golden("optimizers.json");
    let config = &case(&file, "Adam", serde_json::json!({}))["config"];
    let adam = Adam::default();
    assert_eq!(
        adam.learning_rate,
        config["learning_rate"].as_f64().unwrap() as f32
    );
    assert_eq!(adam.beta_1, config["beta_1"].as_f64().unwrap() as f32);
    assert_eq!(adam.beta_2, config["beta_2"].as_f64().unwrap() as f32);
    assert_eq!(adam.epsilon, config["epsilon"].as_f64().unwrap() as f32);
}

#[test]
fn adam_follows_keras_with_defaults() {
    let file = golden("optimizers.json");
    check_trajectory(
        Adam::default(),
        &file,
        &case(&file, "Adam", serde_json::json!({})),
    );
}

#[test]
fn adam_follows_keras_with_the_seeds_learning_rate() {
    let file = golden("optimizers.json");
    let case = case(&file, "Adam", serde_json::json!({"learning_rate": 0.005}));
    let mut adam = Adam::default();
    adam.learning_rate = 0.005;
    check_trajectory(adam, &file, &case);
}
