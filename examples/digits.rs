//! Handwritten digits, 8×8 pixels: integer labels with sparse categorical crossentropy.
//!
//! `cargo run --release --example digits`

use nn::data::{CsvTable, train_test_split};
use nn::prelude::*;

nn::network! {
    /// 64 pixels in, a probability per digit out.
    pub struct DigitClassifier;
    input(64) -> dense(64, relu) -> dropout(0.1) -> dense(10, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.005);
    metrics = [accuracy];
}

/// Trains on 80% of the digits (pixels scaled from 0..16 to 0..1) and returns the test accuracy.
pub fn train(epochs: usize, verbose: u8) -> Result<f32, nn::Error> {
    let table = CsvTable::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/digits.csv"
    ))?;
    let pixels: Vec<[f32; 64]> = table.numbers_except(&["digit"])?;
    let x: Vec<[f32; 64]> = pixels.iter().map(|row| row.map(|p| p / 16.0)).collect();
    let labels = table.labels("digit")?;
    let split = train_test_split(&x, &labels, 0.2, 42)?;
    let mut model = DigitClassifier::with_seed(42);
    let options = FitOptions::new()
        .epochs(epochs)
        .batch_size(32)
        .validation_split(0.1)
        .verbose(verbose);
    let history = model.fit(&split.x_train, &split.y_train, &options)?;
    if verbose > 0 {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/plots/digits.svg");
        history.plot(path)?;
        println!("\nlearning curves: {path}");
    }
    let scores = model.evaluate(&split.x_test, &split.y_test)?;
    Ok(scores.get("accuracy").unwrap_or(0.0))
}

fn main() -> Result<(), nn::Error> {
    println!("{}", DigitClassifier::SUMMARY);
    let accuracy = train(30, 2)?;
    println!("\ntest accuracy: {accuracy:.4}");
    Ok(())
}
