//! Keras's `fit` options and callbacks: validation, weights, resuming, early stopping,
//! checkpoints, learning-rate changes, divergence, CSV logs; validation rows in any container,
//! callbacks lent and read back, and the stop History records.

use nn::callbacks::{
    CsvLogger, EarlyStopping, LambdaCallback, LearningRateScheduler, ModelCheckpoint,
    ReduceLrOnPlateau, TerminateOnNan,
};
use nn::optimizers::Optimizer;
use nn::prelude::*;

nn::network! {
    struct Net;
    input(2) -> dense(8, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
    metrics = [mae];
}

nn::network! {
    struct Diverging;
    input(2) -> dense(8, relu) -> dense(1, linear);
    loss = mse;
    optimizer = sgd(lr = 1e6);
}

fn data() -> (Vec<[f32; 2]>, Vec<[f32; 1]>) {
    let x: Vec<[f32; 2]> = (0..40)
        .map(|i| [i as f32 / 40.0, (i % 4) as f32 / 4.0])
        .collect();
    let y = x.iter().map(|r| [r[0] - 0.5 * r[1]]).collect();
    (x, y)
}

fn quiet() -> FitOptions {
    FitOptions::new().epochs(5).batch_size(8).verbose(0)
}

fn scratch(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("nn_callbacks_{name}_{}", std::process::id()))
}

#[test]
fn validation_split_holds_out_the_last_rows_before_shuffling() {
    let (x, y) = data();
    let mut model = Net::with_seed(1);
    let history = model.fit(&x, &y, &quiet().validation_split(0.25)).unwrap();
    assert_eq!(
        history.names().collect::<Vec<_>>(),
        ["loss", "mae", "val_loss", "val_mae"]
    );
    // The last epoch's validation scores are those of the final weights on the last 10 rows.
    let held_out = model.evaluate(&x[30..], &y[30..]).unwrap();
    assert_eq!(history.get("val_loss").unwrap()[4], held_out.loss());
    assert_eq!(
        history.get("val_mae").unwrap()[4],
        held_out.get("mae").unwrap()
    );

    let mut twin = Net::with_seed(1);
    let extras = FitExtras::new().validation_data(&x[30..], &y[30..]);
    let explicit = twin.fit_with(&x[..30], &y[..30], &quiet(), extras).unwrap();
    assert_eq!(explicit, history);
}

#[test]
fn bad_validation_splits_and_weights_are_errors() {
    let (x, y) = data();
    let mut model = Net::with_seed(1);
    for split in [1.0, -0.1, 0.99] {
        let error = model
            .fit(&x, &y, &quiet().validation_split(split))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(
                "validation_split must be in [0, 1) and leaving at least one training row"
            ),
            "{error}"
        );
    }
    let extras = FitExtras::new().sample_weight(&[1.0; 3]);
    let error = model
        .fit_with(&x, &y, &quiet(), extras)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "fit's sample_weight was given 40 input rows but 3 target rows; they must match"
    );
    let error = model
        .fit(&x, &y, &quiet().class_weight([(0, f32::NAN)]))
        .unwrap_err()
        .to_string();
    assert_eq!(error, "class_weight must be finite and at least 0, got NaN");
}

#[test]
fn weights_scale_each_samples_loss() {
    let (x, y) = data();
    let one_step = || {
        FitOptions::new()
            .epochs(1)
            .batch_size(40)
            .shuffle(false)
            .verbose(0)
    };
    let plain = Net::with_seed(2).fit(&x, &y, &one_step()).unwrap().loss()[0];
    let doubled = Net::with_seed(2)
        .fit_with(
            &x,
            &y,
            &one_step(),
            FitExtras::new().sample_weight(&[2.0; 40]),
        )
        .unwrap()
        .loss()[0];
    assert!(
        (doubled - 2.0 * plain).abs() <= 1e-6 * plain,
        "{doubled} vs 2 × {plain}"
    );

    // Every row's label rounds to class 0 or 1; weighing both classes 0 means no gradient at all.
    let mut model = Net::with_seed(2);
    let before = model.network().parameters().to_vec();
    model
        .fit(&x, &y, &quiet().class_weight([(0, 0.0), (1, 0.0)]))
        .unwrap();
    assert_eq!(model.network().parameters(), before);
}

#[test]
fn initial_epoch_resumes_the_count() {
    let (x, y) = data();
    let mut model = Net::with_seed(3);
    let history = model
        .fit(&x, &y, &quiet().epochs(5).initial_epoch(3))
        .unwrap();
    assert_eq!(history.epochs(), 2);
}

#[test]
fn early_stopping_stops_and_restores_the_best_weights() {
    let (x, y) = data();
    let mut seen = Vec::new();
    let snapshots = LambdaCallback::new()
        .on_epoch_end(|_, _, training| seen.push(training.parameters.to_vec()));
    // Nothing ever improves by 10: the first epoch stays best, and patience 2 stops at epoch 2.
    let mut stopper = EarlyStopping::new("loss")
        .min_delta(10.0)
        .patience(2)
        .restore_best_weights(true);
    let extras = FitExtras::new().callback(snapshots).callback(&mut stopper);
    let mut model = Net::with_seed(4);
    let history = model.fit_with(&x, &y, &quiet().epochs(20), extras).unwrap();
    assert_eq!(stopper.stopped_epoch(), Some(2));
    assert_eq!(history.stopped_epoch(), Some(2));
    assert_eq!(history.epochs(), 3);
    assert_eq!(model.network().parameters(), seen[0].as_slice());
}

#[test]
fn model_checkpoint_keeps_the_best_weights_on_disk() {
    let (x, y) = data();
    let path = scratch("best.safetensors");
    let mut checkpoint = ModelCheckpoint::new(&path)
        .monitor("val_loss")
        .save_best_only(true);
    let mut model = Net::with_seed(5);
    let history = model
        .fit_with(
            &x,
            &y,
            &quiet().epochs(8).validation_split(0.25),
            FitExtras::new().callback(&mut checkpoint),
        )
        .unwrap();
    let val = history.get("val_loss").unwrap();
    let improvements = (0..val.len())
        .filter(|&i| val[..i].iter().all(|&earlier| val[i] < earlier))
        .count();
    assert_eq!(checkpoint.saves(), improvements);
    let mut reloaded = Net::with_seed(99);
    reloaded.load(&path).unwrap();
    let best = val.iter().copied().fold(f32::INFINITY, f32::min);
    assert!((reloaded.evaluate(&x[30..], &y[30..]).unwrap().loss() - best).abs() <= 1e-6 * best);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_diverging_run_stops_with_an_error_and_keeps_the_good_checkpoint() {
    let (x, y) = data();
    let path = scratch("diverging.safetensors");
    let mut model = Diverging::with_seed(6);
    model.save(&path).unwrap();
    // Keras's behaviour, which TerminateOnNan exists for; by default the optimizer refuses
    // the non-finite step itself (tests/non_finite_steps.rs).
    let options = quiet()
        .epochs(50)
        .non_finite(nn::optimizers::NonFinite::Continue);
    let extras = FitExtras::new()
        .callback(TerminateOnNan::new())
        .callback(ModelCheckpoint::new(&path).monitor("loss"));
    let error = model.fit_with(&x, &y, &options, extras).unwrap_err();
    assert!(matches!(error, nn::Error::Diverged { .. }), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("training diverged: the loss of epoch "),
        "{error}"
    );
    let mut reloaded = Diverging::with_seed(7);
    reloaded.load(&path).unwrap();
    assert!(
        reloaded
            .network()
            .parameters()
            .iter()
            .all(|w| w.is_finite())
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn learning_rate_callbacks_change_the_optimizer() {
    let (x, y) = data();
    let mut model = Net::with_seed(8);
    let schedule = LearningRateScheduler::new(|epoch, _| 0.1 / (epoch + 1) as f32);
    model
        .fit_with(
            &x,
            &y,
            &quiet().epochs(3),
            FitExtras::new().callback(schedule),
        )
        .unwrap();
    assert_eq!(model.network().optimizer().learning_rate(), 0.1 / 3.0);

    // The first epoch sets the best; nothing improves on it by 10, so with patience 1 each of
    // the next three epochs halves the rate: 0.01 → 0.01/2³.
    let plateau = ReduceLrOnPlateau::new("loss")
        .min_delta(10.0)
        .patience(1)
        .factor(0.5);
    let mut model = Net::with_seed(8);
    model
        .fit_with(
            &x,
            &y,
            &quiet().epochs(4),
            FitExtras::new().callback(plateau),
        )
        .unwrap();
    assert_eq!(model.network().optimizer().learning_rate(), 0.01 / 8.0);
}

#[test]
fn csv_logger_writes_what_history_holds() {
    let (x, y) = data();
    let path = scratch("log.csv");
    let mut model = Net::with_seed(9);
    let history = model
        .fit_with(
            &x,
            &y,
            &quiet().epochs(3).validation_split(0.2),
            FitExtras::new().callback(CsvLogger::new(&path)),
        )
        .unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, history.to_csv());
    assert!(
        written.starts_with("epoch,loss,mae,val_loss,val_mae\n0,"),
        "{written}"
    );
    assert_eq!(written.lines().count(), 4);
    std::fs::remove_file(path).unwrap();
}

nn::network! {
    struct Classifier;
    input(2) -> dense(8, relu) -> dense(2, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.01);
    metrics = [accuracy];
}

#[test]
fn auto_mode_follows_each_metrics_own_direction() {
    // Accuracy is better higher (its type says so): a best-only checkpoint on it saves once
    // per new maximum, where the loss would have saved once per new minimum.
    let (x, y) = data();
    let labels: Vec<usize> = y.iter().map(|y| usize::from(y[0] > 0.2)).collect();
    let path = scratch("accuracy.safetensors");
    let mut checkpoint = ModelCheckpoint::new(&path)
        .monitor("accuracy")
        .save_best_only(true);
    let mut model = Classifier::with_seed(11);
    let history = model
        .fit_with(
            &x,
            &labels,
            &quiet().epochs(30),
            FitExtras::new().callback(&mut checkpoint),
        )
        .unwrap();
    let accuracy = history.get("accuracy").unwrap();
    let new_maxima = (0..accuracy.len())
        .filter(|&i| accuracy[..i].iter().all(|&earlier| accuracy[i] > earlier))
        .count();
    assert!(accuracy.last() > accuracy.first(), "{accuracy:?}");
    assert_eq!(checkpoint.saves(), new_maxima, "{accuracy:?}");
    std::fs::remove_file(path).unwrap();
}

#[test]
fn validation_rows_may_be_any_container_whatever_the_training_rows_are() {
    let (x, y) = data();
    let split = Net::with_seed(1)
        .fit(&x, &y, &quiet().validation_split(0.25))
        .unwrap();

    // Training rows a Vec, validation rows arrays.
    let (x_train, y_train) = (x[..30].to_vec(), y[..30].to_vec());
    let x_val: [[f32; 2]; 10] = x[30..].try_into().unwrap();
    let y_val: [[f32; 1]; 10] = y[30..].try_into().unwrap();
    let extras = FitExtras::new().validation_data(&x_val, &y_val);
    let from_arrays = Net::with_seed(1)
        .fit_with(&x_train, &y_train, &quiet(), extras)
        .unwrap();
    assert_eq!(from_arrays, split);

    // Training rows an array, validation rows a slice and a Vec.
    let x_train: [[f32; 2]; 30] = x[..30].try_into().unwrap();
    let y_val = y[30..].to_vec();
    let extras = FitExtras::new().validation_data(&x[30..], &y_val);
    let from_slices = Net::with_seed(1)
        .fit_with(&x_train, &y[..30], &quiet(), extras)
        .unwrap();
    assert_eq!(from_slices, split);

    // Class labels too: a Vec to train on, an array to validate with.
    let labels: Vec<usize> = y.iter().map(|y| usize::from(y[0] > 0.2)).collect();
    let split = Classifier::with_seed(2)
        .fit(&x, &labels, &quiet().validation_split(0.25))
        .unwrap();
    let labels_val: [usize; 10] = labels[30..].try_into().unwrap();
    let extras = FitExtras::new().validation_data(&x_val, &labels_val);
    let from_array = Classifier::with_seed(2)
        .fit_with(&x[..30], &labels[..30], &quiet(), extras)
        .unwrap();
    assert_eq!(from_array, split);
    assert_eq!(split.stopped_epoch(), None, "no callback stopped it");
}

#[test]
fn history_records_the_epoch_a_callback_stopped_in_even_after_a_batch() {
    // 40 rows in batches of 8: 5 batches an epoch, so the 12th batch is epoch 2's second.
    let (x, y) = data();
    let mut batches = 0;
    let stop_after_the_12th = LambdaCallback::new().on_batch_end(|_, _, training| {
        batches += 1;
        training.stop_training = batches == 12;
    });
    let extras = FitExtras::new().callback(stop_after_the_12th);
    let history = Net::with_seed(4)
        .fit_with(&x, &y, &quiet().epochs(20), extras)
        .unwrap();
    assert_eq!(batches, 12, "no batch ran after the stop");
    assert_eq!(history.stopped_epoch(), Some(2));
    // The stopped epoch is completed and recorded, as Keras does.
    assert_eq!(history.epochs(), 3);
}

#[test]
fn callbacks_are_lent_and_read_back_from_the_callers_own_values() {
    // An EarlyStopping, a checkpoint and a backup stay the caller's: each is read after `fit`
    // from the caller's variable, with what it found during the run.
    let (x, y) = data();
    let path = scratch("lent.safetensors");
    let dir = scratch("lent_backup");
    let mut stop = EarlyStopping::new("val_loss").min_delta(10.0).patience(1);
    let mut checkpoint = ModelCheckpoint::new(&path).save_best_only(true);
    let mut backup = nn::callbacks::BackupAndRestore::new(&dir).delete_checkpoint(false);
    let extras = FitExtras::new()
        .validation_data(&x[30..], &y[30..])
        .callback(&mut stop)
        .callback(&mut checkpoint)
        .callback(&mut backup);
    let history = Net::with_seed(12)
        .fit_with(&x[..30], &y[..30], &quiet().epochs(20), extras)
        .unwrap();
    // Nothing improves by 10 on epoch 0's val_loss: patience 1 stops at epoch 1.
    assert_eq!(stop.stopped_epoch(), Some(1));
    assert_eq!(history.stopped_epoch(), Some(1));
    assert_eq!(history.epochs(), 2);
    let val = history.get("val_loss").unwrap();
    assert_eq!(checkpoint.saves(), if val[1] < val[0] { 2 } else { 1 });
    assert_eq!(backup.saves(), 2, "one backup per epoch");
    assert!(backup.path().exists(), "kept, as asked");
    std::fs::remove_file(path).unwrap();
    std::fs::remove_dir_all(dir).unwrap();
}
