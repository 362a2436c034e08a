#[cfg(feature = "std")]
use rand::RngExt;

use super::TrainingNoise;
#[cfg(feature = "std")]
use super::{NoiseKind, TrainingNoiseBuffers};
#[cfg(feature = "std")]
use crate::Rng;
#[cfg(feature = "std")]
use crate::python_float::python_double;

/// Keras's `Dropout(rate)` on `N` values: inverted dropout while training, the identity
/// otherwise.
///
/// ```text
/// training:   m_i ~ Bernoulli(1 − rate),  a_i = x_i · m_i / (1 − rate),  ∂L/∂x_i = ∂L/∂a_i · m_i / (1 − rate)
/// inference:  a = x
/// ```
///
/// Scaling the kept values by `1 / (1 − rate)` while training keeps each value's expectation,
/// so nothing changes at inference. The layer keeps `m / (1 − rate)` as its draws. The rate is
/// part of the type as its `f32` bit pattern, so the layer holds no data:
///
/// ```
/// use nn::layers::Dropout;
/// type HalfDropout = Dropout<128, { 0.5_f32.to_bits() }>;
/// assert_eq!(HalfDropout::RATE, 0.5);
/// ```
pub type Dropout<const N: usize, const RATE: u32> = TrainingNoise<N, DropoutKind<RATE>>;

#[cfg(feature = "std")]
/// What a [`Dropout`] layer keeps of a batch between its forward and backward passes.
pub type DropoutBuffers<const N: usize> = TrainingNoiseBuffers<N>;

/// What [`Dropout`] draws and does with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DropoutKind<const RATE: u32>;

impl<const RATE: u32> DropoutKind<RATE> {
    /// The fraction of values dropped while training.
    pub const RATE: f32 = f32::from_bits(RATE);
}

impl<const N: usize, const RATE: u32> Dropout<N, RATE> {
    /// The fraction of values dropped while training.
    pub const RATE: f32 = DropoutKind::<RATE>::RATE;
}

#[cfg(feature = "std")]
impl<const RATE: u32> NoiseKind for DropoutKind<RATE> {
    const KERAS_CLASS: &'static str = "Dropout";
    const ACTS: bool = Self::RATE > 0.0;

    /// `1 / (1 − rate)`, what a kept value is multiplied by, computed as TensorFlow's dropout
    /// does: in double precision from the rate as written, rounded to `f32` once (from the
    /// `f32` it would differ by an ulp for 40 of the rates 0.01, …, 0.99).
    type Constants = f32;

    fn constants() -> f32 {
        (1.0 / (1.0 - python_double(Self::RATE))) as f32
    }

    /// `m / (1 − rate)`: 0 where dropped.
    fn draw(kept_scale: f32, rng: &mut Rng) -> f32 {
        if rng.random::<f32>() < Self::RATE {
            0.0
        } else {
            kept_scale
        }
    }

    fn apply(_: f32, x: f32, mask: f32) -> f32 {
        x * mask
    }

    fn input_gradient(_: f32, gradient: f32, mask: f32) -> f32 {
        gradient * mask
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::Batch;
    use crate::layers::testing::assert_gradient_matches_finite_differences;
    use crate::layers::{Forward, Layer};
    use rand::SeedableRng;

    type Half = Dropout<4, { 0.5_f32.to_bits() }>;

    #[test]
    fn the_kept_scale_is_tensorflows_double_rounded_once() {
        // TensorFlow: `scale = 1 / (1 - rate)` on the Python float, then cast to f32.
        type Rate29 = DropoutKind<{ 0.29_f32.to_bits() }>;
        assert_eq!(Rate29::constants(), (1.0_f64 / (1.0 - 0.29)) as f32);
        assert_ne!(Rate29::constants(), 1.0 / (1.0 - 0.29_f32));
    }

    #[test]
    fn training_drops_about_rate_and_keeps_the_expectation() {
        let input = Batch::<4>::from_element(2500, 1.0);
        let mut buffers = DropoutBuffers::default();
        let mut rng = Rng::seed_from_u64(1);
        Layer::forward(&Half::default(), &input, &mut buffers, Some(&mut rng));
        let dropped = buffers.output.iter().filter(|&&v| v == 0.0).count() as f32 / 10_000.0;
        assert!((dropped - 0.5).abs() < 0.02, "dropped {dropped}");
        assert!(buffers.output.iter().all(|&v| v == 0.0 || v == 2.0));
        let mean = buffers.output.mean();
        assert!((mean - 1.0).abs() < 0.04, "mean {mean}");
    }

    #[test]
    fn gradient_flows_only_through_kept_values() {
        let mut rng = Rng::seed_from_u64(2);
        let x = Batch::<4>::from_fn(3, |i, j| (i + 4 * j) as f32);
        let r = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.5);
        let mut buffers = DropoutBuffers::default();
        Layer::forward(&Half::default(), &x, &mut buffers, Some(&mut rng));
        let mask = &buffers.draws;
        assert!(mask.iter().any(|&m| m == 0.0) && mask.iter().any(|&m| m == 2.0));
        buffers.gradient.copy_from(&r);
        let mut input_gradient = Batch::<4>::from_element(3, f32::NAN);
        let mut no_parameters = Half::default();
        Layer::backward(
            &Half::default(),
            &x,
            &mut buffers,
            &mut no_parameters,
            Some(&mut input_gradient),
        );
        // ∂a/∂x is the mask itself: a = x·m.
        assert_eq!(input_gradient, r.component_mul(&buffers.draws));
        assert_gradient_matches_finite_differences(
            |x| {
                let mut y = Batch::<4>::zeros(3);
                Half::apply(x, &buffers.draws, &mut y);
                y
            },
            &x,
            &r,
            &input_gradient,
        );
    }

    #[test]
    fn inference_and_a_zero_rate_are_the_identity() {
        let input = Batch::<4>::from_fn(3, |i, j| (i * j) as f32 - 1.0);
        let mut buffers = DropoutBuffers::default();
        Layer::forward(&Half::default(), &input, &mut buffers, None);
        assert_eq!(buffers.output, input);
        let mut rng = Rng::seed_from_u64(3);
        Layer::forward(
            &Dropout::<4, 0>::default(),
            &input,
            &mut buffers,
            Some(&mut rng),
        );
        assert_eq!(buffers.output, input);
        let column = input.column(2).into_owned();
        assert_eq!(Forward::forward_one(&Half::default(), &column), column);
    }
}
