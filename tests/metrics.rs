//! Declared metrics: recorded per epoch in `History` under the name written, and in
//! `evaluate`, equal to the same quantity computed by hand from `predict`.

use nn::prelude::*;

nn::network! {
    struct Regressor;
    input(2) -> dense(8, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
    metrics = [mae, mean_squared_error, r2_score];
}

nn::network! {
    struct Classifier;
    input(2) -> dense(8, relu) -> dense(3, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.01);
    metrics = [accuracy, sparse_top_k_categorical_accuracy(k = 2)];
}

nn::network! {
    struct Detector;
    input(2) -> dense(8, relu) -> dense(1, sigmoid);
    loss = binary_crossentropy;
    optimizer = adam(lr = 0.01);
    metrics = [acc, precision, recall, auc];
}

fn rows() -> Vec<[f32; 2]> {
    (0..60)
        .map(|i| [(i % 10) as f32 / 10.0, (i / 10) as f32 / 6.0])
        .collect()
}

#[test]
fn regression_metrics_match_hand_computations() {
    let x = rows();
    let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0] + r[1], r[0] - r[1]]).collect();
    let mut model = Regressor::with_seed(2);
    let history = model
        .fit(&x, &y, &FitOptions::new().epochs(5).verbose(0))
        .unwrap();
    assert_eq!(
        history.names().collect::<Vec<_>>(),
        ["loss", "mae", "mean_squared_error", "r2_score"]
    );
    assert_eq!(history.get("mae").unwrap().len(), 5);

    let predicted = model.predict(&x);
    let errors = || {
        predicted
            .iter()
            .zip(&y)
            .flat_map(|(p, y)| [p[0] - y[0], p[1] - y[1]])
    };
    let mae = errors().map(f32::abs).sum::<f32>() / 120.0;
    let mse = errors().map(|e| e * e).sum::<f32>() / 120.0;
    let scores = model.evaluate(&x, &y).unwrap();
    assert!(
        (scores.get("mae").unwrap() - mae).abs() < 1e-5,
        "{scores:?} vs {mae}"
    );
    assert!((scores.get("mean_squared_error").unwrap() - mse).abs() < 1e-5);
    // With mse as the loss, the loss and the mse metric are the same number.
    assert!((scores.loss() - mse).abs() < 1e-5);
    assert!(scores.get("r2_score").unwrap() < 1.0);
}

#[test]
fn accuracy_follows_the_loss_and_counts_correct_classes() {
    let x = rows();
    let labels: Vec<usize> = x
        .iter()
        .map(|r| usize::from(r[0] > 0.45) + usize::from(r[1] > 0.5))
        .collect();
    let mut model = Classifier::with_seed(3);
    let history = model
        .fit(
            &x,
            &labels,
            &FitOptions::new().epochs(60).batch_size(8).verbose(0),
        )
        .unwrap();
    let accuracy = history.get("accuracy").unwrap();
    assert!(accuracy.last() > accuracy.first(), "{accuracy:?}");

    let argmax = |p: &[f32; 3]| (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
    let predicted = model.predict(&x);
    let correct = predicted
        .iter()
        .zip(&labels)
        .filter(|(p, label)| argmax(p) == **label)
        .count();
    let scores = model.evaluate(&x, &labels).unwrap();
    assert_eq!(scores.get("accuracy").unwrap(), correct as f32 / 60.0);
    assert!(
        scores.get("sparse_top_k_categorical_accuracy").unwrap() >= scores.get("accuracy").unwrap()
    );
}

#[test]
fn binary_metrics_are_logged_under_the_names_written() {
    let x = rows();
    let y: Vec<[f32; 1]> = x.iter().map(|r| [f32::from(r[0] > 0.45)]).collect();
    let mut model = Detector::with_seed(5);
    let history = model
        .fit(
            &x,
            &y,
            &FitOptions::new().epochs(80).batch_size(8).verbose(0),
        )
        .unwrap();
    assert_eq!(
        history.names().collect::<Vec<_>>(),
        ["loss", "acc", "precision", "recall", "auc"]
    );
    let scores = model.evaluate(&x, &y).unwrap();
    let predicted = model.predict(&x);
    let true_positives = predicted
        .iter()
        .zip(&y)
        .filter(|(p, y)| p[0] > 0.5 && y[0] == 1.0)
        .count() as f32;
    let predicted_positives = predicted.iter().filter(|p| p[0] > 0.5).count() as f32;
    assert!((scores.get("precision").unwrap() - true_positives / predicted_positives).abs() < 1e-6);
    assert!(scores.get("auc").unwrap() > 0.9, "{scores:?}");
}
