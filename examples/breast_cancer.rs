//! Breast cancer diagnosis from 30 cell measurements: a sigmoid output with binary
//! crossentropy, reporting what a clinician asks: precision, recall, F1 and ROC-AUC.
//!
//! `cargo run --release --example breast_cancer`

use nn::data::{CsvTable, StandardScaler, train_test_split};
use nn::prelude::*;

nn::network! {
    /// 30 measurements in, the probability of a benign tumour out.
    pub struct Diagnosis;
    input(30) -> dense(16, relu) -> dense(1, sigmoid);
    loss = binary_crossentropy;
    optimizer = adam(lr = 0.001);
    // Keras's `f1_score` picks each sample's largest output, which for a single output is always
    // "benign": F1 at the 0.5 cut is `fbeta_score` with beta 1 and that threshold.
    metrics = [accuracy, precision, recall, fbeta_score(beta = 1.0, threshold = 0.5), roc_auc];
}

/// Test scores of a network trained on 80% of the cases.
pub struct Scores {
    pub accuracy: f32,
    pub precision: f32,
    pub recall: f32,
    pub f1: f32,
    pub roc_auc: f32,
}

/// Trains and scores on the held-out cases.
pub fn train(epochs: usize, verbose: u8) -> Result<Scores, nn::Error> {
    let table = CsvTable::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/breast_cancer.csv"
    ))?;
    let x: Vec<[f32; 30]> = table.numbers_except(&["benign"])?;
    let y: Vec<[f32; 1]> = table.numbers(["benign"])?;
    let split = train_test_split(&x, &y, 0.2, 42)?;
    let scaler = StandardScaler::fit(&split.x_train)?;
    let mut model = Diagnosis::with_seed(42);
    let options = FitOptions::new()
        .epochs(epochs)
        .batch_size(32)
        .verbose(verbose);
    model.fit(&scaler.transform(&split.x_train), &split.y_train, &options)?;
    let scores = model.evaluate(&scaler.transform(&split.x_test), &split.y_test)?;
    let score = |name| scores.get(name).unwrap_or(0.0);
    Ok(Scores {
        accuracy: score("accuracy"),
        precision: score("precision"),
        recall: score("recall"),
        f1: score("fbeta_score"),
        roc_auc: score("roc_auc"),
    })
}

fn main() -> Result<(), nn::Error> {
    println!("{}", Diagnosis::SUMMARY);
    let scores = train(50, 2)?;
    println!(
        "\ntest accuracy {:.4}, precision {:.4}, recall {:.4}, F1 {:.4}, ROC-AUC {:.4}",
        scores.accuracy, scores.precision, scores.recall, scores.f1, scores.roc_auc
    );
    Ok(())
}
