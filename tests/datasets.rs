//! The real-data examples reach the figures their walk-throughs promise.

#[allow(dead_code)]
#[path = "../examples/iris.rs"]
mod iris;

#[allow(dead_code)]
#[path = "../examples/digits.rs"]
mod digits;

#[allow(dead_code)]
#[path = "../examples/breast_cancer.rs"]
mod breast_cancer;

#[test]
fn iris_reaches_ninety_percent() {
    let accuracy = iris::train(100, 0).unwrap();
    assert!(accuracy >= 0.9, "test accuracy {accuracy}");
}

#[test]
fn digits_reach_ninety_five_percent() {
    let accuracy = digits::train(30, 0).unwrap();
    assert!(accuracy >= 0.95, "test accuracy {accuracy}");
}

#[test]
fn breast_cancer_reaches_an_roc_auc_of_097() {
    let scores = breast_cancer::train(50, 0).unwrap();
    assert!(scores.roc_auc >= 0.97, "ROC-AUC {}", scores.roc_auc);
    assert!(
        scores.accuracy >= 0.9 && scores.f1 >= 0.9,
        "accuracy {}, F1 {}",
        scores.accuracy,
        scores.f1
    );
}

#[allow(dead_code)]
#[path = "../examples/linear.rs"]
mod linear;

#[test]
fn scaling_and_the_right_activation_matter_for_x_plus_ten() {
    let [raw, relu, linear] = linear::rmses(100).unwrap();
    assert!(
        linear < 1e-3,
        "standardised, linear hidden layer: RMSE {linear}"
    );
    assert!(
        linear < relu && linear < raw,
        "raw {raw}, standardised relu {relu}, linear {linear}"
    );
}

#[allow(dead_code)]
#[path = "../examples/titanic.rs"]
mod titanic;

#[test]
fn titanic_reaches_seventy_eight_percent() {
    let (accuracy, confusion) = titanic::train(100, 0).unwrap();
    assert_eq!(confusion.iter().flatten().sum::<usize>(), 179);
    assert!(
        accuracy >= 0.78,
        "test accuracy {accuracy}, confusion {confusion:?}"
    );
}

#[allow(dead_code)]
#[path = "../examples/quadratic.rs"]
mod quadratic;

#[test]
fn a_quadratic_is_learned_inside_the_training_range_but_not_beyond_it() {
    let (inside, beyond) = quadratic::relative_errors(1200, 100).unwrap();
    assert!(inside < 0.05, "inside the range: relative RMSE {inside}");
    assert!(beyond > 5.0 * inside, "beyond: {beyond}, inside: {inside}");
}

#[allow(dead_code)]
#[path = "../examples/tuning.rs"]
mod tuning;

#[test]
fn the_tuning_grid_ranks_the_linear_standardised_setting_first() {
    let ranked =
        nn::tuning::grid(&tuning::settings(), |settings| tuning::score(settings, 50)).unwrap();
    assert_eq!(ranked.len(), 8);
    assert_eq!(
        (ranked[0].settings.hidden, ranked[0].settings.standardised),
        ("linear", true),
        "{ranked:?}"
    );
}
