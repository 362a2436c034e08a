//! `fit`, `evaluate`, `predict` and `predict_one` flush subnormals while they run and give the
//! caller's floating-point mode back when they return; `set_flush_subnormals(false)` leaves the
//! caller's mode alone throughout.

use nn::FloatMode;
use nn::callbacks::LambdaCallback;
use nn::prelude::*;

nn::network! {
    struct Small;
    input(2) -> dense(4, tanh) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn data() -> (Vec<[f32; 2]>, Vec<[f32; 1]>) {
    let x: Vec<[f32; 2]> = (0..16).map(|i| [i as f32 / 16.0, 0.5]).collect();
    let y = x.iter().map(|r| [r[0] - r[1]]).collect();
    (x, y)
}

/// Fits `model` and returns whether every batch ran with subnormals flushed.
fn flushed_during_fit(model: &mut Small) -> bool {
    let (x, y) = data();
    let mut flushed = true;
    let watch = LambdaCallback::new().on_batch_end(|_, _, _| {
        flushed &= FloatMode::current().flushes_subnormals();
    });
    let options = FitOptions::new().epochs(2).batch_size(4).verbose(0);
    model
        .fit_with(&x, &y, &options, FitExtras::new().callback(watch))
        .unwrap();
    flushed
}

#[test]
fn training_and_prediction_flush_and_give_the_callers_mode_back() {
    if !FloatMode::SUPPORTED {
        eprintln!("SKIPPED: this architecture has no flush-to-zero mode to test");
        return;
    }
    let _caller = FloatMode::keep_subnormals();
    let mut model = Small::with_seed(1);
    assert!(flushed_during_fit(&mut model));
    assert!(!FloatMode::current().flushes_subnormals());

    // A subnormal input is read as zero (DAZ) inside predict and predict_one, so both give the
    // output for a zero row, and the caller's mode is back afterwards.
    let tiny = f32::MIN_POSITIVE / 4.0;
    let zero_row = model.predict_one(&[0.0, 0.0]);
    assert_eq!(model.predict_one(&[tiny, 0.0]), zero_row);
    assert_eq!(model.predict(&[[tiny, 0.0]])[0], zero_row);
    let (x, y) = data();
    model.evaluate(&x, &y).unwrap();
    assert!(!FloatMode::current().flushes_subnormals());
}

#[test]
fn the_opt_out_leaves_the_callers_mode_throughout() {
    if !FloatMode::SUPPORTED {
        eprintln!("SKIPPED: this architecture has no flush-to-zero mode to test");
        return;
    }
    let _caller = FloatMode::keep_subnormals();
    let mut model = Small::with_seed(1);
    model.network_mut().set_flush_subnormals(false);
    assert!(!model.network().flushes_subnormals());
    let (x, y) = data();
    let mut flushed = false;
    let watch = LambdaCallback::new().on_batch_end(|_, _, _| {
        flushed |= FloatMode::current().flushes_subnormals();
    });
    let options = FitOptions::new().epochs(1).batch_size(4).verbose(0);
    model
        .fit_with(&x, &y, &options, FitExtras::new().callback(watch))
        .unwrap();
    assert!(!flushed, "fit flushed although told not to");
    // And the caller still has gradual underflow afterwards.
    let tiny = std::hint::black_box(f32::MIN_POSITIVE / 4.0);
    assert!(tiny * std::hint::black_box(0.5) != 0.0);
}
