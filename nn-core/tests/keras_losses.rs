//! Losses against Keras 3's own values (tests/golden/losses.json).

mod common;

use common::{assert_close, cases, floats, golden, rows};
use nn_core::losses::{Loss, MeanSquaredError};

/// Checks a loss on every golden case of `name`: per-sample values, the batch mean
/// (`sum_over_batch_size`) and the gradient of that mean, which is the per-sample gradient / 4.
fn check<L: Loss<3, Target = [f32; 3]>>(loss: &L, name: &str) {
    let file = golden("losses.json");
    let found = cases(&file, "loss", name);
    assert!(!found.is_empty(), "no golden cases for {name}");
    for case in found {
        let truth = rows(&case["y_true"]);
        let predicted = rows(&case["y_pred"]);
        let per_sample = floats(&case["per_sample"]);
        let gradient_of_mean = rows(&case["grad_wrt_y_pred_of_mean"]);
        let batch = truth.len() as f32;
        let mut mean = 0.0;
        for row in 0..truth.len() {
            let y: [f32; 3] = truth[row].clone().try_into().unwrap();
            let p: [f32; 3] = predicted[row].clone().try_into().unwrap();
            let mut gradient = [0.0; 3];
            let value = loss.loss_and_gradient(&p, &y, &mut gradient);
            assert_close(&format!("{name} row {row}"), value, per_sample[row], 1e-6);
            assert_eq!(
                value,
                loss.loss(&p, &y),
                "loss and loss_and_gradient disagree"
            );
            for column in 0..3 {
                assert_close(
                    &format!("{name} ∂/∂ŷ[{row}][{column}]"),
                    gradient[column] / batch,
                    gradient_of_mean[row][column],
                    1e-5,
                );
            }
            mean += value / batch;
        }
        assert_close(
            &format!("{name} mean"),
            mean,
            case["mean"].as_f64().unwrap() as f32,
            1e-6,
        );
    }
}

#[test]
fn mean_squared_error_matches_keras() {
    check(&MeanSquaredError, "mean_squared_error");
}
