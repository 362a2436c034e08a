//! What `fit`, `evaluate` and `predict` promise beyond the numbers: reproducibility, and a clear
//! error, with nothing changed, for bad input.

use nn::prelude::*;

nn::network! {
    struct Small;
    input(3) -> dense(8, relu) -> dense(2, sigmoid);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

fn data() -> (Vec<[f32; 3]>, Vec<[f32; 2]>) {
    let x: Vec<[f32; 3]> = (0..50)
        .map(|i| [i as f32 / 50.0, (i % 7) as f32 / 7.0, 0.5])
        .collect();
    let y = x.iter().map(|r| [r[0], 1.0 - r[1]]).collect();
    (x, y)
}

const QUIET: fn() -> FitOptions = || FitOptions::new().epochs(3).batch_size(8).verbose(0);

#[test]
fn the_same_seed_trains_to_bitwise_identical_weights() {
    let (x, y) = data();
    let train = |seed| {
        let mut model = Small::with_seed(seed);
        model.fit(&x, &y, &QUIET()).unwrap();
        model.network().parameters().to_vec()
    };
    assert_eq!(train(7), train(7));
    assert_ne!(train(7), train(8));
}

#[test]
fn training_lowers_the_loss_and_history_records_every_epoch() {
    let (x, y) = data();
    let mut model = Small::with_seed(1);
    let before = model.evaluate(&x, &y).unwrap().loss();
    let history = model.fit(&x, &y, &QUIET().epochs(40)).unwrap();
    assert_eq!(history.epochs(), 40);
    let after = model.evaluate(&x, &y).unwrap().loss();
    assert!(after < 0.5 * before, "loss went from {before} to {after}");
    assert_eq!(history.get("loss"), Some(history.loss()));
}

#[test]
fn evaluate_is_the_mean_loss_of_predict() {
    let (x, y) = data();
    let model = Small::with_seed(3);
    let predicted = model.predict(&x);
    let mean: f32 = predicted
        .iter()
        .zip(&y)
        .map(|(p, y)| ((p[0] - y[0]).powi(2) + (p[1] - y[1]).powi(2)) / 2.0)
        .sum::<f32>()
        / x.len() as f32;
    let evaluated = model.evaluate(&x, &y).unwrap().loss();
    assert!(
        (evaluated - mean).abs() <= 1e-6 * mean,
        "{evaluated} vs {mean}"
    );
}

/// Fitting `x`, `y` with `options` fails with `expected` and leaves the weights as they were.
fn assert_rejected(x: &[[f32; 3]], y: &[[f32; 2]], options: FitOptions, expected: &str) {
    let mut model = Small::with_seed(2);
    let before = model.network().parameters().to_vec();
    let error = model.fit(x, y, &options).unwrap_err();
    assert_eq!(error.to_string(), expected);
    assert_eq!(
        model.network().parameters(),
        before,
        "weights changed on an error"
    );
}

#[test]
fn bad_input_is_an_error_that_says_what_and_where() {
    let (x, y) = data();
    assert_rejected(&[], &[], QUIET(), "fit was given no samples: `x` is empty");
    assert_rejected(
        &x,
        &y[..49],
        QUIET(),
        "fit was given 50 input rows but 49 target rows; they must match",
    );
    assert_rejected(
        &x,
        &y,
        QUIET().batch_size(0),
        "batch_size must be at least 1, got 0",
    );

    let mut with_nan = x.clone();
    with_nan[17][2] = f32::NAN;
    assert_rejected(
        &with_nan,
        &y,
        QUIET(),
        "x row 17, column 2 is NaN; every value must be finite",
    );
    let mut with_infinity = y.clone();
    with_infinity[4][1] = f32::NEG_INFINITY;
    assert_rejected(
        &x,
        &with_infinity,
        QUIET(),
        "y row 4, column 1 is -inf; every value must be finite",
    );

    let model = Small::with_seed(2);
    assert!(model.evaluate(&x[..3], &y[..2]).is_err());
}

#[test]
fn expression_form_infers_its_input_width_from_the_data() {
    let mut net =
        nn::network!(dense(4, relu) -> dense(1, linear); loss = mse; optimizer = adam(lr = 0.01));
    let x = vec![[0.5_f32; 6]; 10];
    let y = vec![[1.0_f32]; 10];
    net.fit(&x, &y, &QUIET()).unwrap();
    assert_eq!(net.network().parameters().len(), 6 * 4 + 4 + 4 + 1);
    assert_eq!(net.predict(&x).len(), 10);
}

#[test]
fn summary_lists_every_layer_with_keras_counts() {
    let lines: Vec<&str> = Small::SUMMARY.lines().collect();
    assert_eq!(lines[0], "Model: \"Small\"");
    assert!(
        lines[4].starts_with("│ dense_0 (Dense)") && lines[4].contains("(None, 8)"),
        "{}",
        lines[4]
    );
    assert!(
        lines[4].trim_end_matches([' ', '│']).ends_with(" 32"),
        "3·8 + 8 = 32: {}",
        lines[4]
    );
    assert!(
        lines[6].contains("(None, 2)") && lines[6].trim_end_matches([' ', '│']).ends_with(" 18")
    );
    assert_eq!(Small::PARAMETERS, 50);
    assert!(Small::SUMMARY.contains(" Total params: 50 (200.00 B)"));
}

nn::network! {
    struct Mnist;
    input(784) -> dense(128, relu) -> dense(64, relu) -> dense(10, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam();
    metrics = [accuracy];
}

#[test]
fn a_large_network_builds_and_trains_without_touching_the_stack_limits() {
    // 109,386 parameters (437 KB) several times over (weights, gradients, clones): built on the
    // heap directly, this runs on a test thread's 2 MB stack in a debug build.
    let x: Vec<[f32; 784]> = (0..64)
        .map(|i| core::array::from_fn(|j| ((i * 31 + j) % 17) as f32 / 17.0))
        .collect();
    let labels: Vec<usize> = (0..64).map(|i| i % 10).collect();
    let mut model = Mnist::with_seed(1);
    assert_eq!(
        Mnist::PARAMETERS,
        784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10
    );
    let copy = model.network().clone();
    model
        .fit(&x, &labels, &FitOptions::new().epochs(2).verbose(0))
        .unwrap();
    assert_ne!(copy.parameters(), model.network().parameters());
    assert_eq!(model.predict(&x[..3]).len(), 3);
}

nn::network! {
    struct Clipped;
    input(3) -> dense(8, relu) -> dense(2, sigmoid);
    loss = mse;
    optimizer = sgd(lr = 1.0);
}

#[test]
fn clipnorm_clips_each_kernel_and_bias_even_on_a_replaced_optimizer() {
    use nn::Layers;
    let (x, y) = data();
    let mut model = Clipped::with_seed(2);
    // Replaced whole after construction, as a tuning loop might: the network still tells it
    // where each variable lies.
    let mut replacement = nn::optimizers::Sgd::default();
    replacement.learning_rate = 1.0;
    replacement.options.clipnorm = Some(1e-4);
    *model.optimizer_mut() = replacement;
    let before = model.network().parameters().to_vec();
    let one_step = FitOptions::new().epochs(1).batch_size(50).verbose(0);
    model.fit(&x, &y, &one_step).unwrap();
    let after = model.network().parameters();
    // Every gradient here is larger than 1e-4, so each variable moves by exactly lr · 1e-4;
    // clipping the whole network at once would move all four by 1e-4 together.
    for tensor in model.network().layers().tensors() {
        let range = tensor.offset..tensor.offset + tensor.len();
        let moved = after[range.clone()]
            .iter()
            .zip(&before[range])
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f32>()
            .sqrt();
        assert!(
            (moved - 1e-4).abs() < 1e-6,
            "{} moved by {moved}",
            tensor.name
        );
    }
}
