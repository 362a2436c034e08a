//! Losses against Keras 3's own values (tests/golden/losses.json).
//!
//! Every case of the golden file is checked: [`run`] builds the loss a case names from its
//! `kwargs` (failing on a name or keyword it does not know), and
//! `every_golden_loss_is_checked` fails if the file holds a loss no test here runs.

mod common;

use common::{assert_close, assert_close_or_within, cases, floats, golden, rows};
use nn_core::losses::{
    BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy, CategoricalHinge,
    CosineSimilarity, Hinge, Huber, KLDivergence, LogCosh, Loss, MeanAbsoluteError,
    MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError, Poisson,
    SparseCategoricalCrossentropy, SquaredHinge,
};
use serde_json::Value;

/// Tolerances: per-sample values and the mean to 1e-6 relative, gradients of the mean to 1e-5
/// relative, as the task sets.
const VALUE_TOLERANCE: f32 = 1e-6;
const GRADIENT_TOLERANCE: f32 = 1e-5;

/// Absolute allowance on a per-sample value, used only for binary focal crossentropy from
/// logits: Keras takes `σ(ŷ)` from TensorFlow's (Eigen's) float32 sigmoid, which can differ from
/// ours by an ulp or two, and then forms `(1 − p_t)^γ · (−ln p_t)` — cancellation that multiplies
/// the relative error by about `3·p/(1 − p)` (≈ 5e-6 relative, 1.2e-9 absolute, at the "edge"
/// case's p = 0.939).
const SIGMOID_ULP_ALLOWANCE: f32 = 1e-8;

/// Absolute allowance on log_cosh's gradient of the mean: Keras differentiates
/// `x + softplus(−2x) − ln 2` and so forms `1 − 2·σ(−2x)`, which near x = 0 cancels to within an
/// ulp of 1 (2⁻²³ ≈ 1.2e-7; 4e-4 relative at x = 1e-4), while ours is the exact `tanh(x)`. Divided
/// by the 3 values and the near-zero file's batch of 2, that ulp is 2e-8. (The value keeps Keras's
/// cancelling formula, so it matches Keras's numbers; see `LogCosh`.)
const LOG_COSH_GRADIENT_ALLOWANCE: f32 = f32::EPSILON / 6.0;

/// The same allowance for poisson's gradient: Keras forms `1 − y · (1/(ŷ + ε))` in f32, which
/// cancels to within an ulp of 1 where `y ≈ ŷ` (0.8% off at y = ŷ = 1e-2); ours is exact.
const POISSON_GRADIENT_ALLOWANCE: f32 = f32::EPSILON / 6.0;

/// Checks one golden case: per-sample values, the batch mean (`sum_over_batch_size`) and the
/// gradient of that mean, which is the per-sample gradient / batch size. `allowance` is
/// `(value, gradient)` absolute allowances, zero unless a constant above says why.
fn check<const OUT: usize, L: Loss<OUT>>(
    loss: &L,
    case: &Value,
    target: impl Fn(&Value) -> L::Target,
    (value_allowance, gradient_allowance): (f32, f32),
) {
    let name = case["loss"].as_str().unwrap();
    assert_eq!(L::NAME, name, "NAME is Keras's function name");
    // TensorFlow's CPU kernels flush subnormal results to zero (near_zero.json's 1e-38 inputs);
    // ours keep them, a difference below the smallest normal f32.
    let (value_allowance, gradient_allowance) = (
        value_allowance + f32::MIN_POSITIVE,
        gradient_allowance + f32::MIN_POSITIVE,
    );
    let what = format!("{name} {} {}", case["kwargs"], case["note"]);
    let truth = case["y_true"].as_array().unwrap();
    let predicted = rows(&case["y_pred"]);
    let per_sample = floats(&case["per_sample"]);
    let gradient_of_mean = rows(&case["grad_wrt_y_pred_of_mean"]);
    assert_eq!(truth.len(), predicted.len());
    let batch = truth.len() as f32;
    let mut mean = 0.0;
    for row in 0..truth.len() {
        let y = target(&truth[row]);
        let p: [f32; OUT] = predicted[row].clone().try_into().unwrap();
        let mut gradient = [0.0; OUT];
        let value = loss.loss_and_gradient(&p, &y, &mut gradient);
        assert_close_or_within(
            &format!("{what} row {row}"),
            value,
            per_sample[row],
            VALUE_TOLERANCE,
            value_allowance,
        );
        assert_eq!(
            value,
            loss.loss(&p, &y),
            "{what}: loss and loss_and_gradient disagree"
        );
        for column in 0..OUT {
            assert_close_or_within(
                &format!("{what} ∂/∂ŷ[{row}][{column}]"),
                gradient[column] / batch,
                gradient_of_mean[row][column],
                GRADIENT_TOLERANCE,
                gradient_allowance,
            );
        }
        mean += value / batch;
    }
    assert_close(
        &format!("{what} mean"),
        mean,
        case["mean"].as_f64().unwrap() as f32,
        VALUE_TOLERANCE,
    );
}

/// A row of floats.
fn row<const OUT: usize>(value: &Value) -> [f32; OUT] {
    floats(value).try_into().unwrap()
}

/// A class index.
fn label(value: &Value) -> usize {
    value.as_u64().expect("an integer label") as usize
}

/// Reads the case's kwargs, failing on any keyword not in `known`.
fn kwargs<'a>(case: &'a Value, known: &[&str]) -> &'a serde_json::Map<String, Value> {
    let map = case["kwargs"].as_object().expect("kwargs");
    for key in map.keys() {
        assert!(
            known.contains(&key.as_str()),
            "{}: kwarg `{key}` is not checked",
            case["loss"]
        );
    }
    map
}

fn float(map: &serde_json::Map<String, Value>, key: &str, default: f32) -> f32 {
    map.get(key).map_or(default, |v| v.as_f64().unwrap() as f32)
}

fn flag(map: &serde_json::Map<String, Value>, key: &str) -> bool {
    map.get(key).is_some_and(|v| v.as_bool().unwrap())
}

/// Checks one case with the loss and kwargs it names.
fn check_case(case: &Value) {
    let name = case["loss"].as_str().expect("a loss name");
    match name {
        "mean_squared_error" => {
            kwargs(case, &[]);
            check::<3, _>(&MeanSquaredError, case, row, (0.0, 0.0));
        }
        "mean_absolute_error" => {
            kwargs(case, &[]);
            check::<3, _>(&MeanAbsoluteError, case, row, (0.0, 0.0));
        }
        "mean_absolute_percentage_error" => {
            kwargs(case, &[]);
            check::<3, _>(&MeanAbsolutePercentageError, case, row, (0.0, 0.0));
        }
        "mean_squared_logarithmic_error" => {
            kwargs(case, &[]);
            check::<3, _>(&MeanSquaredLogarithmicError, case, row, (0.0, 0.0));
        }
        "huber" => {
            let map = kwargs(case, &["delta"]);
            let loss = Huber {
                delta: float(map, "delta", Huber::default().delta),
            };
            check::<3, _>(&loss, case, row, (0.0, 0.0));
        }
        "log_cosh" => {
            kwargs(case, &[]);
            check::<3, _>(&LogCosh, case, row, (0.0, LOG_COSH_GRADIENT_ALLOWANCE));
        }
        "hinge" => {
            kwargs(case, &[]);
            check::<3, _>(&Hinge, case, row, (0.0, 0.0));
        }
        "squared_hinge" => {
            kwargs(case, &[]);
            check::<3, _>(&SquaredHinge, case, row, (0.0, 0.0));
        }
        "categorical_hinge" => {
            kwargs(case, &[]);
            check::<3, _>(&CategoricalHinge, case, row, (0.0, 0.0));
        }
        "binary_crossentropy" => {
            let map = kwargs(case, &["from_logits", "label_smoothing"]);
            let loss = BinaryCrossentropy {
                from_logits: flag(map, "from_logits"),
                label_smoothing: float(map, "label_smoothing", 0.0),
            };
            check::<1, _>(&loss, case, row, (0.0, 0.0));
        }
        "binary_focal_crossentropy" => {
            let map = kwargs(
                case,
                &[
                    "apply_class_balancing",
                    "alpha",
                    "gamma",
                    "from_logits",
                    "label_smoothing",
                ],
            );
            let defaults = BinaryFocalCrossentropy::default();
            let loss = BinaryFocalCrossentropy {
                apply_class_balancing: flag(map, "apply_class_balancing"),
                alpha: float(map, "alpha", defaults.alpha),
                gamma: float(map, "gamma", defaults.gamma),
                from_logits: flag(map, "from_logits"),
                label_smoothing: float(map, "label_smoothing", 0.0),
            };
            let allowance = if loss.from_logits {
                SIGMOID_ULP_ALLOWANCE
            } else {
                0.0
            };
            check::<1, _>(&loss, case, row, (allowance, 0.0));
        }
        "categorical_crossentropy" => {
            let map = kwargs(case, &["from_logits", "label_smoothing"]);
            let loss = CategoricalCrossentropy {
                from_logits: flag(map, "from_logits"),
                label_smoothing: float(map, "label_smoothing", 0.0),
            };
            check::<3, _>(&loss, case, row, (0.0, 0.0));
        }
        "sparse_categorical_crossentropy" => {
            let map = kwargs(case, &["from_logits", "ignore_class"]);
            let loss = SparseCategoricalCrossentropy {
                from_logits: flag(map, "from_logits"),
                ignore_class: map
                    .get("ignore_class")
                    .and_then(Value::as_u64)
                    .map(|c| c as usize),
            };
            check::<3, _>(&loss, case, label, (0.0, 0.0));
        }
        "kl_divergence" => {
            kwargs(case, &[]);
            check::<3, _>(&KLDivergence, case, row, (0.0, 0.0));
        }
        "poisson" => {
            kwargs(case, &[]);
            check::<3, _>(&Poisson, case, row, (0.0, POISSON_GRADIENT_ALLOWANCE));
        }
        "cosine_similarity" => {
            kwargs(case, &[]);
            check::<3, _>(&CosineSimilarity, case, row, (0.0, 0.0));
        }
        other => panic!("no check for golden loss {other}"),
    }
}

/// Runs every golden case of `name`, failing if there is none.
fn run(name: &str) {
    let file = golden("losses.json");
    let found = cases(&file, "loss", name);
    assert!(!found.is_empty(), "no golden cases for {name}");
    for case in found {
        check_case(case);
    }
}

macro_rules! golden_tests {
    ($($name:ident),* $(,)?) => {
        /// The losses the tests below run, by Keras name.
        const CHECKED: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                run(stringify!($name));
            }
        )*
    };
}

golden_tests! {
    mean_squared_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_logarithmic_error,
    huber,
    log_cosh,
    hinge,
    squared_hinge,
    categorical_hinge,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
    kl_divergence,
    poisson,
    cosine_similarity,
}

#[test]
fn every_golden_loss_is_checked() {
    let file = golden("losses.json");
    let all = file["cases"].as_array().expect("cases");
    assert!(!all.is_empty());
    for case in all {
        let name = case["loss"].as_str().expect("a loss name");
        assert!(
            CHECKED.contains(&name),
            "golden loss {name} is not checked by any test"
        );
    }
}

/// Every loss case of tests/golden/near_zero.json (written by near_zero.py beside it):
/// predictions and targets near zero, where `ln(1 + x)`, `e^x − 1` and `log cosh` forms cancel,
/// and logits at ±20…±100, where overflow-prone forms break. Same tolerances as the cases above.
#[test]
fn losses_near_zero_and_at_the_ends_match_keras() {
    let file = golden("near_zero.json");
    let all = file["losses"].as_array().expect("losses");
    assert!(
        all.len() >= 10,
        "near_zero.json has {} loss cases",
        all.len()
    );
    for case in all {
        check_case(case);
    }
}
