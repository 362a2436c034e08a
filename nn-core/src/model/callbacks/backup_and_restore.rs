use std::path::{Path, PathBuf};

use super::Callback;
use crate::{Error, io};

/// How often [`BackupAndRestore`] writes its file (Keras's `save_freq`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveFreq {
    /// At the end of every epoch (Keras's `"epoch"`).
    Epoch,
    /// After every `n` batches, counted across epochs (Keras's integer `save_freq`).
    Batches(usize),
}

/// Keras 3's `BackupAndRestore`: a run killed part-way carries on, when `fit` is called again
/// with the same callback, exactly where its last backup stood.
///
/// The backup is a training-state file, `backup_dir/training_state.safetensors` (see
/// [`Network::save_training_state`](crate::Network::save_training_state)): the weights, the
/// optimizer's step count and slots, the learning rate, the epoch and batch reached, the shuffle
/// and dropout generator's exact state, the epoch's running loss and metrics, and the history so
/// far. It is replaced atomically, so a kill while it is written leaves the previous backup whole.
/// When `fit` starts and the file exists, training resumes from it and the `History` that `fit`
/// returns is the whole run's, bit-identical to one that was never interrupted. When `fit`
/// finishes without error the file is deleted (`delete_checkpoint = true`, Keras's default).
///
/// As in Keras, other callbacks' own state (`EarlyStopping`'s wait count and best value,
/// `ReduceLrOnPlateau`'s) is not saved: they start afresh on resume; the learning rate they left
/// is restored.
///
/// `fit` finds this callback among the others and does the saving and restoring itself, because
/// both need what callbacks are not shown (the optimizer's slots, the generator, the position
/// within the epoch) and resuming changes where the epoch loop starts.
///
/// ```
/// use nn::callbacks::{BackupAndRestore, SaveFreq};
/// let backup = BackupAndRestore::new(std::env::temp_dir().join("run"))
///     .save_freq(SaveFreq::Batches(100));
/// assert!(backup.path().ends_with("training_state.safetensors"));
/// ```
#[derive(Clone, Debug)]
pub struct BackupAndRestore {
    backup_dir: PathBuf,
    save_freq: SaveFreq,
    delete_checkpoint: bool,
    saves: usize,
    pause_mid_write: Option<(usize, fn())>,
}

impl BackupAndRestore {
    /// Backups in `backup_dir` (created if missing), saved every epoch and deleted when
    /// training finishes: Keras's defaults.
    pub fn new(backup_dir: impl Into<PathBuf>) -> Self {
        BackupAndRestore {
            backup_dir: backup_dir.into(),
            save_freq: SaveFreq::Epoch,
            delete_checkpoint: true,
            saves: 0,
            pause_mid_write: None,
        }
    }

    /// Sets how often the backup is written. `Batches(0)` is treated as `Batches(1)`.
    pub fn save_freq(mut self, save_freq: SaveFreq) -> Self {
        self.save_freq = save_freq;
        self
    }

    /// Sets whether the backup is deleted when training finishes without error.
    pub fn delete_checkpoint(mut self, delete: bool) -> Self {
        self.delete_checkpoint = delete;
        self
    }

    /// The backup file.
    pub fn path(&self) -> PathBuf {
        self.backup_dir.join("training_state.safetensors")
    }

    /// How many backups this callback has written.
    pub fn saves(&self) -> usize {
        self.saves
    }

    /// Test hook: at save number `save` (from 1), write the first half of the file where the
    /// atomic write puts its temporary file, call `then`, and sleep forever, so that a test can
    /// kill the process in the middle of a save.
    #[doc(hidden)]
    pub fn pause_mid_write(mut self, save: usize, then: fn()) -> Self {
        self.pause_mid_write = Some((save, then));
        self
    }

    pub(crate) fn save_freq_value(&self) -> SaveFreq {
        self.save_freq
    }

    pub(crate) fn deletes_checkpoint(&self) -> bool {
        self.delete_checkpoint
    }

    /// Replaces the backup with `bytes`.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path();
        std::fs::create_dir_all(&self.backup_dir).map_err(|e| Error::File {
            path: self.backup_dir.display().to_string(),
            message: e.to_string(),
        })?;
        self.saves += 1;
        if let Some((save, then)) = self.pause_mid_write
            && save == self.saves
        {
            pause_half_written(&path, bytes, then);
        }
        io::write_atomically(&path, bytes)
    }
}

/// Writes half of `bytes` to the temporary file `io::write_atomically` would use for `path`,
/// calls `then`, and never returns.
fn pause_half_written(path: &Path, bytes: &[u8], then: fn()) -> ! {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    if let Ok(mut file) = std::fs::File::create(&temporary) {
        use std::io::Write;
        let _ = file.write_all(&bytes[..bytes.len() / 2]);
        let _ = file.sync_all();
    }
    then();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}

impl Callback for BackupAndRestore {
    fn backup_and_restore(&mut self) -> Option<&mut BackupAndRestore> {
        Some(self)
    }
}
