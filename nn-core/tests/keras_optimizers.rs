//! Optimizers against Keras 3's own trajectories (tests/golden/optimizers.json): five
//! parameters `p0`, updated with `grads[i]` at step `i` by `optimizer.apply_gradients`.
//!
//! Every golden case is built from its `kwargs` (an unknown kwarg fails the test), run for all
//! ten steps and compared to 1e-6 relative after each; every optimizer's `Default` is compared
//! with the defaults Keras spells out in each case's `config`; and
//! `every_golden_case_is_checked` fails if the file has a case of an optimizer not listed here.

mod common;

use common::{assert_close, cases, floats, golden, rows};
use nn_core::optimizers::{
    Adadelta, Adagrad, Adam, AdamW, Adamax, Ftrl, Lion, Nadam, Optimizer, Options, RmsProp, Sgd,
};
use serde_json::{Value, json};

/// A Keras optimizer as the golden file names and configures it.
trait Keras: Optimizer + Default {
    /// The Keras class name, the golden file's `optimizer`.
    const CLASS: &'static str;
    /// Sets the Keras argument `key` (other than the common [`Options`]); false if unknown.
    fn set(&mut self, key: &str, value: &Value) -> bool;
    /// The common arguments.
    fn options(&mut self) -> &mut Options;
    /// Every argument as Keras's `get_config` spells it (common arguments included).
    fn config(&mut self) -> Vec<(&'static str, Value)>;
}

/// Every Keras class checked below; `every_golden_case_is_checked` compares it with the file.
const CHECKED: &[&str] = &[
    Sgd::CLASS,
    RmsProp::CLASS,
    Adam::CLASS,
    AdamW::CLASS,
    Adamax::CLASS,
    Nadam::CLASS,
    Adagrad::CLASS,
    Adadelta::CLASS,
    Lion::CLASS,
    Ftrl::CLASS,
];

/// `get_config` keys of features we do not implement; the golden cases must leave them off.
const NOT_IMPLEMENTED: &[(&str, Value)] = &[
    ("use_ema", Value::Bool(false)),
    ("ema_overwrite_frequency", Value::Null),
    ("loss_scale_factor", Value::Null),
    ("gradient_accumulation_steps", Value::Null),
];

/// `get_config` keys that configure nothing we implement (`ema_momentum` only matters with EMA).
const IGNORED: &[&str] = &["name", "ema_momentum"];

fn number(value: &Value) -> f32 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number")) as f32
}

/// A hyperparameter nn keeps in double precision, as Keras's Python float.
fn double(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"))
}

fn flag(value: &Value) -> bool {
    value
        .as_bool()
        .unwrap_or_else(|| panic!("{value} is not a bool"))
}

fn optional(value: &Value) -> Option<f32> {
    if value.is_null() {
        None
    } else {
        Some(number(value))
    }
}

fn option_value(option: Option<f32>) -> Value {
    option.map_or(Value::Null, |x| json!(x))
}

fn options_config(options: &Options) -> Vec<(&'static str, Value)> {
    vec![
        ("weight_decay", option_value(options.weight_decay)),
        ("clipnorm", option_value(options.clipnorm)),
        ("global_clipnorm", option_value(options.global_clipnorm)),
        ("clipvalue", option_value(options.clipvalue)),
    ]
}

/// Whether our `actual` config value is Keras's `expected` (numbers compared as f32).
fn same(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Number(_), Value::Number(_)) => number(actual) == number(expected),
        _ => actual == expected,
    }
}

/// `O` built as Keras builds it from `kwargs`; panics on an argument we do not know.
fn from_kwargs<O: Keras>(kwargs: &Value) -> O {
    let mut optimizer = O::default();
    for (key, value) in kwargs.as_object().expect("kwargs") {
        let options = optimizer.options();
        match key.as_str() {
            "weight_decay" => options.weight_decay = optional(value),
            "clipnorm" => options.clipnorm = optional(value),
            "global_clipnorm" => options.global_clipnorm = optional(value),
            "clipvalue" => options.clipvalue = optional(value),
            _ => assert!(
                optimizer.set(key, value),
                "{} has no argument {key}",
                O::CLASS
            ),
        }
    }
    optimizer
}

/// Runs all ten golden steps and compares the parameters after each.
fn check_trajectory(mut optimizer: impl Optimizer, file: &Value, case: &Value) {
    let mut parameters = floats(&file["p0"]);
    let gradients = rows(&file["grads"]);
    let expected = rows(&case["params_after_each_step"]);
    assert_eq!(expected.len(), 10);
    for (step, (gradient, expected)) in gradients.iter().zip(&expected).enumerate() {
        optimizer.apply(&mut parameters, gradient);
        for (i, (&actual, &expected)) in parameters.iter().zip(expected).enumerate() {
            let what = format!(
                "{} {} step {} parameter {i}",
                case["optimizer"],
                case["kwargs"],
                step + 1
            );
            assert_close(&what, actual, expected, 1e-6);
        }
    }
    assert_eq!(optimizer.iterations(), 10);
}

/// Every golden case of `O`: its kwargs give Keras's config, and its trajectory is Keras's.
fn check_cases<O: Keras>() {
    let file = golden("optimizers.json");
    let cases = cases(&file, "optimizer", O::CLASS);
    assert!(!cases.is_empty(), "no golden case for {}", O::CLASS);
    for case in cases {
        let mut optimizer = from_kwargs::<O>(&case["kwargs"]);
        check_config(&mut optimizer, case, |_| true);
        check_trajectory(optimizer, &file, case);
    }
}

/// `O::default()` has every default Keras's configs spell out (each argument not in kwargs).
fn check_defaults<O: Keras>() {
    let file = golden("optimizers.json");
    for case in cases(&file, "optimizer", O::CLASS) {
        let kwargs = case["kwargs"].as_object().unwrap();
        check_config(&mut O::default(), case, |key| !kwargs.contains_key(key));
    }
}

/// Compares our config with the golden one on the keys `compare` selects, and checks that the
/// golden config has no argument we lack.
fn check_config<O: Keras>(optimizer: &mut O, case: &Value, compare: impl Fn(&str) -> bool) {
    let ours = optimizer.config();
    for (key, expected) in case["config"].as_object().unwrap() {
        if IGNORED.contains(&key.as_str()) {
            continue;
        }
        if let Some((_, off)) = NOT_IMPLEMENTED.iter().find(|(k, _)| k == key) {
            assert_eq!(expected, off, "{} {key} is on in a golden case", O::CLASS);
            continue;
        }
        let (_, actual) = ours
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("{} lacks Keras's argument {key}", O::CLASS));
        if compare(key) {
            assert!(
                same(actual, expected),
                "{} {}: {key} is {actual}, Keras's is {expected}",
                O::CLASS,
                case["kwargs"]
            );
        }
    }
}

macro_rules! keras {
    ($type:ty, $class:literal, { $($field:ident : $kind:ident),* $(,)? }) => {
        impl Keras for $type {
            const CLASS: &'static str = $class;
            fn set(&mut self, key: &str, value: &Value) -> bool {
                match key {
                    $(stringify!($field) => self.$field = $kind(value),)*
                    _ => return false,
                }
                true
            }
            fn options(&mut self) -> &mut Options {
                &mut self.options
            }
            fn config(&mut self) -> Vec<(&'static str, Value)> {
                let mut config = options_config(&self.options);
                $(config.push((stringify!($field), json!(self.$field)));)*
                config
            }
        }
    };
}

keras!(Sgd, "SGD", { learning_rate: number, momentum: number, nesterov: flag });
keras!(RmsProp, "RMSprop", {
    learning_rate: number, rho: double, momentum: number, epsilon: number, centered: flag,
});
keras!(Adam, "Adam", {
    learning_rate: number, beta_1: double, beta_2: double, epsilon: number, amsgrad: flag,
});
keras!(AdamW, "AdamW", {
    learning_rate: number, beta_1: double, beta_2: double, epsilon: number, amsgrad: flag,
});
keras!(Adamax, "Adamax", {
    learning_rate: number, beta_1: double, beta_2: double, epsilon: number,
});
keras!(Nadam, "Nadam", {
    learning_rate: number, beta_1: number, beta_2: number, epsilon: number,
});
keras!(Adagrad, "Adagrad", {
    learning_rate: number, initial_accumulator_value: number, epsilon: number,
});
keras!(Adadelta, "Adadelta", { learning_rate: number, rho: double, epsilon: number });
keras!(Lion, "Lion", { learning_rate: number, beta_1: number, beta_2: number });
keras!(Ftrl, "Ftrl", {
    learning_rate: number,
    learning_rate_power: number,
    initial_accumulator_value: number,
    l1_regularization_strength: number,
    l2_regularization_strength: number,
    l2_shrinkage_regularization_strength: number,
    beta: number,
});

#[test]
fn every_golden_case_is_checked() {
    let file = golden("optimizers.json");
    let all = file["cases"].as_array().unwrap();
    assert!(!all.is_empty());
    for case in all {
        let class = case["optimizer"].as_str().unwrap();
        assert!(
            CHECKED.contains(&class),
            "golden case {class} {} is not checked",
            case["kwargs"]
        );
    }
}

#[test]
fn sgd_defaults_are_keras_defaults() {
    check_defaults::<Sgd>();
}

#[test]
fn sgd_follows_keras() {
    check_cases::<Sgd>();
}

#[test]
fn rmsprop_defaults_are_keras_defaults() {
    check_defaults::<RmsProp>();
}

#[test]
fn rmsprop_follows_keras() {
    check_cases::<RmsProp>();
}

#[test]
fn adam_defaults_are_keras_defaults() {
    check_defaults::<Adam>();
}

#[test]
fn adam_follows_keras() {
    check_cases::<Adam>();
}

#[test]
fn adamw_defaults_are_keras_defaults() {
    check_defaults::<AdamW>();
}

#[test]
fn adamw_follows_keras() {
    check_cases::<AdamW>();
}

#[test]
fn adamax_defaults_are_keras_defaults() {
    check_defaults::<Adamax>();
}

#[test]
fn adamax_follows_keras() {
    check_cases::<Adamax>();
}

#[test]
fn nadam_defaults_are_keras_defaults() {
    check_defaults::<Nadam>();
}

#[test]
fn nadam_follows_keras() {
    check_cases::<Nadam>();
}

#[test]
fn adagrad_defaults_are_keras_defaults() {
    check_defaults::<Adagrad>();
}

#[test]
fn adagrad_follows_keras() {
    check_cases::<Adagrad>();
}

#[test]
fn adadelta_defaults_are_keras_defaults() {
    check_defaults::<Adadelta>();
}

#[test]
fn adadelta_follows_keras() {
    check_cases::<Adadelta>();
}

#[test]
fn lion_defaults_are_keras_defaults() {
    check_defaults::<Lion>();
}

#[test]
fn lion_follows_keras() {
    check_cases::<Lion>();
}

#[test]
fn ftrl_defaults_are_keras_defaults() {
    check_defaults::<Ftrl>();
}

#[test]
fn ftrl_follows_keras() {
    check_cases::<Ftrl>();
}

/// With the whole network as one variable, `global_clipnorm` clips as Keras's `clipnorm` does,
/// so it must follow the golden SGD `clipnorm` case.
#[test]
fn global_clipnorm_matches_clipnorm_on_one_variable() {
    let file = golden("optimizers.json");
    let case = cases(&file, "optimizer", "SGD")
        .into_iter()
        .find(|case| case["kwargs"]["clipnorm"] == json!(1.0))
        .expect("the SGD clipnorm case")
        .clone();
    let mut sgd = Sgd::default();
    sgd.learning_rate = 0.1;
    sgd.options.global_clipnorm = Some(1.0);
    check_trajectory(sgd, &file, &case);
}

/// The legacy `decay`: step `t` (from 1) uses `lr / (1 + decay·(t − 1))`, so plain SGD ends at
/// `θ₀ − Σₜ g_t · lr / (1 + decay·(t − 1))`, computed here in f64.
#[test]
fn sgd_legacy_decay_follows_the_closed_form() {
    let file = golden("optimizers.json");
    let (lr, decay) = (0.1_f64, 0.5_f64);
    let mut sgd = Sgd::default();
    sgd.learning_rate = lr as f32;
    sgd.decay = decay as f32;
    let mut parameters = floats(&file["p0"]);
    let mut expected: Vec<f64> = parameters.iter().map(|&p| f64::from(p)).collect();
    for (step, gradient) in rows(&file["grads"]).iter().enumerate() {
        sgd.apply(&mut parameters, gradient);
        let rate = lr / (1.0 + decay * step as f64);
        for ((expected, &g), &actual) in expected.iter_mut().zip(gradient).zip(&parameters) {
            *expected -= rate * f64::from(g);
            let what = format!("SGD decay step {} parameter", step + 1);
            assert_close(&what, actual, *expected as f32, 1e-6);
        }
    }
    assert_eq!(sgd.iterations(), 10);
}

/// `decay = 0` is exactly no decay, for every optimizer that has it.
#[test]
fn zero_legacy_decay_changes_nothing() {
    let file = golden("optimizers.json");
    let case = cases(&file, "optimizer", "RMSprop")[0].clone();
    let mut rmsprop = from_kwargs::<RmsProp>(&case["kwargs"]);
    rmsprop.decay = 0.0;
    check_trajectory(rmsprop, &file, &case);
}
