//! Keras 3's GaussianNoise, GaussianDropout and AlphaDropout against nn's, given the same
//! random draws.
//!
//! The two draw from different generators, so no training run can share its noise; what they
//! must share is the arithmetic given the noise: the standard deviation Keras asks its normal
//! draws for, the mask's threshold, AlphaDropout's `a`, `b` and `α'`, each rounded where
//! Keras rounds it, and the gradient. `tests/keras_noise_layers/generate.py` calls each Keras
//! layer in training mode with its draws replaced by fixed ones and records what the layer was
//! handed, its output, and the gradient of `Σ output · weights`; each is handed here to nn's
//! layer. Element-wise f32 arithmetic in the same order rounds the same way: outputs and
//! gradients must be equal to the bit.

use std::sync::OnceLock;

use nn::layers::{AlphaDropout, GaussianDropout, GaussianNoise, Layer};
use nn::{Batch, Rng};
use rand::SeedableRng;
use serde_json::Value;

const WIDTH: usize = 4;

fn case(name: &str) -> &'static Value {
    static CASES: OnceLock<Value> = OnceLock::new();
    let cases = CASES.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/keras_noise_layers/cases.json"
        );
        let text = std::fs::read_to_string(path).expect("tests/keras_noise_layers/cases.json");
        serde_json::from_str(&text).expect("cases.json is JSON")
    });
    cases["cases"]
        .as_array()
        .expect("a list of cases")
        .iter()
        .find(|case| case["name"] == name)
        .unwrap_or_else(|| panic!("no case `{name}` in cases.json"))
}

/// The case's array `key`, one sample per column as nn's batches hold them (Keras's rows of
/// `WIDTH` values, end to end, are the same layout).
fn batch(case: &Value, key: &str) -> Batch<WIDTH> {
    let values: Vec<f32> = case[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is an array"))
        .iter()
        .map(|value| value.as_f64().expect("a number") as f32)
        .collect();
    Batch::from_column_slice(&values)
}

/// A layer's buffers after a training pass over the case's inputs, its draws then replaced by
/// Keras's (`hand_draws`), and the gradient of `Σ output · weights` written above it.
fn input_gradient<L: Layer<WIDTH, WIDTH> + Default>(
    layer: &L,
    case: &Value,
    hand_draws: impl FnOnce(&mut L::Buffers),
    gradient_of: impl FnOnce(&mut L::Buffers) -> &mut Batch<WIDTH>,
) -> Batch<WIDTH> {
    let x = batch(case, "x");
    let mut buffers = L::Buffers::default();
    layer.forward(&x, &mut buffers, Some(&mut Rng::seed_from_u64(0)));
    hand_draws(&mut buffers);
    *gradient_of(&mut buffers) = batch(case, "weights");
    let mut input_gradient = Batch::<WIDTH>::zeros(x.ncols());
    // The noise layers hold no parameters: their gradients are the zero-sized layer itself.
    let mut no_parameters = L::default();
    layer.backward(
        &x,
        &mut buffers,
        &mut no_parameters,
        Some(&mut input_gradient),
    );
    input_gradient
}

fn assert_bits_equal(actual: &Batch<WIDTH>, expected: &Batch<WIDTH>, what: &str) {
    assert_eq!(actual.ncols(), expected.ncols(), "{what}: rows");
    for (i, (a, e)) in actual.iter().zip(expected.iter()).enumerate() {
        assert_eq!(
            a.to_bits(),
            e.to_bits(),
            "{what}[{i}]: nn {a:e}, Keras {e:e}"
        );
    }
}

fn gaussian_noise<const STDDEV: u32>(name: &str) {
    let case = case(name);
    assert_eq!(
        GaussianNoise::<WIDTH, STDDEV>::STDDEV,
        case["draw_arguments"]["stddev"].as_f64().unwrap() as f32,
        "{name}: the standard deviation asked of the normal draws"
    );
    let (x, noise) = (batch(case, "x"), batch(case, "draws"));
    let mut output = Batch::zeros(x.ncols());
    GaussianNoise::<WIDTH, STDDEV>::apply(&x, &noise, &mut output);
    assert_bits_equal(&output, &batch(case, "output"), name);
    let layer = GaussianNoise::<WIDTH, STDDEV>::default();
    let gradient = input_gradient(&layer, case, |b| b.draws = noise, |b| &mut b.gradient);
    assert_bits_equal(&gradient, &batch(case, "input_gradient"), name);
}

fn gaussian_dropout<const RATE: u32>(name: &str) {
    let case = case(name);
    let arguments = &case["draw_arguments"];
    assert_eq!(arguments["mean"].as_f64(), Some(1.0));
    assert_eq!(
        GaussianDropout::<WIDTH, RATE>::stddev(),
        arguments["stddev"].as_f64().unwrap() as f32,
        "{name}: √(rate / (1 − rate)) as Keras rounds it"
    );
    let (x, multipliers) = (batch(case, "x"), batch(case, "draws"));
    let mut output = Batch::zeros(x.ncols());
    GaussianDropout::<WIDTH, RATE>::apply(&x, &multipliers, &mut output);
    assert_bits_equal(&output, &batch(case, "output"), name);
    let layer = GaussianDropout::<WIDTH, RATE>::default();
    let gradient = input_gradient(&layer, case, |b| b.draws = multipliers, |b| &mut b.gradient);
    assert_bits_equal(&gradient, &batch(case, "input_gradient"), name);
}

fn alpha_dropout<const RATE: u32>(name: &str) {
    let case = case(name);
    let rate = AlphaDropout::<WIDTH, RATE>::RATE;
    // Keras keeps a value whose uniform draw is at least the rate.
    let kept = batch(case, "draws").map(|u| if u >= rate { 1.0 } else { 0.0 });
    assert!(kept.iter().any(|&k| k == 0.0) && kept.iter().any(|&k| k == 1.0));
    let x = batch(case, "x");
    let mut output = Batch::zeros(x.ncols());
    AlphaDropout::<WIDTH, RATE>::apply(&x, &kept, &mut output);
    assert_bits_equal(&output, &batch(case, "output"), name);
    let layer = AlphaDropout::<WIDTH, RATE>::default();
    let gradient = input_gradient(&layer, case, |b| b.draws = kept, |b| &mut b.gradient);
    assert_bits_equal(&gradient, &batch(case, "input_gradient"), name);
}

#[test]
fn gaussian_noise_is_keras_s_given_its_draws() {
    gaussian_noise::<{ 0.3_f32.to_bits() }>("gaussian_noise_0_3");
    gaussian_noise::<{ 1.0_f32.to_bits() }>("gaussian_noise_1");
}

#[test]
fn gaussian_dropout_is_keras_s_given_its_draws() {
    gaussian_dropout::<{ 0.2_f32.to_bits() }>("gaussian_dropout_0_2");
    gaussian_dropout::<{ 0.26_f32.to_bits() }>("gaussian_dropout_0_26");
}

#[test]
fn alpha_dropout_is_keras_s_given_its_draws() {
    alpha_dropout::<{ 0.1_f32.to_bits() }>("alpha_dropout_0_1");
    alpha_dropout::<{ 0.2_f32.to_bits() }>("alpha_dropout_0_2");
    alpha_dropout::<{ 0.5_f32.to_bits() }>("alpha_dropout_0_5");
}
