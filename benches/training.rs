//! Training the walk-through's 4-128-64-32-16-2 network (800 rows, 100 epochs, batch 32, Adam)
//! with nn, beside the same network written by hand with plain nalgebra types and operators.
//! Both shuffle the rows each epoch and take the same 2,500 steps; the ratio of the two times is
//! the figure to quote (the CPU changes between sessions, the ratio much less).
//!
//! `cargo bench --bench training`

use criterion::{Criterion, criterion_group, criterion_main};
use nn::prelude::*;
use rand::SeedableRng;
use rand::seq::SliceRandom;

#[allow(dead_code)] // the bench trains it; reading weights back is for the tests
#[path = "../tests/support/handwritten.rs"]
mod handwritten;

use handwritten::Handwritten;

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
    let mut group = c.benchmark_group("train 4-128-64-32-16-2, 800 rows x 100 epochs, batch 32");
    group.sample_size(10);

    group.bench_function("nn", |b| {
        let options = FitOptions::new()
            .epochs(EPOCHS)
            .batch_size(BATCH)
            .verbose(0);
        b.iter(|| {
            let mut model = Regressor::with_seed(1);
            model.fit(&x, &y, &options).unwrap();
            model
        })
    });

    group.bench_function("plain nalgebra", |b| {
        let initial = Regressor::with_seed(1);
        b.iter(|| {
            let mut model = Handwritten::from_flat(initial.network().parameters(), 0.005);
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
            let mut order: Vec<usize> = (0..x.len()).collect();
            let (mut xs, mut ys) = (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH));
            for _ in 0..EPOCHS {
                order.shuffle(&mut rng);
                for rows in order.chunks(BATCH) {
                    xs.clear();
                    ys.clear();
                    xs.extend(rows.iter().map(|&i| x[i]));
                    ys.extend(rows.iter().map(|&i| y[i]));
                    model.train_step(&Handwritten::batch(&xs), &Handwritten::batch(&ys));
                }
            }
            model
        })
    });
    group.finish();
}

criterion_group!(benches, training);
criterion_main!(benches);
