//! W5: an MNIST-shaped classifier, 784-128-64-10 with relu and a softmax output, sparse
//! categorical crossentropy, Adam, batch 128, one epoch over 10,000 random rows; by nn and by
//! the same network written by hand with plain nalgebra, in both floating-point modes, all on one
//! thread; and nn with its large products split over two threads (`nn, 2 threads`).
//! Throughput is in rows per second.
//!
//! `cargo bench --bench wide_input`

#[path = "support/hand.rs"]
mod hand;
#[path = "support/modes.rs"]
mod modes;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hand::{Adam, Batch, Layer, relu, softmax_sparse_ce_gradient, through_relu};
use nn::prelude::*;
use nn::threads;
use rand::{RngExt, SeedableRng};

nn::network! {
    struct Classifier;
    input(784) -> dense(128, relu) -> dense(64, relu) -> dense(10, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.001);
}

const ROWS: usize = 10_000;
const BATCH: usize = 128;

struct Hand {
    l1: Layer<784, 128>,
    l2: Layer<128, 64>,
    l3: Layer<64, 10>,
    steps: u32,
}

impl Hand {
    fn train_step(&mut self, x: &Batch<784>, labels: &[usize]) {
        let z1 = self.l1.forward(x);
        let a1 = relu(&z1);
        let z2 = self.l2.forward(&a1);
        let a2 = relu(&z2);
        let delta3 = softmax_sparse_ce_gradient(&self.l3.forward(&a2), labels);
        self.steps += 1;
        let adam = Adam::step(0.001, self.steps);
        let delta2 = through_relu(self.l3.backward_and_step(&a2, &delta3, &adam), &z2);
        let delta1 = through_relu(self.l2.backward_and_step(&a1, &delta2, &adam), &z1);
        self.l1.backward_first(x, &delta1, &adam);
    }
}

fn wide_input(c: &mut Criterion) {
    // Pixels in [0, 1), a quarter of them dark as in MNIST's borders, and random digits.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let x: Vec<[f32; 784]> = (0..ROWS)
        .map(|_| {
            std::array::from_fn(|_| {
                let v: f32 = rng.random_range(0.0..1.0);
                if v < 0.25 { 0.0 } else { v }
            })
        })
        .collect();
    let y: Vec<usize> = (0..ROWS).map(|_| rng.random_range(0..10)).collect();

    let mut group = c.benchmark_group("W5 784-128-64-10 train 10,000 rows, batch 128");
    group.throughput(Throughput::Elements(ROWS as u64));
    let options = FitOptions::new().epochs(1).batch_size(BATCH).verbose(0);
    let train = || {
        let mut model = Classifier::with_seed(1);
        model.fit(&x, &y, &options).unwrap();
        model
    };
    // One thread, as the hand-written net runs; then the 784→128 layer's products on two.
    modes::in_both_modes(&mut group, "nn", || threads::with_max_threads(1, train));
    group.bench_function("nn, 2 threads", |b| {
        b.iter(|| threads::with_max_threads(2, train))
    });
    let initial = Classifier::with_seed(1);
    modes::in_both_modes(&mut group, "hand", || {
        let mut flat = initial.network().parameters();
        let mut net = Hand {
            l1: Layer::take(&mut flat),
            l2: Layer::take(&mut flat),
            l3: Layer::take(&mut flat),
            steps: 0,
        };
        hand::train_epochs(&x, &y, BATCH, 1, |xb, yb| net.train_step(xb, yb));
        net.steps
    });
    group.finish();
}

criterion_group! { name = benches; config = modes::config(); targets = wide_input }
criterion_main!(benches);
