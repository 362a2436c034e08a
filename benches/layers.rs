//! L1: what each layer beside `dense` costs in training. A 16-128-128-1 regressor trained for
//! one epoch on 2,048 rows in batches of 64 with Adam (32 steps), with nothing between its two
//! hidden layers (the baseline, measured in the same run) and with each of the other layers
//! there. An element-wise layer touches 128 values per row where the second hidden layer's
//! product does 2·128·128 multiply-adds per row, forward and backward: each should cost a few
//! percent of the baseline, the ones that draw a random number per value more.
//!
//! `cargo bench --bench layers`

#[path = "support/modes.rs"]
mod modes;

use criterion::{Criterion, criterion_group, criterion_main};
use nn::prelude::*;

const ROWS: usize = 2048;
const BATCH: usize = 64;

/// Declares the regressor `$name` with `$between` between its hidden layers.
macro_rules! regressor {
    ($name:ident: $($between:tt)*) => {
        nn::network! {
            struct $name;
            input(16) -> dense(128, relu) $($between)* -> dense(128, relu) -> dense(1, linear);
            loss = mse;
            optimizer = adam(lr = 0.001);
        }
    };
}

regressor!(Baseline:);
regressor!(WithDropout: -> dropout(0.2));
regressor!(WithGaussianDropout: -> gaussian_dropout(0.2));
regressor!(WithAlphaDropout: -> alpha_dropout(0.2));
regressor!(WithGaussianNoise: -> gaussian_noise(0.1));
regressor!(WithActivation: -> activation(tanh));
regressor!(WithLayerNormalization: -> layer_normalization);
regressor!(WithBatchNormalization: -> batch_normalization);

fn rows() -> (Vec<[f32; 16]>, Vec<[f32; 1]>) {
    let x: Vec<[f32; 16]> = (0..ROWS)
        .map(|i| std::array::from_fn(|j| ((i * 7 + j * 13) % 101) as f32 / 101.0 - 0.5))
        .collect();
    let y = x
        .iter()
        .map(|row| [row.iter().sum::<f32>() * 0.25])
        .collect();
    (x, y)
}

fn layers(c: &mut Criterion) {
    let (x, y) = rows();
    let options = FitOptions::new().epochs(1).batch_size(BATCH).verbose(0);
    let mut group = c.benchmark_group("L1 16-128-[layer]-128-1 train 2048 rows, batch 64");
    macro_rules! case {
        ($label:literal, $network:ident) => {
            group.bench_function($label, |b| {
                let mut model = $network::with_seed(1);
                b.iter(|| model.fit(&x, &y, &options).unwrap())
            });
        };
    }
    case!("dense only", Baseline);
    case!("dropout(0.2)", WithDropout);
    case!("gaussian_dropout(0.2)", WithGaussianDropout);
    case!("alpha_dropout(0.2)", WithAlphaDropout);
    case!("gaussian_noise(0.1)", WithGaussianNoise);
    case!("activation(tanh)", WithActivation);
    case!("layer_normalization", WithLayerNormalization);
    case!("batch_normalization", WithBatchNormalization);
    group.finish();
}

criterion_group! {
    name = benches;
    config = modes::config();
    targets = layers
}
criterion_main!(benches);
