use std::collections::BTreeMap;
use std::fmt::Debug;

use rand::seq::SliceRandom;

use super::random_state::RandomState;
use crate::{Error, random};

/// Training and test rows, as `train_test_split` returns them.
#[derive(Clone, Debug, PartialEq)]
pub struct Split<X, Y> {
    /// Inputs to train on.
    pub x_train: Vec<X>,
    /// Inputs held out.
    pub x_test: Vec<X>,
    /// Labels of `x_train`.
    pub y_train: Vec<Y>,
    /// Labels of `x_test`.
    pub y_test: Vec<Y>,
}

/// scikit-learn's `train_test_split(x, y, test_size=test_fraction, random_state=seed)`: the same
/// rows, in the same order, for the same seed.
///
/// Of `n` rows, `n_test = ⌈test_fraction · n⌉` are held out (the product in `f64`, as Python
/// computes it: `0.1 · 30` is `3.0000000000000004`, so 4 rows) and the other `n − n_test` kept
/// for training. The rows are those of NumPy's `RandomState(seed).permutation(n)`: its first
/// `n_test` entries are the test rows, the rest the training rows, each in that order.
///
/// `seed` is a `u32` because NumPy's seeds are: `RandomState` refuses any outside 0..2^32.
///
/// ```
/// use nn::data::train_test_split;
/// let x: Vec<[f32; 1]> = (0..10).map(|i| [i as f32]).collect();
/// let y: Vec<usize> = (0..10).collect();
/// let split = train_test_split(&x, &y, 0.2, 42)?;
/// // train_test_split(np.arange(10), test_size=0.2, random_state=42)
/// // → [array([5, 0, 7, 2, 9, 4, 3, 6]), array([8, 1])]
/// assert_eq!(split.y_train, [5, 0, 7, 2, 9, 4, 3, 6]);
/// assert_eq!(split.y_test, [8, 1]);
/// assert_eq!(split.x_test, [[8.0], [1.0]]); // rows stay with their labels
/// # Ok::<(), nn::Error>(())
/// ```
///
/// # Errors
///
/// If `x` and `y` differ in length, `x` is empty, or `test_fraction` is not in (0, 1) or
/// leaves no training row (scikit-learn refuses the same).
pub fn train_test_split<X: Clone, Y: Clone>(
    x: &[X],
    y: &[Y],
    test_fraction: f64,
    seed: u32,
) -> Result<Split<X, Y>, Error> {
    let (train_rows, test_rows) = sizes("train_test_split", x, y, test_fraction)?;
    let order = RandomState::new(seed).permutation(x.len());
    let (test, train) = order.split_at(test_rows);
    debug_assert_eq!(train.len(), train_rows);
    Ok(pick(x, y, train, test))
}

/// scikit-learn's `train_test_split(x, y, test_size=test_fraction, random_state=seed,
/// stratify=stratify)`: each class of `stratify` keeps its share of the rows on both sides, and
/// the rows and their order are scikit-learn's for the same seed.
///
/// The arguments are [`train_test_split`]'s, then scikit-learn's `stratify`: one label per row,
/// often `y` itself. Any labels that order (`usize`, `&str`, `String`) do; classes are taken in
/// their order, as `np.unique` sorts them (text by code point: `"10"` before `"9"`).
///
/// What `StratifiedShuffleSplit` does, step by step, with NumPy's `RandomState(seed)`:
///
/// 1. `n_test = ⌈test_fraction · n⌉` and `n_train = n − n_test`, as in [`train_test_split`].
/// 2. Training rows per class: class `c` of `count_c` rows gets `⌊count_c / n · n_train⌋`, and
///    the rows still missing go one each to the classes with the largest remainders, a tie
///    (more tied classes than rows to give) broken by `choice` (`_approximate_mode`). Test rows
///    are shared out the same way over the rows each class has left.
/// 3. For each class in order, its rows (ascending) are permuted by `permutation(count_c)`; the
///    first of them go to training, the next to test.
/// 4. The training rows, then the test rows, are permuted once more.
///
/// ```
/// use nn::data::train_test_split_stratified;
/// let x: Vec<[f32; 1]> = (0..10).map(|i| [i as f32]).collect();
/// let y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
/// let split = train_test_split_stratified(&x, &y, 0.5, 42, &y)?;
/// // train_test_split(np.arange(10), y, test_size=0.5, random_state=42, stratify=y)
/// assert_eq!(split.x_train, [[8.0], [0.0], [7.0], [5.0], [1.0]]);
/// assert_eq!(split.y_test, [1, 0, 0, 1, 0]); // 3 of the 6 zeros, 2 of the 4 ones
///
/// // Labels may be names; classes are their sorted order ("a" before "b").
/// let names = ["b", "a", "b", "b", "a", "b", "b", "a", "b", "b"];
/// let split = train_test_split_stratified(&x, &names, 0.3, 0, &names)?;
/// assert_eq!(split.y_test, ["b", "b", "a"]);
/// # Ok::<(), nn::Error>(())
/// ```
///
/// # Errors
///
/// Those of [`train_test_split`]; and, as scikit-learn refuses them, if `stratify` has not one
/// label per row, a class has a single row, or the training or test rows are fewer than the
/// classes.
pub fn train_test_split_stratified<X: Clone, Y: Clone, L: Ord + Debug>(
    x: &[X],
    y: &[Y],
    test_fraction: f64,
    seed: u32,
    stratify: &[L],
) -> Result<Split<X, Y>, Error> {
    let (train_rows, test_rows) = sizes("train_test_split_stratified", x, y, test_fraction)?;
    if stratify.len() != x.len() {
        return Err(Error::InvalidArgument {
            argument: "stratify",
            requirement: "one label per row of x",
            value: format!("{} labels for {} rows", stratify.len(), x.len()),
        });
    }
    // Each class's rows in ascending order, the classes sorted: `np.unique` and a stable argsort.
    let mut rows_by_class: BTreeMap<&L, Vec<usize>> = BTreeMap::new();
    for (row, label) in stratify.iter().enumerate() {
        rows_by_class.entry(label).or_default().push(row);
    }
    let lonely: Vec<String> = rows_by_class
        .iter()
        .filter(|(_, rows)| rows.len() < 2)
        .map(|(label, rows)| format!("class {label:?} (row {})", rows[0]))
        .collect();
    if !lonely.is_empty() {
        return Err(Error::InvalidArgument {
            argument: "stratify",
            requirement: "labels with at least 2 rows of every class",
            value: format!("a single row of {}", lonely.join(", ")),
        });
    }
    let classes = rows_by_class.len();
    if train_rows < classes || test_rows < classes {
        return Err(Error::InvalidArgument {
            argument: "test_fraction",
            requirement: "a fraction that leaves at least one training and one test row per class",
            value: format!(
                "{test_fraction} of {} rows: {train_rows} training and {test_rows} test rows \
                 for {classes} classes",
                x.len()
            ),
        });
    }

    let class_rows: Vec<Vec<usize>> = rows_by_class.into_values().collect();
    let counts: Vec<usize> = class_rows.iter().map(Vec::len).collect();
    let mut random = RandomState::new(seed);
    let train_counts = approximate_mode(&counts, train_rows, &mut random);
    let remaining: Vec<usize> = counts
        .iter()
        .zip(&train_counts)
        .map(|(c, t)| c - t)
        .collect();
    let test_counts = approximate_mode(&remaining, test_rows, &mut random);
    let mut train = Vec::with_capacity(train_rows);
    let mut test = Vec::with_capacity(test_rows);
    for ((rows, &to_train), &to_test) in class_rows.iter().zip(&train_counts).zip(&test_counts) {
        let permuted: Vec<usize> = random
            .permutation(rows.len())
            .into_iter()
            .map(|i| rows[i])
            .collect();
        train.extend_from_slice(&permuted[..to_train]);
        test.extend_from_slice(&permuted[to_train..to_train + to_test]);
    }
    random.shuffle(&mut train);
    random.shuffle(&mut test);
    Ok(pick(x, y, &train, &test))
}

/// scikit-learn's `_approximate_mode(class_counts, n_draws, rng)`: how many of `draws` rows each
/// class gets, in proportion to `counts`. Every class gets `⌊share⌋` of its share
/// `count / total · draws` (in `f64`, in that order of operations); the rows left go one each to
/// the classes by decreasing remainder `share − ⌊share⌋`. Where more classes tie on a remainder
/// than rows are left, `choice(tied, left, replace=False)` picks which.
fn approximate_mode(counts: &[usize], draws: usize, random: &mut RandomState) -> Vec<usize> {
    let total = counts.iter().sum::<usize>() as f64;
    let shares: Vec<f64> = counts
        .iter()
        .map(|&count| count as f64 / total * draws as f64)
        .collect();
    let mut allotted: Vec<usize> = shares.iter().map(|share| share.floor() as usize).collect();
    let mut left = draws.saturating_sub(allotted.iter().sum());
    if left == 0 {
        return allotted;
    }
    let remainders: Vec<f64> = shares.iter().map(|share| share - share.floor()).collect();
    let mut distinct = remainders.clone();
    distinct.sort_by(|a, b| b.total_cmp(a));
    distinct.dedup();
    for remainder in distinct {
        let tied: Vec<usize> = (0..counts.len())
            .filter(|&class| remainders[class] == remainder)
            .collect();
        let adding = tied.len().min(left);
        for chosen in random.choose(tied.len(), adding) {
            allotted[tied[chosen]] += 1;
        }
        left -= adding;
        if left == 0 {
            break;
        }
    }
    allotted
}

/// `(n_train, n_test)` for `test_fraction` of `x`'s rows, as scikit-learn's
/// `_validate_shuffle_split` computes them, after checking `x` and `y`.
fn sizes<X, Y>(
    operation: &'static str,
    x: &[X],
    y: &[Y],
    test_fraction: f64,
) -> Result<(usize, usize), Error> {
    if x.is_empty() {
        return Err(Error::EmptyData { operation });
    }
    if x.len() != y.len() {
        return Err(Error::LengthMismatch {
            operation,
            inputs: x.len(),
            targets: y.len(),
        });
    }
    let test = (test_fraction * x.len() as f64).ceil();
    if !(test_fraction > 0.0 && test_fraction < 1.0 && test < x.len() as f64) {
        return Err(Error::InvalidArgument {
            argument: "test_fraction",
            requirement: "in (0, 1), leaving rows on both sides",
            value: format!("{test_fraction} of {} rows", x.len()),
        });
    }
    let test = test as usize;
    Ok((x.len() - test, test))
}

/// The rows `train` and `test` of `x` and `y`, in those orders.
fn pick<X: Clone, Y: Clone>(x: &[X], y: &[Y], train: &[usize], test: &[usize]) -> Split<X, Y> {
    let rows = |indices: &[usize]| -> (Vec<X>, Vec<Y>) {
        indices
            .iter()
            .map(|&i| (x[i].clone(), y[i].clone()))
            .unzip()
    };
    let (x_train, y_train) = rows(train);
    let (x_test, y_test) = rows(test);
    Split {
        x_train,
        x_test,
        y_train,
        y_test,
    }
}

/// Shuffles `rows` in place with `seed`, by nn's own generator (not NumPy's: other orders than
/// `sklearn.utils.shuffle` for the same seed). Two slices of the same length shuffled with the
/// same seed are permuted the same way, so inputs stay with their labels.
///
/// ```
/// use nn::data::shuffle;
/// let mut x = [10, 20, 30, 40];
/// let mut y = [1, 2, 3, 4];
/// shuffle(&mut x, 7);
/// shuffle(&mut y, 7);
/// assert!(x.iter().zip(&y).all(|(x, y)| *x == y * 10));
/// ```
pub fn shuffle<T>(rows: &mut [T], seed: u64) {
    rows.shuffle(&mut random::seeded(seed));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_row_exactly_once_reproducibly() {
        let x: Vec<u32> = (0..101).collect();
        let split = train_test_split(&x, &x, 0.25, 3).unwrap();
        assert_eq!(split.x_test.len(), 26); // ⌈0.25 · 101⌉
        let mut all: Vec<u32> = split.x_train.iter().chain(&split.x_test).copied().collect();
        all.sort();
        assert_eq!(all, x);
        assert_eq!(split.x_train, split.y_train);
        assert_eq!(split, train_test_split(&x, &x, 0.25, 3).unwrap());
        assert_ne!(
            split.x_test,
            train_test_split(&x, &x, 0.25, 4).unwrap().x_test
        );
    }

    #[test]
    fn fractions_that_leave_a_side_empty_are_errors() {
        let x = [1, 2, 3];
        assert!(train_test_split(&x, &x, 0.0, 1).is_err());
        assert!(train_test_split(&x, &x, 0.9, 1).is_err());
        assert!(train_test_split(&x, &x, f64::NAN, 1).is_err());
        assert!(train_test_split(&x, &x[..2], 0.5, 1).is_err());
        assert!(train_test_split::<i32, i32>(&[], &[], 0.5, 1).is_err());
    }

    #[test]
    fn stratified_splits_keep_each_class_share() {
        // 60 / 30 / 10 rows of three classes, a fifth held out: 12 / 6 / 2 of them.
        let labels: Vec<usize> = (0..100)
            .map(|i| usize::from(i >= 60) + usize::from(i >= 90))
            .collect();
        let split = train_test_split_stratified(&labels, &labels, 0.2, 5, &labels).unwrap();
        let count = |rows: &[usize], class| rows.iter().filter(|&&l| l == class).count();
        assert_eq!([0, 1, 2].map(|c| count(&split.y_test, c)), [12, 6, 2]);
        assert_eq!([0, 1, 2].map(|c| count(&split.y_train, c)), [48, 24, 8]);
    }

    #[test]
    fn stratify_errors_name_the_class_and_the_counts() {
        let x = [0, 1, 2, 3, 4, 5];
        let labels = ["a", "a", "b", "b", "b", "c"];
        let error = train_test_split_stratified(&x, &x, 0.5, 0, &labels).unwrap_err();
        assert!(
            error.to_string().contains(r#"class "c" (row 5)"#),
            "{error}"
        );
        let error = train_test_split_stratified(&x, &x, 0.5, 0, &labels[..5]).unwrap_err();
        assert!(error.to_string().contains("5 labels for 6 rows"), "{error}");
        let labels = ["a", "a", "b", "b", "c", "c"];
        let error = train_test_split_stratified(&x, &x, 0.2, 0, &labels).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("4 training and 2 test rows for 3 classes"),
            "{error}"
        );
    }

    #[test]
    fn approximate_mode_matches_its_documented_examples() {
        // The examples of sklearn.utils.extmath._approximate_mode's docstring (1.9.1).
        let mode = |counts: &[usize], draws, seed| {
            approximate_mode(counts, draws, &mut RandomState::new(seed))
        };
        assert_eq!(mode(&[4, 2], 3, 0), [2, 1]);
        assert_eq!(mode(&[5, 2], 4, 0), [3, 1]);
        assert_eq!(mode(&[2, 2, 2, 1], 2, 0), [0, 1, 1, 0]);
        assert_eq!(mode(&[2, 2, 2, 1], 2, 42), [1, 1, 0, 0]);
    }
}
