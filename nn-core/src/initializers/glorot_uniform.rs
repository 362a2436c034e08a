use super::{Fans, Initializer};
use crate::Rng;
use rand::RngExt;

/// Keras's `glorot_uniform` (Xavier uniform), the default kernel initializer of a Dense layer.
///
/// ```text
/// w ~ U(−limit, limit),   limit = √(6 / (fan_in + fan_out))
/// ```
///
/// ```
/// use nn_core::initializers::{Fans, GlorotUniform, Initializer};
/// use rand::SeedableRng;
/// let mut rng = nn_core::Rng::seed_from_u64(7);
/// let mut kernel = [0.0_f32; 4 * 128];
/// GlorotUniform.fill(&mut kernel, Fans { fan_in: 4, fan_out: 128 }, &mut rng);
/// assert!(kernel.iter().all(|w| w.abs() <= (6.0_f32 / 132.0).sqrt()));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GlorotUniform;

impl GlorotUniform {
    /// The half-width of the uniform distribution for these fans.
    pub fn limit(fans: Fans) -> f32 {
        (6.0 / (fans.fan_in + fans.fan_out) as f32).sqrt()
    }
}

impl Initializer for GlorotUniform {
    const NAME: &'static str = "glorot_uniform";

    fn fill(&self, values: &mut [f32], fans: Fans, rng: &mut Rng) {
        let limit = Self::limit(fans);
        for value in values {
            *value = rng.random_range(-limit..limit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    const FANS: Fans = Fans {
        fan_in: 4,
        fan_out: 128,
    };

    #[test]
    fn limit_is_keras_value() {
        // `limit` of Keras 3.15.1's GlorotUniform for a (4, 128) kernel, from
        // shared/golden/initializers.json.
        approx::assert_relative_eq!(
            GlorotUniform::limit(FANS),
            0.213_200_72,
            max_relative = 1e-6
        );
    }

    #[test]
    fn draws_fill_the_range_with_uniform_spread_and_repeat_by_seed() {
        let draw = |seed| {
            let mut values = vec![0.0; 50 * 4 * 128];
            GlorotUniform.fill(&mut values, FANS, &mut Rng::seed_from_u64(seed));
            values
        };
        let values = draw(1);
        let limit = GlorotUniform::limit(FANS);
        let max = values.iter().fold(0.0_f32, |m, v| m.max(v.abs()));
        assert!(
            max < limit && max > 0.99 * limit,
            "max |w| = {max}, limit = {limit}"
        );
        // U(−l, l) has standard deviation l/√3 (0.1231 here; Keras's 50 draws gave 0.1250).
        let n = values.len() as f32;
        let mean = values.iter().sum::<f32>() / n;
        let std = (values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n).sqrt();
        approx::assert_relative_eq!(std, limit / 3.0_f32.sqrt(), max_relative = 0.02);
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert_eq!(values, draw(1));
        assert_ne!(values, draw(2));
    }
}
