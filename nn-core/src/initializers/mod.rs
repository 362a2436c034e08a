//! How a layer's weights are first filled, seeded and reproducible: Keras's initializers.
//!
//! A kernel of a Dense layer with `IN` inputs and `OUT` units is filled as Keras fills its
//! `(IN, OUT)` kernel: row-major over `(fan_in, fan_out)`, which is the memory order of nn's
//! column-major `OUT × IN` matrix.

mod constant;
mod orthogonal;
mod random;
mod variance_scaling;

pub use constant::{Constant, Ones, Zeros};
pub use orthogonal::Orthogonal;
pub use random::{RandomNormal, RandomUniform, TruncatedNormal};
pub use variance_scaling::{
    Distribution, FanMode, GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal,
    LecunUniform, VarianceScaling,
};

use crate::Rng;

/// The fan-in and fan-out of a weight tensor: a Dense kernel of `IN` inputs and `OUT` units has
/// `fan_in = IN` and `fan_out = OUT`, as in Keras; its bias, a vector of `OUT`, has
/// `fan_in = OUT` and `fan_out = 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fans {
    /// Inputs feeding each unit.
    pub fan_in: usize,
    /// Units each input feeds.
    pub fan_out: usize,
}

/// A way to fill a weight tensor with starting values.
pub trait Initializer: Clone + core::fmt::Debug {
    /// Keras's name for the initializer.
    const NAME: &'static str;

    /// Fills `values`, a `fan_in × fan_out` tensor stored row-major, drawing from `rng`.
    fn fill(&self, values: &mut [f32], fans: Fans, rng: &mut Rng);
}

/// Draws values from `sample` until one lies within `±bound`: Keras's truncated normal, which
/// redraws everything beyond two standard deviations.
pub(crate) fn truncated(bound: f32, mut sample: impl FnMut() -> f32) -> f32 {
    loop {
        let value = sample();
        if value.abs() <= bound {
            return value;
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::{Fans, Initializer};
    use crate::Rng;
    use rand::SeedableRng;

    /// 50 draws of a (4, 128) kernel, as the golden file's empirical figures were taken.
    pub(crate) fn draws(initializer: &impl Initializer, seed: u64) -> Vec<f32> {
        let fans = Fans {
            fan_in: 4,
            fan_out: 128,
        };
        let mut rng = Rng::seed_from_u64(seed);
        let mut values = vec![0.0; 50 * 4 * 128];
        for kernel in values.chunks_mut(4 * 128) {
            initializer.fill(kernel, fans, &mut rng);
        }
        values
    }

    /// Mean, standard deviation and largest magnitude.
    pub(crate) fn moments(values: &[f32]) -> (f32, f32, f32) {
        let n = values.len() as f64;
        let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let variance = values
            .iter()
            .map(|&v| (f64::from(v) - mean).powi(2))
            .sum::<f64>()
            / n;
        let max = values.iter().fold(0.0_f32, |m, v| m.max(v.abs()));
        (mean as f32, variance.sqrt() as f32, max)
    }
}
