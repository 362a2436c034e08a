//! The walk-through's second lesson, f(x1, x2) = 0.5·x1² − 3·x2 + 5: a network learns the
//! curve where it saw data, and fails beyond it.
//!
//! Inputs are drawn in [0, 100)², de-duplicated and split 80/20; a second test set lies in
//! [100, 200)². Min-max scaling by the training range, two elu layers of 32, Adam(0.005).
//!
//! `cargo run --release --example quadratic`

use nn::data::{GlobalMinMaxScaler, shuffle};
use nn::prelude::*;
use rand::{RngExt, SeedableRng};

nn::network! {
    /// Two inputs, two elu hidden layers, one output.
    pub struct Quadratic;
    input(2) -> dense(32, elu) -> dense(32, elu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

fn f(x: &[f32; 2]) -> [f32; 1] {
    [0.5 * x[0] * x[0] - 3.0 * x[1] + 5.0]
}

/// The relative test RMSE (RMSE over the mean |y|) inside the training range and beyond it,
/// after training on `draws` random inputs for `epochs`.
pub fn relative_errors(draws: usize, epochs: usize) -> Result<(f32, f32), nn::Error> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1234);
    let mut draw = |range: std::ops::Range<i32>| {
        [
            rng.random_range(range.clone()) as f32,
            rng.random_range(range) as f32,
        ]
    };
    let mut inside: Vec<[f32; 2]> = (0..draws).map(|_| draw(0..100)).collect();
    let beyond: Vec<[f32; 2]> = (0..200).map(|_| draw(100..200)).collect();
    inside.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    inside.dedup();
    shuffle(&mut inside, 7);
    let (test_inside, train) = inside.split_at(inside.len() / 5);
    let y_train: Vec<[f32; 1]> = train.iter().map(f).collect();
    let (x_scaler, y_scaler) = (
        GlobalMinMaxScaler::fit(train)?,
        GlobalMinMaxScaler::fit(&y_train)?,
    );
    let mut model = Quadratic::with_seed(1234);
    let options = FitOptions::new().epochs(epochs).verbose(0);
    model.fit(
        &x_scaler.transform(train),
        &y_scaler.transform(&y_train),
        &options,
    )?;
    let relative_error = |x: &[[f32; 2]]| {
        let predicted = y_scaler.inverse_transform(&model.predict(&x_scaler.transform(x)));
        let truth: Vec<[f32; 1]> = x.iter().map(f).collect();
        let squares: f32 = predicted
            .iter()
            .zip(&truth)
            .map(|(p, y)| (p[0] - y[0]).powi(2))
            .sum();
        let scale = truth.iter().map(|y| y[0].abs()).sum::<f32>() / truth.len() as f32;
        (squares / truth.len() as f32).sqrt() / scale
    };
    Ok((relative_error(test_inside), relative_error(&beyond)))
}

fn main() -> Result<(), nn::Error> {
    for draws in [1200, 30_000] {
        let (inside, beyond) = relative_errors(draws, 100)?;
        println!(
            "{draws} draws: relative test RMSE {inside:.4} inside [0, 100)², {beyond:.4} beyond it"
        );
    }
    Ok(())
}
