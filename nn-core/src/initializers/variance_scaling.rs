use rand::RngExt;
use rand_distr::{Distribution as _, Normal};

use super::{Fans, Initializer, truncated};
use crate::Rng;

/// Which fans set the scale of a [`VarianceScaling`] initializer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FanMode {
    /// `n = fan_in`
    FanIn,
    /// `n = fan_out`
    FanOut,
    /// `n = (fan_in + fan_out) / 2`
    FanAvg,
}

/// Which distribution a [`VarianceScaling`] initializer draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distribution {
    /// `N(0, σ²)` redrawn beyond ±2σ, with σ corrected so the truncated variance is `scale / n`.
    TruncatedNormal,
    /// `N(0, scale / n)`.
    UntruncatedNormal,
    /// `U(−limit, limit)` with `limit = √(3·scale / n)`.
    Uniform,
}

/// Keras's `VarianceScaling`: weights whose variance is `scale / n`, `n` chosen by `mode`.
///
/// ```text
/// uniform:            w ~ U(−limit, limit),  limit = √(3·scale / n)
/// truncated_normal:   w ~ N(0, σ²) within ±2σ,  σ = √(scale / n) / 0.87962566103423978
/// untruncated_normal: w ~ N(0, scale / n)
/// ```
///
/// The named initializers are its special cases: glorot (`scale 1, fan_avg`), he
/// (`scale 2, fan_in`), lecun (`scale 1, fan_in`), each uniform or truncated normal.
///
/// ```
/// use nn::initializers::{Distribution, FanMode, Fans, VarianceScaling};
/// let glorot = VarianceScaling { scale: 1.0, mode: FanMode::FanAvg, distribution: Distribution::Uniform };
/// let limit = glorot.limit(Fans { fan_in: 4, fan_out: 128 });
/// assert!((limit - (3.0_f32 / 66.0).sqrt()).abs() < 1e-7);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VarianceScaling {
    /// The target variance times `n`.
    pub scale: f32,
    /// Which fans make `n`.
    pub mode: FanMode,
    /// The distribution drawn from.
    pub distribution: Distribution,
}

/// The standard deviation of a unit normal truncated to ±2, which Keras divides by so the
/// truncated draws keep the intended variance.
const TRUNCATED_STDDEV: f32 = 0.879_625_7;

impl Default for VarianceScaling {
    /// Keras's defaults: `scale = 1`, `fan_in`, truncated normal.
    fn default() -> Self {
        VarianceScaling {
            scale: 1.0,
            mode: FanMode::FanIn,
            distribution: Distribution::TruncatedNormal,
        }
    }
}

impl VarianceScaling {
    /// `scale / n`, the intended variance (with `n` at least 1, as Keras clamps it).
    fn variance(&self, fans: Fans) -> f32 {
        let n = match self.mode {
            FanMode::FanIn => fans.fan_in as f32,
            FanMode::FanOut => fans.fan_out as f32,
            FanMode::FanAvg => (fans.fan_in + fans.fan_out) as f32 / 2.0,
        };
        self.scale / n.max(1.0)
    }

    /// The half-width of the uniform distribution: `√(3·scale / n)`.
    pub fn limit(&self, fans: Fans) -> f32 {
        (3.0 * self.variance(fans)).sqrt()
    }

    /// The standard deviation of the normal drawn from, before any truncation.
    pub fn stddev(&self, fans: Fans) -> f32 {
        match self.distribution {
            Distribution::TruncatedNormal => self.variance(fans).sqrt() / TRUNCATED_STDDEV,
            Distribution::UntruncatedNormal | Distribution::Uniform => self.variance(fans).sqrt(),
        }
    }
}

impl Initializer for VarianceScaling {
    const NAME: &'static str = "variance_scaling";

    fn fill(&self, values: &mut [f32], fans: Fans, rng: &mut Rng) {
        if self.distribution == Distribution::Uniform {
            let limit = self.limit(fans);
            values
                .iter_mut()
                .for_each(|v| *v = rng.random_range(-limit..limit));
            return;
        }
        let stddev = self.stddev(fans);
        let Ok(normal) = Normal::new(0.0, stddev) else {
            values.fill(0.0);
            return;
        };
        for value in values {
            *value = match self.distribution {
                Distribution::TruncatedNormal => truncated(2.0 * stddev, || normal.sample(rng)),
                _ => normal.sample(rng),
            };
        }
    }
}

/// A named special case of [`VarianceScaling`], with Keras's name.
macro_rules! variance_scaling {
    ($(#[$doc:meta])* $name:ident, $keras:literal, $scale:literal, $mode:ident, $distribution:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name;

        impl $name {
            /// The [`VarianceScaling`] this initializer is.
            pub const SCALING: VarianceScaling =
                VarianceScaling { scale: $scale, mode: FanMode::$mode, distribution: Distribution::$distribution };
        }

        impl Initializer for $name {
            const NAME: &'static str = $keras;

            fn fill(&self, values: &mut [f32], fans: Fans, rng: &mut Rng) {
                Self::SCALING.fill(values, fans, rng);
            }
        }
    };
}

variance_scaling!(
    /// Keras's `glorot_uniform` (Xavier uniform), the default kernel initializer of a Dense layer:
    /// `U(−limit, limit)`, `limit = √(6 / (fan_in + fan_out))`.
    GlorotUniform, "glorot_uniform", 1.0, FanAvg, Uniform
);
variance_scaling!(
    /// Keras's `glorot_normal`: truncated normal with variance `2 / (fan_in + fan_out)`.
    GlorotNormal, "glorot_normal", 1.0, FanAvg, TruncatedNormal
);
variance_scaling!(
    /// Keras's `he_uniform`: `U(−limit, limit)`, `limit = √(6 / fan_in)`; suits relu.
    HeUniform, "he_uniform", 2.0, FanIn, Uniform
);
variance_scaling!(
    /// Keras's `he_normal`: truncated normal with variance `2 / fan_in`.
    HeNormal, "he_normal", 2.0, FanIn, TruncatedNormal
);
variance_scaling!(
    /// Keras's `lecun_uniform`: `U(−limit, limit)`, `limit = √(3 / fan_in)`.
    LecunUniform, "lecun_uniform", 1.0, FanIn, Uniform
);
variance_scaling!(
    /// Keras's `lecun_normal`: truncated normal with variance `1 / fan_in`; suits selu.
    LecunNormal, "lecun_normal", 1.0, FanIn, TruncatedNormal
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::initializers::testing::{draws, moments};

    const FANS: Fans = Fans {
        fan_in: 4,
        fan_out: 128,
    };

    /// Checks an initializer's parameters against Keras 3.15.1's, from
    /// shared/golden/initializers.json (a (4, 128) Dense kernel), and 50 draws against the
    /// distribution: uniform draws reach nearly `limit` and have σ = limit/√3; truncated ones
    /// stay within 2σ and have the intended standard deviation √(scale / n).
    fn check<I: Initializer>(initializer: I, scaling: VarianceScaling, keras_bound: f32) {
        let values = draws(&initializer, 11);
        let (mean, std, max) = moments(&values);
        assert!(mean.abs() < 0.02 * std, "{}: mean {mean}", I::NAME);
        match scaling.distribution {
            Distribution::Uniform => {
                approx::assert_relative_eq!(scaling.limit(FANS), keras_bound, max_relative = 1e-6);
                assert!(
                    max < keras_bound && max > 0.99 * keras_bound,
                    "{}: max {max}",
                    I::NAME
                );
                approx::assert_relative_eq!(std, keras_bound / 3.0_f32.sqrt(), max_relative = 0.02);
            }
            _ => {
                approx::assert_relative_eq!(scaling.stddev(FANS), keras_bound, max_relative = 1e-6);
                assert!(
                    max <= 2.0 * keras_bound && max > 1.9 * keras_bound,
                    "{}: max {max}",
                    I::NAME
                );
                let intended = scaling.variance(FANS).sqrt();
                approx::assert_relative_eq!(std, intended, max_relative = 0.02);
            }
        }
        assert_eq!(
            values,
            draws(&initializer, 11),
            "{} is not reproducible",
            I::NAME
        );
    }

    #[test]
    fn named_initializers_match_keras() {
        // `limit` (uniform) or `stddev` (truncated normal) from the golden file.
        check(GlorotUniform, GlorotUniform::SCALING, 0.213_200_72);
        check(GlorotNormal, GlorotNormal::SCALING, 0.139_936_22);
        check(HeUniform, HeUniform::SCALING, 1.224_744_9);
        check(HeNormal, HeNormal::SCALING, 0.803_872_4);
        check(LecunUniform, LecunUniform::SCALING, 0.866_025_4);
        check(LecunNormal, LecunNormal::SCALING, 0.568_423_6);
    }

    #[test]
    fn untruncated_normal_has_the_intended_spread() {
        let scaling = VarianceScaling {
            scale: 2.0,
            mode: FanMode::FanOut,
            distribution: Distribution::UntruncatedNormal,
        };
        let (_, std, _) = moments(&draws(&scaling, 4));
        approx::assert_relative_eq!(std, (2.0_f32 / 128.0).sqrt(), max_relative = 0.02);
    }
}
