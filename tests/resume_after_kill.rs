//! A run SIGKILLed at any point (after batch-level backups, at an epoch boundary, in the middle
//! of writing its backup) and started again ends bit-identical to one never interrupted.
//!
//! The test binary runs itself as the child (`current_exe` with `NN_KILL_CHILD` set, selecting
//! the `child` test): the child trains with `BackupAndRestore` and prints a marker after each
//! batch and each backup; the parent kills it when it has seen the marker it waits for, then
//! resumes in a new child, which prints its final weights and history as bits.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use nn::callbacks::{BackupAndRestore, Callback, Logs, SaveFreq, Training};
use nn::prelude::*;

nn::network! {
    struct Small;
    input(3) -> dense(8, relu) -> dropout(0.2) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
    metrics = [mae];
}

const EPOCHS: usize = 6;
const CHILD: &str = "NN_KILL_CHILD";
const PAUSE_AT_SAVE: &str = "NN_KILL_PAUSE_AT_SAVE";
/// The seed of the child's network: the run's first child uses the uninterrupted run's, a
/// resuming child another one, so that only a restored backup can make it match.
const SEED: &str = "NN_KILL_SEED";

fn data() -> (Vec<[f32; 3]>, Vec<[f32; 2]>) {
    let x: Vec<[f32; 3]> = (0..60)
        .map(|i| {
            [
                i as f32 / 60.0,
                (i % 7) as f32 / 7.0,
                ((i * 5) % 11) as f32 / 11.0,
            ]
        })
        .collect();
    let y = x.iter().map(|r| [r[0] - r[2], 1.0 - r[1]]).collect();
    (x, y)
}

fn options() -> FitOptions {
    FitOptions::new().epochs(EPOCHS).batch_size(8).verbose(0)
}

/// Weights and every history value, as hex bits: what the child prints and the parent compares.
fn fingerprint(model: &Small, history: &History) -> String {
    let weights: Vec<String> = (model.network().parameters().iter())
        .map(|w| format!("{:08x}", w.to_bits()))
        .collect();
    let series: Vec<String> = history
        .names()
        .map(|name| {
            let values: Vec<String> = (history.get(name).unwrap().iter())
                .map(|v| format!("{:08x}", v.to_bits()))
                .collect();
            format!("{name}={}", values.join(","))
        })
        .collect();
    format!("weights {} history {}", weights.join(","), series.join(";"))
}

/// Prints `epoch E batch B` after every batch, so the parent knows where the child is.
struct Markers {
    epoch: usize,
}

impl Callback for Markers {
    fn on_epoch_begin(&mut self, epoch: usize, _: &mut Training<'_>) -> Result<(), Error> {
        self.epoch = epoch;
        Ok(())
    }

    fn on_batch_end(&mut self, batch: usize, _: &Logs, _: &mut Training<'_>) -> Result<(), Error> {
        println!("MARK epoch {} batch {batch}", self.epoch);
        Ok(())
    }

    fn on_epoch_end(&mut self, epoch: usize, _: &Logs, _: &mut Training<'_>) -> Result<(), Error> {
        println!("MARK end of epoch {epoch}");
        Ok(())
    }
}

/// The child: trains with batch-level backups in the directory `NN_KILL_CHILD` names, then
/// prints its fingerprint. With `NN_KILL_PAUSE_AT_SAVE = n` its `n`th backup stops half
/// written.
#[test]
fn child() {
    let Some(dir) = std::env::var_os(CHILD) else {
        return; // only meaningful when the parent runs this binary as its child
    };
    let mut backup = BackupAndRestore::new(PathBuf::from(dir)).save_freq(SaveFreq::Batches(3));
    if let Some(save) = std::env::var(PAUSE_AT_SAVE)
        .ok()
        .and_then(|n| n.parse().ok())
    {
        backup = backup.pause_mid_write(save, || println!("MARK half written"));
    }
    let (x, y) = data();
    let seed = std::env::var(SEED).unwrap().parse().unwrap();
    let mut model = Small::with_seed(seed);
    let extras = FitExtras::new()
        .callback(Markers { epoch: 0 })
        .callback(backup);
    let history = model.fit_with(&x, &y, &options(), extras).unwrap();
    println!("DONE {}", fingerprint(&model, &history));
}

fn spawn(dir: &Path, pause_at_save: Option<usize>) -> Child {
    let seed = if dir.exists() { 77 } else { 21 };
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "child", "--nocapture", "--test-threads", "1"])
        .env(CHILD, dir)
        .env(SEED, seed.to_string())
        .env_remove(PAUSE_AT_SAVE)
        .stdout(Stdio::piped());
    if let Some(save) = pause_at_save {
        command.env(PAUSE_AT_SAVE, save.to_string());
    }
    command.spawn().unwrap()
}

/// Runs a child until it prints `marker`, then SIGKILLs it.
fn kill_at(dir: &Path, marker: &str, pause_at_save: Option<usize>) {
    let mut child = spawn(dir, pause_at_save);
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = false;
    for line in stdout.lines() {
        if line.unwrap().contains(marker) {
            seen = true;
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(seen, "the child never printed `{marker}`");
}

/// Runs a child to the end and returns its fingerprint.
fn run_to_end(dir: &Path) -> String {
    let output = spawn(dir, None).wait_with_output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !stdout.contains("MARK epoch 0 batch 0"),
        "the child resumed"
    );
    let done = stdout.lines().find_map(|line| line.split_once("DONE "));
    done.expect("the child finished").1.to_string()
}

#[test]
fn a_killed_run_resumes_bit_identical() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let base = std::env::temp_dir().join(format!("nn_kill_{}", std::process::id()));
    let uninterrupted = {
        let (x, y) = data();
        let mut model = Small::with_seed(21);
        let history = model.fit(&x, &y, &options()).unwrap();
        fingerprint(&model, &history)
    };
    let state = |dir: &Path| dir.join("training_state.safetensors");

    // 1. Killed after some batch-level backups (mid-epoch: epoch 1, batch 4; saves every 3).
    let dir = base.join("batches");
    kill_at(&dir, "MARK epoch 1 batch 4", None);
    assert!(state(&dir).exists());
    assert_eq!(run_to_end(&dir), uninterrupted, "killed mid-epoch");
    assert!(!state(&dir).exists(), "deleted after the run finished");

    // 2. Killed at an epoch boundary, then killed again after resuming, then finished.
    let dir = base.join("boundary");
    kill_at(&dir, "MARK end of epoch 2", None);
    kill_at(&dir, "MARK epoch 4 batch 0", None);
    assert_eq!(
        run_to_end(&dir),
        uninterrupted,
        "killed at an epoch boundary, twice"
    );

    // 3. Killed in the middle of writing its 5th backup: the 4th stays whole beside a
    //    half-written temporary file, and the run resumes from the 4th.
    let dir = base.join("mid_write");
    kill_at(&dir, "MARK half written", Some(5));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers.len(), 1, "the half-written temporary file");
    let mut probe = Small::with_seed(0);
    let point = probe.resume_from(state(&dir)).unwrap();
    // Saves every 3 batches of 8 per epoch: the 4th backup was after batch 12, epoch 1 batch 3.
    assert_eq!((point.epoch, point.batch), (1, 4));
    assert_eq!(run_to_end(&dir), uninterrupted, "killed mid-write");

    std::fs::remove_dir_all(base).unwrap();
}
