use rand::seq::SliceRandom;

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

/// scikit-learn's `train_test_split` with `shuffle=True` in what it does: the rows permuted by
/// `seed`, the first `⌈test_fraction · n⌉` of the permutation held out for testing, the rest kept
/// for training. Not in which rows: the permutation comes from nn's own generator, so the same
/// `seed` as scikit-learn's `random_state` holds out other rows.
///
/// ```
/// use nn::data::train_test_split;
/// let x: Vec<[f32; 1]> = (0..10).map(|i| [i as f32]).collect();
/// let y: Vec<usize> = (0..10).collect();
/// let split = train_test_split(&x, &y, 0.2, 42)?;
/// assert_eq!((split.x_train.len(), split.x_test.len()), (8, 2));
/// assert_eq!(split.x_test[0][0] as usize, split.y_test[0]); // rows stay with their labels
/// # Ok::<(), nn::Error>(())
/// ```
///
/// # Errors
///
/// If `x` and `y` differ in length, `x` is empty, or `test_fraction` is not in (0, 1) or leaves
/// no row on one side.
pub fn train_test_split<X: Clone, Y: Clone>(
    x: &[X],
    y: &[Y],
    test_fraction: f64,
    seed: u64,
) -> Result<Split<X, Y>, Error> {
    let operation = "train_test_split";
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
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.shuffle(&mut random::seeded(seed));
    let (test, train) = order.split_at(test as usize);
    let pick = |rows: &[usize]| -> (Vec<X>, Vec<Y>) {
        rows.iter().map(|&i| (x[i].clone(), y[i].clone())).unzip()
    };
    let (x_train, y_train) = pick(train);
    let (x_test, y_test) = pick(test);
    Ok(Split {
        x_train,
        x_test,
        y_train,
        y_test,
    })
}

/// Shuffles `rows` in place with `seed`. Two slices of the same length shuffled with the same
/// seed are permuted the same way, so inputs stay with their labels.
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
        assert!(train_test_split(&x, &x[..2], 0.5, 1).is_err());
    }
}
