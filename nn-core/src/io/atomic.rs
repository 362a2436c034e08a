//! Replacing a file so that every reader sees one writer's whole file, whatever the timing.
//!
//! A save writes a temporary file beside its target, flushes it to disk, and renames it over the
//! target. On POSIX systems the rename is atomic: a reader that opens the target gets either the
//! old file or the new one, and keeps reading the file it opened even if another rename follows.
//!
//! Every call gets its own temporary, named
//!
//! ```text
//! .{file name}.nn-tmp.{process id}.{call counter}-{nanoseconds, hex}
//! ```
//!
//! and created with `O_EXCL` ([`OpenOptions::create_new`]), so two threads or two processes
//! saving to one path never write into the same temporary. Whichever rename comes last decides
//! the final file, and it is always that writer's whole file.
//!
//! A process killed mid-save leaves its temporary behind. The next save to the same target
//! removes the temporaries whose owner is gone:
//!
//! - on Linux, a temporary whose process id has no `/proc/{pid}` (the process has ended);
//!   a temporary of a live process is never touched, and one whose process id has since been
//!   reused by another process stays until that process ends too;
//! - elsewhere, or where `/proc` is not mounted, a temporary last modified more than
//!   [`STALE_AFTER`] ago (a save that takes longer than that could lose its temporary, and then
//!   fails with an error rather than writing a partial file).
//!
//! Process ids are only meaningful within one machine and one PID namespace: containers that
//! share a directory but not a PID namespace may remove each other's temporaries, in which case
//! the save that lost its temporary returns an error and the target keeps a whole file.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Error;

/// Where no process table can be consulted, how old a temporary must be to count as abandoned.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Marks a temporary as one of ours, between the target's name and the owner's process id.
const MARKER: &str = ".nn-tmp.";

/// How many times a fresh temporary name is tried if one is somehow already taken.
const ATTEMPTS: u32 = 16;

/// Counts calls in this process, so that two threads never pick the same name.
static CALLS: AtomicU64 = AtomicU64::new(0);

/// Replaces the file at `path` with `bytes`, so that a reader sees either the old file whole or
/// the new one whole, never a part, whatever other threads and processes save to `path` at the
/// same time.
///
/// See the [module documentation](self) for the temporary files this uses and how abandoned
/// ones are cleaned up.
///
/// # Errors
///
/// If the file cannot be written; `path` is then unchanged.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// Replaces the file at `path` with what `write` writes, as [`write_atomically`] does, for
/// contents produced piece by piece.
///
/// # Errors
///
/// If `write` fails or the file cannot be written; `path` is then unchanged.
///
/// # Examples
///
/// ```
/// use std::io::Write;
///
/// let path = std::env::temp_dir().join(format!("nn_doc_atomic_{}.txt", std::process::id()));
/// nn::io::write_atomically_with(&path, |file| {
///     file.write_all(b"first line\n")?;
///     file.write_all(b"second line\n")
/// })?;
/// assert_eq!(std::fs::read(&path).unwrap(), b"first line\nsecond line\n");
/// # std::fs::remove_file(path).unwrap();
/// # Ok::<(), nn::Error>(())
/// ```
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let error = |message: &dyn std::fmt::Display| Error::File {
        path: path.display().to_string(),
        message: message.to_string(),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| error(&"expected a path that ends in a file name"))?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    remove_abandoned(directory, file_name);
    let (temporary, mut file) = create_temporary(directory, file_name).map_err(|e| error(&e))?;
    let written = write(&mut file)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&temporary, path)
        });
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(error(&e));
    }
    // The rename is durable once the directory is synced. Some systems cannot sync a directory
    // (Windows cannot open one as a file); the new file is in place either way, so this is not
    // reported as a failed save.
    let _ = File::open(directory).and_then(|directory| directory.sync_all());
    Ok(())
}

/// The start of every temporary name for target `file_name`: `.{file_name}.nn-tmp.`.
fn prefix(file_name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(file_name);
    prefix.push(MARKER);
    prefix
}

/// Creates a temporary file for `file_name` in `directory` under a name no other call uses.
fn create_temporary(directory: &Path, file_name: &OsStr) -> io::Result<(PathBuf, File)> {
    let mut last_error = None;
    for _ in 0..ATTEMPTS {
        let call = CALLS.fetch_add(1, Ordering::Relaxed);
        // The clock separates this process from an earlier one that had the same process id.
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let mut name = prefix(file_name);
        name.push(format!("{}.{call}-{nanos:x}", std::process::id()));
        let temporary = directory.join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no temporary name was free")))
}

/// The process id in temporary `name` of target `file_name`, if `name` is one of our
/// temporaries for it.
fn owner(name: &OsStr, file_name: &OsStr) -> Option<u32> {
    let rest = name
        .as_encoded_bytes()
        .strip_prefix(prefix(file_name).as_encoded_bytes())?;
    let rest = std::str::from_utf8(rest).ok()?;
    let (pid, unique) = rest.split_once('.')?;
    let (call, nanos) = unique.split_once('-')?;
    let is_digits = |s: &str, radix| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if !is_digits(call, 10) || !is_digits(nanos, 16) {
        return None;
    }
    pid.parse().ok()
}

/// Whether the process that created a temporary has ended, judged by its process id (or, where
/// the process table cannot be read, by the temporary's age).
fn abandoned(pid: u32, temporary: &Path) -> bool {
    if pid == std::process::id() {
        // Another thread of this process may be writing it right now.
        return false;
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return !Path::new("/proc").join(pid.to_string()).exists();
    }
    fs::metadata(temporary)
        .and_then(|metadata| metadata.modified())
        .is_ok_and(|modified| {
            modified
                .elapsed()
                .is_ok_and(|elapsed| elapsed > STALE_AFTER)
        })
}

/// Removes the temporaries of target `file_name` in `directory` left by processes that have
/// ended. Best effort: a directory that cannot be listed or a file that cannot be removed does
/// not stop the save.
fn remove_abandoned(directory: &Path, file_name: &OsStr) {
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if let Some(pid) = owner(&name, file_name) {
            let temporary = entry.path();
            if abandoned(pid, &temporary) {
                let _ = fs::remove_file(temporary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let directory =
            std::env::temp_dir().join(format!("nn_atomic_{name}_{}", std::process::id()));
        let _ = fs::remove_dir_all(&directory);
        fs::create_dir_all(&directory).unwrap();
        directory
    }

    fn names(directory: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(directory)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn temporary_names_are_recognised_only_for_their_own_target() {
        let target = OsStr::new("weights.safetensors");
        let name = |s: &str| OsString::from(s);
        assert_eq!(
            owner(&name(".weights.safetensors.nn-tmp.42.7-1af"), target),
            Some(42)
        );
        for other in [
            ".weights.safetensors.nn-tmp.42.7",
            ".weights.safetensors.nn-tmp.x.7-1af",
            ".weights.safetensors.nn-tmp.42.7-xyz",
            ".other.safetensors.nn-tmp.42.7-1af",
            "weights.safetensors",
            // A temporary of a target whose own name contains the marker.
            ".weights.safetensors.nn-tmp.5.nn-tmp.42.7-1af",
        ] {
            assert_eq!(owner(&name(other), target), None, "{other}");
        }
    }

    #[test]
    fn the_last_write_wins_and_leaves_no_temporary() {
        let directory = scratch("last");
        let path = directory.join("state.bin");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert_eq!(names(&directory), ["state.bin"]);
        fs::remove_dir_all(directory).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let directory = scratch("failed");
        let path = directory.join("state.bin");
        write_atomically(&path, b"old").unwrap();
        let error = write_atomically_with(&path, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("disk on fire"))
        })
        .unwrap_err();
        assert!(error.to_string().contains("disk on fire"), "{error}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(names(&directory), ["state.bin"]);
        fs::remove_dir_all(directory).unwrap();
    }

    #[test]
    fn temporaries_of_ended_processes_are_removed_and_live_ones_kept() {
        let directory = scratch("stale");
        let path = directory.join("state.bin");
        // A process id above Linux's pid_max (2^22) never belongs to a live process.
        let dead = directory.join(".state.bin.nn-tmp.4294967295.0-1");
        let live = directory.join(format!(".state.bin.nn-tmp.{}.0-1", std::process::id()));
        let other_target = directory.join(".other.bin.nn-tmp.4294967295.0-1");
        for file in [&dead, &live, &other_target] {
            fs::write(file, b"partial").unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let remaining = names(&directory);
        if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
            assert!(!dead.exists(), "{remaining:?}");
        }
        assert!(live.exists(), "{remaining:?}");
        assert!(other_target.exists(), "{remaining:?}");
        fs::remove_dir_all(directory).unwrap();
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        let error = write_atomically(Path::new("/"), b"x").unwrap_err();
        assert!(error.to_string().contains("expected a path"), "{error}");
    }
}
