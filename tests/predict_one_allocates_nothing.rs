//! `predict_one` runs on the stack: a counting global allocator sees no allocation during it.
//! (Allocations are counted per thread, so other tests in the binary would not disturb it.)

mod support {
    pub mod counting_allocator;
}

use nn::prelude::*;
use support::counting_allocator::allocations;

nn::network! {
    struct Regressor;
    input(4) -> dense(128, relu) -> dense(64, relu) -> dense(32, relu) -> dense(16, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

#[test]
fn predict_one_does_not_touch_the_heap_and_agrees_with_predict() {
    let model = Regressor::with_seed(5);
    let row = [0.1, 0.2, 0.3, 0.4];
    let batched = model.predict(&[row]);

    let before = allocations();
    let one = model.predict_one(&row);
    let during = allocations() - before;

    assert_eq!(during, 0, "predict_one allocated {during} times");
    // The batched path multiplies with sgemm, the single one with nalgebra's static product.
    for (one, batched) in one.iter().zip(&batched[0]) {
        assert!(
            (one - batched).abs() <= 1e-5 * batched.abs().max(1.0),
            "{one} vs {batched}"
        );
    }
    // The counter does see allocations, so a zero above means something.
    let _ = model.predict(&[row]);
    assert!(allocations() > before);
}
