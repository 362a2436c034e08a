//! The float functions of activations and layers, from std when it is there and from libm
//! without it.
//!
//! ```text
//! with std:     math::exp(x) = x.exp()        (bit for bit what nn computed before: Keras
//!                                              parity tests compare to the last bit)
//! without std:  math::exp(x) = libm::expf(x)  (a port of musl's, within 1 ulp)
//! ```
//!
//! `core` has `abs`, `min`, `max`, `clamp` and `copysign` for floats but not the functions
//! below, which std takes from the platform's C library. Code that must build without std calls
//! these instead of the methods.

/// `eˣ`.
#[inline]
pub(crate) fn exp(x: f32) -> f32 {
    #[cfg(feature = "std")]
    return x.exp();
    #[cfg(not(feature = "std"))]
    return libm::expf(x);
}

/// `eˣ − 1`, exact near 0.
#[inline]
pub(crate) fn exp_m1(x: f32) -> f32 {
    #[cfg(feature = "std")]
    return x.exp_m1();
    #[cfg(not(feature = "std"))]
    return libm::expm1f(x);
}

/// `ln x`.
#[inline]
pub(crate) fn ln(x: f32) -> f32 {
    #[cfg(feature = "std")]
    return x.ln();
    #[cfg(not(feature = "std"))]
    return libm::logf(x);
}

/// `ln(1 + x)`, exact near 0.
#[inline]
pub(crate) fn ln_1p(x: f32) -> f32 {
    #[cfg(feature = "std")]
    return x.ln_1p();
    #[cfg(not(feature = "std"))]
    return libm::log1pf(x);
}

/// `tanh x`.
#[inline]
pub(crate) fn tanh(x: f32) -> f32 {
    #[cfg(feature = "std")]
    return x.tanh();
    #[cfg(not(feature = "std"))]
    return libm::tanhf(x);
}

/// `√x`, correctly rounded both ways (IEEE 754 requires it of both).
#[inline]
pub(crate) fn sqrt(x: f32) -> f32 {
    #[cfg(feature = "std")]
    return x.sqrt();
    #[cfg(not(feature = "std"))]
    return libm::sqrtf(x);
}

/// `eˣ` in f64, for the functions computed in double and rounded once (gelu).
#[inline]
pub(crate) fn exp_f64(x: f64) -> f64 {
    #[cfg(feature = "std")]
    return x.exp();
    #[cfg(not(feature = "std"))]
    return libm::exp(x);
}

#[cfg(test)]
mod tests {
    //! libm against the platform's functions, through `libm` directly so that the comparison
    //! runs in either build.

    /// How many f32 values lie between `a` and `b` (0 when equal; both finite, same sign).
    fn ulps(a: f32, b: f32) -> u32 {
        if a == b {
            return 0;
        }
        assert_eq!(a.is_sign_negative(), b.is_sign_negative(), "{a} and {b}");
        a.to_bits().abs_diff(b.to_bits())
    }

    /// Points spread over where activations use each function, with the edges (0, tiny,
    /// saturation).
    fn points() -> impl Iterator<Item = f32> {
        (-400..=400)
            .map(|i| i as f32 * 0.05)
            .chain([1e-30, -1e-30, 1e-7, -1e-7, 30.0, -30.0, 85.0, -85.0])
    }

    /// Keras parity is checked with std's functions; libm's musl ports must stay within 1 ulp
    /// of glibc's over the range activations use (each is within 1 ulp of the exact value, so
    /// they could be 2 apart; 1 is what this asks, and holds).
    /// A function's name, std's version and libm's.
    type Pair = (&'static str, fn(f32) -> f32, fn(f32) -> f32);

    #[test]
    fn libm_is_within_one_ulp_of_std() {
        let functions: [Pair; 5] = [
            ("exp", f32::exp, libm::expf),
            ("exp_m1", f32::exp_m1, libm::expm1f),
            ("ln_1p", f32::ln_1p, libm::log1pf),
            ("tanh", f32::tanh, libm::tanhf),
            ("ln", f32::ln, libm::logf),
        ];
        for (name, std, libm) in functions {
            for x in points() {
                if name == "ln" && x <= 0.0 || name == "ln_1p" && x <= -1.0 {
                    continue;
                }
                let (expected, got) = (std(x), libm(x));
                assert!(
                    ulps(expected, got) <= 1,
                    "{name}({x}): std {expected}, libm {got}"
                );
            }
        }
        for x in points().filter(|&x| x >= 0.0) {
            assert_eq!(x.sqrt(), libm::sqrtf(x), "sqrt({x})");
        }
        for x in points().map(f64::from) {
            let (expected, got) = (x.exp(), libm::exp(x));
            assert!(
                expected.to_bits().abs_diff(got.to_bits()) <= 1,
                "exp({x}): {expected} {got}"
            );
        }
    }

    /// The functions this module exports are the build's: std's with std.
    #[cfg(feature = "std")]
    #[test]
    fn with_std_the_functions_are_std_s() {
        for x in points() {
            assert_eq!(super::exp(x).to_bits(), x.exp().to_bits());
            assert_eq!(super::tanh(x).to_bits(), x.tanh().to_bits());
        }
    }
}
