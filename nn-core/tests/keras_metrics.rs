//! Metrics against Keras 3's own values (tests/golden/metrics.json).
//!
//! Every case is fed sample by sample twice: once after construction (Keras's `result`, one
//! `update_state` with all rows) and once after `reset` (Keras's `result_two_updates_5_3`, rows
//! `[:5]` then `[5:]`). Streaming per sample, both give the same value here; Keras's two differ in
//! the last bit for a few regression metrics because it sums each batch before accumulating.

mod common;

use common::{assert_close, floats, golden, rows};
use nn_core::metrics::{
    Accuracy, Auc, AucCurve, AucSummation, Average, BinaryAccuracy, BinaryCrossentropy,
    CategoricalAccuracy, CategoricalCrossentropy, ClassAggregation, CosineSimilarity, F1Score,
    KlDivergence, LogCoshError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError,
    MeanSquaredLogarithmicError, Metric, Poisson, Precision, R2Score, Recall, RocAucExact,
    RootMeanSquaredError, SparseCategoricalAccuracy, SparseCategoricalCrossentropy,
    SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy,
};
use serde_json::Value;

/// Keras's float32 results, read to 1e-6 relative.
const RELATIVE: f32 = 1e-6;

/// A JSON number or array of numbers as f32.
fn values(value: &Value) -> Vec<f32> {
    match value {
        Value::Array(_) => floats(value),
        v => vec![v.as_f64().expect("a number") as f32],
    }
}

/// `y_true` or `y_pred` as fixed-width rows; a flat array is one value per row.
fn dense<const N: usize>(value: &Value) -> Vec<[f32; N]> {
    if value[0].is_array() {
        rows(value)
            .into_iter()
            .map(|row| row.try_into().expect("a row of the metric's width"))
            .collect()
    } else {
        assert_eq!(N, 1, "a flat array is one value per row");
        floats(value).into_iter().map(|v| [v; N]).collect()
    }
}

/// `y_true` as class indices.
fn indices(value: &Value) -> Vec<usize> {
    values(value).iter().map(|&v| v as usize).collect()
}

fn describe(case: &Value) -> String {
    format!("{} {}", case["metric"], case["config"])
}

/// Feeds every row to `metric`, compares with `result`, then resets and compares again with
/// `result_two_updates_5_3`. `read` gives the value Keras reports (a list for per-class results).
fn check_streaming<const OUT: usize, M: Metric<OUT>>(
    case: &Value,
    mut metric: M,
    predictions: &[[f32; OUT]],
    targets: &[M::Target],
    read: impl Fn(&M) -> Vec<f32>,
    relative: f32,
) {
    let config_name = case["config"]["name"].as_str().unwrap();
    assert!(
        config_name == M::NAME || config_name.starts_with(&format!("{}_", M::NAME)),
        "Keras names it {config_name}, we name it {}",
        M::NAME
    );
    assert_eq!(predictions.len(), targets.len());
    for key in ["result", "result_two_updates_5_3"] {
        metric.reset();
        for (p, y) in predictions.iter().zip(targets) {
            metric.update(p, y);
        }
        let (got, expected) = (read(&metric), values(&case[key]));
        assert_eq!(
            got.len(),
            expected.len(),
            "{}: {key} length",
            describe(case)
        );
        for (g, e) in got.iter().zip(&expected) {
            assert_close(&format!("{} {key}", describe(case)), *g, *e, relative);
        }
    }
}

/// [`check_streaming`] on the scalar result, with `[f32; OUT]` labels.
fn check_dense<const OUT: usize, M: Metric<OUT, Target = [f32; OUT]>>(case: &Value, metric: M) {
    let (p, y) = (dense::<OUT>(&case["y_pred"]), dense::<OUT>(&case["y_true"]));
    check_streaming(case, metric, &p, &y, |m| vec![m.result()], RELATIVE);
}

/// [`check_streaming`] on the scalar result, with class-index labels.
fn check_sparse<const OUT: usize, M: Metric<OUT, Target = usize>>(case: &Value, metric: M) {
    let (p, y) = (dense::<OUT>(&case["y_pred"]), indices(&case["y_true"]));
    check_streaming(case, metric, &p, &y, |m| vec![m.result()], RELATIVE);
}

/// The metric's value over all rows at once, for comparing with scikit-learn.
fn all_rows<const OUT: usize, M: Metric<OUT, Target = [f32; OUT]>>(
    case: &Value,
    mut metric: M,
) -> f32 {
    let (p, y) = (dense::<OUT>(&case["y_pred"]), dense::<OUT>(&case["y_true"]));
    for (p, y) in p.iter().zip(&y) {
        metric.update(p, y);
    }
    metric.result()
}

fn config_f32(case: &Value, key: &str) -> Option<f32> {
    case["config"][key].as_f64().map(|v| v as f32)
}

fn config_usize(case: &Value, key: &str) -> usize {
    case["config"][key].as_u64().expect(key) as usize
}

fn check_f1<const OUT: usize>(case: &Value) {
    let average = match case["config"]["average"].as_str() {
        None => Average::None,
        Some("micro") => Average::Micro,
        Some("macro") => Average::Macro,
        Some("weighted") => Average::Weighted,
        Some(other) => panic!("unknown average {other}"),
    };
    let metric = F1Score::<OUT>::new(average, config_f32(case, "threshold"));
    let read = |m: &F1Score<OUT>| match average {
        Average::None => m.per_class().to_vec(),
        _ => vec![m.result()],
    };
    let (p, y) = (dense::<OUT>(&case["y_pred"]), dense::<OUT>(&case["y_true"]));
    check_streaming(case, metric, &p, &y, read, RELATIVE);
    // scikit-learn's F1 has no ε terms: Keras's value is within a few float32 ulps of it.
    let sklearn = ["sklearn_f1_score_argmax", "sklearn_f1_score_binary"]
        .iter()
        .find(|k| !case[**k].is_null())
        .expect("a scikit-learn reference");
    let mut all = metric;
    for (p, y) in p.iter().zip(&y) {
        all.update(p, y);
    }
    for (g, e) in read(&all).iter().zip(values(&case[*sklearn])) {
        assert_close(&format!("{} vs {sklearn}", describe(case)), *g, e, RELATIVE);
    }
}

fn check_auc(case: &Value) {
    let config = &case["config"];
    assert_eq!(config["multi_label"], false);
    assert_eq!(config["label_weights"], Value::Null);
    let curve = match config["curve"].as_str().unwrap() {
        "ROC" => AucCurve::Roc,
        "PR" => AucCurve::Pr,
        other => panic!("unknown curve {other}"),
    };
    let mut metric = Auc::new(config_usize(case, "num_thresholds"), curve);
    metric.summation = match config["summation_method"].as_str().unwrap() {
        "interpolation" => AucSummation::Interpolation,
        "minoring" => AucSummation::Minoring,
        "majoring" => AucSummation::Majoring,
        other => panic!("unknown summation {other}"),
    };
    metric.from_logits = config["from_logits"].as_bool().unwrap();
    // No extra tolerance needed: the bucket index ⌈ŷ·199⌉ − 1 is computed in float32 exactly as
    // Keras does, and with unit weights every count is an exact integer, so only the final f32
    // sum of 199 terms can differ from TensorFlow's reduction order (observed: it does not, to
    // 1e-6).
    check_dense::<1, _>(case, metric);
    if let Some(expected) = case["sklearn_roc_auc_score"].as_f64() {
        let exact = all_rows::<1, _>(case, RocAucExact::default());
        assert_close(
            &format!("{} exact", describe(case)),
            exact,
            expected as f32,
            1e-6,
        );
    }
    // sklearn_average_precision_score is a different estimator (a step sum, not Keras's
    // interpolated PR-AUC), so it is not compared.
}

fn check_r2(case: &Value) {
    let aggregation = match case["config"]["class_aggregation"].as_str() {
        Some("uniform_average") => ClassAggregation::UniformAverage,
        Some("variance_weighted_average") => ClassAggregation::VarianceWeightedAverage,
        None => ClassAggregation::None,
        Some(other) => panic!("unknown class_aggregation {other}"),
    };
    let metric = R2Score::<2>::new(aggregation, config_usize(case, "num_regressors"));
    check_dense::<2, _>(case, metric);
    let expected = case["sklearn_r2_score"].as_f64().unwrap() as f32;
    assert_close(
        "r2 vs sklearn",
        all_rows::<2, _>(case, metric),
        expected,
        RELATIVE,
    );
}

/// Checks one golden case, panicking on a metric this file does not know.
fn check(case: &Value) {
    let config = &case["config"];
    let width = case["y_pred"][0].as_array().map_or(1, Vec::len);
    match case["metric"].as_str().unwrap() {
        "accuracy" => check_dense::<1, _>(case, Accuracy::default()),
        "binary_accuracy" => check_dense::<1, _>(
            case,
            BinaryAccuracy::new(config_f32(case, "threshold").unwrap()),
        ),
        "categorical_accuracy" => check_dense::<3, _>(case, CategoricalAccuracy::default()),
        "sparse_categorical_accuracy" => {
            check_sparse::<3, _>(case, SparseCategoricalAccuracy::default())
        }
        "top_k_categorical_accuracy" => {
            check_dense::<4, _>(case, TopKCategoricalAccuracy::new(config_usize(case, "k")))
        }
        "sparse_top_k_categorical_accuracy" => check_sparse::<4, _>(
            case,
            SparseTopKCategoricalAccuracy::new(config_usize(case, "k")),
        ),
        metric @ ("precision" | "recall") => {
            assert_eq!(config["thresholds"], Value::Null);
            assert_eq!(config["top_k"], Value::Null);
            assert_eq!(config["class_id"], Value::Null);
            let (value, key) = if metric == "precision" {
                check_dense::<1, _>(case, Precision::default());
                (
                    all_rows::<1, _>(case, Precision::default()),
                    "sklearn_precision_score",
                )
            } else {
                check_dense::<1, _>(case, Recall::default());
                (
                    all_rows::<1, _>(case, Recall::default()),
                    "sklearn_recall_score",
                )
            };
            let expected = case[key].as_f64().unwrap() as f32;
            assert_close(&format!("{metric} vs {key}"), value, expected, RELATIVE);
        }
        "f1_score" => match width {
            1 => check_f1::<1>(case),
            3 => check_f1::<3>(case),
            other => panic!("no F1 check for width {other}"),
        },
        "auc_roc" | "auc_pr" => check_auc(case),
        "mean_absolute_error" => check_dense::<2, _>(case, MeanAbsoluteError::default()),
        "mean_squared_error" => check_dense::<2, _>(case, MeanSquaredError::default()),
        "root_mean_squared_error" => check_dense::<2, _>(case, RootMeanSquaredError::default()),
        "mean_absolute_percentage_error" => {
            check_dense::<2, _>(case, MeanAbsolutePercentageError::default())
        }
        "mean_squared_logarithmic_error" => {
            check_dense::<2, _>(case, MeanSquaredLogarithmicError::default())
        }
        "r2_score" => check_r2(case),
        "cosine_similarity" => check_dense::<2, _>(case, CosineSimilarity::default()),
        "log_cosh_error" => check_dense::<2, _>(case, LogCoshError::default()),
        "binary_crossentropy" => {
            let metric = BinaryCrossentropy::new(
                config["from_logits"].as_bool().unwrap(),
                config_f32(case, "label_smoothing").unwrap(),
            );
            check_dense::<1, _>(case, metric);
        }
        "categorical_crossentropy" => {
            assert_eq!(config["axis"], -1);
            let metric = CategoricalCrossentropy::new(
                config["from_logits"].as_bool().unwrap(),
                config_f32(case, "label_smoothing").unwrap(),
            );
            check_dense::<3, _>(case, metric);
        }
        other => panic!("golden case for {other} is not checked"),
    }
}

/// Checks every golden case of `metric`, requiring at least one.
fn check_metric(metric: &str) {
    let file = golden("metrics.json");
    let found = common::cases(&file, "metric", metric);
    assert!(!found.is_empty(), "no golden cases for {metric}");
    found.into_iter().for_each(check);
}

#[test]
fn every_golden_case_is_checked() {
    let file = golden("metrics.json");
    let all = file["cases"].as_array().expect("cases");
    assert!(!all.is_empty());
    all.iter().for_each(check);
}

#[test]
fn accuracies_match_keras() {
    for metric in [
        "accuracy",
        "binary_accuracy",
        "categorical_accuracy",
        "sparse_categorical_accuracy",
        "top_k_categorical_accuracy",
        "sparse_top_k_categorical_accuracy",
    ] {
        check_metric(metric);
    }
}

#[test]
fn precision_and_recall_match_keras_and_sklearn() {
    check_metric("precision");
    check_metric("recall");
}

#[test]
fn f1_score_matches_keras_for_every_average() {
    check_metric("f1_score");
}

#[test]
fn auc_matches_keras_and_exact_roc_auc_matches_sklearn() {
    check_metric("auc_roc");
    check_metric("auc_pr");
}

#[test]
fn regression_metrics_match_keras() {
    for metric in [
        "mean_absolute_error",
        "mean_squared_error",
        "root_mean_squared_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "r2_score",
        "cosine_similarity",
        "log_cosh_error",
    ] {
        check_metric(metric);
    }
}

#[test]
fn crossentropies_match_keras() {
    check_metric("binary_crossentropy");
    check_metric("categorical_crossentropy");
}

/// The cases of tests/golden/near_zero.json's `metrics` (written by near_zero.py beside it): each
/// metric fed every row, against Keras's float32 `result` to [`RELATIVE`] (or within the
/// smallest normal f32: TensorFlow's CPU kernels flush subnormal results to zero). Where Keras's
/// float32 formula cancels or overflows and ours does not, the case is compared instead with the
/// float64 value of the same inputs (`result_float64`), with the allowance written beside it.
#[test]
fn metrics_near_zero_and_at_the_ends_match_keras() {
    let file = golden("near_zero.json");
    let all = file["metrics"].as_array().expect("metrics");
    assert!(
        all.len() >= 20,
        "near_zero.json has {} metric cases",
        all.len()
    );
    for case in all {
        let kwargs = &case["kwargs"];
        let from_logits = kwargs["from_logits"].as_bool().unwrap_or(false);
        let what = format!("{} {kwargs} {}", case["metric"], case["note"]);
        let (got, reference) = match case["metric"].as_str().unwrap() {
            "LogCoshError" => (
                near::<3, _>(case, LogCoshError::default()),
                // Keras's formula x + softplus(−2x) − ln 2, which ours keeps (the loss does too,
                // so the metric and the loss agree), holds only ulp(ln 2) ≈ 6e-8 absolute of a
                // value near x²/2: both are ~1e-3 relative off the float64 value here (Keras
                // 1.5e-3, ours 6e-4), and TensorFlow's softplus and ours differ by an ulp.
                KerasWithin(f32::EPSILON * core::f32::consts::LN_2),
            ),
            "MeanSquaredLogarithmicError" => (
                near::<3, _>(case, MeanSquaredLogarithmicError::default()),
                Keras,
            ),
            "Poisson" => (near::<3, _>(case, Poisson::default()), Keras),
            "KLDivergence" => (near::<3, _>(case, KlDivergence::default()), Keras),
            "MeanAbsolutePercentageError" => (
                near::<3, _>(case, MeanAbsolutePercentageError::default()),
                Keras,
            ),
            "RootMeanSquaredError" => (near::<3, _>(case, RootMeanSquaredError::default()), Keras),
            "BinaryCrossentropy" => (
                near::<1, _>(case, BinaryCrossentropy::new(from_logits, 0.0)),
                Keras,
            ),
            "CategoricalCrossentropy" => (
                near::<3, _>(case, CategoricalCrossentropy::new(from_logits, 0.0)),
                Keras,
            ),
            "SparseCategoricalCrossentropy" => {
                let mut metric = SparseCategoricalCrossentropy::new(from_logits);
                let (p, y) = (dense::<3>(&case["y_pred"]), indices(&case["y_true"]));
                p.iter().zip(&y).for_each(|(p, y)| metric.update(p, y));
                (metric.result(), Keras)
            }
            "CosineSimilarity" if case["result"] == 0.0 => (
                near::<2, _>(case, CosineSimilarity::default()),
                // Keras squares in float32, so a norm above ~1.8e19 is inf and every vector
                // normalises to 0 (its cosine here is 0, the float64 value 0.85); ours sums the
                // squares in f64, where they fit, and is the float64 value to f32 rounding.
                Float64(RELATIVE),
            ),
            "CosineSimilarity" => (near::<2, _>(case, CosineSimilarity::default()), Keras),
            "R2Score" if case["note"].as_str().unwrap().contains("cancels") => (
                near::<2, _>(case, R2Score::<2>::default()),
                // Keras's total Σy² − Σy·(Σy/n) cancels in float32 when the targets sit far
                // from zero (0.4936 here, the float64 value 0.9208: 46% off). Ours sums squared
                // deviations from the running mean (West's update); what is left is the f32
                // running sum's rounding, ulp(8000)/8 ≈ 6e-5 of a spread of 0.03, which moves
                // SS_tot by ~2e-4 and R² by 1.8e-5 here.
                Float64(1e-4),
            ),
            "R2Score" => (near::<2, _>(case, R2Score::<2>::default()), Keras),
            "AUC" => {
                let curve = match kwargs["curve"].as_str() {
                    Some("PR") => AucCurve::Pr,
                    _ => AucCurve::Roc,
                };
                let mut metric = Auc::new(200, curve);
                metric.from_logits = from_logits;
                (near::<1, _>(case, metric), Keras)
            }
            "F1Score" => {
                let average = match kwargs["average"].as_str() {
                    Some("micro") => Average::Micro,
                    Some("macro") => Average::Macro,
                    other => panic!("no near-zero F1 case for average {other:?}"),
                };
                let threshold = kwargs["threshold"].as_f64().map(|t| t as f32);
                (
                    near::<3, _>(case, F1Score::<3>::new(average, threshold)),
                    Keras,
                )
            }
            other => panic!("near_zero.json metric {other} is not checked"),
        };
        match reference {
            Keras | KerasWithin(_) => {
                let absolute = match reference {
                    KerasWithin(absolute) => absolute,
                    _ => f32::MIN_POSITIVE,
                };
                let expected = case["result"].as_f64().unwrap() as f32;
                common::assert_close_or_within(&what, got, expected, RELATIVE, absolute);
            }
            Float64(relative) => {
                let expected = case["result_float64"].as_f64().unwrap();
                let error = (f64::from(got) - expected).abs() / expected.abs();
                assert!(
                    error <= f64::from(relative),
                    "{what}: got {got}, float64 gives {expected} (Keras {})",
                    case["result"]
                );
            }
        }
    }
}

/// What a near-zero case is compared with.
enum Reference {
    /// Keras's float32 result.
    Keras,
    /// Keras's float32 result, or within this absolute allowance of it.
    KerasWithin(f32),
    /// The float64 value, to this relative error.
    Float64(f32),
}
use Reference::{Float64, Keras, KerasWithin};

/// `metric` fed every row of `case`, once.
fn near<const OUT: usize, M: Metric<OUT, Target = [f32; OUT]>>(case: &Value, metric: M) -> f32 {
    all_rows::<OUT, M>(case, metric)
}
