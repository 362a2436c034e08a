//! Running a hot loop compiled for the widest vector unit the CPU has.
//!
//! The crate is built for baseline x86-64 (SSE2, four lanes) so that it runs on any x86-64
//! CPU; a loop the compiler can vectorise then uses four lanes even on a CPU with sixteen.
//! [`call!`] compiles its expression three times, for AVX-512, AVX2 and the baseline, and runs
//! the widest the CPU has (detected at run time, once, as `is_x86_feature_detected!` caches).
//! The expression must compute the same operations in the same order on every path (no
//! `mul_add` whose rounding differs from `a * b + c`), so that the path changes speed, not bits.

/// Evaluates `$body` compiled for the widest vector unit the CPU has; see the module docs.
/// Helpers that `$body` calls must be `#[inline(always)]` to be compiled with it.
macro_rules! call {
    ($body:expr) => {{
        #[cfg(target_arch = "x86_64")]
        {
            #[target_feature(enable = "avx512f")]
            fn avx512<R>(body: impl FnOnce() -> R) -> R {
                body()
            }
            #[target_feature(enable = "avx2")]
            fn avx2<R>(body: impl FnOnce() -> R) -> R {
                body()
            }
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the CPU has AVX-512F.
                unsafe { avx512(|| $body) }
            } else if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2.
                unsafe { avx2(|| $body) }
            } else {
                $body
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            $body
        }
    }};
}

pub(crate) use call;
