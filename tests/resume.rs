//! Training resumes bit for bit: in memory (two `fit` calls equal one), through a training-state
//! file, and through `BackupAndRestore`; a file of another network or optimizer is refused.

use std::path::PathBuf;

use nn::callbacks::{BackupAndRestore, Callback, Logs, SaveFreq, Training};
use nn::optimizers::Optimizer;
use nn::prelude::*;

nn::network! {
    /// Adam, dropout and two metrics: every piece of state a resumed run must carry.
    struct Dropped;
    input(3) -> dense(8, relu) -> dropout(0.25) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
    metrics = [mae, r2_score];
}

nn::network! {
    /// Nadam keeps a scalar (its momentum product) besides its slots.
    struct WithNadam;
    input(3) -> dense(8, tanh) -> dense(2, linear);
    loss = mse;
    optimizer = nadam(lr = 0.01);
}

nn::network! {
    /// The same layers as `WithNadam` with another optimizer.
    struct WithSgd;
    input(3) -> dense(8, tanh) -> dense(2, linear);
    loss = mse;
    optimizer = sgd(lr = 0.01, momentum = 0.9);
}

nn::network! {
    /// Another layout.
    struct Wider;
    input(3) -> dense(9, tanh) -> dense(2, linear);
    loss = mse;
    optimizer = nadam(lr = 0.01);
}

fn data() -> (Vec<[f32; 3]>, Vec<[f32; 2]>) {
    let x: Vec<[f32; 3]> = (0..45)
        .map(|i| {
            [
                i as f32 / 45.0,
                (i % 7) as f32 / 7.0,
                ((i * 5) % 11) as f32 / 11.0,
            ]
        })
        .collect();
    let y = x.iter().map(|r| [r[0] - r[2], 1.0 - r[1]]).collect();
    (x, y)
}

fn options(epochs: usize, shuffle: bool) -> FitOptions {
    FitOptions::new()
        .epochs(epochs)
        .batch_size(8)
        .shuffle(shuffle)
        .verbose(0)
}

/// Every value of every series, as bits, so that -0.0 and NaN compare exactly.
fn bits(history: &History) -> Vec<(String, Vec<u32>)> {
    history
        .names()
        .map(|name| {
            let values = history.get(name).unwrap().iter().map(|v| v.to_bits());
            (name.to_string(), values.collect())
        })
        .collect()
}

/// `first` then `second`, epoch by epoch.
fn joined(first: &History, second: &History) -> Vec<(String, Vec<u32>)> {
    bits(first)
        .into_iter()
        .zip(bits(second))
        .map(|((name, mut a), (_, b))| {
            a.extend(b);
            (name, a)
        })
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("nn_resume_{name}_{}", std::process::id()))
}

#[test]
fn two_fits_equal_one_with_and_without_shuffling_with_adam_and_dropout() {
    let (x, y) = data();
    for shuffle in [false, true] {
        let mut whole = Dropped::with_seed(3);
        let history = whole.fit(&x, &y, &options(10, shuffle)).unwrap();
        let mut halves = Dropped::with_seed(3);
        let first = halves.fit(&x, &y, &options(5, shuffle)).unwrap();
        let second = halves
            .fit(&x, &y, &options(10, shuffle).initial_epoch(5))
            .unwrap();
        assert_eq!(halves.network().parameters(), whole.network().parameters());
        assert_eq!(joined(&first, &second), bits(&history), "shuffle {shuffle}");
        assert_eq!(halves.network().optimizer().iterations(), 60);
    }
}

#[test]
fn an_explicit_seed_reseeds_the_generator() {
    let (x, y) = data();
    let train = |seeds: [Option<u64>; 2]| {
        let mut model = Dropped::with_seed(3);
        for seed in seeds {
            let options = options(2, true);
            let options = match seed {
                Some(seed) => options.seed(seed),
                None => options,
            };
            model.fit(&x, &y, &options).unwrap();
        }
        model.network().parameters().to_vec()
    };
    // The generator starts from the network's seed, and carries on unless re-seeded.
    assert_eq!(train([None, None]), train([Some(3), None]));
    assert_ne!(train([None, None]), train([None, Some(3)]));
    assert_eq!(train([None, Some(8)]), train([Some(3), Some(8)]));
}

#[test]
fn a_training_state_file_resumes_in_a_fresh_network_bit_for_bit() {
    let (x, y) = data();
    let path = scratch("file.safetensors");
    let mut whole = WithNadam::with_seed(5);
    let history = whole.fit(&x, &y, &options(8, true)).unwrap();

    let mut first = WithNadam::with_seed(5);
    let first_history = first.fit(&x, &y, &options(3, true)).unwrap();
    first.save_training_state(&path, &first_history).unwrap();

    let mut second = WithNadam::with_seed(99); // other weights, other generator: all replaced
    let point = second.resume_from(&path).unwrap();
    assert_eq!((point.epoch, point.batch), (3, 0));
    assert_eq!(bits(&point.history), bits(&first_history));
    let rest = second
        .fit(&x, &y, &options(8, true).initial_epoch(point.epoch))
        .unwrap();
    assert_eq!(second.network().parameters(), whole.network().parameters());
    assert_eq!(joined(&point.history, &rest), bits(&history));
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_file_of_another_network_or_optimizer_is_refused_naming_the_difference() {
    let (x, y) = data();
    let path = scratch("mismatch.safetensors");
    let mut saved = WithNadam::with_seed(5);
    let history = saved.fit(&x, &y, &options(1, true)).unwrap();
    saved.save_training_state(&path, &history).unwrap();

    let mut sgd = WithSgd::with_seed(1);
    let before = sgd.network().parameters().to_vec();
    let error = sgd.resume_from(&path).unwrap_err().to_string();
    assert!(
        error.contains("its optimizer is nadam, this network's sgd"),
        "{error}"
    );
    assert_eq!(sgd.network().parameters(), before);

    let mut wider = Wider::with_seed(1);
    let error = wider.resume_from(&path).unwrap_err().to_string();
    assert!(error.contains("dense_0/kernel[3, 8]"), "{error}");
    assert!(error.contains("dense_0/kernel[3, 9]"), "{error}");

    let mut other_beta = WithNadam::with_seed(1);
    other_beta.optimizer_mut().beta_1 = 0.8;
    let error = other_beta.resume_from(&path).unwrap_err().to_string();
    assert!(error.contains("settings"), "{error}");
    assert!(error.contains("beta_1: 0.8"), "{error}");

    // A weights file is not a training state.
    saved.save(&path).unwrap();
    let error = WithNadam::with_seed(1)
        .resume_from(&path)
        .unwrap_err()
        .to_string();
    assert!(error.contains("not a training-state file"), "{error}");
    std::fs::remove_file(path).unwrap();
}

/// Ends training with an error after batch `stop_at.1` of epoch `stop_at.0`.
struct Interrupt {
    epoch: usize,
    stop_at: (usize, usize),
}

impl Callback for Interrupt {
    fn on_epoch_begin(&mut self, epoch: usize, _: &mut Training<'_>) -> Result<(), Error> {
        self.epoch = epoch;
        Ok(())
    }

    fn on_batch_end(&mut self, batch: usize, _: &Logs, _: &mut Training<'_>) -> Result<(), Error> {
        if (self.epoch, batch) == self.stop_at {
            Err(Error::ZeroBatchSize)
        } else {
            Ok(())
        }
    }
}

/// A `BackupAndRestore` run stopped part-way (by an error from a callback, as a kill would stop
/// it) and started again ends with the uninterrupted run's weights and whole history.
#[test]
fn backup_and_restore_resumes_mid_epoch_with_metrics_and_dropout() {
    let (x, y) = data();
    let mut whole = Dropped::with_seed(4);
    let history = whole.fit(&x, &y, &options(6, true)).unwrap();

    for (freq, stop_at) in [
        (SaveFreq::Batches(2), (2, 3)),
        (SaveFreq::Batches(3), (4, 5)),
        (SaveFreq::Epoch, (3, 1)),
    ] {
        let dir = scratch(&format!("backup_{freq:?}_{}_{}", stop_at.0, stop_at.1));
        let backup = || BackupAndRestore::new(&dir).save_freq(freq);
        let interrupt = Interrupt { epoch: 0, stop_at };
        let mut model = Dropped::with_seed(4);
        let interrupted = FitExtras::new().callback(backup()).callback(interrupt);
        assert!(
            model
                .fit_with(&x, &y, &options(6, true), interrupted)
                .is_err()
        );
        assert!(backup().path().exists(), "{freq:?}");

        // A new process starts from other weights and generator; the backup replaces both
        // (without it this run would not match the uninterrupted one).
        let mut resumed = Dropped::with_seed(77);
        let full = resumed
            .fit_with(
                &x,
                &y,
                &options(6, true),
                FitExtras::new().callback(backup()),
            )
            .unwrap();
        assert_eq!(
            resumed.network().parameters(),
            whole.network().parameters(),
            "{freq:?}"
        );
        assert_eq!(bits(&full), bits(&history), "{freq:?}");
        assert!(!backup().path().exists(), "deleted once training finished");
        std::fs::remove_dir(&dir).unwrap();
    }
}
