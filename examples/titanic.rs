//! Titanic survival from the real passenger list: missing ages imputed from the training rows,
//! class and port one-hot, scaling fitted on the training rows only, a sigmoid output with
//! binary crossentropy, and a confusion matrix.
//!
//! `cargo run --release --example titanic`

use nn::data::{CsvTable, StandardScaler, train_test_split};
use nn::prelude::*;

nn::network! {
    /// Eleven passenger features in, the probability of surviving out.
    pub struct Survival;
    input(11) -> dense(16, relu) -> dropout(0.1) -> dense(8, relu) -> dense(1, sigmoid);
    loss = binary_crossentropy;
    optimizer = adam(lr = 0.005);
    metrics = [accuracy, precision, recall, auc];
}

/// One passenger as the file has it.
struct Passenger {
    class: usize,
    male: bool,
    age: Option<f32>,
    siblings_spouses: f32,
    parents_children: f32,
    fare: f32,
    port: Option<char>,
    survived: bool,
}

fn passengers() -> Result<Vec<Passenger>, nn::Error> {
    let table = CsvTable::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/titanic.csv"
    ))?;
    let numbers: Vec<[f32; 4]> = table.numbers(["sibsp", "parch", "fare", "survived"])?;
    let classes = table.labels("pclass")?;
    let (sex, age, port) = (
        table.column("sex")?,
        table.column("age")?,
        table.column("embarked")?,
    );
    Ok((0..table.len())
        .map(|i| Passenger {
            class: classes[i],
            male: sex[i] == "male",
            age: age[i].parse().ok(),
            siblings_spouses: numbers[i][0],
            parents_children: numbers[i][1],
            fare: numbers[i][2],
            port: port[i].chars().next(),
            survived: numbers[i][3] == 1.0,
        })
        .collect())
}

/// The features of a passenger, with `median_age` for a missing age.
fn features(passenger: &Passenger, median_age: f32) -> [f32; 11] {
    let class = |c| f32::from(passenger.class == c);
    let port = |p| f32::from(passenger.port.unwrap_or('S') == p);
    [
        class(1),
        class(2),
        class(3),
        f32::from(passenger.male),
        passenger.age.unwrap_or(median_age),
        passenger.siblings_spouses,
        passenger.parents_children,
        passenger.fare,
        port('S'),
        port('C'),
        port('Q'),
    ]
}

/// Test accuracy and the confusion matrix `[[tn, fp], [fn, tp]]` of a network trained on 80%.
pub fn train(epochs: usize, verbose: u8) -> Result<(f32, [[usize; 2]; 2]), nn::Error> {
    let passengers = passengers()?;
    let rows: Vec<usize> = (0..passengers.len()).collect();
    let split = train_test_split(&rows, &rows, 0.2, 42)?;
    let mut ages: Vec<f32> = split
        .x_train
        .iter()
        .filter_map(|&i| passengers[i].age)
        .collect();
    ages.sort_by(f32::total_cmp);
    let median_age = ages[ages.len() / 2];
    let rows_of = |indices: &[usize]| -> (Vec<[f32; 11]>, Vec<[f32; 1]>) {
        indices
            .iter()
            .map(|&i| {
                (
                    features(&passengers[i], median_age),
                    [f32::from(passengers[i].survived)],
                )
            })
            .unzip()
    };
    let ((x_train, y_train), (x_test, y_test)) = (rows_of(&split.x_train), rows_of(&split.x_test));
    let scaler = StandardScaler::fit(&x_train)?;
    let mut model = Survival::with_seed(42);
    let options = FitOptions::new()
        .epochs(epochs)
        .batch_size(32)
        .verbose(verbose);
    model.fit(&scaler.transform(&x_train), &y_train, &options)?;
    let predicted = model.predict(&scaler.transform(&x_test));
    let mut confusion = [[0; 2]; 2];
    for (p, y) in predicted.iter().zip(&y_test) {
        confusion[usize::from(y[0] == 1.0)][usize::from(p[0] > 0.5)] += 1;
    }
    let accuracy = (confusion[0][0] + confusion[1][1]) as f32 / y_test.len() as f32;
    Ok((accuracy, confusion))
}

fn main() -> Result<(), nn::Error> {
    let (accuracy, [[tn, fp], [fn_, tp]]) = train(100, 2)?;
    println!("\ntest accuracy {accuracy:.4}");
    println!("                 predicted died  predicted survived");
    println!("actually died    {tn:>14}  {fp:>18}");
    println!("actually survived{fn_:>15}  {tp:>18}");
    Ok(())
}
