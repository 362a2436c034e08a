//! W1: the walk-through's first lesson, f(x) = x + 10, 1-16-1 with a relu hidden layer, on
//! 100 standardised rows for 100 epochs in batches of 32 with Adam (400 steps), by nn and by
//! the same network written by hand with plain nalgebra, in both floating-point modes. The
//! whole network is smaller than one sgemm packing buffer: this measures per-step overhead.
//!
//! `cargo bench --bench add_ten`

#[path = "support/hand.rs"]
mod hand;
#[path = "support/modes.rs"]
mod modes;

use criterion::{Criterion, criterion_group, criterion_main};
use hand::{Adam, Batch, Layer, mse_gradient, relu, through_relu};
use nn::prelude::*;

nn::network! {
    struct AddTen;
    input(1) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

const EPOCHS: usize = 100;
const BATCH: usize = 32;

struct Hand {
    l1: Layer<1, 16>,
    l2: Layer<16, 1>,
    steps: u32,
}

impl Hand {
    fn train_step(&mut self, x: &Batch<1>, y: &Batch<1>) {
        let z1 = self.l1.forward(x);
        let a1 = relu(&z1);
        let delta2 = mse_gradient(self.l2.forward(&a1), y);
        self.steps += 1;
        let adam = Adam::step(0.01, self.steps);
        let delta1 = through_relu(self.l2.backward_and_step(&a1, &delta2, &adam), &z1);
        self.l1.backward_first(x, &delta1, &adam);
    }
}

fn add_ten(c: &mut Criterion) {
    // 0..100 standardised (mean 49.5, standard deviation ≈ 28.87), labels with the same scaler.
    let scale = |v: f32| (v - 49.5) / 28.866;
    let x: Vec<[f32; 1]> = (0..100).map(|i| [scale(i as f32)]).collect();
    let y: Vec<[f32; 1]> = (0..100).map(|i| [scale(i as f32 + 10.0)]).collect();
    let mut group = c.benchmark_group("W1 x+10 train 100 rows x 100 epochs, batch 32");
    let options = FitOptions::new()
        .epochs(EPOCHS)
        .batch_size(BATCH)
        .verbose(0);
    modes::in_both_modes(&mut group, "nn", || {
        let mut model = AddTen::with_seed(1);
        model.fit(&x, &y, &options).unwrap();
        model
    });
    let initial = AddTen::with_seed(1);
    modes::in_both_modes(&mut group, "hand", || {
        let mut flat = initial.network().parameters();
        let mut net = Hand {
            l1: Layer::take(&mut flat),
            l2: Layer::take(&mut flat),
            steps: 0,
        };
        hand::train_epochs(&x, &y, BATCH, EPOCHS, |xb, yb| {
            net.train_step(xb, &hand::batch(yb))
        });
        net.steps
    });
    group.finish();
}

criterion_group! { name = benches; config = modes::config(); targets = add_ten }
criterion_main!(benches);
