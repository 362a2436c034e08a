//! A NaN never reaches the weights: a step whose gradients overflow is refused, `fit` ends with
//! an error naming the epoch, the batch and the value, and the weights are those of the last
//! finite step. `NonFinite::Continue` keeps Keras's behaviour.

use nn::callbacks::{Callback, Logs, Training};
use nn::optimizers::{NonFinite, Optimizer};
use nn::prelude::*;

nn::network! {
    /// Adam with a learning rate no run survives (the example): with relu layers the
    /// gradients themselves overflow.
    struct Exploding;
    input(3) -> dense(16, relu) -> dense(16, relu) -> dense(16, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 1e6);
}

nn::network! {
    /// With linear layers the gradients stay finite, but their squares overflow Adam's `v`,
    /// and then an update.
    struct Linear;
    input(3) -> dense(8, linear) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 1e6);
}

nn::network! {
    /// A sane learning rate, for inputs that overflow on their own.
    struct Plain;
    input(3) -> dense(8, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

fn data(scale: f32) -> (Vec<[f32; 3]>, Vec<[f32; 2]>) {
    let x: Vec<[f32; 3]> = (0..40)
        .map(|i| [i as f32 / 40.0, (i % 7) as f32 / 7.0, 0.5].map(|v| v * scale))
        .collect();
    let y = (0..40).map(|i| [i as f32 / 40.0, 1.0]).collect();
    (x, y)
}

fn options() -> FitOptions {
    FitOptions::new().epochs(200).batch_size(8).verbose(0)
}

/// Stops training after batch `at.1` of epoch `at.0`.
struct StopAfter {
    epoch: usize,
    at: (usize, usize),
}

impl Callback for StopAfter {
    fn on_epoch_begin(&mut self, epoch: usize, _: &mut Training<'_>) -> Result<(), Error> {
        self.epoch = epoch;
        Ok(())
    }

    fn on_batch_end(
        &mut self,
        batch: usize,
        _: &Logs,
        training: &mut Training<'_>,
    ) -> Result<(), Error> {
        training.stop_training |= (self.epoch, batch) == self.at;
        Ok(())
    }
}

/// The epoch and batch an error names.
fn position(error: &Error) -> (usize, usize) {
    match error {
        Error::NonFiniteStep { epoch, batch, .. } => (*epoch, *batch),
        other => panic!("not a refused step: {other}"),
    }
}

#[test]
fn adam_with_a_huge_learning_rate_stops_at_the_last_finite_step() {
    let (x, y) = data(1.0);
    let mut model = Exploding::with_seed(2);
    let error = model.fit(&x, &y, &options()).unwrap_err();
    let message = error.to_string();
    let (epoch, batch) = position(&error);
    assert!(
        message.starts_with(&format!(
            "training stopped at epoch {epoch}, batch {batch}: "
        )),
        "{message}"
    );
    assert!(message.contains("the gradient of dense_"), "{message}");
    assert!(message.ends_with("the weights are those of the last finite step"));
    assert!(model.network().parameters().iter().all(|w| w.is_finite()));

    // The same run stopped after the step before the refused one has the same weights.
    let steps_per_epoch = x.len().div_ceil(8);
    let last_good = if batch > 0 {
        (epoch, batch - 1)
    } else {
        (epoch - 1, steps_per_epoch - 1)
    };
    let stop = StopAfter {
        epoch: 0,
        at: last_good,
    };
    let mut earlier = Exploding::with_seed(2);
    earlier
        .fit_with(&x, &y, &options(), FitExtras::new().callback(stop))
        .unwrap();
    assert_eq!(earlier.network().parameters(), model.network().parameters());
    let steps = earlier.network().optimizer().iterations();
    assert_eq!(model.network().optimizer().iterations(), steps);
    assert_eq!(
        steps as usize,
        last_good.0 * steps_per_epoch + last_good.1 + 1
    );
}

#[test]
fn finite_inputs_of_1e38_are_refused_at_the_first_step_with_the_weights_untouched() {
    let (x, y) = data(1e38);
    let mut model = Plain::with_seed(2);
    let before = model.network().parameters().to_vec();
    let error = model.fit(&x, &y, &options()).unwrap_err();
    assert_eq!(position(&error), (0, 0), "{error}");
    let message = error.to_string();
    // The first gradient flattened is the first layer's kernel; which element overflows first
    // depends on the data, so only its form is checked.
    assert!(message.contains("the gradient of dense_"), "{message}");
    assert!(message.contains("] is "), "{message}");
    assert_eq!(model.network().parameters(), before);
    assert_eq!(model.network().optimizer().iterations(), 0);
}

#[test]
fn an_update_that_would_overflow_keeps_those_weights() {
    let (x, y) = data(1.0);
    let mut model = Linear::with_seed(2);
    let error = model.fit(&x, &y, &options()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("the update of some weights would be NaN or infinite"),
        "{message}"
    );
    assert!(
        message
            .ends_with("those kept their values, and every finite update of the step was applied"),
        "{message}"
    );
    assert!(model.network().parameters().iter().all(|w| w.is_finite()));
    // The weights whose update overflowed are those of the step before; the others moved on.
    let (epoch, batch) = position(&error);
    assert!(
        batch > 0,
        "the test expects the overflow after the first step of an epoch"
    );
    let mut earlier = Linear::with_seed(2);
    let stop = StopAfter {
        epoch: 0,
        at: (epoch, batch - 1),
    };
    earlier
        .fit_with(&x, &y, &options(), FitExtras::new().callback(stop))
        .unwrap();
    let (now, before) = (model.network().parameters(), earlier.network().parameters());
    let kept = now
        .iter()
        .zip(before)
        .filter(|(a, b)| a.to_bits() == b.to_bits())
        .count();
    assert!(
        0 < kept && kept < now.len(),
        "{kept} of {} weights kept",
        now.len()
    );
}

#[test]
fn continue_keeps_keras_behaviour_and_lets_nan_through() {
    let (x, y) = data(1.0);
    let mut model = Exploding::with_seed(2);
    let options = options().non_finite(NonFinite::Continue);
    let history = model.fit(&x, &y, &options).unwrap();
    assert!(model.network().parameters().iter().any(|w| w.is_nan()));
    assert!(history.loss().iter().any(|l| !l.is_finite()));
}
