//! W4: the walk-through's 4-128-64-32-16-2 network on 100,000 random rows: one epoch of
//! training at batch 32 and at batch 256, inference over every row, and the latency of one
//! sample; by nn and by the same network written by hand with plain nalgebra, in both
//! floating-point modes. Throughput is in rows per second.
//!
//! `cargo bench --bench random_rows`

#[path = "support/hand.rs"]
mod hand;
#[path = "support/modes.rs"]
mod modes;
#[path = "support/walkthrough.rs"]
mod walkthrough;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nalgebra::SVector;
use nn::prelude::*;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;
use walkthrough::Walkthrough;

nn::network! {
    struct Regressor;
    input(4) -> dense(128, relu) -> dense(64, relu) -> dense(32, relu) -> dense(16, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

const ROWS: usize = 100_000;

/// Uniform inputs in [0, 1) and labels a fixed linear function of them plus noise.
fn rows() -> (Vec<[f32; 4]>, Vec<[f32; 2]>) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
    let x: Vec<[f32; 4]> = (0..ROWS)
        .map(|_| std::array::from_fn(|_| rng.random_range(0.0..1.0)))
        .collect();
    let y = x
        .iter()
        .map(|r| {
            let noise: f32 = rng.random_range(-0.01..0.01);
            [
                0.3 * r[0] + 0.2 * r[1] - 0.4 * r[2] + 0.1 * r[3] + noise,
                0.5 * r[0] - 0.1 * r[1] + 0.3 * r[2] - noise,
            ]
        })
        .collect();
    (x, y)
}

fn train(c: &mut Criterion, batch: usize) {
    let (x, y) = rows();
    let mut group = c.benchmark_group(format!("W4 train 100,000 rows, batch {batch}"));
    group.throughput(Throughput::Elements(ROWS as u64));
    let options = FitOptions::new().epochs(1).batch_size(batch).verbose(0);
    modes::in_both_modes(&mut group, "nn", || {
        let mut model = Regressor::with_seed(1);
        model.fit(&x, &y, &options).unwrap();
        model
    });
    let initial = Regressor::with_seed(1);
    modes::in_both_modes(&mut group, "hand", || {
        let mut net = Walkthrough::from_flat(initial.network().parameters(), 0.005);
        hand::train_epochs(&x, &y, batch, 1, |xb, yb| {
            net.train_step(xb, &hand::batch(yb))
        });
        net
    });
    group.finish();
}

fn train_32(c: &mut Criterion) {
    train(c, 32);
}

fn train_256(c: &mut Criterion) {
    train(c, 256);
}

/// Weights after one epoch, so inference sees trained values rather than the initial ones.
fn trained() -> (Regressor, Walkthrough, Vec<[f32; 4]>) {
    let (x, y) = rows();
    let mut model = Regressor::with_seed(1);
    let options = FitOptions::new().epochs(1).batch_size(256).verbose(0);
    model.fit(&x, &y, &options).unwrap();
    let net = Walkthrough::from_flat(model.network().parameters(), 0.005);
    (model, net, x)
}

fn inference(c: &mut Criterion) {
    let (model, net, x) = trained();
    let mut group = c.benchmark_group("W4 inference 100,000 rows");
    group.throughput(Throughput::Elements(ROWS as u64));
    modes::in_both_modes(&mut group, "nn", || model.predict(&x));
    modes::in_both_modes(&mut group, "hand", || net.predict(&hand::batch(&x)));
    group.finish();
}

fn one_sample(c: &mut Criterion) {
    let (model, net, x) = trained();
    let mut group = c.benchmark_group("W4 one sample");
    group.throughput(Throughput::Elements(1));
    // Hidden from the optimiser on every call, so the product cannot be hoisted out of the loop.
    let row = x[17];
    modes::in_both_modes(&mut group, "nn", || model.predict_one(black_box(&row)));
    let column = SVector::from(row);
    modes::in_both_modes(&mut group, "hand", || net.predict_one(black_box(&column)));
    group.finish();
}

criterion_group! {
    name = benches;
    config = modes::config();
    targets = train_32, train_256, inference, one_sample
}
criterion_main!(benches);
