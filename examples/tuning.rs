//! The walk-through's empirical tuning of f(x) = x + 10, as a grid: hidden activation (relu or
//! linear) × data (raw or standardised) × learning rate, each scored by its validation RMSE and
//! ranked. The declared `adam(lr = ..)` is only the starting value: `optimizer_mut()` changes it,
//! as Keras allows.
//!
//! `cargo run --release --example tuning`

use nn::data::GlobalStandardScaler;
use nn::prelude::*;
use nn::tuning::{grid, table};
use rand::{RngExt, SeedableRng};

nn::network! {
    /// A relu hidden layer.
    pub struct ReluHidden;
    input(1) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    /// A linear hidden layer.
    pub struct LinearHidden;
    input(1) -> dense(16, linear) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

/// One point of the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub hidden: &'static str,
    pub standardised: bool,
    pub learning_rate: f32,
}

/// Trains one setting on 100 integers of [0, 100) and returns its RMSE on 20 integers of
/// [100, 200), in original units.
pub fn score(settings: &Settings, epochs: usize) -> Result<f32, nn::Error> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1234);
    let x_train: Vec<[f32; 1]> = (0..100)
        .map(|_| [rng.random_range(0..100) as f32])
        .collect();
    let x_valid: Vec<[f32; 1]> = (0..20)
        .map(|_| [rng.random_range(100..200) as f32])
        .collect();
    let f = |x: &[[f32; 1]]| x.iter().map(|r| [r[0] + 10.0]).collect::<Vec<_>>();
    let (y_train, y_valid) = (f(&x_train), f(&x_valid));
    let scaler = GlobalStandardScaler::fit(&x_train)?;
    let scale = |rows: &[[f32; 1]]| {
        if settings.standardised {
            scaler.transform(rows)
        } else {
            rows.to_vec()
        }
    };
    let options = FitOptions::new().epochs(epochs).verbose(0);
    let predicted = if settings.hidden == "relu" {
        let mut model = ReluHidden::with_seed(1234);
        model.optimizer_mut().learning_rate = settings.learning_rate;
        model.fit(&scale(&x_train), &scale(&y_train), &options)?;
        model.predict(&scale(&x_valid))
    } else {
        let mut model = LinearHidden::with_seed(1234);
        model.optimizer_mut().learning_rate = settings.learning_rate;
        model.fit(&scale(&x_train), &scale(&y_train), &options)?;
        model.predict(&scale(&x_valid))
    };
    let predicted = if settings.standardised {
        scaler.inverse_transform(&predicted)
    } else {
        predicted
    };
    let squares: f32 = predicted
        .iter()
        .zip(&y_valid)
        .map(|(p, y)| (p[0] - y[0]).powi(2))
        .sum();
    Ok((squares / y_valid.len() as f32).sqrt())
}

/// Every combination of the grid.
pub fn settings() -> Vec<Settings> {
    let mut grid = Vec::new();
    for hidden in ["relu", "linear"] {
        for standardised in [false, true] {
            for learning_rate in [0.01, 0.001] {
                grid.push(Settings {
                    hidden,
                    standardised,
                    learning_rate,
                });
            }
        }
    }
    grid
}

fn main() -> Result<(), nn::Error> {
    let ranked = grid(&settings(), |settings| score(settings, 100))?;
    println!("f(x) = x + 10: validation RMSE on [100, 200) after 100 epochs\n");
    print!("{}", table(&ranked));
    Ok(())
}
