//! The walk-through's second lesson, f(x1, x2) = 0.5·x1² − 3·x2 + 5: a network learns the curve
//! where it saw data and fails beyond it, and more data helps.
//!
//! Its three experiments, each trained 100 epochs with Adam(lr = 0.005) and mse:
//! 1. 1,000 random inputs in [0, 100)² for training, 300 in [100, 200)² for testing; relu
//!    16-32-16, standardised: the test lies outside everything seen, and the error is huge.
//! 2. 1,000 random inputs in [0, 100)², de-duplicated and split 70/30, the same network: the test
//!    lies among the training points, and the error falls by two orders of magnitude.
//! 3. 30,000 draws, de-duplicated and split 80/20, elu 32-32, min-max scaling: lower again.
//!
//! Each prints the walk-through's own figure, √Σ(y − ŷ)² / n (it calls it "Accuracy"; lower is
//! better, and it shrinks with the test set's size as 1/√n), beside the plain RMSE.
//!
//! `cargo run --release --example quadratic`

use nn::data::{GlobalMinMaxScaler, GlobalStandardScaler, shuffle};
use nn::prelude::*;
use rand::{RngExt, SeedableRng};

nn::network! {
    /// The first two experiments' network.
    pub struct ReluNetwork;
    input(2) -> dense(16, relu) -> dense(32, relu) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

nn::network! {
    /// The third experiment's network.
    pub struct EluNetwork;
    input(2) -> dense(32, elu) -> dense(32, elu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

fn f(x: &[f32; 2]) -> [f32; 1] {
    [0.5 * x[0] * x[0] - 3.0 * x[1] + 5.0]
}

/// What one experiment measured on its test set.
#[derive(Clone, Copy, Debug)]
pub struct TestError {
    /// The walk-through's figure: √Σ(y − ŷ)² / n.
    pub walk_through: f32,
    /// √(Σ(y − ŷ)² / n).
    pub rmse: f32,
    /// How many test rows.
    pub rows: usize,
}

fn test_error(predicted: &[[f32; 1]], x_test: &[[f32; 2]]) -> TestError {
    let squares: f32 = predicted
        .iter()
        .zip(x_test)
        .map(|(p, x)| (p[0] - f(x)[0]).powi(2))
        .sum();
    let rows = x_test.len();
    TestError {
        walk_through: squares.sqrt() / rows as f32,
        rmse: (squares / rows as f32).sqrt(),
        rows,
    }
}

fn draws(rng: &mut impl RngExt, count: usize, range: std::ops::Range<i32>) -> Vec<[f32; 2]> {
    (0..count)
        .map(|_| {
            [
                rng.random_range(range.clone()) as f32,
                rng.random_range(range.clone()) as f32,
            ]
        })
        .collect()
}

/// `rows` without repeats, shuffled, split into (test, train) with `test_share` of them (rounded
/// up) for testing, as the walk-through's `np.unique` + shuffle + `np.ceil` do.
fn unique_split(mut rows: Vec<[f32; 2]>, test_share: f32) -> (Vec<[f32; 2]>, Vec<[f32; 2]>) {
    rows.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    rows.dedup();
    shuffle(&mut rows, 1234);
    let train = rows.split_off((rows.len() as f32 * test_share).ceil() as usize);
    (rows, train)
}

fn labels(x: &[[f32; 2]]) -> Vec<[f32; 1]> {
    x.iter().map(f).collect()
}

/// Trains the relu network on `x_train`, standardised as the walk-through does (labels too, with
/// the inputs' mean and standard deviation), and measures it on `x_test`.
fn standardised_relu(
    x_train: &[[f32; 2]],
    x_test: &[[f32; 2]],
    epochs: usize,
) -> Result<TestError, nn::Error> {
    let scaler = GlobalStandardScaler::fit(x_train)?;
    let mut model = ReluNetwork::with_seed(1234);
    let options = FitOptions::new().epochs(epochs).verbose(0);
    model.fit(
        &scaler.transform(x_train),
        &scaler.transform(&labels(x_train)),
        &options,
    )?;
    let predicted = scaler.inverse_transform(&model.predict(&scaler.transform(x_test)));
    Ok(test_error(&predicted, x_test))
}

/// Experiment 1: train in [0, 100)², test in [100, 200)².
pub fn beyond_the_training_range(epochs: usize) -> Result<TestError, nn::Error> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1234);
    let x_train = draws(&mut rng, 1000, 0..100);
    let x_test = draws(&mut rng, 300, 100..200);
    standardised_relu(&x_train, &x_test, epochs)
}

/// Experiment 2: 1,000 draws in [0, 100)², de-duplicated, 30% of them for testing.
pub fn inside_the_training_range(epochs: usize) -> Result<TestError, nn::Error> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1234);
    let (x_test, x_train) = unique_split(draws(&mut rng, 1000, 0..100), 0.3);
    standardised_relu(&x_train, &x_test, epochs)
}

/// Experiment 3: `count` draws in [0, 100)² (the walk-through takes 30,000), de-duplicated, 20%
/// for testing; elu layers and min-max scaling (labels with the inputs' range, as there).
pub fn more_data(count: usize, epochs: usize) -> Result<TestError, nn::Error> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1234);
    let (x_test, x_train) = unique_split(draws(&mut rng, count, 0..100), 0.2);
    let scaler = GlobalMinMaxScaler::fit(&x_train)?;
    let mut model = EluNetwork::with_seed(1234);
    let options = FitOptions::new().epochs(epochs).verbose(0);
    model.fit(
        &scaler.transform(&x_train),
        &scaler.transform(&labels(&x_train)),
        &options,
    )?;
    let predicted = scaler.inverse_transform(&model.predict(&scaler.transform(&x_test)));
    Ok(test_error(&predicted, &x_test))
}

fn main() -> Result<(), nn::Error> {
    println!("f(x1, x2) = 0.5·x1² − 3·x2 + 5, 100 epochs each\n");
    println!(
        "{:<58} {:>10} {:>10} {:>6}",
        "experiment", "√Σ(y−ŷ)²/n", "RMSE", "rows"
    );
    let experiments = [
        (
            "1. relu, test in [100, 200)² beyond the training range",
            beyond_the_training_range(100)?,
        ),
        (
            "2. relu, de-duplicated 70/30 split of 1,000 draws",
            inside_the_training_range(100)?,
        ),
        (
            "3. elu + min-max, de-duplicated 80/20 of 30,000 draws",
            more_data(30_000, 100)?,
        ),
    ];
    for (name, error) in experiments {
        println!(
            "{name:<58} {:>10.4} {:>10.3} {:>6}",
            error.walk_through, error.rmse, error.rows
        );
    }
    println!("\nthe walk-through's figures: 209.24, 0.9916, 0.0354");
    Ok(())
}
