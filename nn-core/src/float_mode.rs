//! The floating-point mode training and inference run in: subnormals flushed to zero.
//!
//! A value below `f32::MIN_POSITIVE` (≈ 1.18e-38) is *subnormal*. IEEE arithmetic keeps such
//! values ("gradual underflow"), and many CPUs compute with them through a slow microcode path,
//! tens of times slower than a normal multiply. Training drifts into that range by itself:
//! Adam's moments and small gradients decay geometrically toward zero, and on an Intel core a
//! small-batch `fit` then runs 3–6× slower than it should. TensorFlow (and so Keras) runs its
//! CPU kernels with subnormals flushed for this reason; PyTorch offers `set_flush_denormal`.
//!
//! Flushing means two bits of the thread's floating-point control register:
//!
//! ```text
//! x86-64   MXCSR.FTZ (bit 15): a result that would be subnormal is written as ±0
//!          MXCSR.DAZ (bit 6):  a subnormal operand is read as ±0
//! aarch64  FPCR.FZ  (bit 24):  both of the above
//! ```
//!
//! The only values that change are those below `f32::MIN_POSITIVE` in magnitude, which become
//! zero; every normal result is bit-for-bit the same.
//!
//! The mode belongs to the **calling thread**: setting it changes nothing on threads already
//! running (a thread spawned while it is set may inherit it: Linux copies the register into a
//! new thread). So it is set by a guard,
//! [`FloatModeGuard`], which restores the thread's previous mode when dropped, also when the
//! code it guards panics; the guard cannot be sent to another thread. Rust compiles code
//! assuming the default mode, so a constant the compiler folds keeps a subnormal that the same
//! expression computed at run time under the guard would flush: only values below
//! `f32::MIN_POSITIVE` can differ either way.
//!
//! On other architectures the guard does nothing and [`FloatMode::SUPPORTED`] is `false`.
//!
//! ```
//! use nn::FloatMode;
//! use std::hint::black_box;
//!
//! let tiny = black_box(f32::MIN_POSITIVE);
//! {
//!     let _flush = FloatMode::flush_subnormals();
//!     if FloatMode::SUPPORTED {
//!         assert!(FloatMode::current().flushes_subnormals());
//!         assert_eq!(black_box(tiny * 0.5), 0.0); // would be subnormal: flushed
//!     }
//! } // the previous mode is back
//! ```

use core::marker::PhantomData;

/// A snapshot of the calling thread's floating-point control register (MXCSR on x86-64, FPCR
/// on aarch64), as far as it concerns subnormals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FloatMode {
    control: u64,
}

impl FloatMode {
    /// Whether this architecture's mode can be set: x86-64 and aarch64.
    pub const SUPPORTED: bool = cfg!(any(target_arch = "x86_64", target_arch = "aarch64"));

    /// The bits of the control register that flush subnormals.
    const FLUSH: u64 = if cfg!(target_arch = "x86_64") {
        // FTZ | DAZ
        0x8000 | 0x0040
    } else if cfg!(target_arch = "aarch64") {
        // FZ
        1 << 24
    } else {
        0
    };

    /// The calling thread's mode now.
    pub fn current() -> Self {
        FloatMode {
            control: control::read(),
        }
    }

    /// Whether subnormal operands and results are flushed to zero: on x86-64 both FTZ and DAZ
    /// set, on aarch64 FZ set; always `false` where the mode is not [supported](Self::SUPPORTED).
    pub fn flushes_subnormals(self) -> bool {
        Self::SUPPORTED && self.control & Self::FLUSH == Self::FLUSH
    }

    /// Flushes subnormals to zero on the calling thread until the guard is dropped.
    pub fn flush_subnormals() -> FloatModeGuard {
        FloatModeGuard::set(|control| control | Self::FLUSH)
    }

    /// Keeps subnormals (IEEE gradual underflow, the default mode) on the calling thread until
    /// the guard is dropped.
    pub fn keep_subnormals() -> FloatModeGuard {
        FloatModeGuard::set(|control| control & !Self::FLUSH)
    }

    /// [`flush_subnormals`](Self::flush_subnormals) if `flush`, else a guard that leaves the
    /// caller's mode as it is: the opt-out of a caller who set its own mode.
    pub fn flush_subnormals_if(flush: bool) -> FloatModeGuard {
        if flush {
            Self::flush_subnormals()
        } else {
            FloatModeGuard::set(|control| control)
        }
    }
}

/// Holds a floating-point mode on the calling thread; dropping it restores the mode the thread
/// had before, also during a panic's unwinding.
///
/// Guards nest: each restores what it found, so they must be dropped in the reverse order of
/// their creation, as scopes drop them. A guard is neither `Send` nor `Sync`, because the mode
/// it restores belongs to the thread that created it.
#[must_use = "the mode is restored as soon as the guard is dropped"]
#[derive(Debug)]
pub struct FloatModeGuard {
    previous: u64,
    /// The mode is per thread, so the guard stays on its thread.
    not_send: PhantomData<*const ()>,
}

impl FloatModeGuard {
    /// Writes `change(current)` to the control register (only if it differs: a write costs more
    /// than a read), remembering `current`.
    fn set(change: impl FnOnce(u64) -> u64) -> Self {
        let previous = control::read();
        let wanted = change(previous);
        if wanted != previous {
            control::write(wanted);
        }
        FloatModeGuard {
            previous,
            not_send: PhantomData,
        }
    }

    /// The mode the thread returns to when the guard is dropped.
    pub fn previous(&self) -> FloatMode {
        FloatMode {
            control: self.previous,
        }
    }
}

impl Drop for FloatModeGuard {
    fn drop(&mut self) {
        if control::read() != self.previous {
            control::write(self.previous);
        }
    }
}

/// Reading and writing the control register. Only its control bits are compared and kept: on
/// x86-64 the low six bits of MXCSR are sticky exception flags that any arithmetic may raise,
/// which say nothing about the mode and must not be written back as they were.
#[cfg(target_arch = "x86_64")]
mod control {
    /// MXCSR without its six exception flags.
    const CONTROL_BITS: u32 = !0x3f;

    pub(super) fn read() -> u64 {
        let mut csr: u32 = 0;
        // SAFETY: stmxcsr stores the 4-byte MXCSR at the address given, a live local u32.
        unsafe {
            core::arch::asm!(
                "stmxcsr [{}]",
                in(reg) &mut csr,
                options(nostack, preserves_flags)
            );
        }
        u64::from(csr & CONTROL_BITS)
    }

    pub(super) fn write(control: u64) {
        // Keep the exception flags as they are now; only the control bits are ours to set.
        let mut csr: u32 = 0;
        // SAFETY: as in `read`.
        unsafe {
            core::arch::asm!(
                "stmxcsr [{}]",
                in(reg) &mut csr,
                options(nostack, preserves_flags)
            );
        }
        let csr = (csr & !CONTROL_BITS) | (control as u32 & CONTROL_BITS);
        // SAFETY: ldmxcsr loads MXCSR from a live local u32; the value is a previously read
        // MXCSR with at most FTZ and DAZ changed, so no reserved bit is set (which would fault).
        unsafe {
            core::arch::asm!(
                "ldmxcsr [{}]",
                in(reg) &csr,
                options(nostack, preserves_flags, readonly)
            );
        }
    }
}

#[cfg(target_arch = "aarch64")]
mod control {
    /// FPCR holds only control bits (its exception flags live in FPSR).
    pub(super) fn read() -> u64 {
        let fpcr: u64;
        // SAFETY: reading FPCR has no side effect.
        unsafe {
            core::arch::asm!("mrs {}, fpcr", out(reg) fpcr, options(nomem, nostack, preserves_flags));
        }
        fpcr
    }

    pub(super) fn write(fpcr: u64) {
        // SAFETY: the value is a previously read FPCR with at most FZ changed.
        unsafe {
            core::arch::asm!("msr fpcr, {}", in(reg) fpcr, options(nomem, nostack, preserves_flags));
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
mod control {
    pub(super) fn read() -> u64 {
        0
    }

    pub(super) fn write(_: u64) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hint::black_box;

    /// Half the smallest normal f32 is subnormal; multiplying by it reads a subnormal.
    const SUBNORMAL: f32 = f32::MIN_POSITIVE / 2.0;

    #[test]
    fn the_guard_sets_the_mode_and_restores_the_one_it_found() {
        if !FloatMode::SUPPORTED {
            return;
        }
        let start = FloatMode::current();
        {
            // A known mode to start from, whatever the test harness left.
            let keep = FloatMode::keep_subnormals();
            assert_eq!(keep.previous(), start);
            assert!(!FloatMode::current().flushes_subnormals());
            {
                let flush = FloatMode::flush_subnormals();
                assert!(FloatMode::current().flushes_subnormals());
                assert!(!flush.previous().flushes_subnormals());
                {
                    // The opt-out leaves whatever mode it finds.
                    let _unchanged = FloatMode::flush_subnormals_if(false);
                    assert!(FloatMode::current().flushes_subnormals());
                }
                assert!(FloatMode::current().flushes_subnormals());
            }
            assert!(!FloatMode::current().flushes_subnormals());
            {
                let _unchanged = FloatMode::flush_subnormals_if(false);
                assert!(!FloatMode::current().flushes_subnormals());
                let _flush = FloatMode::flush_subnormals_if(true);
                assert!(FloatMode::current().flushes_subnormals());
            }
            assert!(!FloatMode::current().flushes_subnormals());
        }
        assert_eq!(FloatMode::current(), start);
    }

    #[test]
    fn the_mode_is_restored_when_the_guarded_code_panics() {
        if !FloatMode::SUPPORTED {
            return;
        }
        let _keep = FloatMode::keep_subnormals();
        let unwound = std::panic::catch_unwind(|| {
            let _flush = FloatMode::flush_subnormals();
            assert!(FloatMode::current().flushes_subnormals());
            panic!("a panic inside the guarded code");
        });
        assert!(unwound.is_err());
        assert!(!FloatMode::current().flushes_subnormals());
    }

    #[test]
    fn subnormals_flush_inside_the_guard_and_not_outside() {
        if !FloatMode::SUPPORTED {
            return;
        }
        let _keep = FloatMode::keep_subnormals();
        // Gradual underflow: a subnormal result, and a subnormal operand read as itself.
        let result = black_box(f32::MIN_POSITIVE) * black_box(0.5);
        assert_eq!(result, SUBNORMAL);
        assert!(result.is_subnormal());
        assert_eq!(black_box(SUBNORMAL) * black_box(2.0), f32::MIN_POSITIVE);
        {
            let _flush = FloatMode::flush_subnormals();
            // FTZ: the result that would be subnormal is zero.
            assert_eq!(black_box(f32::MIN_POSITIVE) * black_box(0.5), 0.0);
            // DAZ (FZ on aarch64): the subnormal operand is read as zero.
            assert_eq!(black_box(SUBNORMAL) * black_box(2.0), 0.0);
            // Normal values are untouched.
            assert_eq!(
                black_box(f32::MIN_POSITIVE) * black_box(2.0),
                2.0 * f32::MIN_POSITIVE
            );
        }
        assert_eq!(
            black_box(f32::MIN_POSITIVE) * black_box(0.5),
            SUBNORMAL,
            "gradual underflow is back after the guard"
        );
    }

    #[test]
    fn the_mode_is_per_thread() {
        if !FloatMode::SUPPORTED {
            return;
        }
        let _keep = FloatMode::keep_subnormals();
        let (set, was_set) = std::sync::mpsc::channel();
        let other = std::thread::spawn(move || {
            was_set.recv().unwrap();
            FloatMode::current().flushes_subnormals()
        });
        let _flush = FloatMode::flush_subnormals();
        set.send(()).unwrap();
        assert!(
            !other.join().unwrap(),
            "flushing on this thread changed another thread's mode"
        );
        assert!(FloatMode::current().flushes_subnormals());
    }
}
