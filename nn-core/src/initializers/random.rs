use rand::RngExt;
use rand_distr::{Distribution as _, Normal};

use super::{Fans, Initializer, truncated};
use crate::Rng;

/// Keras's `random_normal`: `w ~ N(mean, stddev²)`, defaults `mean = 0`, `stddev = 0.05`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RandomNormal {
    /// The distribution's mean.
    pub mean: f32,
    /// The distribution's standard deviation.
    pub stddev: f32,
}

/// Keras's `random_uniform`: `w ~ U(minval, maxval)`, defaults `minval = −0.05`,
/// `maxval = 0.05`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RandomUniform {
    /// The lower bound (included).
    pub minval: f32,
    /// The upper bound (excluded).
    pub maxval: f32,
}

/// Keras's `truncated_normal`: `w ~ N(mean, stddev²)` redrawn until `|w − mean| ≤ 2·stddev`,
/// defaults `mean = 0`, `stddev = 0.05`.
///
/// ```
/// use nn::initializers::{Fans, Initializer, TruncatedNormal};
/// use rand::SeedableRng;
/// let mut values = [0.0; 1000];
/// let fans = Fans { fan_in: 10, fan_out: 100 };
/// TruncatedNormal::default().fill(&mut values, fans, &mut nn::Rng::seed_from_u64(1));
/// assert!(values.iter().all(|w| w.abs() <= 0.1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TruncatedNormal {
    /// The distribution's mean.
    pub mean: f32,
    /// The untruncated distribution's standard deviation.
    pub stddev: f32,
}

impl Default for RandomNormal {
    fn default() -> Self {
        RandomNormal {
            mean: 0.0,
            stddev: 0.05,
        }
    }
}

impl Default for RandomUniform {
    fn default() -> Self {
        RandomUniform {
            minval: -0.05,
            maxval: 0.05,
        }
    }
}

impl Default for TruncatedNormal {
    fn default() -> Self {
        TruncatedNormal {
            mean: 0.0,
            stddev: 0.05,
        }
    }
}

/// A normal distribution; a standard deviation that is not finite and positive gives the mean.
fn normal(mean: f32, stddev: f32) -> Option<Normal<f32>> {
    Normal::new(mean, stddev).ok().filter(|_| stddev > 0.0)
}

impl Initializer for RandomNormal {
    const NAME: &'static str = "random_normal";

    fn fill(&self, values: &mut [f32], _fans: Fans, rng: &mut Rng) {
        match normal(self.mean, self.stddev) {
            Some(normal) => values.iter_mut().for_each(|v| *v = normal.sample(rng)),
            None => values.fill(self.mean),
        }
    }
}

impl Initializer for RandomUniform {
    const NAME: &'static str = "random_uniform";

    fn fill(&self, values: &mut [f32], _fans: Fans, rng: &mut Rng) {
        if self.minval < self.maxval {
            values
                .iter_mut()
                .for_each(|v| *v = rng.random_range(self.minval..self.maxval));
        } else {
            values.fill(self.minval);
        }
    }
}

impl Initializer for TruncatedNormal {
    const NAME: &'static str = "truncated_normal";

    fn fill(&self, values: &mut [f32], _fans: Fans, rng: &mut Rng) {
        match normal(0.0, self.stddev) {
            Some(normal) => {
                let bound = 2.0 * self.stddev;
                values
                    .iter_mut()
                    .for_each(|v| *v = self.mean + truncated(bound, || normal.sample(rng)));
            }
            None => values.fill(self.mean),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::initializers::testing::{draws, moments};

    #[test]
    fn draws_have_the_declared_spread() {
        let (mean, std, _) = moments(&draws(
            &RandomNormal {
                mean: 1.0,
                stddev: 0.5,
            },
            1,
        ));
        approx::assert_abs_diff_eq!(mean, 1.0, epsilon = 0.01);
        approx::assert_relative_eq!(std, 0.5, max_relative = 0.02);

        let (mean, std, max) = moments(&draws(&RandomUniform::default(), 2));
        approx::assert_abs_diff_eq!(mean, 0.0, epsilon = 0.001);
        // U(a, b) has standard deviation (b − a)/√12.
        approx::assert_relative_eq!(std, 0.1 / 12.0_f32.sqrt(), max_relative = 0.02);
        assert!(max < 0.05);

        let (_, std, max) = moments(&draws(&TruncatedNormal::default(), 3));
        // N(0, σ²) truncated at ±2σ has standard deviation 0.8796σ.
        approx::assert_relative_eq!(std, 0.05 * 0.879_625_7, max_relative = 0.02);
        assert!(max <= 0.1 && max > 0.099);
    }
}
