//! Activations against Keras 3's own values (tests/golden/activations.json).

mod common;

use common::{assert_close, assert_close_or_within, cases, floats, golden, rows};
use nn_core::activations::{Activation, Linear, Relu, Sigmoid, Softmax};

/// Checks `y = f(x)` and `grad = ∂(Σ y·w)/∂x` on the golden case of `A` with Keras's default
/// arguments. Element-wise cases are one sample of many values; softmax's are rows of 5.
fn check<A: Activation>() {
    let file = golden("activations.json");
    let case = cases(&file, "activation", A::NAME)
        .into_iter()
        .find(|case| {
            case["kwargs"]
                .as_object()
                .is_some_and(|kw| kw.is_empty() || kw.contains_key("axis"))
        })
        .unwrap_or_else(|| panic!("no golden case for {} with default arguments", A::NAME));
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
            let at = format!("{} at x = {}", A::NAME, x[row][i]);
            assert_close(&at, a[i], y[row][i], 1e-6);
            // Keras computes derivatives from the f32 output `a` (sigmoid's is a·(1 − a)), where
            // one ulp of `a` (≤ 1.2e-7) moves the result by up to 1.2e-7·|w| however small it
            // is: near saturation that dwarfs any relative tolerance, so allow that much.
            let absolute = 1.2e-7 * w[row][i].abs();
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

#[test]
fn linear_matches_keras() {
    check::<Linear>();
}

#[test]
fn relu_matches_keras() {
    check::<Relu>();
}

#[test]
fn sigmoid_matches_keras() {
    check::<Sigmoid>();
}

#[test]
fn softmax_matches_keras() {
    check::<Softmax>();
}
