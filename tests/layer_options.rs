//! Dense options (initializers, regularizers) and dropout, as declared in `network!`.

use nn::prelude::*;

nn::network! {
    struct WithDropout;
    input(3) -> dense(16, relu) -> dropout(0.5) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    struct Initialized;
    input(3) -> dense(4, relu, kernel_initializer = constant(0.25), bias_initializer = ones) -> dense(1, linear, bias_initializer = constant(value = -2));
    loss = mse;
    optimizer = adam();
}

nn::network! {
    struct Regularized;
    input(3) -> dense(4, relu, kernel_regularizer = l2(0.1), bias_regularizer = l1_l2(l1 = 0.01, l2 = 0.02)) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

nn::network! {
    struct Unregularized;
    input(3) -> dense(4, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn data() -> (Vec<[f32; 3]>, Vec<[f32; 1]>) {
    let x: Vec<[f32; 3]> = (0..64)
        .map(|i| [i as f32 / 64.0, (i % 5) as f32 / 5.0, 1.0])
        .collect();
    let y = x.iter().map(|r| [2.0 * r[0] - r[1]]).collect();
    (x, y)
}

#[test]
fn dropout_is_random_while_training_and_absent_at_inference() {
    let (x, y) = data();
    let mut model = WithDropout::with_seed(4);
    let before = model.evaluate(&x, &y).unwrap().loss();
    model
        .fit(
            &x,
            &y,
            &FitOptions::new().epochs(60).batch_size(16).verbose(0),
        )
        .unwrap();
    assert!(model.evaluate(&x, &y).unwrap().loss() < 0.5 * before);
    // Inference never drops: the same rows give the same outputs, and match predict_one.
    assert_eq!(model.predict(&x), model.predict(&x));
    let one = model.predict_one(&x[5]);
    assert!((one[0] - model.predict(&x[5..6])[0][0]).abs() < 1e-5);
    assert!(WithDropout::SUMMARY.contains("dropout_0 (Dropout)"));
    assert_eq!(WithDropout::PARAMETERS, 3 * 16 + 16 + 16 + 1);
}

#[test]
fn dropout_changes_the_training_loss_against_the_same_net_without_it() {
    // With half the hidden units dropped, training sees a noisier, higher loss than
    // evaluation of the same weights does.
    let (x, y) = data();
    let mut model = WithDropout::with_seed(4);
    let history = model
        .fit(
            &x,
            &y,
            &FitOptions::new()
                .epochs(30)
                .batch_size(64)
                .shuffle(false)
                .verbose(0),
        )
        .unwrap();
    let trained = model.evaluate(&x, &y).unwrap().loss();
    assert!(
        history.loss().last().unwrap() > &trained,
        "{:?} vs {trained}",
        history.loss().last()
    );
}

#[test]
fn initializers_fill_kernels_and_biases_as_declared() {
    let model = Initialized::new();
    let parameters = model.network().parameters();
    let (kernel, rest) = parameters.split_at(12);
    let (bias, rest) = rest.split_at(4);
    assert!(kernel.iter().all(|&w| w == 0.25), "{kernel:?}");
    assert!(bias.iter().all(|&b| b == 1.0));
    let (second_kernel, second_bias) = rest.split_at(4);
    let limit = (6.0_f32 / 5.0).sqrt(); // glorot_uniform stays the default kernel initializer
    assert!(
        second_kernel.iter().all(|w| w.abs() < limit) && second_kernel.iter().any(|&w| w != 0.0)
    );
    assert_eq!(second_bias, [-2.0]);
}

#[test]
fn regularization_is_added_to_the_loss_and_shrinks_the_weights() {
    let (x, y) = data();
    let model = Regularized::with_seed(9);
    let plain = Unregularized::with_seed(9);
    assert_eq!(model.network().parameters(), plain.network().parameters());
    let parameters = model.network().parameters();
    let (kernel, bias) = (&parameters[..12], &parameters[12..16]);
    let by_hand = 0.1 * kernel.iter().map(|w| w * w).sum::<f32>()
        + bias
            .iter()
            .map(|b| 0.01 * b.abs() + 0.02 * b * b)
            .sum::<f32>();
    let penalty = model.evaluate(&x, &y).unwrap().loss() - plain.evaluate(&x, &y).unwrap().loss();
    assert!(
        (penalty - by_hand).abs() <= 1e-6 * (1.0 + by_hand),
        "{penalty} vs {by_hand}"
    );

    let options = FitOptions::new().epochs(100).batch_size(16).verbose(0);
    let (mut model, mut plain) = (model, plain);
    model.fit(&x, &y, &options).unwrap();
    plain.fit(&x, &y, &options).unwrap();
    let norm = |p: &[f32]| p[..12].iter().map(|w| w * w).sum::<f32>();
    let (shrunk, free) = (
        norm(model.network().parameters()),
        norm(plain.network().parameters()),
    );
    assert!(
        shrunk < 0.8 * free,
        "kernel norm {shrunk} with l2, {free} without"
    );
}

nn::network! {
    struct WithoutBias;
    input(3) -> dense(4, relu, use_bias = false) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

#[test]
fn use_bias_false_leaves_the_layer_without_a_bias() {
    assert_eq!(WithoutBias::PARAMETERS, 3 * 4 + 4 + 1);
    assert!(
        WithoutBias::SUMMARY.contains("(None, 4)")
            && WithoutBias::SUMMARY.contains("Total params: 17 ")
    );
    let (x, y) = data();
    let mut model = WithoutBias::with_seed(1);
    // Without a bias, a zero row maps to exactly zero before the output layer's bias.
    let zero_row = model.predict_one(&[0.0; 3]);
    assert_eq!(zero_row, [0.0]);
    model
        .fit(&x, &y, &FitOptions::new().epochs(5).verbose(0))
        .unwrap();
    let names: Vec<String> = nn::Layers::tensors(model.network().layers())
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["dense_0/kernel", "dense_1/kernel", "dense_1/bias"]);
}
