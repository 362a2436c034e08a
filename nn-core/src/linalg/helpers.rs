//! Threads kept waiting to take a share of a large product, so that a training step does not
//! start a thread for each one: on the 2-vCPU KVM machine of BENCHMARKS.md a scoped spawn and
//! join cost 60–130 µs, more than half of W5's largest product (280 µs), and made every split
//! product slower than on one thread; a helper that is awake takes its share at once.
//!
//! The first product that wants `n` threads starts `n − 1` helpers, which live as long as the
//! process. Each spins for [`SPIN`] after its share (the next product of a step follows within
//! it), then sleeps until woken. One caller uses them at a time; a product started while
//! another holds them runs on its own thread.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::Thread;
use std::time::{Duration, Instant};

/// A share of work, lent to a helper for the duration of [`run`].
type Share = *const (dyn Fn() + Sync);

/// What a helper is doing: IDLE → WORK (a share offered, by the caller) → RUNNING (taken, by
/// the helper) → DONE or PANICKED → IDLE (by the caller). A caller that finishes its own share
/// while its offer is still WORK takes the offer back (WORK → IDLE) and runs the share itself:
/// a helper that the system has not scheduled yet (another process holds its core) then costs
/// nothing instead of a time slice.
const IDLE: u8 = 0;
const WORK: u8 = 1;
const RUNNING: u8 = 2;
const DONE: u8 = 3;
const PANICKED: u8 = 4;

/// How long a helper spins before it sleeps, and a caller waiting on its helpers before it
/// yields. Longer than the gaps between a training step's large products (W5: an optimizer
/// step and a batch's gathering, about 200 µs), so that a helper is awake for each: W5 on two
/// threads measured 1.22–1.36× at 20 µs, 1.31–1.45× at 300 µs, no better at 1 ms.
const SPIN: Duration = Duration::from_micros(300);

/// Spins until `ready`, for at most [`SPIN`]; whether it became ready.
fn spin_until(ready: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    loop {
        for _ in 0..64 {
            if ready() {
                return true;
            }
            std::hint::spin_loop();
        }
        if start.elapsed() >= SPIN {
            return ready();
        }
    }
}

struct Helper {
    state: AtomicU8,
    share: UnsafeCell<Option<Share>>,
    thread: Thread,
}

// SAFETY: `share` is written by the caller only while `state` is IDLE (the helper does not read
// it then) and read by the helper only after it moved WORK to RUNNING, ordered by `state`'s
// release/acquire; what it points to is `Sync`.
unsafe impl Sync for Helper {}
unsafe impl Send for Helper {}

/// The helpers started so far, and whether a caller holds them.
struct Pool {
    helpers: Mutex<Vec<Arc<Helper>>>,
    taken: AtomicBool,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool {
        helpers: Mutex::new(Vec::new()),
        taken: AtomicBool::new(false),
    })
}

/// Runs `shares[0]` on the calling thread and every other share on a helper, returning when
/// all are done. Without free helpers (another caller has them, or a helper cannot be
/// started), every share runs on the calling thread, one after another.
pub(crate) fn run(shares: &[&(dyn Fn() + Sync)]) {
    let Some((mine, others)) = shares.split_first() else {
        return;
    };
    let pool = pool();
    let helpers = if pool.taken.swap(true, Ordering::Acquire) {
        None
    } else {
        let helpers = enough_helpers(pool, others.len());
        if helpers.is_none() {
            pool.taken.store(false, Ordering::Release);
        }
        helpers
    };
    let Some(started) = helpers else {
        // Starting threads would cost more than the shares gain, and the cores are busy
        // with the caller that holds the helpers anyway. Every share runs, as on helpers,
        // before a panic in one reaches the caller.
        let mut first_panic = None;
        for share in shares {
            if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(share)) {
                first_panic.get_or_insert(payload);
            }
        }
        if let Some(payload) = first_panic {
            std::panic::resume_unwind(payload);
        }
        return;
    };
    let helpers = &started[..others.len()];
    for (helper, share) in helpers.iter().zip(others) {
        // SAFETY: the helper is IDLE, so it does not read `share` until it takes WORK. The
        // lifetime is erased, but this function does not return before every helper has
        // finished with it (DONE) or it was taken back (never RUNNING), so the share outlives
        // its use.
        unsafe {
            *helper.share.get() = Some(std::mem::transmute::<&(dyn Fn() + Sync), Share>(*share));
        }
        helper.state.store(WORK, Ordering::Release);
        helper.thread.unpark();
    }
    // The helpers hold references into this frame: wait for them even if a share panics.
    let mut mine = std::panic::catch_unwind(std::panic::AssertUnwindSafe(mine));
    let mut panicked = false;
    for (helper, share) in helpers.iter().zip(others) {
        let taken_back = helper
            .state
            .compare_exchange(WORK, IDLE, Ordering::Acquire, Ordering::Acquire)
            .is_ok();
        if taken_back {
            let share = std::panic::catch_unwind(std::panic::AssertUnwindSafe(share));
            if mine.is_ok() {
                mine = share;
            }
            continue;
        }
        let finished = || helper.state.load(Ordering::Acquire) >= DONE;
        if !spin_until(finished) {
            while !finished() {
                std::thread::yield_now();
            }
        }
        panicked |= helper.state.load(Ordering::Relaxed) == PANICKED;
        helper.state.store(IDLE, Ordering::Relaxed);
    }
    drop(started);
    pool.taken.store(false, Ordering::Release);
    if let Err(payload) = mine {
        std::panic::resume_unwind(payload);
    }
    assert!(
        !panicked,
        "a share of a product panicked on a helper thread"
    );
}

/// The helpers, at least `count` of them (started if need be), held while the caller uses
/// them (without a copy of the list: a product must not allocate); `None` if one cannot be
/// started.
fn enough_helpers(pool: &Pool, count: usize) -> Option<MutexGuard<'_, Vec<Arc<Helper>>>> {
    let mut helpers = pool
        .helpers
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    while helpers.len() < count {
        helpers.push(start()?);
    }
    Some(helpers)
}

fn start() -> Option<Arc<Helper>> {
    let (sender, receiver) = std::sync::mpsc::channel::<Arc<Helper>>();
    let thread = std::thread::Builder::new()
        .name("nn product helper".into())
        .spawn(move || {
            let helper = receiver.recv().expect("the starter sends the helper");
            work(&helper);
        })
        .ok()?;
    let helper = Arc::new(Helper {
        state: AtomicU8::new(IDLE),
        share: UnsafeCell::new(None),
        thread: thread.thread().clone(),
    });
    sender.send(Arc::clone(&helper)).ok()?;
    Some(helper)
}

/// A helper's life: wait for WORK, take it (unless the caller took it back first), run the
/// share, report DONE (or PANICKED).
fn work(helper: &Helper) {
    loop {
        let given = || helper.state.load(Ordering::Acquire) == WORK;
        if !spin_until(given) {
            while !given() {
                // Returns at once if unparked since the last park; the loop checks again.
                std::thread::park();
            }
        }
        if helper
            .state
            .compare_exchange(WORK, RUNNING, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            // The caller took its offer back and ran the share itself.
            continue;
        }
        // SAFETY: WORK was stored after `share` (release) and taken here (acquire); the caller
        // keeps the share alive until it sees DONE, and no longer takes it back once RUNNING.
        let share = unsafe { (*helper.share.get()).expect("WORK comes with a share") };
        let finished =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe { (*share)() }));
        helper.state.store(
            if finished.is_ok() { DONE } else { PANICKED },
            Ordering::Release,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Several callers at once (some find the helpers taken and run every share themselves),
    /// each share run exactly once per call, every call returning only after all its shares.
    #[test]
    fn every_share_runs_once_whoever_holds_the_helpers() {
        std::thread::scope(|scope| {
            for caller in 0..4 {
                scope.spawn(move || {
                    for round in 0..200 {
                        let counts: Vec<AtomicUsize> = (0..1 + (caller + round) % 3)
                            .map(|_| AtomicUsize::new(0))
                            .collect();
                        let shares: Vec<_> = counts
                            .iter()
                            .map(|count| {
                                move || {
                                    count.fetch_add(1, Ordering::Relaxed);
                                }
                            })
                            .collect();
                        let shares: Vec<&(dyn Fn() + Sync)> =
                            shares.iter().map(|share| share as _).collect();
                        run(&shares);
                        assert!(
                            counts
                                .iter()
                                .all(|count| count.load(Ordering::Relaxed) == 1)
                        );
                    }
                });
            }
        });
    }

    /// A share that panics, on a helper or on the caller, panics the caller once every share is
    /// done, and the helpers serve the next call.
    #[test]
    fn a_panic_on_a_helper_reaches_the_caller() {
        let ran = AtomicUsize::new(0);
        let fine = || {
            ran.fetch_add(1, Ordering::Relaxed);
        };
        let failing = || panic!("a failing share");
        let caught = std::panic::catch_unwind(|| run(&[&fine, &failing]));
        assert!(caught.is_err());
        let caught = std::panic::catch_unwind(|| run(&[&failing, &fine]));
        assert!(caught.is_err());
        run(&[&fine, &fine]);
        assert_eq!(ran.load(Ordering::Relaxed), 4);
    }
}
