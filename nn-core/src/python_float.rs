//! The double a Keras user wrote for a hyperparameter that nn holds as an `f32` bit pattern.
//!
//! Keras evaluates some formulas of a layer's hyperparameters as Python floats and rounds only
//! the result to f32; nn's layers do the same from the double this module recovers.

use core::fmt::Write as _;

/// The Python float behind `value`: the shortest decimal that reads back as `value`, read as an
/// `f64`.
///
/// A layer's rate is part of its type as an `f32` (`{ 0.2_f32.to_bits() }`), but Keras holds it
/// as a Python float and evaluates some formulas of it in double precision before rounding the
/// result to `f32` (GaussianDropout's `√(rate / (1 − rate))`, AlphaDropout's `a` and `b`,
/// BatchNormalization's `1 − momentum`).
/// `0.2_f32` is 0.20000000298…, Keras's `0.2` is 0.20000000000000001…: fed the former, those
/// formulas round to a different `f32` for 62 of the rates 0.01, 0.02, …, 0.99. The shortest
/// decimal of `0.2_f32` is `0.2`, what the user wrote, so reading it back as a double gives
/// Keras's value.
///
/// ```text
/// python_double(0.2_f32) = 0.2_f64,   python_double(x) as f32 = x   for every finite x
/// ```
pub(crate) fn python_double(value: f32) -> f64 {
    let mut text = StackText {
        bytes: [0; 32],
        len: 0,
    };
    // `{:e}` writes the shortest digits that read back as `value`: at most nine significant
    // digits, a sign, a point and an exponent, which always fit in 32 bytes; the fallbacks only
    // keep this free of panics.
    if write!(text, "{value:e}").is_err() {
        return f64::from(value);
    }
    core::str::from_utf8(&text.bytes[..text.len])
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(f64::from(value))
}

/// A few bytes of text on the stack, so that a layer's forward pass allocates nothing.
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl core::fmt::Write for StackText {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        let end = self.len + text.len();
        let destination = self.bytes.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        destination.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
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
