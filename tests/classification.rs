//! Classifiers: the loss decides the target type (`usize` class indices for the sparse
//! crossentropy, rows otherwise), and crossentropies train on softmax and sigmoid outputs.

use nn::data::to_categorical;
use nn::prelude::*;

nn::network! {
    struct Sparse;
    input(2) -> dense(16, relu) -> dense(3, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    struct OneHot;
    input(2) -> dense(16, relu) -> dense(3, softmax);
    loss = categorical_crossentropy(label_smoothing = 0.05);
    optimizer = adam(lr = 0.01);
}

nn::network! {
    struct Logits;
    input(2) -> dense(16, relu) -> dense(3, linear);
    loss = sparse_categorical_crossentropy(from_logits = true);
    optimizer = adam(lr = 0.01);
}

nn::network! {
    struct Binary;
    input(2) -> dense(8, relu) -> dense(1, sigmoid);
    loss = binary_crossentropy;
    optimizer = adam(lr = 0.01);
}

/// Three well separated clusters around (0, 0), (3, 0) and (0, 3).
fn clusters() -> (Vec<[f32; 2]>, Vec<usize>) {
    let centres = [[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]];
    (0..150)
        .map(|i| {
            let class = i % 3;
            let jitter = [
                ((i * 7) % 11) as f32 / 11.0 - 0.5,
                ((i * 5) % 13) as f32 / 13.0 - 0.5,
            ];
            (
                [centres[class][0] + jitter[0], centres[class][1] + jitter[1]],
                class,
            )
        })
        .unzip()
}

fn accuracy(predictions: &[[f32; 3]], labels: &[usize]) -> f32 {
    let argmax = |p: &[f32; 3]| (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
    predictions
        .iter()
        .zip(labels)
        .filter(|(p, label)| argmax(p) == **label)
        .count() as f32
        / labels.len() as f32
}

fn options() -> FitOptions {
    FitOptions::new().epochs(40).batch_size(16).verbose(0)
}

#[test]
fn sparse_crossentropy_trains_on_class_indices() {
    let (x, labels) = clusters();
    let mut model = Sparse::with_seed(1);
    model.fit(&x, &labels, &options()).unwrap();
    let predictions = model.predict(&x);
    assert!(accuracy(&predictions, &labels) > 0.95);
    assert!(
        predictions
            .iter()
            .all(|p| (p.iter().sum::<f32>() - 1.0).abs() < 1e-5),
        "softmax rows sum to 1"
    );
}

#[test]
fn categorical_crossentropy_trains_on_one_hot_rows() {
    let (x, labels) = clusters();
    let y = to_categorical::<3>(&labels).unwrap();
    let mut model = OneHot::with_seed(1);
    model.fit(&x, &y, &options()).unwrap();
    assert!(accuracy(&model.predict(&x), &labels) > 0.95);
}

#[test]
fn from_logits_trains_a_linear_output() {
    let (x, labels) = clusters();
    let mut model = Logits::with_seed(1);
    model.fit(&x, &labels, &options()).unwrap();
    assert!(accuracy(&model.predict(&x), &labels) > 0.95);
}

#[test]
fn a_label_beyond_the_classes_is_an_error_before_training() {
    let (x, mut labels) = clusters();
    labels[7] = 3;
    let mut model = Sparse::with_seed(1);
    let before = model.network().parameters().to_vec();
    let error = model.fit(&x, &labels, &options()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "y row 7 is class 3, but the network has only 3 classes (0 to 2)"
    );
    assert_eq!(model.network().parameters(), before);
}

#[test]
fn binary_crossentropy_trains_a_sigmoid_output() {
    let (x, labels) = clusters();
    let y: Vec<[f32; 1]> = labels
        .iter()
        .map(|&class| [f32::from(class == 1)])
        .collect();
    let mut model = Binary::with_seed(1);
    let before = model.evaluate(&x, &y).unwrap().loss();
    model.fit(&x, &y, &options()).unwrap();
    let after = model.evaluate(&x, &y).unwrap().loss();
    assert!(
        after < 0.2 * before,
        "binary crossentropy went from {before} to {after}"
    );
    let correct = model
        .predict(&x)
        .iter()
        .zip(&y)
        .filter(|(p, y)| (p[0] > 0.5) == (y[0] > 0.5))
        .count();
    assert!(correct as f32 / y.len() as f32 > 0.95);
}
