//! Hyperparameter search as the walk-through names it: a grid of every combination, or random
//! draws, each trained and scored by a closure, ranked best first.
//!
//! The settings are any value the closure understands (a learning rate, a batch size, a choice
//! among several `network!` declarations); the closure trains, scores on validation data and
//! returns the score, lower is better.
//!
//! ```
//! use nn::tuning::grid;
//! let ranked = grid(&[0.1_f32, 0.01, 0.001], |&lr| Ok((lr - 0.01).abs()))?;
//! assert_eq!(ranked[0].settings, 0.01);
//! # Ok::<(), nn::Error>(())
//! ```

use core::fmt;

use crate::{Error, Rng};

/// One tried setting and its score.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial<S> {
    /// What was tried.
    pub settings: S,
    /// Its validation score, lower is better.
    pub score: f32,
}

/// Scores every setting in `candidates` (a grid: build it with iterators over each
/// hyperparameter) and returns them ranked, best first.
///
/// # Errors
///
/// The first error `score` returns; a NaN score is an error naming the setting.
pub fn grid<S: Clone + fmt::Debug>(
    candidates: &[S],
    mut score: impl FnMut(&S) -> Result<f32, Error>,
) -> Result<Vec<Trial<S>>, Error> {
    let mut trials = Vec::with_capacity(candidates.len());
    for settings in candidates {
        trials.push(Trial {
            score: checked(score(settings)?, settings)?,
            settings: settings.clone(),
        });
    }
    trials.sort_by(|a, b| a.score.total_cmp(&b.score));
    Ok(trials)
}

/// Scores `trials` settings drawn by `draw` from a generator seeded with `seed` and returns
/// them ranked, best first.
///
/// # Errors
///
/// As [`grid`].
pub fn random<S: Clone + fmt::Debug>(
    trials: usize,
    seed: u64,
    mut draw: impl FnMut(&mut Rng) -> S,
    score: impl FnMut(&S) -> Result<f32, Error>,
) -> Result<Vec<Trial<S>>, Error> {
    let mut rng = crate::random::seeded(seed);
    let candidates: Vec<S> = (0..trials).map(|_| draw(&mut rng)).collect();
    grid(&candidates, score)
}

fn checked<S: fmt::Debug>(score: f32, settings: &S) -> Result<f32, Error> {
    if score.is_nan() {
        return Err(Error::InvalidArgument {
            argument: "score",
            requirement: "a number",
            value: format!("NaN for {settings:?}"),
        });
    }
    Ok(score)
}

/// The ranked trials as a table, one line each: rank, score, settings.
pub fn table<S: fmt::Debug>(trials: &[Trial<S>]) -> String {
    let mut text = format!("{:>4}  {:>12}  settings\n", "rank", "score");
    for (rank, trial) in trials.iter().enumerate() {
        text.push_str(&format!(
            "{:>4}  {:>12.4e}  {:?}\n",
            rank + 1,
            trial.score,
            trial.settings
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn grid_ranks_every_combination_best_first() {
        let candidates: Vec<(f32, usize)> = [0.1, 0.01]
            .into_iter()
            .flat_map(|lr| [16, 32].map(move |batch| (lr, batch)))
            .collect();
        let ranked = grid(&candidates, |&(lr, batch)| Ok(lr * batch as f32)).unwrap();
        assert_eq!(ranked.len(), 4);
        assert_eq!(ranked[0].settings, (0.01, 16));
        assert!(ranked.windows(2).all(|pair| pair[0].score <= pair[1].score));
        assert!(
            table(&ranked)
                .lines()
                .nth(1)
                .unwrap()
                .contains("(0.01, 16)")
        );
    }

    #[test]
    fn random_is_reproducible_and_nan_is_an_error() {
        let run = |seed| {
            random(
                5,
                seed,
                |rng| rng.random_range(0.0..1.0_f32),
                |&x| Ok((x - 0.5).abs()),
            )
            .unwrap()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
        assert!(grid(&[1.0_f32], |_| Ok(f32::NAN)).is_err());
    }
}
