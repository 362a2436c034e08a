//! A global allocator that counts allocations, for tests that promise none.
//!
//! Each thread's allocations are counted apart, and [`allocations`] reads the calling thread's:
//! the test harness's own thread allocates while a test runs (its bookkeeping and output), and
//! counting it made the counts differ by a few from run to run on a loaded machine.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // `const`: reading it never allocates, which an allocator must not do.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator, only counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // A thread being torn down has no counter left; its allocations are not ours to count.
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations the calling thread has made so far.
pub fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}
