//! Activations against Keras 3's own values (tests/golden/activations.json, and near_zero.json for
//! inputs near zero and at the large end).

mod common;

use common::{assert_close, assert_close_or_within, cases, floats, golden, rows};
use nn_core::activations::{
    Activation, Celu, Elu, Exponential, Gelu, GeluTanh, HardSigmoid, HardSilu, HardTanh, LeakyRelu,
    Linear, LogSigmoid, LogSoftmax, Mish, Relu, Relu6, ReluWith, Selu, Sigmoid, Silu, Softmax,
    Softplus, Softsign, Swish, Tanh,
};
use serde_json::Value;

/// Checks `y = f(x)` and `grad = ∂(Σ y·w)/∂x` on the golden case of Keras's activation `name`
/// called with `kwargs` (JSON, compared as values). Element-wise cases are one sample of many
/// values; softmax's and log_softmax's are rows of 5.
///
/// Values must be within 1e-6 relative of Keras's, or within `slack(x).0` absolutely; gradients
/// within 1e-5 relative, or `1.2e-7·|w| + slack(x).1·|w|` absolutely. `slack` is 0 but for gelu's
/// tanh approximation, whose reason is given at [`gelu_tanh_slack`].
fn check<A: Activation>(name: &str, kwargs: &str, slack: fn(f32) -> (f32, f32)) {
    let file = golden("activations.json");
    let kwargs: Value = serde_json::from_str(kwargs).expect("kwargs as JSON");
    let case = cases(&file, "activation", name)
        .into_iter()
        .find(|case| case["kwargs"] == kwargs)
        .unwrap_or_else(|| panic!("no golden case for {name} with {kwargs}"));
    let (x, w, y, grad) = if case["x"][0].is_array() {
        (
            rows(&case["x"]),
            rows(&case["w"]),
            rows(&case["y"]),
            rows(&case["grad"]),
        )
    } else {
        let one = |key: &str| vec![floats(&case[key])];
        (one("x"), one("w"), one("y"), one("grad"))
    };
    for row in 0..x.len() {
        let mut a = x[row].clone();
        A::activate(&mut a);
        let mut g = w[row].clone();
        A::backpropagate(&x[row], &a, &mut g);
        for i in 0..a.len() {
            let at = format!("{name} {kwargs} at x = {}", x[row][i]);
            let (value_slack, gradient_slack) = slack(x[row][i]);
            if value_slack == 0.0 {
                assert_close(&at, a[i], y[row][i], 1e-6);
            } else {
                assert_close_or_within(&at, a[i], y[row][i], 1e-6, value_slack);
            }
            // Keras computes derivatives from the f32 output `a` (sigmoid's is a·(1 − a)), where
            // one ulp of `a` (≤ 1.2e-7) moves the result by up to 1.2e-7·|w| however small it
            // is: near saturation that dwarfs any relative tolerance, so allow that much.
            let absolute = (1.2e-7 + gradient_slack) * w[row][i].abs();
            assert_close_or_within(
                &format!("gradient of {at}"),
                g[i],
                grad[row][i],
                1e-5,
                absolute,
            );
        }
    }
}

/// One test per golden case, and the list [`CHECKED`] of the cases they cover.
macro_rules! golden_tests {
    ($($test:ident: $name:literal $kwargs:literal => $activation:ty $(, slack $slack:expr)?;)*) => {
        $(
            #[test]
            fn $test() {
                // The given slack if any, else none.
                let slacks: &[fn(f32) -> (f32, f32)] = &[no_slack $(, $slack)?];
                check::<$activation>($name, $kwargs, slacks[slacks.len() - 1]);
            }
        )*

        /// Every `(activation, kwargs)` of the golden file that a test above checks.
        const CHECKED: &[(&str, &str)] = &[$(($name, $kwargs)),*];
    };
}

/// keras.activations.relu(negative_slope=0.1, max_value=6.0, threshold=0.5).
type ReluSlopeMaxThreshold =
    ReluWith<{ 0.1_f32.to_bits() }, { 6.0_f32.to_bits() }, { 0.5_f32.to_bits() }>;

/// No allowance beyond the relative tolerances.
fn no_slack(_x: f32) -> (f32, f32) {
    (0.0, 0.0)
}

/// TensorFlow's f32 tanh is Eigen's rational approximation, which can be an ulp (≤ 1.2e-7 near ±1)
/// away from the correctly rounded tanh that `GeluTanh` uses. In the left tail, where
/// `gelu(x) = x/2 · (1 + t)` is small, that ulp of `t` moves the value by up to `|x|/2 · 1.2e-7`
/// absolutely (5e-6 relative at x = −2.5), and the derivative
/// `(1 + t)/2 + x/2 · (1 − t²) · u'`, `u' = √(2/π)·(1 + 3·0.044715·x²)`, by up to
/// `1.2e-7/2 + |x|/2 · 2·1.2e-7 · u'` (5e-4 relative at x = −3.59, where its terms nearly cancel).
fn gelu_tanh_slack(x: f32) -> (f32, f32) {
    let ulp = 1.2e-7;
    let u_prime = 0.797_884_6 * (1.0 + 3.0 * 0.044_715 * x * x);
    (
        0.5 * x.abs() * ulp,
        0.5 * ulp + 0.5 * x.abs() * 2.0 * ulp * u_prime,
    )
}

golden_tests! {
    linear_matches_keras: "linear" "{}" => Linear;
    relu_matches_keras: "relu" "{}" => Relu;
    relu_with_default_arguments_matches_keras: "relu" "{}" => ReluWith;
    relu_with_arguments_matches_keras:
        "relu" r#"{"negative_slope": 0.1, "max_value": 6.0, "threshold": 0.5}"# =>
        ReluSlopeMaxThreshold;
    relu6_matches_keras: "relu6" "{}" => Relu6;
    leaky_relu_matches_keras: "leaky_relu" "{}" => LeakyRelu;
    leaky_relu_0_2_matches_keras: "leaky_relu" r#"{"negative_slope": 0.2}"# =>
        LeakyRelu<{ 0.2_f32.to_bits() }>;
    leaky_relu_0_3_matches_keras: "leaky_relu" r#"{"negative_slope": 0.3}"# =>
        LeakyRelu<{ 0.3_f32.to_bits() }>;
    elu_matches_keras: "elu" r#"{"alpha": 1.0}"# => Elu;
    selu_matches_keras: "selu" "{}" => Selu;
    celu_matches_keras: "celu" "{}" => Celu;
    gelu_matches_keras: "gelu" "{}" => Gelu;
    gelu_exact_matches_keras: "gelu" r#"{"approximate": false}"# => Gelu;
    gelu_tanh_matches_keras: "gelu" r#"{"approximate": true}"# => GeluTanh, slack gelu_tanh_slack;
    sigmoid_matches_keras: "sigmoid" "{}" => Sigmoid;
    hard_sigmoid_matches_keras: "hard_sigmoid" "{}" => HardSigmoid;
    log_sigmoid_matches_keras: "log_sigmoid" "{}" => LogSigmoid;
    tanh_matches_keras: "tanh" "{}" => Tanh;
    hard_tanh_matches_keras: "hard_tanh" "{}" => HardTanh;
    softplus_matches_keras: "softplus" "{}" => Softplus;
    softsign_matches_keras: "softsign" "{}" => Softsign;
    silu_matches_keras: "silu" "{}" => Silu;
    swish_matches_keras: "swish" "{}" => Swish;
    hard_silu_matches_keras: "hard_silu" "{}" => HardSilu;
    mish_matches_keras: "mish" "{}" => Mish;
    exponential_matches_keras: "exponential" "{}" => Exponential;
    softmax_matches_keras: "softmax" r#"{"axis": -1}"# => Softmax;
    log_softmax_matches_keras: "log_softmax" r#"{"axis": -1}"# => LogSoftmax;
}

#[test]
fn every_golden_case_is_checked() {
    let file = golden("activations.json");
    let checked: Vec<(&str, Value)> = CHECKED
        .iter()
        .map(|&(name, kwargs)| (name, serde_json::from_str(kwargs).expect("kwargs as JSON")))
        .collect();
    let cases = file["cases"].as_array().expect("cases");
    assert!(!cases.is_empty(), "the golden file has no cases");
    let unchecked: Vec<String> = cases
        .iter()
        .filter(|case| {
            !checked
                .iter()
                .any(|(name, kwargs)| case["activation"] == *name && case["kwargs"] == *kwargs)
        })
        .map(|case| format!("{} {}", case["activation"], case["kwargs"]))
        .collect();
    assert!(
        unchecked.is_empty(),
        "golden cases not checked: {unchecked:?}"
    );
}

/// Checks the near-zero case of Keras's activation `name` with `kwargs` (tests/golden/near_zero.json,
/// written by near_zero.py beside it): inputs at ±1e-2, ±6e-3, ±1.5e-3, ±1e-4, ±1e-7, ±1e-38 and
/// 0, where `e^z − 1` or `ln(1 + z)` cancel, and at ±0.3, ±3, ±20, ±80, ±100, where overflow-prone
/// forms break. Tolerances are those of [`check`], and:
///
/// - TensorFlow's CPU kernels treat subnormal inputs as zero and flush subnormal results to zero
///   (denormals-are-zero, flush-to-zero), which we do not: values may differ by less than the
///   smallest normal f32, `f32::MIN_POSITIVE` (e.g. Keras's sigmoid(−100) is 0, ours the true
///   3.8e-44), and at ±1e-38 Keras took the derivative at 0, which is where ours is taken too
///   (relu'(1e-38) is 1, but Keras's 0).
/// - `floor` is an absolute allowance on the value for where Keras's own formula cancels: its
///   f32 `e^z − 1` in elu and selu is up to one ulp of `e^z ≈ 1` off, which is `f32::EPSILON`
///   times the factor in front (19% of the true value at z = −1e-7), while ours uses `expm1`.
fn check_near_zero<A: Activation>(
    name: &str,
    kwargs: &str,
    floor: f32,
    slack: fn(f32) -> (f32, f32),
) {
    let file = golden("near_zero.json");
    let kwargs: Value = serde_json::from_str(kwargs).expect("kwargs as JSON");
    let case = file["activations"]
        .as_array()
        .expect("activations")
        .iter()
        .find(|case| case["activation"] == name && case["kwargs"] == kwargs)
        .unwrap_or_else(|| panic!("no near-zero case for {name} with {kwargs}"));
    let (x, w, y, grad) = (
        floats(&case["x"]),
        floats(&case["w"]),
        floats(&case["y"]),
        floats(&case["grad"]),
    );
    assert!(
        x.len() >= 20,
        "{name}: the case has only {} points",
        x.len()
    );
    for i in 0..x.len() {
        let mut a = [x[i]];
        A::activate(&mut a);
        let at = format!("{name} {kwargs} at x = {:e}", x[i]);
        let (value_slack, gradient_slack) = slack(x[i]);
        let absolute = floor + value_slack + f32::MIN_POSITIVE;
        assert_close_or_within(&at, a[0], y[i], 1e-6, absolute);

        let z = if x[i].is_subnormal() { 0.0 } else { x[i] };
        let mut a = [z];
        A::activate(&mut a);
        let mut g = [w[i]];
        A::backpropagate(&[z], &a, &mut g);
        let absolute = (1.2e-7 + gradient_slack) * w[i].abs();
        assert_close_or_within(&format!("gradient of {at}"), g[0], grad[i], 1e-5, absolute);
    }
}

/// One test per near-zero golden case, and the list [`NEAR_ZERO_CHECKED`] of the cases covered.
macro_rules! near_zero_tests {
    ($($test:ident: $name:literal $kwargs:literal => $activation:ty, floor $floor:expr $(, slack $slack:expr)?;)*) => {
        $(
            #[test]
            fn $test() {
                let slacks: &[fn(f32) -> (f32, f32)] = &[no_slack $(, $slack)?];
                check_near_zero::<$activation>($name, $kwargs, $floor, slacks[slacks.len() - 1]);
            }
        )*

        /// Every `(activation, kwargs)` of near_zero.json that a test above checks.
        const NEAR_ZERO_CHECKED: &[(&str, &str)] = &[$(($name, $kwargs)),*];
    };
}

near_zero_tests! {
    relu_near_zero: "relu" "{}" => Relu, floor 0.0;
    relu_with_arguments_near_zero:
        "relu" r#"{"negative_slope": 0.1, "max_value": 6.0, "threshold": 0.5}"# =>
        ReluSlopeMaxThreshold, floor 0.0;
    relu6_near_zero: "relu6" "{}" => Relu6, floor 0.0;
    leaky_relu_near_zero: "leaky_relu" "{}" => LeakyRelu, floor 0.0;
    elu_near_zero: "elu" r#"{"alpha": 1.0}"# => Elu, floor f32::EPSILON;
    elu_0_5_near_zero: "elu" r#"{"alpha": 0.5}"# => Elu<{ 0.5_f32.to_bits() }>,
        floor 0.5 * f32::EPSILON;
    selu_near_zero: "selu" "{}" => Selu, floor Selu::SCALE_ALPHA * f32::EPSILON;
    celu_near_zero: "celu" "{}" => Celu, floor 0.0;
    gelu_near_zero: "gelu" r#"{"approximate": false}"# => Gelu, floor 0.0;
    gelu_tanh_near_zero: "gelu" r#"{"approximate": true}"# => GeluTanh, floor 0.0,
        slack gelu_tanh_slack;
    sigmoid_near_zero: "sigmoid" "{}" => Sigmoid, floor 0.0;
    hard_sigmoid_near_zero: "hard_sigmoid" "{}" => HardSigmoid, floor 0.0;
    log_sigmoid_near_zero: "log_sigmoid" "{}" => LogSigmoid, floor 0.0;
    tanh_near_zero: "tanh" "{}" => Tanh, floor 0.0;
    hard_tanh_near_zero: "hard_tanh" "{}" => HardTanh, floor 0.0;
    softplus_near_zero: "softplus" "{}" => Softplus, floor 0.0;
    softsign_near_zero: "softsign" "{}" => Softsign, floor 0.0;
    silu_near_zero: "silu" "{}" => Silu, floor 0.0;
    hard_silu_near_zero: "hard_silu" "{}" => HardSilu, floor 0.0;
    mish_near_zero: "mish" "{}" => Mish, floor 0.0;
    exponential_near_zero: "exponential" "{}" => Exponential, floor 0.0;
    linear_near_zero: "linear" "{}" => Linear, floor 0.0;
}

#[test]
fn every_near_zero_case_is_checked() {
    let file = golden("near_zero.json");
    let cases = file["activations"].as_array().expect("activations");
    assert!(!cases.is_empty(), "near_zero.json has no activations");
    let unchecked: Vec<String> = cases
        .iter()
        .filter(|case| {
            !NEAR_ZERO_CHECKED.iter().any(|&(name, kwargs)| {
                case["activation"] == name
                    && case["kwargs"] == serde_json::from_str::<Value>(kwargs).expect("kwargs")
            })
        })
        .map(|case| format!("{} {}", case["activation"], case["kwargs"]))
        .collect();
    assert!(
        unchecked.is_empty(),
        "near-zero cases not checked: {unchecked:?}"
    );
}
