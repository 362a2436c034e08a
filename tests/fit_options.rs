//! Options Keras accepts silently but cannot mean are an error from `fit`, naming the option,
//! with nothing changed (issue 11, "quiet acceptance"); the legitimate edge cases still work.
//! `FitOptions` is settings only (issue 13): `Send + Sync`, a clone shares nothing, and
//! `verbose` is a `Verbosity` or Keras's 0, 1 or 2.

use nn::prelude::*;

nn::network! {
    struct Sparse;
    input(2) -> dense(4, relu) -> dense(3, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    struct Binary;
    input(2) -> dense(4, relu) -> dense(1, sigmoid);
    loss = binary_crossentropy;
    optimizer = adam(lr = 0.01);
}

nn::network! {
    struct Regression;
    input(2) -> dense(4, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

const QUIET: fn() -> FitOptions = || FitOptions::new().epochs(2).batch_size(4).verbose(0);

fn x() -> Vec<[f32; 2]> {
    (0..12).map(|i| [i as f32 / 12.0, (i % 3) as f32]).collect()
}

/// Fits `model` with `options`, expects `expected` as the error, and checks the weights did not
/// move.
fn assert_rejected<const OUT: usize, M: Model<2, OUT>>(
    mut model: M,
    y: &[nn::model::TargetOf<M, 2, OUT>],
    options: FitOptions,
    expected: &str,
) {
    let before = model.network().parameters().to_vec();
    let error = model.fit(&x(), y, &options).unwrap_err();
    assert_eq!(error.to_string(), expected);
    assert_eq!(
        model.network().parameters(),
        before,
        "weights changed on an error"
    );
}

#[test]
fn a_class_weight_for_a_class_the_network_lacks_is_an_error() {
    let labels: Vec<usize> = (0..12).map(|i| i % 3).collect();
    assert_rejected(
        Sparse::with_seed(1),
        &labels,
        QUIET().class_weight([(0, 1.0), (3, 2.0)]),
        "class_weight gives a weight to class 3, but the network's labels have only 3 classes \
         (0 to 2); the weight would never be used",
    );
    // One sigmoid output: classes 0 and 1.
    let binary: Vec<[f32; 1]> = (0..12).map(|i| [(i % 2) as f32]).collect();
    assert_rejected(
        Binary::with_seed(1),
        &binary,
        QUIET().class_weight([(2, 5.0)]),
        "class_weight gives a weight to class 2, but the network's labels have only 2 classes \
         (0 to 1); the weight would never be used",
    );
    // The classes that exist are accepted.
    let mut model = Sparse::with_seed(1);
    let history = model.fit(&x(), &labels, &QUIET().class_weight([(0, 1.0), (2, 3.0)]));
    assert_eq!(history.map(|h| h.epochs()), Ok(2));
}

#[test]
fn a_class_given_two_weights_is_an_error() {
    let labels: Vec<usize> = (0..12).map(|i| i % 3).collect();
    assert_rejected(
        Sparse::with_seed(1),
        &labels,
        QUIET().class_weight([(1, 2.0), (0, 1.0), (1, 3.0)]),
        "class_weight gives class 1 two weights, 2 and 3; give it one",
    );
}

#[test]
fn with_class_weight_a_single_output_label_must_round_to_0_or_1() {
    let mut y: Vec<[f32; 1]> = (0..12).map(|i| [(i % 2) as f32]).collect();
    // 0.4 rounds to class 0, as in Keras: accepted.
    y[3] = [0.4];
    let mut model = Binary::with_seed(1);
    assert!(
        model
            .fit(&x(), &y, &QUIET().class_weight([(1, 2.0)]))
            .is_ok()
    );
    for bad in [1.6, -0.7] {
        y[5] = [bad];
        assert_rejected(
            Binary::with_seed(1),
            &y,
            QUIET().class_weight([(1, 2.0)]),
            "class_weight reads y row 5 as a class, but its one value rounds to neither 0 nor 1, \
             the classes of a single output",
        );
        // Without class_weight a one-value target is any number (a regression).
        assert!(Binary::with_seed(1).fit(&x(), &y, &QUIET()).is_ok());
    }
}

#[test]
fn class_weight_on_rows_of_several_values_reads_their_argmax_as_keras_does() {
    // Keras 3 weighs a rank-2 target by its argmax, one-hot or not; only rank 3+ is refused.
    let y: Vec<[f32; 2]> = (0..12).map(|i| [i as f32, 12.0 - i as f32]).collect();
    let fit = |weights: Vec<(usize, f32)>| {
        let mut model = Regression::with_seed(4);
        model
            .fit(&x(), &y, &QUIET().shuffle(false).class_weight(weights))
            .unwrap();
        model.network().parameters().to_vec()
    };
    // Rows 0..=6 have argmax 1 (12 − i ≥ i), the rest argmax 0: weighing class 1 differently
    // changes training, weighing both by 1 does not.
    assert_eq!(fit(vec![(0, 1.0), (1, 1.0)]), fit(vec![]));
    assert_ne!(fit(vec![(1, 3.0)]), fit(vec![]));
    assert_rejected(
        Regression::with_seed(4),
        &y,
        QUIET().class_weight([(2, 1.0)]),
        "class_weight gives a weight to class 2, but the network's labels have only 2 classes \
         (0 to 1); the weight would never be used",
    );
}

#[test]
fn initial_epoch_past_epochs_is_an_error_and_equal_trains_nothing() {
    let y: Vec<[f32; 2]> = (0..12).map(|i| [i as f32, 0.0]).collect();
    assert_rejected(
        Regression::with_seed(4),
        &y,
        QUIET().initial_epoch(10).epochs(5),
        "initial_epoch must be at most `epochs`, the epoch to end at (not the number to add: to \
         train 5 more epochs after epoch 10, write initial_epoch(10).epochs(15)), got 10 with \
         epochs = 5",
    );
    // A finished run, resumed: nothing to train, an empty history, the weights untouched.
    let mut model = Regression::with_seed(4);
    let before = model.network().parameters().to_vec();
    let history = model
        .fit(&x(), &y, &QUIET().initial_epoch(5).epochs(5))
        .unwrap();
    assert_eq!(history.epochs(), 0);
    assert_eq!(model.network().parameters(), before);
    // And resuming runs only the remaining epochs.
    let history = model
        .fit(&x(), &y, &QUIET().initial_epoch(3).epochs(5))
        .unwrap();
    assert_eq!(history.epochs(), 2);
}

#[test]
fn other_garbage_options_are_errors() {
    let y: Vec<[f32; 2]> = (0..12).map(|i| [i as f32, 0.0]).collect();
    assert_rejected(
        Regression::with_seed(4),
        &y,
        QUIET().verbose(3),
        "verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), got 3",
    );
    assert_rejected(
        Regression::with_seed(4),
        &y,
        QUIET().validation_split(f64::NAN),
        "validation_split must be in [0, 1) and leaving at least one training row, got NaN of 12 \
         rows",
    );
    assert_rejected(
        Regression::with_seed(4),
        &y,
        QUIET().class_weight([(0, f32::NAN)]),
        "class_weight must be finite and at least 0, got NaN",
    );
}

#[test]
fn fit_options_are_plain_settings_that_cross_threads() {
    fn settings<T: Clone + Send + Sync + std::fmt::Debug + PartialEq + 'static>() {}
    settings::<FitOptions>();
    settings::<Verbosity>();
    let options = QUIET().class_weight([(0, 2.0)]).seed(7);
    let sent = options.clone();
    let received = std::thread::spawn(move || sent).join().unwrap();
    assert_eq!(received, options);
}

#[test]
fn a_clone_of_fit_options_shares_nothing() {
    let original = QUIET().class_weight([(0, 2.0)]);
    let mut copy = original.clone();
    copy.class_weight.push((1, 3.0));
    copy.epochs = 9;
    let copy = copy.verbose(2);
    assert_eq!(original, QUIET().class_weight([(0, 2.0)]));
    assert_ne!(copy, original);

    // Nor does a run: a callback is lent to one run, never kept in the options, so a second
    // run with the same options trains every epoch, and leaves the first run's callback as it was.
    let y: Vec<[f32; 2]> = (0..12).map(|i| [i as f32, 0.0]).collect();
    let options = QUIET().epochs(6);
    let mut stop = nn::callbacks::EarlyStopping::new("loss")
        .min_delta(1e6)
        .patience(1);
    let stopped = Regression::with_seed(4)
        .fit_with(&x(), &y, &options, FitExtras::new().callback(&mut stop))
        .unwrap();
    assert_eq!((stopped.epochs(), stopped.stopped_epoch()), (2, Some(1)));
    let unstopped = Regression::with_seed(4)
        .fit(&x(), &y, &options.clone())
        .unwrap();
    assert_eq!((unstopped.epochs(), unstopped.stopped_epoch()), (6, None));
    assert_eq!(stop.stopped_epoch(), Some(1));
}

#[test]
fn verbose_takes_a_verbosity_or_keras_numbers_and_refuses_3_and_above() {
    assert_eq!(FitOptions::new().verbosity(), Ok(Verbosity::ProgressBar));
    let y: Vec<[f32; 2]> = (0..12).map(|i| [i as f32, 0.0]).collect();
    for (number, verbosity) in [
        (0, Verbosity::Silent),
        (1, Verbosity::ProgressBar),
        (2, Verbosity::OneLinePerEpoch),
    ] {
        assert_eq!(Verbosity::try_from(number), Ok(verbosity));
        assert_eq!(u8::from(verbosity), number);
        let options = QUIET().epochs(1).verbose(number);
        assert_eq!(options, QUIET().epochs(1).verbose(verbosity));
        assert_eq!(options.verbosity(), Ok(verbosity));
        // 1 and 2 print Keras's two lines for the epoch.
        let history = Regression::with_seed(4).fit(&x(), &y, &options).unwrap();
        assert_eq!(history.epochs(), 1);
    }
    for number in [3, 4, 255] {
        let expected = format!(
            "verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), got {number}"
        );
        assert_eq!(
            Verbosity::try_from(number).unwrap_err().to_string(),
            expected
        );
        let options = QUIET().verbose(number);
        assert_eq!(options.verbosity().unwrap_err().to_string(), expected);
        assert_rejected(Regression::with_seed(4), &y, options, &expected);
    }
    // A level set after a refused number replaces it.
    assert_eq!(
        QUIET().verbose(3).verbose(Verbosity::Silent).verbosity(),
        Ok(Verbosity::Silent)
    );
}
