//! The lines `fit` prints, in Keras's format.

use std::time::Duration;

/// Keras's number format for a logged value: `.4f`, or `.4e` at or below 1e-3 in magnitude.
///
/// ```text
/// 0.0181     -> "0.0181"
/// 0.00042894 -> "4.2894e-04"
/// ```
pub(crate) fn format_value(value: f32) -> String {
    if value.abs() > 1e-3 || !value.is_finite() {
        return format!("{value:.4}");
    }
    // Rust writes `4.2894e-4`; Python (and so Keras) writes a signed, two-digit exponent.
    let formatted = format!("{value:.4e}");
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

/// Keras's time per step: whole seconds, milliseconds or microseconds.
fn format_step_time(per_step: Duration) -> String {
    let seconds = per_step.as_secs_f64();
    if seconds >= 1.0 || seconds == 0.0 {
        format!("{seconds:.0}s/step")
    } else if seconds >= 1e-3 {
        format!("{:.0}ms/step", seconds * 1e3)
    } else {
        format!("{:.0}us/step", seconds * 1e6)
    }
}

/// The two lines Keras's `verbose=2` prints for a finished epoch:
///
/// ```text
/// Epoch 3/100
/// 25/25 - 0s - 1ms/step - loss: 0.0181
/// ```
pub(crate) fn epoch_summary(
    epoch: usize,
    epochs: usize,
    steps: usize,
    elapsed: Duration,
    loss: f32,
) -> String {
    let per_step = elapsed / steps.max(1) as u32;
    format!(
        "Epoch {epoch}/{epochs}\n{steps}/{steps} - {:.0}s - {} - loss: {}",
        elapsed.as_secs_f64(),
        format_step_time(per_step),
        format_value(loss)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_formatted_as_keras_formats_them() {
        assert_eq!(format_value(0.018_12), "0.0181");
        assert_eq!(format_value(168.825_7), "168.8257");
        assert_eq!(format_value(4.2894e-4), "4.2894e-04");
        assert_eq!(format_value(6.7939e-15), "6.7939e-15");
        assert_eq!(format_value(0.0), "0.0000e+00");
    }

    #[test]
    fn epoch_summary_reads_like_keras() {
        let line = epoch_summary(3, 100, 25, Duration::from_millis(50), 0.0181);
        assert_eq!(line, "Epoch 3/100\n25/25 - 0s - 2ms/step - loss: 0.0181");
        let line = epoch_summary(1, 1, 4, Duration::from_micros(3000), 1e-4);
        assert_eq!(line, "Epoch 1/1\n4/4 - 0s - 750us/step - loss: 1.0000e-04");
    }
}
