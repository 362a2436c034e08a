//! Fisher's iris flowers: four measurements, three species. One-hot labels with
//! `to_categorical`, a softmax output and categorical crossentropy.
//!
//! `cargo run --release --example iris`

use nn::data::{CsvTable, StandardScaler, to_categorical, train_test_split};
use nn::prelude::*;

nn::network! {
    /// Four measurements in, a probability per species out.
    pub struct IrisClassifier;
    input(4) -> dense(16, relu) -> dense(3, softmax);
    loss = categorical_crossentropy;
    optimizer = adam(lr = 0.01);
    metrics = [accuracy];
}

/// Trains on 80% of the flowers and returns the test accuracy.
pub fn train(epochs: usize, verbose: u8) -> Result<f32, nn::Error> {
    let table = CsvTable::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/iris.csv"
    ))?;
    let x: Vec<[f32; 4]> = table.numbers_except(&["species"])?;
    let y = to_categorical::<3>(&table.labels("species")?)?;
    let split = train_test_split(&x, &y, 0.2, 42)?;
    let scaler = StandardScaler::fit(&split.x_train)?;
    let mut model = IrisClassifier::with_seed(42);
    let options = FitOptions::new()
        .epochs(epochs)
        .batch_size(16)
        .verbose(verbose);
    model.fit(&scaler.transform(&split.x_train), &split.y_train, &options)?;
    let scores = model.evaluate(&scaler.transform(&split.x_test), &split.y_test)?;
    Ok(scores.get("accuracy").unwrap_or(0.0))
}

fn main() -> Result<(), nn::Error> {
    println!("{}", IrisClassifier::SUMMARY);
    let accuracy = train(100, 2)?;
    println!("\ntest accuracy: {accuracy:.4}");
    Ok(())
}
