use super::{WeightedMean, mean_metric};

/// Keras's `LogCoshError` (name `"logcosh"`): the mean of `log(cosh(ŷ − y))`, computed the
/// overflow-free way Keras does.
///
/// ```text
/// v(ŷ, y) = (1/OUT) · Σ_i x_i + softplus(−2·x_i) − ln 2        x = ŷ − y
/// ```
///
/// ```
/// use nn::metrics::{LogCoshError, Metric};
/// let mut logcosh = LogCoshError::default();
/// logcosh.update(&[1.0], &[0.0]);
/// assert!((logcosh.result() - 1.0_f32.cosh().ln()).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LogCoshError {
    mean: WeightedMean,
}

/// TensorFlow's float32 `softplus`: `ln(eˣ + 1)`, switching to `x` or `eˣ` where that is exact.
pub(super) fn softplus(x: f32) -> f32 {
    let threshold = f32::EPSILON.ln() + 2.0;
    if x > -threshold {
        x
    } else if x < threshold {
        x.exp()
    } else {
        (x.exp() + 1.0).ln()
    }
}

impl LogCoshError {
    fn value<const OUT: usize>(&self, prediction: &[f32; OUT], target: &[f32; OUT]) -> f32 {
        let sum: f32 = prediction
            .iter()
            .zip(target)
            .map(|(p, y)| {
                let x = p - y;
                x + softplus(x * -2.0) - core::f32::consts::LN_2
            })
            .sum();
        sum / OUT as f32
    }
}

mean_metric!(LogCoshError, [f32; OUT], "logcosh");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;

    #[test]
    fn large_errors_do_not_overflow() {
        let mut logcosh = LogCoshError::default();
        logcosh.update(&[200.0], &[0.0]);
        assert!((logcosh.result() - (200.0 - core::f32::consts::LN_2)).abs() < 1e-3);
    }
}
