use super::LearningRateSchedule;
use crate::Error;

/// Keras's `PiecewiseConstantDecay`: `values[0]` up to and including `boundaries[0]`,
/// `values[i]` for `boundaries[i−1] < step ≤ boundaries[i]`, `values[last]` beyond the last
/// boundary.
///
/// ```
/// use nn::schedules::{LearningRateSchedule, PiecewiseConstantDecay};
/// let schedule = PiecewiseConstantDecay::new(vec![100, 110], vec![1.0, 0.5, 0.1])?;
/// assert_eq!(schedule.learning_rate(100), 1.0);
/// assert_eq!(schedule.learning_rate(101), 0.5);
/// assert_eq!(schedule.learning_rate(111), 0.1);
/// # Ok::<(), nn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PiecewiseConstantDecay {
    boundaries: Vec<u64>,
    values: Vec<f32>,
}

impl PiecewiseConstantDecay {
    /// Steps through `values` at each of the strictly increasing `boundaries`.
    ///
    /// # Errors
    ///
    /// If `values` is not one longer than `boundaries`, or the boundaries do not increase.
    pub fn new(boundaries: Vec<u64>, values: Vec<f32>) -> Result<Self, Error> {
        if values.len() != boundaries.len() + 1 {
            return Err(Error::InvalidArgument {
                argument: "values",
                requirement: "one longer than boundaries",
                value: format!(
                    "{} values for {} boundaries",
                    values.len(),
                    boundaries.len()
                ),
            });
        }
        if boundaries.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(Error::InvalidArgument {
                argument: "boundaries",
                requirement: "strictly increasing",
                value: format!("{boundaries:?}"),
            });
        }
        Ok(PiecewiseConstantDecay { boundaries, values })
    }
}

impl LearningRateSchedule for PiecewiseConstantDecay {
    const NAME: &'static str = "PiecewiseConstant";

    fn learning_rate(&self, step: u64) -> f32 {
        let interval = self
            .boundaries
            .iter()
            .take_while(|&&boundary| step > boundary)
            .count();
        self.values[interval]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_belong_to_the_interval_below() {
        let schedule = PiecewiseConstantDecay::new(vec![10, 20], vec![3.0, 2.0, 1.0]).unwrap();
        let rates: Vec<f32> = [0, 10, 11, 20, 21, 1000]
            .map(|step| schedule.learning_rate(step))
            .to_vec();
        assert_eq!(rates, [3.0, 3.0, 2.0, 2.0, 1.0, 1.0]);
        let constant = PiecewiseConstantDecay::new(vec![], vec![0.5]).unwrap();
        assert_eq!(constant.learning_rate(7), 0.5);
    }

    #[test]
    fn mismatched_or_unordered_arguments_are_errors() {
        let error = PiecewiseConstantDecay::new(vec![10], vec![1.0]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "values must be one longer than boundaries, got 1 values for 1 boundaries"
        );
        assert!(PiecewiseConstantDecay::new(vec![10, 10], vec![1.0, 2.0, 3.0]).is_err());
    }
}
