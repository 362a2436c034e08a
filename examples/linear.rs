//! The walk-through's first lesson, f(x) = x + 10: a network fails to extrapolate raw data,
//! does better standardised, and is exact once its hidden layer is linear like the data.
//!
//! 100 training integers in [0, 100), 20 test integers in [100, 200), Adam(lr = 0.01), mse.
//!
//! `cargo run --release --example linear`

use nn::data::GlobalStandardScaler;
use nn::prelude::*;
use rand::{RngExt, SeedableRng};

nn::network! {
    /// A relu hidden layer of 16, as the walk-through starts.
    pub struct ReluHidden;
    input(1) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    /// The same with a linear hidden layer: the whole network is then linear, like the data.
    pub struct LinearHidden;
    input(1) -> dense(16, linear) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

/// Test RMSE of the three variants: raw data with relu, standardised with relu, standardised
/// with a linear hidden layer.
pub fn rmses(epochs: usize) -> Result<[f32; 3], nn::Error> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1234);
    let x_train: Vec<[f32; 1]> = (0..100)
        .map(|_| [rng.random_range(0..100) as f32])
        .collect();
    let x_test: Vec<[f32; 1]> = (0..20)
        .map(|_| [rng.random_range(100..200) as f32])
        .collect();
    let f = |x: &[[f32; 1]]| x.iter().map(|r| [r[0] + 10.0]).collect::<Vec<_>>();
    let (y_train, y_test) = (f(&x_train), f(&x_test));
    let rmse = |predicted: &[[f32; 1]]| {
        let sum: f32 = predicted
            .iter()
            .zip(&y_test)
            .map(|(p, y)| (p[0] - y[0]).powi(2))
            .sum();
        (sum / y_test.len() as f32).sqrt()
    };
    let options = FitOptions::new().epochs(epochs).verbose(0);

    let mut raw = ReluHidden::with_seed(1234);
    raw.fit(&x_train, &y_train, &options)?;
    let raw_rmse = rmse(&raw.predict(&x_test));

    // Standardised with the training inputs' mean and standard deviation, labels too.
    let scaler = GlobalStandardScaler::fit(&x_train)?;
    let (xs, ys, xt) = (
        scaler.transform(&x_train),
        scaler.transform(&y_train),
        scaler.transform(&x_test),
    );
    let mut relu = ReluHidden::with_seed(1234);
    relu.fit(&xs, &ys, &options)?;
    let relu_rmse = rmse(&scaler.inverse_transform(&relu.predict(&xt)));
    let mut linear = LinearHidden::with_seed(1234);
    linear.fit(&xs, &ys, &options)?;
    let linear_rmse = rmse(&scaler.inverse_transform(&linear.predict(&xt)));
    Ok([raw_rmse, relu_rmse, linear_rmse])
}

fn main() -> Result<(), nn::Error> {
    let epochs = 500;
    let [raw, standardised, linear] = rmses(epochs)?;
    println!("f(x) = x + 10, {epochs} epochs, test RMSE on [100, 200):");
    println!("  raw data, relu hidden layer:          {raw:.6}");
    println!("  standardised, relu hidden layer:      {standardised:.6}");
    println!("  standardised, linear hidden layer:    {linear:.3e}   (the walk-through: 1.1e-5)");
    Ok(())
}
