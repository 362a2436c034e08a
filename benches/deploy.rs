//! D1: one prediction of the deploy example's iris network (4 → batch normalization → 16 relu
//! → 3 softmax): the baked-in inference type (`nn::bake!`, weights in read-only data) beside
//! the trained network's own `predict_one` from the same file, and Keras-style batch `predict`
//! of one row as the baseline a Keras user knows.
//!
//! `cargo bench --bench deploy`

#[path = "support/modes.rs"]
mod modes;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nn::prelude::*;

include!("../examples/deploy/iris_network.rs");

static BAKED: IrisDeployedInference = nn::bake!(
    IrisDeployedInference,
    "examples/data/iris_deployed.safetensors"
);

fn deploy(c: &mut Criterion) {
    let mut trained = IrisDeployed::new();
    trained
        .load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/iris_deployed.safetensors"
        ))
        .unwrap();
    let flower = [5.1_f32, 3.5, 1.4, 0.2];
    let mut group = c.benchmark_group("D1 iris 4-bn-16-3 one prediction");
    group.bench_function("baked predict_one", |b| {
        b.iter(|| BAKED.predict_one(black_box(&flower)))
    });
    group.bench_function("trained predict_one", |b| {
        b.iter(|| trained.predict_one(black_box(&flower)))
    });
    group.bench_function("trained predict of one row", |b| {
        b.iter(|| trained.predict(black_box(&[flower])))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = modes::config();
    targets = deploy
}
criterion_main!(benches);
