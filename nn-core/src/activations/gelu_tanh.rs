use super::ElementWise;
use crate::math;

/// The tanh approximation of the Gaussian error linear unit, Keras's `gelu` with
/// `approximate=True`.
///
/// ```text
/// gelu_tanh(z)  = z/2 · (1 + t),   t = tanh(√(2/π) · (z + 0.044715 · z³))
/// gelu_tanh'(z) = (1 + t)/2 + z/2 · (1 − t²) · √(2/π) · (1 + 3 · 0.044715 · z²)
/// ```
///
/// TensorFlow's f32 `tanh` (Eigen's rational approximation) is exactly ±1 from `|u| ≈ 7.905` on,
/// where the correctly rounded tanh is still `±(1 − 1.2e-7)` (up to `|u| ≈ 9.01`), so Keras's left
/// tail `z/2 · (1 + t)` is exactly 0 there, not about `−3e-7` (golden value at `z = −5`). To match
/// it, `t` is set to ±1 from `|u| ≥ 7.905_311` on, Eigen's threshold in builds without FMA (with
/// FMA it is 7.998_812; no golden point falls between the two). Below it, `t` is Rust's correctly
/// rounded `tanh`, which can differ from Eigen's by an ulp: in the left tail that moves the value
/// by up to `|z|/2 · 1.2e-7` absolutely (5e-6 relatively at `z = −2.5`).
///
/// Its Keras name is `gelu` like [`Gelu`](super::Gelu)'s; the two differ in Keras's
/// `approximate` argument.
///
/// ```
/// use nn::activations::{Activation, GeluTanh};
/// let mut values = [0.0_f32, 10.0];
/// GeluTanh::activate(&mut values);
/// assert_eq!(values, [0.0, 10.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GeluTanh;

/// `√(2/π)`, as TensorFlow writes it.
const SQRT_2_OVER_PI: f32 = 0.797_884_6;
/// The coefficient of `z³`.
const COEFFICIENT: f32 = 0.044_715;
/// Where TensorFlow's f32 `tanh` becomes exactly ±1 (Eigen's `generic_fast_tanh_float` clamp).
const TANH_SATURATION: f32 = 7.905_311;

/// `t = tanh(√(2/π) · (z + 0.044715 · z³))`, saturated as TensorFlow's is.
#[inline]
fn t(z: f32) -> f32 {
    let u = SQRT_2_OVER_PI * (z + COEFFICIENT * (z * z * z));
    if u.abs() >= TANH_SATURATION {
        1.0_f32.copysign(u)
    } else {
        math::tanh(u)
    }
}

impl ElementWise for GeluTanh {
    const NAME: &'static str = "gelu";

    #[inline]
    fn value(z: f32) -> f32 {
        let t = t(z);
        0.5 * z * (1.0 + t)
    }

    #[inline]
    fn derivative(z: f32, _a: f32) -> f32 {
        let t = t(z);
        let inner = SQRT_2_OVER_PI * (1.0 + 3.0 * COEFFICIENT * z * z);
        0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activations::testing::assert_matches_finite_differences;

    #[test]
    fn gradient_matches_finite_differences() {
        assert_matches_finite_differences::<GeluTanh>(
            &[-3.0, -0.5, 0.2, 4.0],
            &[0.3, -1.2, 0.7, 2.0],
        );
    }

    #[test]
    fn left_tail_is_exactly_zero_as_in_tensorflow() {
        assert_eq!(GeluTanh::value(-5.0), 0.0);
        assert_eq!(GeluTanh::derivative(-5.0, 0.0), 0.0);
    }

    #[test]
    fn tails_do_not_overflow() {
        assert_eq!(GeluTanh::value(-100.0), 0.0);
        assert_eq!(GeluTanh::value(100.0), 100.0);
    }
}
