//! Every activation, optimizer and option the language names compiles and trains: the pass
//! cases of the macro (its compile-fail cases are in `tests/ui`).

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
    trains!(L8: dense(4, relu, kernel_initializer = he_normal, bias_initializer = constant(0.1)) -> dropout(0.2) -> dense(2, linear, kernel_regularizer = l1_l2(l1 = 0.01, l2 = 0.01)); loss = mse; optimizer = sgd(0.05); seed = 9;);

    let mut net = nn::network!(dense(4, tanh) -> dense(2, linear); loss = mape; optimizer = rmsprop(lr = 0.01); metrics = [mae]);
    let x = vec![[1.0_f32, 2.0, 3.0, 4.0, 5.0]; 8];
    let y = vec![[1.0_f32, 2.0]; 8];
    let history = net
        .fit(&x, &y, &FitOptions::new().epochs(3).verbose(0))
        .unwrap();
    assert_eq!(history.get("mae").map(<[f32]>::len), Some(3));
}
