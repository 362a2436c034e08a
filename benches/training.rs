//! W3: the walk-through's 4-128-64-32-16-2 network trained on its 800 rows for 100 epochs in
//! batches of 32 with Adam (2,500 steps), by nn and by the same network written by hand with
//! plain nalgebra, each in the caller's floating-point mode and with subnormals flushed.
//!
//! `cargo bench --bench training`

#[path = "support/hand.rs"]
mod hand;
#[path = "support/modes.rs"]
mod modes;
#[path = "support/walkthrough.rs"]
mod walkthrough;

use criterion::{Criterion, criterion_group, criterion_main};
use nn::prelude::*;

nn::network! {
    struct Regressor;
    input(4) -> dense(128, relu) -> dense(64, relu) -> dense(32, relu) -> dense(16, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

const EPOCHS: usize = 100;
const BATCH: usize = 32;

/// The walk-through's rows (x1 = 0..800, x2..x4 = x1 + 1..3), scaled into [0, 1].
fn rows() -> (Vec<[f32; 4]>, Vec<[f32; 2]>) {
    let x: Vec<[f32; 4]> = (0..800)
        .map(|i| [0.0, 1.0, 2.0, 3.0].map(|d| (i as f32 + d) / 1000.0))
        .collect();
    let y = x
        .iter()
        .map(|r| {
            [
                0.3 * r[0] + 0.2 * r[1] - 0.4 * r[2] + 0.1 * r[3] + 0.002,
                0.5 * r[0] - 0.1 * r[1] + 0.3 * r[2] - 0.002,
            ]
        })
        .collect();
    (x, y)
}

fn training(c: &mut Criterion) {
    let (x, y) = rows();
    let mut group = c.benchmark_group("W3 train 800 rows x 100 epochs, batch 32");
    let options = FitOptions::new()
        .epochs(EPOCHS)
        .batch_size(BATCH)
        .verbose(0);
    modes::in_both_modes(&mut group, "nn", || {
        let mut model = Regressor::with_seed(1);
        model.fit(&x, &y, &options).unwrap();
        model
    });
    let initial = Regressor::with_seed(1);
    modes::in_both_modes(&mut group, "hand", || {
        let mut net = walkthrough::Walkthrough::from_flat(initial.network().parameters(), 0.005);
        hand::train_epochs(&x, &y, BATCH, EPOCHS, |xb, yb| {
            net.train_step(xb, &hand::batch(yb))
        });
        net
    });
    group.finish();
}

criterion_group! { name = benches; config = modes::config(); targets = training }
criterion_main!(benches);
