use crate::Error;

/// Keras's `to_categorical`: class indices as one-hot rows of `N` classes.
///
/// ```
/// use nn::data::to_categorical;
/// assert_eq!(to_categorical::<3>(&[2, 0])?, [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
/// # Ok::<(), nn::Error>(())
/// ```
///
/// # Errors
///
/// If a label is `N` or more, naming its row.
pub fn to_categorical<const N: usize>(labels: &[usize]) -> Result<Vec<[f32; N]>, Error> {
    labels
        .iter()
        .enumerate()
        .map(|(row, &label)| {
            if label >= N {
                return Err(Error::LabelOutOfRange {
                    row,
                    label,
                    classes: N,
                });
            }
            let mut one_hot = [0.0; N];
            one_hot[label] = 1.0;
            Ok(one_hot)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_beyond_the_classes_is_an_error_naming_its_row() {
        let error = to_categorical::<3>(&[0, 1, 3]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "y row 2 is class 3, but the network has only 3 classes (0 to 2)"
        );
    }
}
