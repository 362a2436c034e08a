//! How many threads nn may use: a large layer's matrix products split over them, and
//! [`tuning`](crate::tuning) runs its trials on them.
//!
//! The default is the environment variable `NN_THREADS` if it holds a positive integer (read
//! once, at the first use; anything else is ignored), else every core the process may use
//! ([`std::thread::available_parallelism`]); [`set_max_threads`] and [`with_max_threads`] set it
//! from code. `NN_THREADS=1 cargo bench` measures everything on one thread.
//!
//! Only products of at least 512 k multiply-adds split (W5's 784→128 and 128→64 layers at a
//! batch of 128; not a 128→64 layer at batch 32, nor any layer the small kernels multiply; the
//! line is measured in BENCHMARKS.md): training or running a small network never starts or
//! wakes a thread. The split products run on helper threads started by the first one and kept
//! for the process (each spins 300 µs after its part, then sleeps).
//!
//! The count never changes a result: a product is split by the columns of its output, so every
//! dot product is summed in the same order whatever the count, and the same seed trains the
//! same weights on one thread or on many.
//!
//! ```
//! use nn::threads;
//!
//! threads::set_max_threads(1); // one thread everywhere, from now on
//! assert_eq!(threads::max_threads(), 1);
//! // Two threads for what this closure runs on the calling thread, whatever the process's setting.
//! let count = threads::with_max_threads(2, threads::max_threads);
//! assert_eq!(count, 2);
//! threads::set_max_threads(0); // back to the default: NN_THREADS, else every available core
//! assert!(threads::max_threads() >= 1);
//! ```

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The process-wide limit, 0 for the default.
static LIMIT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// [`with_max_threads`]'s limit on this thread, 0 for none.
    static SCOPED: Cell<usize> = const { Cell::new(0) };
}

/// Lets nn use at most `threads` threads from now on, in every thread of the process; 0 restores
/// the default (`NN_THREADS`, else every available core). A [`with_max_threads`] in force on a thread overrides it
/// there.
pub fn set_max_threads(threads: usize) {
    LIMIT.store(threads, Ordering::Relaxed);
}

/// The most threads nn uses for work started on the calling thread: [`with_max_threads`]'s
/// limit if one is in force here, else [`set_max_threads`]'s, else the default (`NN_THREADS`,
/// else every available core).
pub fn max_threads() -> usize {
    match SCOPED.get() {
        0 => match LIMIT.load(Ordering::Relaxed) {
            0 => default(),
            limit => limit,
        },
        scoped => scoped,
    }
}

/// Runs `work` with nn limited to `threads` threads for what it starts on the calling thread
/// (0: [`set_max_threads`]'s limit, or the default), then restores the limit it found, also if
/// `work` panics.
pub fn with_max_threads<R>(threads: usize, work: impl FnOnce() -> R) -> R {
    /// Restores the previous scoped limit when dropped.
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPED.set(self.0);
        }
    }
    let _restore = Restore(SCOPED.replace(threads));
    work()
}

/// `NN_THREADS` if it is a positive integer, else the cores this process may use (1 if that
/// cannot be known); worked out once.
fn default() -> usize {
    static DEFAULT: OnceLock<usize> = OnceLock::new();
    *DEFAULT.get_or_init(|| {
        std::env::var("NN_THREADS")
            .ok()
            .and_then(|value| value.trim().parse().ok())
            .filter(|&threads| threads > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scoped_limit_overrides_and_is_restored_also_after_a_panic() {
        let outer = max_threads();
        with_max_threads(3, || {
            assert_eq!(max_threads(), 3);
            with_max_threads(1, || assert_eq!(max_threads(), 1));
            assert_eq!(max_threads(), 3);
        });
        assert_eq!(max_threads(), outer);
        let panicked = std::panic::catch_unwind(|| with_max_threads(5, || panic!("in work")));
        assert!(panicked.is_err());
        assert_eq!(max_threads(), outer);
        // Other threads do not see this thread's scoped limit.
        with_max_threads(7, || {
            let there = std::thread::spawn(max_threads).join().unwrap();
            assert_ne!(there, 7);
        });
    }
}
