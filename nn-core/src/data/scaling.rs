//! Feature scaling fitted on the training rows only, as the seeds insist.
//!
//! Each scaler is an affine map `v' = (v − shift) / scale`, per column or, in the seeds'
//! "one global min/max" variant, one for every value. A column with no spread gets `scale = 1`,
//! as scikit-learn does, so constant columns never become NaN (a constant training column maps to
//! 0, the range minimum, as sklearn's `MinMaxScaler` maps it).
//!
//! The map is computed in f64: finite f32 values whose range `max − min` or whose distance to the
//! mean overflows f32 (a column spanning ±3e38) would otherwise give `inf / inf = NaN`. Only a
//! result beyond f32's range (a row far outside a tiny training range) comes out infinite.

use crate::Error;

/// `rows` must be non-empty and finite to be fitted on.
fn check_fittable<const N: usize>(rows: &[[f32; N]]) -> Result<(), Error> {
    if rows.is_empty() {
        return Err(Error::EmptyData {
            operation: "fitting a scaler",
        });
    }
    for (row, values) in rows.iter().enumerate() {
        if let Some(column) = values.iter().position(|v| !v.is_finite()) {
            return Err(Error::NonFinite {
                data: "x",
                row,
                column,
                value: values[column],
            });
        }
    }
    Ok(())
}

/// A spread of zero scales by 1 instead.
fn nonzero(spread: f64) -> f64 {
    if spread == 0.0 { 1.0 } else { spread }
}

/// `max − min` in f64, where it cannot overflow, with zero replaced by 1.
fn range(min: f32, max: f32) -> f64 {
    nonzero(f64::from(max) - f64::from(min))
}

fn transform<const N: usize>(
    rows: &[[f32; N]],
    shift: impl Fn(usize) -> f32,
    scale: impl Fn(usize) -> f64,
) -> Vec<[f32; N]> {
    rows.iter()
        .map(|row| {
            core::array::from_fn(|c| ((f64::from(row[c]) - f64::from(shift(c))) / scale(c)) as f32)
        })
        .collect()
}

fn inverse<const N: usize>(
    rows: &[[f32; N]],
    shift: impl Fn(usize) -> f32,
    scale: impl Fn(usize) -> f64,
) -> Vec<[f32; N]> {
    rows.iter()
        .map(|row| {
            core::array::from_fn(|c| (f64::from(row[c]) * scale(c) + f64::from(shift(c))) as f32)
        })
        .collect()
}

/// Per-column (min, max).
fn column_ranges<const N: usize>(rows: &[[f32; N]]) -> ([f32; N], [f32; N]) {
    let mut min = [f32::INFINITY; N];
    let mut max = [f32::NEG_INFINITY; N];
    for row in rows {
        for c in 0..N {
            min[c] = min[c].min(row[c]);
            max[c] = max[c].max(row[c]);
        }
    }
    (min, max)
}

/// Per-column mean and population standard deviation (`ddof = 0`, as numpy and scikit-learn),
/// accumulated in f64.
fn column_moments<const N: usize>(rows: &[[f32; N]]) -> ([f32; N], [f32; N]) {
    let n = rows.len() as f64;
    let mean: [f64; N] =
        core::array::from_fn(|c| rows.iter().map(|r| f64::from(r[c])).sum::<f64>() / n);
    let std: [f64; N] = core::array::from_fn(|c| {
        (rows
            .iter()
            .map(|r| (f64::from(r[c]) - mean[c]).powi(2))
            .sum::<f64>()
            / n)
            .sqrt()
    });
    (mean.map(|m| m as f32), std.map(|s| s as f32))
}

/// scikit-learn's `MinMaxScaler`: each column mapped to [0, 1] by the training rows' min and max.
///
/// ```text
/// v' = (v − min_c) / (max_c − min_c)
/// ```
///
/// ```
/// use nn::data::MinMaxScaler;
/// let train = [[0.0, 10.0], [2.0, 30.0]];
/// let scaler = MinMaxScaler::fit(&train)?;
/// assert_eq!(scaler.transform(&[[1.0, 20.0]]), [[0.5, 0.5]]);
/// assert_eq!(scaler.inverse_transform(&[[0.5, 0.5]]), [[1.0, 20.0]]);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MinMaxScaler<const N: usize> {
    /// Each column's minimum over the training rows.
    pub min: [f32; N],
    /// Each column's maximum over the training rows.
    pub max: [f32; N],
}

impl<const N: usize> MinMaxScaler<N> {
    /// Learns each column's range from `rows`.
    ///
    /// # Errors
    ///
    /// If `rows` is empty or holds a NaN or infinite value.
    pub fn fit(rows: &[[f32; N]]) -> Result<Self, Error> {
        check_fittable(rows)?;
        let (min, max) = column_ranges(rows);
        Ok(MinMaxScaler { min, max })
    }

    /// `rows` mapped into the training range's [0, 1].
    pub fn transform(&self, rows: &[[f32; N]]) -> Vec<[f32; N]> {
        transform(rows, |c| self.min[c], |c| range(self.min[c], self.max[c]))
    }

    /// Scaled rows mapped back to original units.
    pub fn inverse_transform(&self, rows: &[[f32; N]]) -> Vec<[f32; N]> {
        inverse(rows, |c| self.min[c], |c| range(self.min[c], self.max[c]))
    }
}

/// scikit-learn's `StandardScaler`: each column shifted to mean 0 and scaled to standard
/// deviation 1, by the training rows' mean and (population) standard deviation.
///
/// ```text
/// v' = (v − mean_c) / std_c
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StandardScaler<const N: usize> {
    /// Each column's mean over the training rows.
    pub mean: [f32; N],
    /// Each column's standard deviation over the training rows.
    pub std: [f32; N],
}

impl<const N: usize> StandardScaler<N> {
    /// Learns each column's mean and standard deviation from `rows`.
    ///
    /// # Errors
    ///
    /// If `rows` is empty or holds a NaN or infinite value.
    pub fn fit(rows: &[[f32; N]]) -> Result<Self, Error> {
        check_fittable(rows)?;
        let (mean, std) = column_moments(rows);
        Ok(StandardScaler { mean, std })
    }

    /// `rows` standardised.
    pub fn transform(&self, rows: &[[f32; N]]) -> Vec<[f32; N]> {
        transform(rows, |c| self.mean[c], |c| nonzero(f64::from(self.std[c])))
    }

    /// Standardised rows mapped back to original units.
    pub fn inverse_transform(&self, rows: &[[f32; N]]) -> Vec<[f32; N]> {
        inverse(rows, |c| self.mean[c], |c| nonzero(f64::from(self.std[c])))
    }
}

/// The seeds' min-max scaling: one minimum and maximum over every value of the training rows,
/// applied to rows of any width (the walk-through scales its targets with its inputs' range).
///
/// ```
/// use nn::data::GlobalMinMaxScaler;
/// let scaler = GlobalMinMaxScaler::fit(&[[0.0, 1.0], [3.0, 4.0]])?;
/// assert_eq!(scaler.transform(&[[2.0]]), [[0.5]]);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GlobalMinMaxScaler {
    /// The smallest training value.
    pub min: f32,
    /// The largest training value.
    pub max: f32,
}

impl GlobalMinMaxScaler {
    /// Learns the range of every value in `rows`.
    ///
    /// # Errors
    ///
    /// If `rows` is empty or holds a NaN or infinite value.
    pub fn fit<const N: usize>(rows: &[[f32; N]]) -> Result<Self, Error> {
        check_fittable(rows)?;
        let (min, max) = column_ranges(rows);
        Ok(GlobalMinMaxScaler {
            min: min.into_iter().fold(f32::INFINITY, f32::min),
            max: max.into_iter().fold(f32::NEG_INFINITY, f32::max),
        })
    }

    /// `rows` mapped by the training range.
    pub fn transform<const M: usize>(&self, rows: &[[f32; M]]) -> Vec<[f32; M]> {
        transform(rows, |_| self.min, |_| range(self.min, self.max))
    }

    /// Scaled rows mapped back to original units.
    pub fn inverse_transform<const M: usize>(&self, rows: &[[f32; M]]) -> Vec<[f32; M]> {
        inverse(rows, |_| self.min, |_| range(self.min, self.max))
    }
}

/// The seeds' standardisation: one mean and standard deviation over every value of the
/// training rows, applied to rows of any width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GlobalStandardScaler {
    /// The mean of every training value.
    pub mean: f32,
    /// The (population) standard deviation of every training value.
    pub std: f32,
}

impl GlobalStandardScaler {
    /// Learns the mean and standard deviation of every value in `rows`.
    ///
    /// # Errors
    ///
    /// If `rows` is empty or holds a NaN or infinite value.
    pub fn fit<const N: usize>(rows: &[[f32; N]]) -> Result<Self, Error> {
        check_fittable(rows)?;
        let values: Vec<[f32; 1]> = rows.iter().flatten().map(|&v| [v]).collect();
        let (mean, std) = column_moments(&values);
        Ok(GlobalStandardScaler {
            mean: mean[0],
            std: std[0],
        })
    }

    /// `rows` standardised.
    pub fn transform<const M: usize>(&self, rows: &[[f32; M]]) -> Vec<[f32; M]> {
        transform(rows, |_| self.mean, |_| nonzero(f64::from(self.std)))
    }

    /// Standardised rows mapped back to original units.
    pub fn inverse_transform<const M: usize>(&self, rows: &[[f32; M]]) -> Vec<[f32; M]> {
        inverse(rows, |_| self.mean, |_| nonzero(f64::from(self.std)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_scaler_gives_mean_zero_and_unit_spread_and_inverts() {
        let train = [[1.0, 5.0], [2.0, 5.0], [3.0, 5.0], [6.0, 5.0]];
        let scaler = StandardScaler::fit(&train).unwrap();
        assert_eq!(scaler.mean, [3.0, 5.0]);
        // Population std of 1, 2, 3, 6 is √3.5; the constant column keeps scale 1.
        approx::assert_relative_eq!(scaler.std[0], 3.5_f32.sqrt(), max_relative = 1e-6);
        let scaled = scaler.transform(&train);
        let mean: f32 = scaled.iter().map(|r| r[0]).sum::<f32>() / 4.0;
        let variance: f32 = scaled.iter().map(|r| r[0] * r[0]).sum::<f32>() / 4.0;
        approx::assert_abs_diff_eq!(mean, 0.0, epsilon = 1e-6);
        approx::assert_relative_eq!(variance, 1.0, max_relative = 1e-5);
        assert!(scaled.iter().all(|r| r[1] == 0.0));
        for (back, original) in scaler.inverse_transform(&scaled).iter().zip(&train) {
            approx::assert_relative_eq!(back[0], original[0], max_relative = 1e-6);
        }
    }

    #[test]
    fn global_scalers_use_every_value_of_the_training_rows() {
        let train = [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]];
        let min_max = GlobalMinMaxScaler::fit(&train).unwrap();
        assert_eq!((min_max.min, min_max.max), (0.0, 7.0));
        assert_eq!(min_max.transform(&[[7.0, 0.0]]), [[1.0, 0.0]]);
        let standard = GlobalStandardScaler::fit(&train).unwrap();
        assert_eq!(standard.mean, 3.5);
        approx::assert_relative_eq!(standard.std, 5.25_f32.sqrt(), max_relative = 1e-6);
    }

    #[test]
    fn bad_training_rows_are_errors() {
        let none: [[f32; 2]; 0] = [];
        assert!(MinMaxScaler::fit(&none).is_err());
        let error = StandardScaler::fit(&[[1.0, f32::NAN]]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "x row 0, column 1 is NaN; every value must be finite"
        );
    }

    /// Finite values whose range (here 6.8e38) or distance to the mean overflows f32 are scaled
    /// as in exact arithmetic, not to `inf / inf = NaN`; a constant column maps to 0.
    #[test]
    fn ranges_beyond_f32_scale_correctly() {
        let big = f32::MAX;
        let train = [[-big, 7.0], [big, 7.0], [0.0, 7.0]];
        let min_max = MinMaxScaler::fit(&train).unwrap();
        assert_eq!(
            min_max.transform(&train),
            [[0.0, 0.0], [1.0, 0.0], [0.5, 0.0]]
        );
        assert_eq!(
            min_max.inverse_transform(&[[0.0, 0.0], [1.0, 0.0]]),
            [[-big, 7.0], [big, 7.0]]
        );

        let global = GlobalMinMaxScaler::fit(&[[-big, big]]).unwrap();
        assert_eq!(global.transform(&[[-big, 0.0, big]]), [[0.0, 0.5, 1.0]]);
        assert_eq!(global.inverse_transform(&[[0.0, 1.0]]), [[-big, big]]);

        // Mean big/3, population std √(8/9)·big: −big − mean overflows f32.
        let train = [[big], [big], [-big]];
        let standard = StandardScaler::fit(&train).unwrap();
        let scaled = standard.transform(&train);
        let expected = [0.5_f64.sqrt(), 0.5_f64.sqrt(), -2.0 * 0.5_f64.sqrt()];
        for (s, e) in scaled.iter().zip(expected) {
            approx::assert_relative_eq!(f64::from(s[0]), e, max_relative = 1e-6);
        }
        for (back, original) in standard.inverse_transform(&scaled).iter().zip(&train) {
            approx::assert_relative_eq!(back[0], original[0], max_relative = 1e-6);
        }
        let global = GlobalStandardScaler::fit(&train).unwrap();
        assert!(global.transform(&train).iter().all(|r| r[0].is_finite()));
    }
}
