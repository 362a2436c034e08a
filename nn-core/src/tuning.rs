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
//!
//! # On every core
//!
//! [`grid`] and [`random`] run their trials in parallel, one per core at a time
//! ([`threads::max_threads`]), since many small networks scale out that way where one small
//! network cannot. Each trial builds and trains its own network inside the closure, so a
//! network never crosses threads; the closure itself is shared by the threads, so it must be
//! `Fn + Sync`: it may read what it captures (data, a `&` to anything `Sync`) but not mutate
//! it, nor capture an `Rc` or a `RefCell`. For such a closure, [`grid_in_order`] and
//! [`random_in_order`] run one trial at a time on the calling thread.
//!
//! ```compile_fail
//! # use nn::tuning::grid;
//! let mut tried: Vec<f32> = Vec::new();
//! // error: expected a closure that implements the `Fn` trait, but this closure only
//! // implements `FnMut` (it pushes to `tried`)
//! grid(&[0.1_f32, 0.01], |&lr| { tried.push(lr); Ok(lr) })?;
//! # Ok::<(), nn::Error>(())
//! ```
//!
//! ```
//! # use nn::tuning::grid_in_order;
//! let mut tried = Vec::new();
//! grid_in_order(&[0.1_f32, 0.01], |&lr| { tried.push(lr); Ok(lr) })?;
//! assert_eq!(tried, [0.1, 0.01]);
//! # Ok::<(), nn::Error>(())
//! ```
//!
//! The results are those of running the trials one after another: each trial runs the same
//! closure on the same settings in the caller's floating-point mode, a trial that trains with a
//! seed trains the same weights, the ranking breaks ties in the order of the candidates, and the
//! error returned is the first in that order. To limit the threads, set `NN_THREADS`, call
//! [`threads::set_max_threads`] once, or run the search inside [`threads::with_max_threads`];
//! with a limit of 1 the trials run in order on the calling thread.
//!
//! ```
//! use nn::{threads, tuning::grid};
//! let score = |&lr: &f32| Ok((lr - 0.01).abs());
//! let parallel = grid(&[0.1_f32, 0.01, 0.001], score)?;
//! let one_thread = threads::with_max_threads(1, || grid(&[0.1_f32, 0.01, 0.001], score))?;
//! assert_eq!(parallel, one_thread);
//! # Ok::<(), nn::Error>(())
//! ```

use core::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Error, FloatMode, Rng, threads};

/// One tried setting and its score.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial<S> {
    /// What was tried.
    pub settings: S,
    /// Its validation score, lower is better.
    pub score: f32,
}

/// Scores every setting in `candidates` (a grid: build it with iterators over each
/// hyperparameter), in parallel across the cores (see [the module](self)), and returns them
/// ranked, best first.
///
/// # Errors
///
/// The first error `score` returns, in the order of `candidates`; a NaN score is an error
/// naming the setting.
pub fn grid<S: Clone + fmt::Debug + Sync>(
    candidates: &[S],
    score: impl Fn(&S) -> Result<f32, Error> + Sync,
) -> Result<Vec<Trial<S>>, Error> {
    let threads = threads::max_threads().min(candidates.len());
    if threads <= 1 {
        return grid_in_order(candidates, score);
    }
    let scores = scores_in_parallel(candidates, &score, threads);
    ranked(
        candidates,
        scores
            .into_iter()
            .map(|score| score.expect("every trial up to an error ran")),
    )
}

/// [`grid`] one trial at a time on the calling thread, for a closure that cannot be shared
/// between threads (it mutates what it captures, or holds an `Rc`).
///
/// # Errors
///
/// As [`grid`].
pub fn grid_in_order<S: Clone + fmt::Debug>(
    candidates: &[S],
    mut score: impl FnMut(&S) -> Result<f32, Error>,
) -> Result<Vec<Trial<S>>, Error> {
    ranked(candidates, candidates.iter().map(&mut score))
}

/// Scores `trials` settings drawn by `draw` from a generator seeded with `seed`, in parallel
/// as [`grid`] does, and returns them ranked, best first. The settings are drawn in order on
/// the calling thread, so the same seed draws the same ones whatever the thread count.
///
/// # Errors
///
/// As [`grid`].
pub fn random<S: Clone + fmt::Debug + Sync>(
    trials: usize,
    seed: u64,
    draw: impl FnMut(&mut Rng) -> S,
    score: impl Fn(&S) -> Result<f32, Error> + Sync,
) -> Result<Vec<Trial<S>>, Error> {
    grid(&drawn(trials, seed, draw), score)
}

/// [`random`] one trial at a time on the calling thread, as [`grid_in_order`].
///
/// # Errors
///
/// As [`grid`].
pub fn random_in_order<S: Clone + fmt::Debug>(
    trials: usize,
    seed: u64,
    draw: impl FnMut(&mut Rng) -> S,
    score: impl FnMut(&S) -> Result<f32, Error>,
) -> Result<Vec<Trial<S>>, Error> {
    grid_in_order(&drawn(trials, seed, draw), score)
}

fn drawn<S>(trials: usize, seed: u64, mut draw: impl FnMut(&mut Rng) -> S) -> Vec<S> {
    let mut rng = crate::random::seeded(seed);
    (0..trials).map(|_| draw(&mut rng)).collect()
}

/// Each candidate's score, in the order of `candidates`, from `threads` workers that take the
/// next untried candidate as they finish one (trials differ in length). After an error no
/// (a NaN score included) no later candidate is started, and `None` marks those not run: the sequential search would
/// have stopped at the first error, and an earlier candidate may still fail.
fn scores_in_parallel<S: fmt::Debug + Sync>(
    candidates: &[S],
    score: &(impl Fn(&S) -> Result<f32, Error> + Sync),
    threads: usize,
) -> Vec<Option<Result<f32, Error>>> {
    let next = AtomicUsize::new(0);
    let first_error = AtomicUsize::new(usize::MAX);
    let scores = Mutex::new((0..candidates.len()).map(|_| None).collect::<Vec<_>>());
    // The threads left over from one per worker go to the trials' own products.
    let threads_per_trial = (threads::max_threads() / threads).max(1);
    let flush = FloatMode::current().flushes_subnormals();
    let work = || {
        let _mode = if flush {
            FloatMode::flush_subnormals()
        } else {
            FloatMode::keep_subnormals()
        };
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= candidates.len() || index > first_error.load(Ordering::Relaxed) {
                return;
            }
            let settings = &candidates[index];
            let result = threads::with_max_threads(threads_per_trial, || score(settings))
                .and_then(|score| checked(score, settings));
            if result.is_err() {
                first_error.fetch_min(index, Ordering::Relaxed);
            }
            scores
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())[index] = Some(result);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    scores
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The trials ranked best first, ties in the order of `candidates`; or the first error in
/// that order, without scoring any later candidate (`scores` is read lazily).
fn ranked<S: Clone + fmt::Debug>(
    candidates: &[S],
    scores: impl IntoIterator<Item = Result<f32, Error>>,
) -> Result<Vec<Trial<S>>, Error> {
    let mut trials = Vec::with_capacity(candidates.len());
    for (settings, score) in candidates.iter().zip(scores) {
        trials.push(Trial {
            score: checked(score?, settings)?,
            settings: settings.clone(),
        });
    }
    trials.sort_by(|a, b| a.score.total_cmp(&b.score));
    Ok(trials)
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

    /// A trial long enough that a second worker takes some before the first is done, whose
    /// score depends on the settings alone.
    fn slow_score(&(lr, batch): &(f32, usize)) -> Result<f32, Error> {
        std::thread::sleep(std::time::Duration::from_millis(5));
        Ok((lr.ln() + 3.0).abs() * batch as f32)
    }

    fn settings() -> Vec<(f32, usize)> {
        [0.1, 0.03, 0.01, 0.003, 0.001]
            .into_iter()
            .flat_map(|lr| [16, 32, 64].map(move |batch| (lr, batch)))
            .collect()
    }

    #[test]
    fn parallel_trials_give_the_sequential_ranking_and_table() {
        let candidates = settings();
        let threads_seen = Mutex::new(std::collections::HashSet::new());
        let parallel = threads::with_max_threads(2, || {
            grid(&candidates, |settings| {
                threads_seen
                    .lock()
                    .unwrap()
                    .insert(std::thread::current().id());
                slow_score(settings)
            })
        })
        .unwrap();
        let in_order = grid_in_order(&candidates, slow_score).unwrap();
        let one_thread = threads::with_max_threads(1, || grid(&candidates, slow_score)).unwrap();
        assert_eq!(threads_seen.into_inner().unwrap().len(), 2);
        assert_eq!(parallel, in_order);
        assert_eq!(one_thread, in_order);
        assert_eq!(table(&parallel), table(&in_order));
        // Ties (every score 0 here) stay in the order of the candidates, as the sequential sort
        // leaves them.
        let tied = threads::with_max_threads(2, || grid(&candidates, |_| Ok(0.0))).unwrap();
        let order: Vec<_> = tied.iter().map(|trial| trial.settings).collect();
        assert_eq!(order, candidates);

        let draw = |rng: &mut Rng| (rng.random_range(0.001..0.1_f32), rng.random_range(8..64));
        let random_parallel =
            threads::with_max_threads(2, || random(7, 11, draw, slow_score)).unwrap();
        assert_eq!(
            random_parallel,
            random_in_order(7, 11, draw, slow_score).unwrap()
        );
    }

    #[test]
    fn the_error_returned_is_the_first_in_the_order_of_the_candidates() {
        let candidates = settings();
        // Candidate 4 fails slowly, candidate 9 at once: a worker sees 9's error first.
        let score = |settings: &(f32, usize)| {
            let index = candidates.iter().position(|c| c == settings).unwrap();
            match index {
                4 => {
                    std::thread::sleep(std::time::Duration::from_millis(30));
                    Err(Error::InvalidArgument {
                        argument: "trial",
                        requirement: "a success",
                        value: format!("{index}"),
                    })
                }
                9 => Ok(f32::NAN),
                _ => slow_score(settings),
            }
        };
        let parallel = threads::with_max_threads(2, || grid(&candidates, score)).unwrap_err();
        let in_order = grid_in_order(&candidates, score).unwrap_err();
        assert_eq!(parallel.to_string(), in_order.to_string());
        assert_eq!(parallel.to_string(), "trial must be a success, got 4");
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
