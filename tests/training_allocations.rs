//! Callbacks and per-variable clipping add no heap allocation to a training step: the logs a
//! callback sees are rewritten in place and `clipnorm` cuts the gradients without a list.
//! (Allocations are counted on the test's own thread, the harness's being left out.)
//!
//! A plain step is not allocation-free: matrixmultiply allocates its packing buffer in each
//! product (five per step here). So the test compares how allocations grow with the number of
//! batches, with and without the extras.

mod support {
    pub mod counting_allocator;
}

use nn::callbacks::LambdaCallback;
use nn::prelude::*;
use support::counting_allocator::allocations;

nn::network! {
    struct Plain;
    input(4) -> dense(16, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
    metrics = [mae, r2_score];
}

nn::network! {
    struct Clipped;
    input(4) -> dense(16, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.005, clipnorm = 1.0);
    metrics = [mae, r2_score];
}

/// Allocations during one `fit` of 2 epochs over `batches` full batches, validation rows
/// included, by `model` with `options`.
fn allocations_of_fit<M: Model<4, 2, Loss = nn::losses::MeanSquaredError>>(
    model: &mut M,
    batches: usize,
    options: &FitOptions,
) -> usize {
    let rows = batches * 32;
    let x: Vec<[f32; 4]> = (0..rows).map(|i| [i as f32 / rows as f32; 4]).collect();
    let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0], -r[0]]).collect();
    let validation = (&x[..32], &y[..32]);
    let before = allocations();
    model
        .fit_validated(&x[..], &y[..], validation, options)
        .unwrap();
    allocations() - before
}

#[test]
fn callbacks_and_clipnorm_allocate_nothing_per_step() {
    let options = FitOptions::new().epochs(2).batch_size(32).verbose(0);
    let plain = |batches| allocations_of_fit(&mut Plain::with_seed(3), batches, &options);
    let watched = options
        .clone()
        .callback(LambdaCallback::new().on_batch_end(|_, logs, _| {
            assert!(logs.get("loss").is_some() && logs.get("r2_score").is_some());
        }));
    let clipped = |batches| allocations_of_fit(&mut Clipped::with_seed(3), batches, &watched);
    // 72 more steps (36 more batches over 2 epochs) cost the same either way.
    let plain_growth = plain(40) - plain(4);
    let clipped_growth = clipped(40) - clipped(4);
    assert_eq!(
        clipped_growth, plain_growth,
        "72 more steps: {clipped_growth} more allocations with a callback and clipnorm, \
         {plain_growth} without"
    );
}
