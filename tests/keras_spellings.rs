//! Keras's spellings in `network!` declare the same network as the positional ones:
//! `dense(4, activation = relu)`, `dense(units = 4, activation = tanh)`, `dense(3)` (linear, as
//! Keras's `Dense(3)`), options in any order after them, and `learning_rate` for `lr`. Each pair
//! below, built with the same seed and trained one step on the same rows, holds the same
//! weights bit for bit.

use nn::prelude::*;

/// Declares the positional spelling `$positional` and the Keras spelling `$keras` of one network
/// (one hidden layer of 4 units over 3 inputs, 2 outputs), and a test that they train alike.
macro_rules! same_network {
    ($test:ident, $positional:ident { $($p:tt)* }, $keras:ident { $($k:tt)* }) => {
        nn::network! { struct $positional; $($p)* }
        nn::network! { struct $keras; $($k)* }

        #[test]
        fn $test() {
            assert_eq!($positional::PARAMETERS, $keras::PARAMETERS);
            let (x, y) = rows();
            let mut positional = $positional::with_seed(7);
            let mut keras = $keras::with_seed(7);
            let before = positional.network().parameters().to_vec();
            assert_eq!(bits(&before), bits(keras.network().parameters()), "initial weights");
            let options = FitOptions::new().epochs(1).batch_size(16).shuffle(false).verbose(0);
            positional.fit(&x, &y, &options).unwrap();
            keras.fit(&x, &y, &options).unwrap();
            let after = positional.network().parameters();
            assert_eq!(bits(after), bits(keras.network().parameters()), "weights after one step");
            // The step must have changed the weights, or equal weights would prove nothing of
            // the optimizer's rate.
            let moved = after.iter().zip(&before).filter(|(a, b)| a != b).count();
            assert!(moved > after.len() / 2, "only {moved} of {} parameters moved", after.len());
        }
    };
}

same_network!(
    activation_by_name_and_linear_by_default,
    Positional { input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adam(lr = 0.01); },
    ActivationNamed { input(3) -> dense(4, activation = relu) -> dense(2); loss = mse; optimizer = adam(learning_rate = 0.01); }
);

same_network!(
    units_and_activation_by_name,
    PositionalAgain { input(3) -> dense(4, relu) -> dense(2, linear); loss = mse; optimizer = adam(lr = 0.01); },
    AllNamed { input(3) -> dense(units = 4, activation = relu) -> dense(units = 2); loss = mse; optimizer = adam(learning_rate = 0.01); }
);

same_network!(
    activation_with_arguments_by_name,
    PositionalLeaky { input(3) -> dense(4, leaky_relu(negative_slope = 0.2)) -> dense(2, tanh); loss = mse; optimizer = sgd(lr = 0.1, momentum = 0.9); },
    NamedLeaky { input(3) -> dense(4, activation = leaky_relu(negative_slope = 0.2)) -> dense(units = 2, activation = tanh); loss = mse; optimizer = sgd(learning_rate = 0.1, momentum = 0.9); }
);

same_network!(
    named_arguments_mixed_with_options,
    PositionalOptions {
        input(3) -> dense(4, relu, use_bias = false, kernel_initializer = he_normal, kernel_regularizer = l2(0.01))
            -> dense(2, linear, bias_initializer = constant(0.5));
        loss = mse;
        optimizer = rmsprop(lr = 0.01);
    },
    NamedOptions {
        input(3) -> dense(use_bias = false, units = 4, kernel_initializer = he_normal, activation = relu, kernel_regularizer = l2(0.01))
            -> dense(2, bias_initializer = constant(0.5));
        loss = mse;
        optimizer = rmsprop(learning_rate = 0.01);
    }
);

same_network!(
    dropout_rate_by_name,
    PositionalDropout { input(3) -> dense(4, relu) -> dropout(0.25) -> dense(2, linear); loss = mse; optimizer = adam(lr = 0.01); },
    NamedDropout { input(3) -> dense(4, activation = relu) -> dropout(rate = 0.25) -> dense(2); loss = mse; optimizer = adam(learning_rate = 0.01); }
);

/// A `dense(2)` that is not linear would show here: on rows that drive the outputs negative, a
/// linear layer passes the negative values through.
#[test]
fn dense_without_an_activation_is_linear() {
    nn::network! {
        struct NoActivation;
        input(3) -> dense(2, kernel_initializer = constant(-1.0), bias_initializer = zeros);
        loss = mse;
        optimizer = adam();
    }
    let model = NoActivation::with_seed(1);
    assert_eq!(model.predict_one(&[1.0, 2.0, 0.5]), [-3.5, -3.5]);
}

/// 32 rows of 3 features, 2 targets: two batches of 16.
fn rows() -> (Vec<[f32; 3]>, Vec<[f32; 2]>) {
    let x: Vec<[f32; 3]> = (0..32)
        .map(|i| {
            [
                i as f32 / 32.0 - 0.5,
                (i % 7) as f32 / 7.0 - 0.3,
                ((i * 5) % 11) as f32 / 11.0,
            ]
        })
        .collect();
    let y = x
        .iter()
        .map(|r| [r[0] - 2.0 * r[1] + 0.5, r[2] * r[0] - 0.1])
        .collect();
    (x, y)
}

fn bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|value| value.to_bits()).collect()
}
