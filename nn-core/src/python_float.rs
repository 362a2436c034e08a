//! The double a Keras user wrote for a hyperparameter that nn holds as an `f32` bit pattern.
//!
//! Keras evaluates some formulas of a layer's hyperparameters as Python floats and rounds only
//! the result to f32; nn's layers do the same from the double this module recovers.

/// The Python float behind `value`: the decimal with the fewest decimal places that rounds to
/// `value`, as an `f64`.
///
/// A layer's rate is part of its type as an `f32` (`{ 0.2_f32.to_bits() }`), but Keras holds it
/// as a Python float and evaluates some formulas of it in double precision before rounding the
/// result to `f32` (Dropout's `1 / (1 − rate)`, GaussianDropout's `√(rate / (1 − rate))`,
/// AlphaDropout's `a` and `b`, BatchNormalization's `1 − momentum`).
/// `0.2_f32` is 0.20000000298…, Keras's `0.2` is 0.20000000000000001…: fed the former, those
/// formulas round to a different `f32` for 62 of the rates 0.01, 0.02, …, 0.99. The decimal
/// `0.2` is the shortest that rounds to `0.2_f32`, and it is what the user wrote.
///
/// ```text
/// python_double(0.2_f32) = 0.2_f64,   python_double(x) as f32 = x   for every x
/// ```
///
/// A constant function (a few multiplications, no text), so that a layer's constants are
/// computed while compiling where the formula allows, and cheaply per pass where it does not.
pub(crate) const fn python_double(value: f32) -> f64 {
    let wide = value as f64;
    let mut scale = 1.0_f64;
    // `k` decimal places: the decimal `round(value · 10^k) / 10^k` is the nearest double to the
    // written one (an integer divided by an exact power of ten rounds once). 10^17 is still
    // exact; a value not recovered by then (subnormal, NaN, infinite) is itself.
    while scale <= 1e17 {
        let decimal = (wide * scale).round() / scale;
        if decimal as f32 == value {
            return decimal;
        }
        scale *= 10.0;
    }
    wide
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_the_decimal_written() {
        assert_eq!(python_double(0.2), 0.2_f64);
        assert_ne!(f64::from(0.2_f32), 0.2_f64);
        assert_eq!(python_double(0.1), 0.1_f64);
        assert_eq!(python_double(0.5), 0.5_f64);
        assert_eq!(python_double(0.0), 0.0_f64);
        assert_eq!(python_double(1e-7), 1e-7_f64);
        assert_eq!(python_double(-0.75), -0.75_f64);
    }

    #[test]
    fn rounds_back_to_the_same_f32_at_the_extremes() {
        for value in [
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::MAX,
            -f32::MAX,
            1.0 - f32::EPSILON / 2.0,
            0.333_333_34,
        ] {
            assert_eq!(python_double(value) as f32, value, "{value:e}");
        }
        assert_eq!(python_double(f32::INFINITY), f64::INFINITY);
        assert!(python_double(f32::NAN).is_nan());
    }
}
