//! Activation functions, applied to one sample's values at a time.
//!
//! An activation is a zero-sized type named after Keras's activation, so a layer's activation is
//! part of its type (`Dense<4, 128, Relu>`) and costs nothing at run time. Element-wise
//! activations implement [`ElementWise`]; those that mix a sample's values (softmax,
//! log_softmax) implement [`Activation`] directly.
//!
//! Keras's hyperparameters (leaky_relu's `negative_slope`, elu's and celu's `alpha`, relu's
//! `negative_slope`, `max_value` and `threshold`) are const parameters holding the bit pattern of
//! an `f32`, with Keras's default as the parameter's default, so that every activation stays
//! zero-sized: `LeakyRelu` is `LeakyRelu<{ 0.2_f32.to_bits() }>`, Keras's function default, and
//! `LeakyRelu<{ 0.3_f32.to_bits() }>` is the default of the layer `keras.layers.LeakyReLU`.
//!
//! NaN propagates, as through TensorFlow's kernels: every activation maps a NaN pre-activation to
//! NaN, and every derivative at NaN is NaN (but [`Linear`]'s, the constant 1, which passes a NaN
//! gradient on unchanged), so a NaN input row never comes out of `predict` as a plausible number.
//! Near zero, forms that cancel are replaced by exact ones (`expm1`, `ln_1p`, softplus as
//! `max(z, 0) + ln_1p(e^−|z|)`), even where TensorFlow's own kernel cancels (elu, selu).

mod celu;
mod elu;
mod exponential;
mod gelu;
mod gelu_tanh;
mod hard_sigmoid;
mod hard_silu;
mod hard_tanh;
mod leaky_relu;
mod linear;
mod log_sigmoid;
mod log_softmax;
mod mish;
mod relu;
mod relu6;
mod relu_with;
mod selu;
mod sigmoid;
mod silu;
mod softmax;
mod softplus;
mod softsign;
mod tanh;

pub use celu::Celu;
pub use elu::Elu;
pub use exponential::Exponential;
pub use gelu::Gelu;
pub use gelu_tanh::GeluTanh;
pub use hard_sigmoid::HardSigmoid;
pub use hard_silu::{HardSilu, HardSwish};
pub use hard_tanh::HardTanh;
pub use leaky_relu::LeakyRelu;
pub use linear::Linear;
pub use log_sigmoid::LogSigmoid;
pub use log_softmax::LogSoftmax;
pub use mish::Mish;
pub use relu::Relu;
pub use relu_with::ReluWith;
pub use relu6::Relu6;
pub use selu::Selu;
pub use sigmoid::Sigmoid;
pub use silu::{Silu, Swish};
pub use softmax::Softmax;
pub use softplus::Softplus;
pub use softsign::Softsign;
pub use tanh::Tanh;

/// A function from a sample's pre-activations `z` to its activations `a = f(z)`.
pub trait Activation: Copy + Default + core::fmt::Debug + 'static {
    /// Keras's name for the activation.
    const NAME: &'static str;

    /// Replaces one sample's pre-activations `z` by `f(z)`.
    fn activate(values: &mut [f32]);

    /// Turns `∂L/∂a` into `∂L/∂z` in place, given one sample's `z` and `a = f(z)`.
    fn backpropagate(pre_activation: &[f32], activation: &[f32], gradient: &mut [f32]);

    /// [`activate`](Self::activate) on every `width`-long sample of a batch stored end to end.
    fn activate_batch(values: &mut [f32], width: usize) {
        values.chunks_exact_mut(width).for_each(Self::activate);
    }

    /// [`backpropagate`](Self::backpropagate) on every `width`-long sample of a batch.
    fn backpropagate_batch(
        pre_activation: &[f32],
        activation: &[f32],
        gradient: &mut [f32],
        width: usize,
    ) {
        let samples = pre_activation
            .chunks_exact(width)
            .zip(activation.chunks_exact(width));
        for ((z, a), g) in samples.zip(gradient.chunks_exact_mut(width)) {
            Self::backpropagate(z, a, g);
        }
    }
}

/// An activation applied to each value on its own: `a_i = f(z_i)`.
pub trait ElementWise: Copy + Default + core::fmt::Debug + 'static {
    /// Keras's name for the activation.
    const NAME: &'static str;

    /// `f(z)`.
    fn value(z: f32) -> f32;

    /// `f'(z)`, given `z` and `a = f(z)` (whichever is cheaper to use).
    fn derivative(z: f32, a: f32) -> f32;
}

impl<F: ElementWise> Activation for F {
    const NAME: &'static str = F::NAME;

    #[inline]
    fn activate(values: &mut [f32]) {
        for value in values {
            *value = F::value(*value);
        }
    }

    #[inline]
    fn backpropagate(pre_activation: &[f32], activation: &[f32], gradient: &mut [f32]) {
        for ((g, &z), &a) in gradient.iter_mut().zip(pre_activation).zip(activation) {
            *g *= F::derivative(z, a);
        }
    }

    // Element-wise: a batch is one long sample, swept in a single loop.
    #[inline]
    fn activate_batch(values: &mut [f32], _width: usize) {
        Self::activate(values);
    }

    #[inline]
    fn backpropagate_batch(
        pre_activation: &[f32],
        activation: &[f32],
        gradient: &mut [f32],
        _width: usize,
    ) {
        Self::backpropagate(pre_activation, activation, gradient);
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Central finite differences of an activation, for checking `backpropagate`.

    use super::Activation;

    /// Checks `backpropagate` against central differences of `L(z) = Σ w_i·f(z)_i`.
    ///
    /// The step is 1e-2 because the activations are computed in f32: with `h = 1e-2` the
    /// truncation error (O(h²) ≈ 1e-4 times the third derivative) and the rounding error
    /// (≈ 1e-7 / h = 1e-5) are both below the 2e-3 tolerance, which a wrong derivative exceeds by
    /// far. Points closer than `h` to a kink must be left out by the caller.
    pub(crate) fn assert_matches_finite_differences<A: Activation>(z: &[f32], weights: &[f32]) {
        let h = 1e-2_f32;
        let loss = |z: &[f32]| -> f64 {
            let mut a = z.to_vec();
            A::activate(&mut a);
            a.iter()
                .zip(weights)
                .map(|(&a, &w)| f64::from(a) * f64::from(w))
                .sum()
        };
        let mut a = z.to_vec();
        A::activate(&mut a);
        let mut analytic = weights.to_vec();
        A::backpropagate(z, &a, &mut analytic);
        for i in 0..z.len() {
            let mut plus = z.to_vec();
            let mut minus = z.to_vec();
            plus[i] += h;
            minus[i] -= h;
            let numeric = (loss(&plus) - loss(&minus)) / (2.0 * f64::from(h));
            let error = (numeric - f64::from(analytic[i])).abs();
            assert!(
                error <= 2e-3 * (1.0 + numeric.abs()),
                "{}: ∂L/∂z[{i}] is {} analytically but {numeric} by finite differences",
                A::NAME,
                analytic[i]
            );
        }
    }
}

#[cfg(test)]
mod tests {
    /// Every activation maps NaN to NaN, value and derivative; `backpropagate` then turns a
    /// gradient of 1 into NaN (but for `Linear`, whose derivative is the constant 1).
    #[test]
    fn every_activation_propagates_nan() {
        use super::*;
        fn check<A: Activation>() {
            for width in [1, 3] {
                let z = vec![f32::NAN; width];
                let mut a = z.clone();
                A::activate(&mut a);
                assert!(a.iter().all(|a| a.is_nan()), "{}(NaN) = {a:?}", A::NAME);
                let mut gradient = vec![1.0; width];
                A::backpropagate(&z, &a, &mut gradient);
                assert!(
                    gradient.iter().all(|g| g.is_nan()) || A::NAME == "linear",
                    "{}'(NaN) = {gradient:?}",
                    A::NAME
                );
            }
        }
        check::<Celu>();
        check::<Celu<{ 2.0_f32.to_bits() }>>();
        check::<Elu>();
        check::<Elu<{ 0.5_f32.to_bits() }>>();
        check::<Exponential>();
        check::<Gelu>();
        check::<GeluTanh>();
        check::<HardSigmoid>();
        check::<HardSilu>();
        check::<HardTanh>();
        check::<LeakyRelu>();
        check::<Linear>();
        check::<LogSigmoid>();
        check::<LogSoftmax>();
        check::<Mish>();
        check::<Relu>();
        check::<ReluWith>();
        check::<ReluWith<{ 0.1_f32.to_bits() }, { 6.0_f32.to_bits() }, { 0.5_f32.to_bits() }>>();
        check::<ReluWith<0, { 4.0_f32.to_bits() }>>();
        check::<ReluWith<{ 0.1_f32.to_bits() }>>();
        check::<ReluWith<0, { 6.0_f32.to_bits() }>>();
        check::<Relu6>();
        check::<Selu>();
        check::<Sigmoid>();
        check::<Silu>();
        check::<Softmax>();
        check::<Softplus>();
        check::<Softsign>();
        check::<Tanh>();
        // Linear's value still carries NaN through.
        let mut a = [f32::NAN];
        Linear::activate(&mut a);
        assert!(a[0].is_nan());
    }
}
