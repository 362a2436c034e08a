//! Structured fuzzing of `fit` (issue 11, part 6): every `FitOptions` field, the sample weights
//! and the data, at and beyond their edges, on two small networks (a regression net with
//! `[f32; 2]` targets, also through `fit_with`'s validation rows as faulty as the training rows,
//! and a classifier with `usize` labels).
//!
//! A model of `fit`'s documented checks says which argument, if any, is wrong. Then:
//! - `fit` never panics;
//! - on `Err`, the error is about an argument the model found wrong, its message names it, and
//!   the weights are bit for bit what they were;
//! - on `Ok`, nothing was wrong, the History has `epochs − initial_epoch` entries, and every
//!   value in it is finite (the data's finite values and the weights are kept moderate, so a
//!   non-finite loss would be a bug, not an overflow the caller asked for).
//!
//! Each property runs 256 cases in `cargo test` (each case trains at most 3 epochs on at most 6
//! rows). To run more:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_fit_options
//! ```

use nn::prelude::*;
use proptest::prelude::*;

nn::network! {
    struct Regression;
    input(2) -> dense(3, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
    metrics = [mae];
}

nn::network! {
    struct Classifier;
    input(2) -> dense(3, relu) -> dense(3, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.01);
    metrics = [accuracy];
}

/// Values for data and weights: ordinary ones, and the ones `fit` must refuse.
const VALUES: &[f32] = &[
    0.0,
    -0.0,
    0.5,
    1.0,
    -1.5,
    2.0,
    f32::NAN,
    f32::INFINITY,
    f32::NEG_INFINITY,
];

fn value() -> impl Strategy<Value = f32> {
    prop_oneof![
        60 => -2.0f32..2.0,
        1 => proptest::sample::select(VALUES),
    ]
}

fn weight() -> impl Strategy<Value = f32> {
    prop_oneof![
        20 => 0.0f32..3.0,
        1 => proptest::sample::select(VALUES),
    ]
}

/// A row count off by one now and then, for a mismatched `y` or `sample_weight`.
fn rows_near(rows: usize) -> impl Strategy<Value = usize> {
    prop_oneof![
        20 => Just(rows),
        1 => Just(rows + 1),
        1 => Just(rows.saturating_sub(1)),
    ]
}

#[derive(Clone, Debug)]
struct Options {
    epochs: usize,
    initial_epoch: usize,
    batch_size: usize,
    validation_split: f64,
    class_weight: Vec<(usize, f32)>,
    sample_weight: Option<Vec<f32>>,
    verbose: u8,
    shuffle: bool,
    seed: Option<u64>,
}

impl Options {
    fn fit_options(&self) -> FitOptions {
        let mut options = FitOptions::new()
            .epochs(self.epochs)
            .initial_epoch(self.initial_epoch)
            .batch_size(self.batch_size)
            .validation_split(self.validation_split)
            .class_weight(self.class_weight.iter().copied())
            .verbose(self.verbose)
            .shuffle(self.shuffle);
        if let Some(seed) = self.seed {
            options = options.seed(seed);
        }
        options
    }
}

fn options(rows: usize) -> impl Strategy<Value = Options> {
    (
        (0usize..=3, prop_oneof![4 => Just(0usize), 1 => 0usize..=4]),
        prop_oneof![1 => Just(0usize), 6 => 1usize..=7, 1 => Just(usize::MAX)],
        prop_oneof![
            4 => Just(0.0),
            2 => 0.0f64..1.0,
            1 => proptest::sample::select(
                &[-0.0, -0.1, 1.0, 1.5, 1e-300, 0.999_999, f64::NAN, f64::INFINITY][..]
            ),
        ],
        prop_oneof![
            2 => Just(Vec::new()),
            1 => proptest::collection::vec((prop_oneof![6 => 0usize..3, 1 => 3usize..5], weight()), 1..3),
        ],
        proptest::option::weighted(
            0.3,
            rows_near(rows).prop_flat_map(|n| proptest::collection::vec(weight(), n)),
        ),
        // 1 and 2 print Keras's progress lines; rarely, to keep `cargo test` quiet.
        prop_oneof![30 => Just(0u8), 10 => 3u8..=255, 1 => 1u8..=2],
        any::<bool>(),
        proptest::option::of(any::<u64>()),
    )
        .prop_map(
            |(
                (epochs, initial_epoch),
                batch_size,
                validation_split,
                class_weight,
                sample_weight,
                verbose,
                shuffle,
                seed,
            )| {
                Options {
                    epochs,
                    initial_epoch,
                    batch_size,
                    validation_split,
                    class_weight,
                    sample_weight,
                    verbose,
                    shuffle,
                    seed,
                }
            },
        )
}

/// What `fit` documents it refuses, in the order it checks: the argument named, if any.
fn refused<T>(
    x: &[[f32; 2]],
    y: &[T],
    bad_y: impl Fn(&T) -> bool,
    classes: usize,
    o: &Options,
) -> Option<&'static str> {
    if x.is_empty() {
        return Some("x");
    }
    if x.len() != y.len() {
        return Some("y");
    }
    if x.iter().flatten().any(|v| !v.is_finite()) {
        return Some("x");
    }
    if y.iter().any(bad_y) {
        return Some("y");
    }
    if o.batch_size == 0 {
        return Some("batch_size");
    }
    if o.initial_epoch > o.epochs {
        return Some("initial_epoch");
    }
    if o.verbose > 2 {
        return Some("verbose");
    }
    for (i, &(class, weight)) in o.class_weight.iter().enumerate() {
        if !(weight.is_finite() && weight >= 0.0)
            || o.class_weight[..i].iter().any(|(c, _)| *c == class)
        {
            return Some("class_weight");
        }
    }
    if o.class_weight.iter().any(|&(class, _)| class >= classes) {
        return Some("class_weight");
    }
    if let Some(weights) = &o.sample_weight
        && (weights.len() != y.len() || weights.iter().any(|w| !(w.is_finite() && *w >= 0.0)))
    {
        return Some("sample_weight");
    }
    let split = o.validation_split;
    if !(0.0..1.0).contains(&split) || (x.len() as f64 * (1.0 - split)).floor() < 1.0 {
        return Some("validation_split");
    }
    None
}

/// The words an error about `argument` must contain.
fn named(argument: &str) -> &'static [&'static str] {
    match argument {
        "x" => &["`x` is empty", "x row"],
        "y" => &["target rows", "y row"],
        "batch_size" => &["batch_size"],
        "initial_epoch" => &["initial_epoch"],
        "verbose" => &["verbose"],
        "class_weight" => &["class_weight"],
        "sample_weight" => &["sample_weight"],
        "validation_split" => &["validation_split"],
        "validation" => &["validation was given", "the validation data: "],
        _ => unreachable!(),
    }
}

/// Training rows and, for `fit_with`, validation rows.
type Data<'a, T> = (&'a [[f32; 2]], &'a [T], Option<(&'a [[f32; 2]], &'a [T])>);

fn check<const OUT: usize, M: Model<2, OUT>>(
    mut model: M,
    (x, y, validation): Data<'_, nn::model::TargetOf<M, 2, OUT>>,
    expected: Option<&str>,
    options: &Options,
) -> Result<(), TestCaseError> {
    let before = model.network().parameters().to_vec();
    let result = match (validation, &options.sample_weight) {
        (None, None) => model.fit(x, y, &options.fit_options()),
        (validation, sample_weight) => {
            let mut extras = FitExtras::new();
            if let Some((vx, vy)) = validation {
                extras = extras.validation_data(vx, vy);
            }
            if let Some(weights) = sample_weight {
                extras = extras.sample_weight(weights);
            }
            model.fit_with(x, y, &options.fit_options(), extras)
        }
    };
    match (result, expected) {
        (Err(error), Some(argument)) => {
            let message = error.to_string();
            prop_assert!(
                named(argument).iter().any(|words| message.contains(words)),
                "the error should name {argument}: {message}"
            );
            let after = model.network().parameters();
            prop_assert!(
                before
                    .iter()
                    .zip(after)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "weights changed on the error {message}"
            );
        }
        (Ok(history), None) => {
            prop_assert_eq!(history.epochs(), options.epochs - options.initial_epoch);
            for name in history.names() {
                let values = history.get(name).unwrap();
                prop_assert_eq!(values.len(), history.epochs());
                prop_assert!(values.iter().all(|v| v.is_finite()), "{name}: {values:?}");
            }
            let logged = history.get("val_loss").is_some();
            let split = options.validation_split;
            let held_out = validation.is_some()
                || split > 0.0 && (x.len() as f64 * (1.0 - split)).floor() < x.len() as f64;
            prop_assert!(logged == held_out || history.epochs() == 0);
            prop_assert!(model.network().parameters().iter().all(|v| v.is_finite()));
        }
        (result, expected) => {
            prop_assert!(
                false,
                "fit gave {:?}, the checks expect an error about {expected:?}",
                result.map(|h| h.epochs())
            );
        }
    }
    Ok(())
}

fn data() -> impl Strategy<Value = (Vec<[f32; 2]>, usize)> {
    (0usize..=6).prop_flat_map(|rows| {
        (
            proptest::collection::vec([value(), value()], rows),
            rows_near(rows),
        )
    })
}

proptest! {
    // ProptestConfig::default() reads PROPTEST_CASES (256 when unset).
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn regression_fit_refuses_with_a_named_argument_or_trains_every_epoch(
        (x, y, options, seed) in data().prop_flat_map(|(x, targets)| {
            let rows = x.len();
            (Just(x), proptest::collection::vec([value(), value()], targets), options(rows), any::<u64>())
        }),
        validation in proptest::option::weighted(0.3, data().prop_flat_map(|(x, targets)| {
            (Just(x), proptest::collection::vec([value(), value()], targets))
        })),
    ) {
        let bad = |t: &[f32; 2]| t.iter().any(|v| !v.is_finite());
        // fit_with checks its validation rows first, then as fit does (validation_split
        // included, though it is then unused).
        let expected = match &validation {
            Some((vx, vy)) => refused(vx, vy, bad, 2, &Options { validation_split: 0.0, ..options.clone() })
                .filter(|argument| ["x", "y"].contains(argument))
                .map(|_| "validation"),
            None => None,
        }
        .or_else(|| refused(&x, &y, bad, 2, &options));
        let validation = validation.as_ref().map(|(vx, vy)| (&vx[..], &vy[..]));
        check(Regression::with_seed(seed), (&x, &y, validation), expected, &options)?;
    }

    #[test]
    fn classifier_fit_refuses_with_a_named_argument_or_trains_every_epoch(
        (x, y, options, seed) in data().prop_flat_map(|(x, targets)| {
            let rows = x.len();
            let label = prop_oneof![40 => 0usize..3, 1 => 3usize..5, 1 => Just(usize::MAX)];
            (Just(x), proptest::collection::vec(label, targets), options(rows), any::<u64>())
        })
    ) {
        let expected = refused(&x, &y, |&label| label >= 3, 3, &options);
        check(Classifier::with_seed(seed), (&x, &y, None), expected, &options)?;
    }
}
