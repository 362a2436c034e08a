//! Checking the rows a user passes in, and gathering them into batches.

use super::FitOptions;
use crate::losses::Target;
use crate::{Batch, Error};

/// Checks `x` and `y` before `operation` touches the network: neither empty, equally long, every
/// value finite. The first problem found is reported with its row and column; for the
/// `"validation"` rows, a bad value or label is wrapped in [`Error::Validation`], so that its
/// "x row 3" is not looked for in the training rows.
pub(crate) fn validate<const IN: usize, const OUT: usize, T: Target<OUT>>(
    operation: &'static str,
    x: &[[f32; IN]],
    y: &[T],
) -> Result<(), Error> {
    rows(operation, x, y).map_err(|error| match (operation, error) {
        ("validation", error @ (Error::NonFinite { .. } | Error::LabelOutOfRange { .. })) => {
            Error::Validation(Box::new(error))
        }
        (_, error) => error,
    })
}

fn rows<const IN: usize, const OUT: usize, T: Target<OUT>>(
    operation: &'static str,
    x: &[[f32; IN]],
    y: &[T],
) -> Result<(), Error> {
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
    for (row, values) in x.iter().enumerate() {
        if let Some(column) = values.iter().position(|v| !v.is_finite()) {
            return Err(Error::NonFinite {
                data: "x",
                row,
                column,
                value: values[column],
            });
        }
    }
    y.iter()
        .enumerate()
        .try_for_each(|(row, target)| target.validate(row))
}

/// An error for weights that are negative or not finite.
fn bad_weight(argument: &'static str, value: f32) -> Error {
    Error::InvalidArgument {
        argument,
        requirement: "finite and at least 0",
        value: value.to_string(),
    }
}

/// Checks the options that need no data, before `fit` touches anything. Where Keras accepts a
/// value silently and does something the caller cannot have meant, this refuses it:
///
/// - `batch_size` 0 (Keras fails deep inside).
/// - `initial_epoch > epochs`: Keras trains nothing and returns an empty history. `epochs` is the
///   epoch to end at, not a count to add, so the error says how to write "5 more". Equality is
///   accepted and trains nothing (an empty History): a resumed run that had already finished is
///   complete, not wrong.
/// - `verbose` above 2 (given as a number): Keras's progress bar prints nothing for it.
/// - a `class_weight` that is negative or not finite, or a class given two weights (a Python dict
///   cannot hold two, so a list that does is a mistake).
///
/// `validation_split` (also NaN) is checked with the row count, in [`validation_split`]; classes
/// the network cannot have, in [`sample_weights`].
pub(crate) fn check_fit_options(options: &FitOptions) -> Result<(), Error> {
    if options.batch_size == 0 {
        return Err(Error::ZeroBatchSize);
    }
    if options.initial_epoch > options.epochs {
        return Err(Error::InvalidArgument {
            argument: "initial_epoch",
            requirement: "at most `epochs`, the epoch to end at (not the number to add: to train \
                          5 more epochs after epoch 10, write initial_epoch(10).epochs(15))",
            value: format!("{} with epochs = {}", options.initial_epoch, options.epochs),
        });
    }
    options.verbosity()?;
    for (i, &(class, weight)) in options.class_weight.iter().enumerate() {
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(bad_weight("class_weight", weight));
        }
        if let Some(&(_, first)) = options.class_weight[..i].iter().find(|(c, _)| *c == class) {
            return Err(Error::DuplicateClassWeight {
                class,
                first,
                second: weight,
            });
        }
    }
    Ok(())
}

/// Each training row's weight, `sample_weight · class_weight[class]`, or `None` when neither
/// is set; an error names a sample weight that is negative or not finite (also once multiplied
/// by its class weight), a length mismatch, a
/// `class_weight` for a class the labels cannot name ([`Target::classes`]), or (with
/// `class_weight`) a one-value label that rounds to no class.
///
/// Like Keras, the class of a row of several values is its argmax, whether the row is one-hot or
/// not: Keras 3 refuses `class_weight` only for targets of rank 3 and more, which rows of `OUT`
/// values never are.
pub(crate) fn sample_weights<const OUT: usize, T: Target<OUT>>(
    y: &[T],
    sample_weight: Option<&[f32]>,
    options: &FitOptions,
) -> Result<Option<Vec<f32>>, Error> {
    let classes = T::classes();
    if let Some(&(class, _)) = options.class_weight.iter().find(|(c, _)| *c >= classes) {
        return Err(Error::UnknownClass { class, classes });
    }
    if let Some(weights) = sample_weight {
        if weights.len() != y.len() {
            return Err(Error::LengthMismatch {
                operation: "fit's sample_weight",
                inputs: y.len(),
                targets: weights.len(),
            });
        }
        if let Some(&weight) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
            return Err(bad_weight("sample_weight", weight));
        }
    }
    if sample_weight.is_none() && options.class_weight.is_empty() {
        return Ok(None);
    }
    let mut weights = Vec::with_capacity(y.len());
    for (row, target) in y.iter().enumerate() {
        let mut weight = sample_weight.map_or(1.0, |weights| weights[row]);
        if !options.class_weight.is_empty() {
            let class = match target.class() {
                Some(class) if class < classes => class,
                _ => return Err(Error::NotAClass { row }),
            };
            let class_weight = options
                .class_weight
                .iter()
                .find(|(c, _)| *c == class)
                .map_or(1.0, |&(_, weight)| weight);
            // Two finite weights can multiply to inf (3e38 × 2), which would train to NaN.
            if !(weight * class_weight).is_finite() {
                return Err(Error::InvalidArgument {
                    argument: "sample_weight",
                    requirement: "finite once multiplied by its row's class_weight",
                    value: format!("{weight} × {class_weight} at row {row}"),
                });
            }
            weight *= class_weight;
        }
        weights.push(weight);
    }
    Ok(Some(weights))
}

/// Where Keras cuts the rows for `validation_split`: the first `⌊n·(1 − split)⌋` train, the rest
/// validate. An error if the split is outside [0, 1) or leaves no training row.
pub(crate) fn validation_split(rows: usize, split: f64) -> Result<usize, Error> {
    let at = (rows as f64 * (1.0 - split)).floor() as usize;
    if !(0.0..1.0).contains(&split) || at == 0 {
        return Err(Error::InvalidArgument {
            argument: "validation_split",
            requirement: "in [0, 1) and leaving at least one training row",
            value: format!("{split} of {rows} rows"),
        });
    }
    Ok(at)
}

/// Copies the rows `x[i]` for `i` in `indices` into the columns of `batch`, resizing it only if
/// the number of rows changed.
pub(crate) fn gather<const N: usize>(x: &[[f32; N]], indices: &[usize], batch: &mut Batch<N>) {
    if batch.ncols() != indices.len() {
        *batch = Batch::zeros(indices.len());
    }
    let (columns, _) = batch.as_mut_slice().as_chunks_mut::<N>();
    for (column, &row) in columns.iter_mut().zip(indices) {
        *column = x[row];
    }
}

/// Copies consecutive rows into the columns of `batch`, resizing it only if needed.
pub(crate) fn copy_rows<const N: usize>(rows: &[[f32; N]], batch: &mut Batch<N>) {
    if batch.ncols() != rows.len() {
        *batch = Batch::zeros(rows.len());
    }
    batch
        .as_mut_slice()
        .as_chunks_mut::<N>()
        .0
        .copy_from_slice(rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_first_bad_value_with_its_place() {
        let x = [[0.0, 1.0], [2.0, f32::NAN]];
        let y = [[0.0], [1.0]];
        let error = validate("fit", &x, &y).unwrap_err();
        assert!(matches!(
            error,
            Error::NonFinite {
                data: "x",
                row: 1,
                column: 1,
                ..
            }
        ));
        assert_eq!(
            error.to_string(),
            "x row 1, column 1 is NaN; every value must be finite"
        );

        let y = [[0.0], [f32::INFINITY]];
        let error = validate("fit", &x[..1].repeat(2), &y).unwrap_err();
        assert_eq!(
            error.to_string(),
            "y row 1, column 0 is inf; every value must be finite"
        );
    }

    #[test]
    fn a_bad_validation_value_says_it_is_in_the_validation_rows() {
        // Found by tests/fuzz_fit_options.rs: "x row 0, column 1 is NaN" sent the reader to the
        // training rows.
        let error = validate("validation", &[[0.0, f32::NAN]], &[[0.0_f32]]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the validation data: x row 0, column 1 is NaN; every value must be finite"
        );
        let error = validate::<2, 3, usize>("validation", &[[0.0; 2]], &[3]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the validation data: y row 0 is class 3, but the network has only 3 classes (0 to 2)"
        );
        let error = validate::<2, 3, usize>("validation", &[], &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "validation was given no samples: `x` is empty"
        );
    }

    #[test]
    fn rejects_empty_and_mismatched_data() {
        let none: [[f32; 2]; 0] = [];
        assert_eq!(
            validate("fit", &none, &[[0.0_f32]; 0]),
            Err(Error::EmptyData { operation: "fit" })
        );
        assert_eq!(
            validate("evaluate", &[[0.0_f32; 2]; 3], &[[0.0_f32]; 2]),
            Err(Error::LengthMismatch {
                operation: "evaluate",
                inputs: 3,
                targets: 2
            })
        );
    }

    #[test]
    fn weights_whose_product_overflows_are_an_error() {
        let options = FitOptions::new().class_weight([(1, 2.0)]);
        let error = sample_weights::<3, usize>(&[0, 1], Some(&[3e38, 3e38]), &options).unwrap_err();
        assert_eq!(
            error.to_string(),
            "sample_weight must be finite once multiplied by its row's class_weight, got \
             300000000000000000000000000000000000000 × 2 at row 1"
        );
        assert_eq!(
            sample_weights::<3, usize>(&[0, 1], Some(&[3e38, 1e38]), &options),
            Ok(Some(vec![3e38, 2e38]))
        );
    }

    #[test]
    fn validation_split_counts_rows_as_keras_does() {
        // Keras: int(n * (1 - split)) in double precision.
        for (rows, split, training) in [(100, 0.1, 90), (50, 0.1, 45), (10, 0.1, 9), (40, 0.25, 30)]
        {
            assert_eq!(
                validation_split(rows, split),
                Ok(training),
                "{split} of {rows}"
            );
        }
        assert!(validation_split(10, 0.0).is_ok_and(|at| at == 10));
    }

    #[test]
    fn gathers_rows_into_columns() {
        let x = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let mut batch = Batch::<2>::zeros(0);
        gather(&x, &[2, 0], &mut batch);
        assert_eq!(batch, Batch::<2>::from_column_slice(&[5.0, 6.0, 1.0, 2.0]));
        copy_rows(&x[1..], &mut batch);
        assert_eq!(batch, Batch::<2>::from_column_slice(&[3.0, 4.0, 5.0, 6.0]));
    }
}
