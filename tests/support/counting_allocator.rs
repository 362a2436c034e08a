//! A global allocator that counts, for tests that promise no or few allocations.
//!
//! Each thread is counted apart and the readings are the calling thread's: the test harness's
//! own thread allocates while a test runs (its bookkeeping and output), and other tests of the
//! binary run on threads of their own, so neither disturbs a measurement.
//!
//! Shared by the root tests (`mod support { pub mod counting_allocator; }`) and nn-core's
//! (`#[path = "../../tests/support/counting_allocator.rs"]`).

#![allow(dead_code)] // each test binary reads what it needs

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

/// One thread's counts.
struct Counts {
    allocations: Cell<usize>,
    bytes: Cell<usize>,
    /// Bytes allocated minus bytes freed by this thread (a block freed by another thread counts
    /// there, so this may dip below a start value; [`measure`] reads differences).
    live: Cell<isize>,
    peak: Cell<isize>,
}

thread_local! {
    // `const`: reading it never allocates, which an allocator must not do.
    static COUNTS: Counts = const {
        Counts {
            allocations: Cell::new(0),
            bytes: Cell::new(0),
            live: Cell::new(0),
            peak: Cell::new(0),
        }
    };
}

// SAFETY: forwards to the system allocator, only counting calls and sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        EVERY_THREAD.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // A thread being torn down has no counter left; its allocations are not ours to count.
        let _ = COUNTS.try_with(|counts| {
            counts.allocations.set(counts.allocations.get() + 1);
            counts.bytes.set(counts.bytes.get() + layout.size());
            let live = counts.live.get() + layout.size() as isize;
            counts.live.set(live);
            counts.peak.set(counts.peak.get().max(live));
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ =
            COUNTS.try_with(|counts| counts.live.set(counts.live.get() - layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations by every thread of the process (for a test alone in its binary).
static EVERY_THREAD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many allocations every thread of the process has made so far: for a binary with a
/// single test, whose helper threads' allocations must count too.
pub fn allocations_by_every_thread() -> usize {
    EVERY_THREAD.load(std::sync::atomic::Ordering::Relaxed)
}

/// How many allocations the calling thread has made so far.
pub fn allocations() -> usize {
    COUNTS.with(|counts| counts.allocations.get())
}

/// What the calling thread allocated while running a closure.
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    /// Allocations made.
    pub allocations: usize,
    /// Bytes allocated, freed or not.
    pub bytes: usize,
    /// Bytes still allocated at the end.
    pub held: isize,
    /// The most bytes allocated at once beyond those at the start.
    pub peak: isize,
}

/// Runs `f` and says what the calling thread allocated meanwhile.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let start = COUNTS.with(|counts| {
        counts.peak.set(counts.live.get());
        (
            counts.allocations.get(),
            counts.bytes.get(),
            counts.live.get(),
        )
    });
    let value = f();
    let usage = COUNTS.with(|counts| Usage {
        allocations: counts.allocations.get() - start.0,
        bytes: counts.bytes.get() - start.1,
        held: counts.live.get() - start.2,
        peak: counts.peak.get() - start.2,
    });
    (value, usage)
}
