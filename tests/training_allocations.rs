//! A training step allocates nothing once the first batch has sized the buffers, with callbacks
//! and per-variable clipping too: the products of a small network run in nn's own loops (sgemm
//! would allocate its packing buffer in each), the logs a callback sees are rewritten in place
//! and `clipnorm` cuts the gradients without a list. (Allocations are counted on the test's own
//! thread, the harness's being left out.)
//!
//! A fit allocates per call and per epoch (validation, logs), so the test counts how
//! allocations grow with the number of batches: not at all.

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
/// included, by `model`, with a callback if `watched`.
fn allocations_of_fit<M: Model<4, 2, Loss = nn::losses::MeanSquaredError>>(
    model: &mut M,
    batches: usize,
    watched: bool,
) -> usize {
    let options = FitOptions::new().epochs(2).batch_size(32).verbose(0);
    let rows = batches * 32;
    let x: Vec<[f32; 4]> = (0..rows).map(|i| [i as f32 / rows as f32; 4]).collect();
    let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0], -r[0]]).collect();
    let before = allocations();
    let mut extras = FitExtras::new().validation_data(&x[..32], &y[..32]);
    if watched {
        extras = extras.callback(LambdaCallback::new().on_batch_end(|_, logs, _| {
            assert!(logs.get("loss").is_some() && logs.get("r2_score").is_some());
        }));
    }
    model.fit_with(&x, &y, &options, extras).unwrap();
    allocations() - before
}

#[test]
fn training_steps_allocate_nothing_after_the_first_batch() {
    let plain = |batches| allocations_of_fit(&mut Plain::with_seed(3), batches, false);
    let clipped = |batches| allocations_of_fit(&mut Clipped::with_seed(3), batches, true);
    // 72 more steps (36 more batches over 2 epochs) allocate nothing more either way. A first
    // fit on a thread sizes buffers the thread keeps (the transposed kernel the tiled products
    // read, 5 allocations), so one fit runs before any is counted.
    plain(1);
    let plain_growth = plain(40) - plain(4);
    let clipped_growth = clipped(40) - clipped(4);
    assert_eq!(
        plain_growth, 0,
        "72 more steps made {plain_growth} more allocations"
    );
    assert_eq!(
        clipped_growth, 0,
        "72 more steps made {clipped_growth} more allocations with a callback and clipnorm"
    );
    // The counter does count: a fit of 4 batches allocates (its buffers, logs, validation).
    assert!(plain(4) > 0);
}
