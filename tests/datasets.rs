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
    let beyond = quadratic::beyond_the_training_range(100).unwrap();
    let inside = quadratic::inside_the_training_range(100).unwrap();
    let more = quadratic::more_data(30_000, 100).unwrap();
    // The walk-through's figures are 209.24, 0.9916 and 0.0354; its seeds and Keras's differ
    // from ours, so the test holds the lesson rather than the digits.
    assert!(inside.walk_through < 3.0, "inside: {inside:?}");
    assert!(
        beyond.walk_through > 50.0 * inside.walk_through,
        "beyond: {beyond:?}, inside: {inside:?}"
    );
    assert!(more.rows > 1800, "{more:?}");
    // Compared by RMSE too, as the walk-through's figure alone shrinks with more test rows. The
    // bound on the figure is 0.15, not closer to the walk-through's 0.0354: over model seeds 1 to
    // 8 it measured 0.035 to 0.065 six times, and 0.11 (as for this seed, 1234) and 0.26 once
    // each, where the last of 100 epochs of Adam happens to leave the weights.
    assert!(
        more.walk_through < 0.15 && more.rmse < inside.rmse / 4.0,
        "{more:?}, {inside:?}"
    );
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

#[allow(dead_code)]
#[path = "../examples/optimizers.rs"]
mod optimizers;

#[test]
fn optimizer_paths_show_the_textbook_behaviour() {
    let [beale, valley, saddle] = optimizers::surfaces();
    let end = |paths: &[(&str, Vec<[f32; 2]>)], name: &str| {
        *paths
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1
            .last()
            .unwrap()
    };
    // On the narrow valley every optimizer but Adadelta (slow to start) ends lower than it began;
    // momentum outruns plain SGD along the valley floor.
    let paths = optimizers::paths(&valley, 300);
    let start = (valley.value)(valley.start[0], valley.start[1]);
    for (name, path) in &paths {
        let [x, y] = *path.last().unwrap();
        assert!(
            *name == "Adadelta" || (valley.value)(x, y) < start,
            "{name} ends at {x}, {y}"
        );
    }
    let value = |p: [f32; 2]| (valley.value)(p[0], p[1]);
    assert!(value(end(&paths, "Momentum")) < value(end(&paths, "SGD")));
    // On Beale's function Adam and RMSprop come near the minimum at (3, 0.5).
    let paths = optimizers::paths(&beale, 300);
    for name in ["Adam", "RMSprop"] {
        let [x, y] = end(&paths, name);
        assert!((beale.value)(x, y) < 0.1, "{name} ends at {x}, {y}");
    }
    // At the saddle, momentum escapes along y much faster than plain SGD.
    let paths = optimizers::paths(&saddle, 300);
    assert!(end(&paths, "Momentum")[1].abs() > 10.0 * end(&paths, "SGD")[1].abs());
}
