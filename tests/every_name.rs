//! Every activation, loss, metric, optimizer, initializer, regularizer, layer and option the
//! language names compiles and trains: the pass cases of the macro (its compile-fail cases are
//! in `tests/ui`). nn-macros's `every_name_tests` reads this file with the macro's own parser
//! and fails, listing them, if any name of the catalog is missing here.

use nn::prelude::*;

/// Declares a small network with the given chain and settings and trains it for an epoch.
macro_rules! trains {
    ($name:ident: $($declaration:tt)*) => {{
        nn::network! {
            struct $name;
            $($declaration)*
        }
        let x: Vec<[f32; 3]> = (0..16).map(|i| [i as f32 / 16.0, 0.5, -0.25]).collect();
        let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0], 0.5 * r[0]]).collect();
        let mut model = $name::with_seed(1);
        let before = model.network().parameters().to_vec();
        let history = model.fit(&x, &y, &FitOptions::new().epochs(2).batch_size(4).verbose(0)).unwrap();
        assert!(history.loss().iter().all(|loss| loss.is_finite()), "{}: {:?}", stringify!($name), history.loss());
        assert_ne!(model.network().parameters(), before, "{} did not train", stringify!($name));
    }};
}

/// As `trains!`, with class indices for the targets (the sparse losses).
macro_rules! trains_on_classes {
    ($name:ident: $($declaration:tt)*) => {{
        nn::network! {
            struct $name;
            $($declaration)*
        }
        let x: Vec<[f32; 3]> = (0..16).map(|i| [i as f32 / 16.0, 0.5, -0.25]).collect();
        let y: Vec<usize> = (0..16).map(|i| i % 2).collect();
        let mut model = $name::with_seed(1);
        let before = model.network().parameters().to_vec();
        let history = model.fit(&x, &y, &FitOptions::new().epochs(2).batch_size(4).verbose(0)).unwrap();
        assert!(history.loss().iter().all(|loss| loss.is_finite()), "{}: {:?}", stringify!($name), history.loss());
        assert_ne!(model.network().parameters(), before, "{} did not train", stringify!($name));
    }};
}

#[test]
fn every_activation() {
    trains!(A1: input(3) -> dense(4, linear, use_bias = false) -> dense(4, relu, use_bias = true) -> dense(4, relu6) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(A2: input(3) -> dense(4, leaky_relu) -> dense(4, leaky_relu(negative_slope = 0.3)) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(A3: input(3) -> dense(4, relu(negative_slope = 0.1, max_value = 6, threshold = 0.5)) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(A4: input(3) -> dense(4, elu) -> dense(4, elu(alpha = 0.5)) -> dense(4, selu) -> dense(4, celu(alpha = 2)) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(A5: input(3) -> dense(4, gelu) -> dense(4, gelu(approximate = true)) -> dense(4, sigmoid) -> dense(4, hard_sigmoid) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(A6: input(3) -> dense(4, log_sigmoid) -> dense(4, tanh) -> dense(4, hard_tanh) -> dense(4, softplus) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(A7: input(3) -> dense(4, softsign) -> dense(4, silu) -> dense(4, swish) -> dense(4, hard_silu) -> dense(4, hard_swish) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(A8: input(3) -> dense(4, mish) -> dense(4, exponential) -> dense(4, softmax) -> dense(4, log_softmax) -> dense(2, linear); loss = mse; optimizer = adam(););
}

#[test]
fn every_optimizer_with_its_options() {
    trains!(O1: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = sgd(lr = 0.01, momentum = 0.9, nesterov = true, decay = 1e-6););
    trains!(O2: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = rmsprop(lr = 0.001, rho = 0.8, momentum = 0.5, centered = true, epsilon = 1e-6););
    trains!(O3: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adam(lr = 0.01, beta_1 = 0.8, beta_2 = 0.99, amsgrad = true, clipnorm = 1.0););
    trains!(O4: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adamw(weight_decay = 0.01, global_clipnorm = 2.0););
    trains!(O5: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adamax(clipvalue = 0.5););
    trains!(O6: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = nadam(););
    trains!(O7: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adagrad(initial_accumulator_value = 0.2););
    trains!(O8: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adadelta(lr = 1.0, rho = 0.9););
    trains!(O9: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = lion(lr = 1e-4););
    trains!(O10: input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = ftrl(lr = 0.1, l1_regularization_strength = 0.01););
}

#[test]
fn every_regression_loss_and_the_expression_form() {
    trains!(L1: input(3) -> dense(4, relu) -> dense(2, linear); loss = mae; optimizer = adam(); metrics = [mse, rmse, mape, msle, logcosh, cosine_similarity, r2_score, poisson];);
    trains!(L2: input(3) -> dense(4, relu) -> dense(2, linear); loss = huber(delta = 0.5); optimizer = adam(););
    trains!(L3: input(3) -> dense(4, relu) -> dense(2, softplus); loss = msle; optimizer = adam(););
    trains!(L4: input(3) -> dense(4, relu) -> dense(2, softplus); loss = poisson; optimizer = adam(););
    trains!(L5: input(3) -> dense(4, relu) -> dense(2, linear); loss = logcosh; optimizer = adam(););
    trains!(L6: input(3) -> dense(4, relu) -> dense(2, linear); loss = cosine_proximity; optimizer = adam(););
    trains!(L7: input(3) -> dense(4, relu) -> dense(2, softmax); loss = kld; optimizer = adam(););
    trains!(N1: input(3) -> dense(4, tanh) -> layer_normalization -> dense(4, relu) -> layer_normalization() -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(N2: input(3) -> dense(4, tanh) -> layer_normalization(epsilon = 1e-5, center = false, scale = false) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(N3: input(3) -> dense(4, tanh) -> layer_normalization(center = false) -> dense(4, tanh) -> layer_normalization(scale = false) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(L8: dense(4, relu, kernel_initializer = he_normal, bias_initializer = constant(0.1)) -> dropout(0.2) -> dense(2, linear, kernel_regularizer = l1_l2(l1 = 0.01, l2 = 0.01)); loss = mse; optimizer = sgd(0.05); seed = 9;);

    let mut net = nn::network!(dense(4, tanh) -> dense(2, linear); loss = mape; optimizer = rmsprop(lr = 0.01); metrics = [mae]);
    let x = vec![[1.0_f32, 2.0, 3.0, 4.0, 5.0]; 8];
    let y = vec![[1.0_f32, 2.0]; 8];
    let history = net
        .fit(&x, &y, &FitOptions::new().epochs(3).verbose(0))
        .unwrap();
    assert_eq!(history.get("mae").map(<[f32]>::len), Some(3));
}

#[test]
fn every_regression_loss_by_its_full_name() {
    trains!(R1: input(3) -> dense(4, relu) -> dense(2, linear); loss = mean_squared_error; optimizer = adam(); metrics = [mean_absolute_error, root_mean_squared_error, mean_squared_error, log_cosh_error];);
    trains!(R2: input(3) -> dense(4, relu) -> dense(2, linear); loss = mean_absolute_error; optimizer = adam(); metrics = [mean_absolute_percentage_error, mean_squared_logarithmic_error, cosine_proximity];);
    trains!(R3: input(3) -> dense(4, relu) -> dense(2, softplus); loss = mean_absolute_percentage_error; optimizer = adam(););
    trains!(R4: input(3) -> dense(4, relu) -> dense(2, softplus); loss = mean_squared_logarithmic_error; optimizer = adam(););
    trains!(R5: input(3) -> dense(4, relu) -> dense(2, linear); loss = log_cosh; optimizer = adam(););
    trains!(R6: input(3) -> dense(4, relu) -> dense(2, linear); loss = cosine_similarity; optimizer = adam(););
}

#[test]
fn every_classification_loss_and_metric() {
    trains!(C1: input(3) -> dense(4, relu) -> dense(2, linear); loss = hinge; optimizer = adam(); metrics = [hinge];);
    trains!(C2: input(3) -> dense(4, relu) -> dense(2, linear); loss = squared_hinge; optimizer = adam(););
    trains!(C3: input(3) -> dense(4, relu) -> dense(2, linear); loss = categorical_hinge; optimizer = adam(););
    trains!(C4: input(3) -> dense(4, relu) -> dense(2, sigmoid); loss = binary_crossentropy(label_smoothing = 0.1); optimizer = adam();
        metrics = [accuracy, binary_accuracy(threshold = 0.4), true_positives, false_positives, true_negatives, false_negatives, precision(threshold = 0.5), recall(class_id = 1)];);
    trains!(C5: input(3) -> dense(4, relu) -> dense(2, sigmoid); loss = binary_focal_crossentropy(apply_class_balancing = true, gamma = 1.5); optimizer = adam();
        metrics = [auc, roc_auc, f1_score, fbeta_score(beta = 2), binary_crossentropy];);
    trains!(C6: input(3) -> dense(4, relu) -> dense(2, linear); loss = binary_crossentropy(from_logits = true); optimizer = adam(); metrics = [auc(from_logits = true)];);
    trains!(C7: input(3) -> dense(4, relu) -> dense(2, softmax); loss = categorical_crossentropy; optimizer = adam();
        metrics = [acc, categorical_accuracy, top_k_categorical_accuracy(k = 1), categorical_crossentropy, kl_divergence, kld, kullback_leibler_divergence, poisson];);
    trains!(C8: input(3) -> dense(4, relu) -> dense(2, softmax); loss = categorical_focal_crossentropy(alpha = 0.5); optimizer = adam(););
    trains!(C9: input(3) -> dense(4, relu) -> dense(2, softmax); loss = kl_divergence; optimizer = adam(););
    trains!(C10: input(3) -> dense(4, relu) -> dense(2, softmax); loss = kullback_leibler_divergence; optimizer = adam(););
    trains_on_classes!(S1: input(3) -> dense(4, relu) -> dense(2, softmax); loss = sparse_categorical_crossentropy; optimizer = adam();
        metrics = [accuracy, sparse_categorical_accuracy, sparse_top_k_categorical_accuracy(k = 1), sparse_categorical_crossentropy];);
}

#[test]
fn every_initializer_and_regularizer() {
    trains!(I1: input(3) -> dense(4, tanh, kernel_initializer = zeros, bias_initializer = ones) -> dense(4, tanh, kernel_initializer = ones, bias_initializer = constant(value = 0.1)) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(I2: input(3) -> dense(4, tanh, kernel_initializer = random_normal(stddev = 0.1), bias_initializer = random_uniform(minval = -0.1, maxval = 0.1)) -> dense(4, tanh, kernel_initializer = truncated_normal(mean = 0.1)) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(I3: input(3) -> dense(4, tanh, kernel_initializer = glorot_uniform) -> dense(4, tanh, kernel_initializer = glorot_normal) -> dense(4, tanh, kernel_initializer = he_uniform) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(I4: input(3) -> dense(4, tanh, kernel_initializer = lecun_uniform) -> dense(4, tanh, kernel_initializer = lecun_normal) -> dense(4, tanh, kernel_initializer = orthogonal(gain = 2)) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(G1: input(3) -> dense(4, relu, kernel_regularizer = l1(0.01), bias_regularizer = l2(l2 = 0.01)) -> dense(2, linear, bias_regularizer = l1_l2(0.01)); loss = mse; optimizer = adam(););
}

/// The expression form, without `input(..)`, starting with each kind of layer: its types are
/// generic over the input width, which the data given to `fit` fixes.
#[test]
fn the_expression_form_starts_with_each_layer_kind() {
    let x = vec![[1.0_f32, 2.0, 3.0, 4.0, 5.0]; 8];
    let y = vec![[1.0_f32, 2.0]; 8];
    let options = FitOptions::new().epochs(2).batch_size(4).verbose(0);
    macro_rules! expression_trains {
        ($network:expr) => {{
            let mut network = $network;
            let before = network.network().parameters().to_vec();
            let history = network.fit(&x, &y, &options).unwrap();
            assert!(history.loss().iter().all(|loss| loss.is_finite()));
            assert_ne!(network.network().parameters(), before);
            assert_eq!(network.predict(&x).len(), 8);
        }};
    }
    expression_trains!(
        nn::network!(dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(dropout(0.2) -> dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(layer_normalization -> dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(batch_normalization -> dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(activation(tanh) -> dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(gaussian_noise(0.1) -> dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(gaussian_dropout(0.1) -> dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(alpha_dropout(0.1) -> dense(4, selu) -> dense(2, linear); loss = mse; optimizer = adam())
    );
    expression_trains!(
        nn::network!(unit_normalization -> dense(4, tanh) -> dense(2, linear); loss = mse; optimizer = adam())
    );
}

/// Every layer other than `dense`, with each of its arguments, in a chain that trains.
#[test]
fn every_layer_with_its_arguments() {
    trains!(B1: input(3) -> dense(4, tanh) -> batch_normalization -> dense(4, relu) -> batch_normalization() -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(B2: input(3) -> dense(4, tanh) -> batch_normalization(momentum = 0.9, epsilon = 1e-2, center = false, scale = false) -> dense(2, linear); loss = mse; optimizer = sgd(0.05););
    trains!(B3: input(3) -> batch_normalization(center = false) -> dense(4, tanh) -> batch_normalization(scale = false) -> dense(2, linear); loss = mse; optimizer = ftrl(lr = 0.1););
    trains!(G1: input(3) -> gaussian_noise(0.1) -> dense(4, tanh) -> gaussian_noise(stddev = 0.0) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(G2: input(3) -> dense(4, tanh) -> gaussian_dropout(0.3) -> dense(4, tanh) -> gaussian_dropout(rate = 0.0) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(G3: input(3) -> dense(4, selu, kernel_initializer = lecun_normal) -> alpha_dropout(0.1) -> dense(4, selu) -> alpha_dropout(rate = 0.0) -> dense(2, linear); loss = mse; optimizer = adam(););
    trains!(V1: input(3) -> dense(4) -> activation(relu) -> dense(4) -> activation(activation = leaky_relu(negative_slope = 0.2)) -> dense(2) -> activation(linear); loss = mse; optimizer = adam(););
    trains!(U1: input(3) -> dense(4, tanh) -> unit_normalization -> dense(4, tanh) -> unit_normalization() -> dense(2, linear); loss = mse; optimizer = adam(););
    // Raw scores stay raw scores through noise after the output layer, as Keras trains them.
    trains!(V3: input(3) -> dense(4, tanh) -> dense(2) -> gaussian_noise(0.1) -> layer_normalization; loss = categorical_crossentropy(from_logits = true); optimizer = adam(););
    trains!(V2: input(3) -> dense(4) -> activation(gelu(approximate = true)) -> dense(2) -> activation(softmax); loss = categorical_crossentropy; optimizer = adam(););
}

/// The summary's class names come from the catalog, nn-core's `Layer::KERAS_CLASS` from each
/// type: they must agree, and the summary counts a batch normalization's moving statistics
/// apart, as Keras does.
#[test]
fn the_summary_names_each_layer_as_nn_core_does_and_counts_non_trainable_parameters() {
    use nn::activations::Relu;
    use nn::layers::{
        Activation, AlphaDropout, BatchNormalization, Dense, Dropout, GaussianDropout,
        GaussianNoise, Layer, LayerNormalization, UnitNormalization,
    };
    nn::network! {
        struct EveryKind;
        input(3) -> dense(4, relu) -> activation(relu) -> dropout(0.1) -> gaussian_dropout(0.1)
            -> alpha_dropout(0.1) -> gaussian_noise(0.1) -> layer_normalization
            -> batch_normalization -> unit_normalization -> dense(2, linear);
        loss = mse;
        optimizer = adam();
    }
    let classes = [
        <Dense<3, 4, Relu> as Layer<3, 4>>::KERAS_CLASS,
        <Activation<4, Relu> as Layer<4, 4>>::KERAS_CLASS,
        <Dropout<4, 0> as Layer<4, 4>>::KERAS_CLASS,
        <GaussianDropout<4, 0> as Layer<4, 4>>::KERAS_CLASS,
        <AlphaDropout<4, 0> as Layer<4, 4>>::KERAS_CLASS,
        <GaussianNoise<4, 0> as Layer<4, 4>>::KERAS_CLASS,
        <LayerNormalization<4, 0> as Layer<4, 4>>::KERAS_CLASS,
        <BatchNormalization<4, 0, 0> as Layer<4, 4>>::KERAS_CLASS,
        <UnitNormalization<4> as Layer<4, 4>>::KERAS_CLASS,
    ];
    for class in classes {
        assert!(
            EveryKind::SUMMARY.contains(&format!("({class})")),
            "{class} in {}",
            EveryKind::SUMMARY
        );
    }
    // 3·4 + 4 and 4·2 + 2 dense, 2·4 layer normalization, 2·4 + 2·4 batch normalization.
    assert_eq!(EveryKind::PARAMETERS, 16 + 10 + 8 + 16);
    assert!(
        EveryKind::SUMMARY.contains("Total params: 50 (200.00 B)"),
        "{}",
        EveryKind::SUMMARY
    );
    assert!(
        EveryKind::SUMMARY.contains("Trainable params: 42 (168.00 B)"),
        "{}",
        EveryKind::SUMMARY
    );
    assert!(
        EveryKind::SUMMARY.contains("Non-trainable params: 8 (32.00 B)"),
        "{}",
        EveryKind::SUMMARY
    );
    // A name longer than its cell wraps at a space onto a line of its own, as Keras's does.
    let lines: Vec<&str> = EveryKind::SUMMARY.lines().collect();
    let wrapped = lines
        .iter()
        .position(|line| line.starts_with("│ batch_normalization_0 "))
        .expect("a row for batch_normalization_0");
    assert!(lines[wrapped].contains("│ (None, 4)"), "{}", lines[wrapped]);
    assert!(
        lines[wrapped + 1].starts_with("│ (BatchNormalization) "),
        "{}",
        lines[wrapped + 1]
    );
    let width = lines[0..]
        .iter()
        .skip(1)
        .map(|line| line.chars().count())
        .max();
    assert!(
        lines[1..lines.len() - 3]
            .iter()
            .all(|line| Some(line.chars().count()) == width)
    );
}

/// The inference type's `TENSORS`, which the macro writes from its catalog when it compiles,
/// are the tensors nn-core's layers list at run time (`Layers::tensors`, what `save` writes),
/// for a network holding every layer kind, each optional tensor both held and left out.
#[test]
fn the_inference_tensors_are_the_ones_the_layers_list_at_run_time() {
    use nn::Layers;
    nn::network! {
        struct EveryTensor;
        input(3) -> dense(4, relu) -> activation(relu) -> dropout(0.1) -> gaussian_dropout(0.1)
            -> alpha_dropout(0.1) -> gaussian_noise(0.1) -> layer_normalization
            -> batch_normalization -> unit_normalization -> dense(5, tanh, use_bias = false)
            -> layer_normalization(center = false) -> batch_normalization(scale = false)
            -> layer_normalization(scale = false, center = false) -> dense(2, linear);
        loss = mse;
        optimizer = adam();
    }
    let model = EveryTensor::with_seed(3);
    let at_run_time: Vec<(String, Vec<usize>, usize)> = model
        .network()
        .layers()
        .tensors()
        .into_iter()
        .map(|tensor| (tensor.name, tensor.shape, tensor.offset))
        .collect();
    let compiled: Vec<(String, Vec<usize>, usize)> = EveryTensorInference::TENSORS
        .iter()
        .map(|tensor| {
            (
                tensor.name.to_string(),
                tensor.shape.to_vec(),
                tensor.offset,
            )
        })
        .collect();
    assert_eq!(compiled, at_run_time);
    assert_eq!(EveryTensorInference::PARAMETERS, EveryTensor::PARAMETERS);
    let x = [0.5, -1.0, 2.0];
    assert_eq!(model.inference().predict_one(&x), model.predict_one(&x));
}
