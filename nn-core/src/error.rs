//! The error every fallible operation of `nn` returns.

/// What went wrong with the data or options given to `fit`, `evaluate` and friends.
///
/// Every variant says what was wrong and where, so the message alone is enough to find the
/// offending row. Nothing the caller passed in is modified when one of these is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `x` has no rows.
    #[error("{operation} was given no samples: `x` is empty")]
    EmptyData {
        /// The operation that was called (`fit`, `evaluate`).
        operation: &'static str,
    },
    /// `x` and `y` have different numbers of rows.
    #[error("{operation} was given {inputs} input rows but {targets} target rows; they must match")]
    LengthMismatch {
        /// The operation that was called.
        operation: &'static str,
        /// Rows in `x`.
        inputs: usize,
        /// Rows in `y`.
        targets: usize,
    },
    /// A batch size of zero was asked for.
    #[error("batch_size must be at least 1, got 0")]
    ZeroBatchSize,
    /// A value in the data is NaN or infinite.
    #[error("{data} row {row}, column {column} is {value}; every value must be finite")]
    NonFinite {
        /// `x` or `y`.
        data: &'static str,
        /// The row (sample) index, from 0.
        row: usize,
        /// The column (feature) index, from 0.
        column: usize,
        /// The offending value.
        value: f32,
    },
    /// A class label is not below the number of classes the network outputs.
    #[error("y row {row} is class {label}, but the network has only {classes} classes (0 to {last})", last = classes.saturating_sub(1))]
    LabelOutOfRange {
        /// The row (sample) index, from 0.
        row: usize,
        /// The offending label.
        label: usize,
        /// How many classes the network outputs.
        classes: usize,
    },
    /// An argument is outside the values it accepts.
    #[error("{argument} must be {requirement}, got {value}")]
    InvalidArgument {
        /// The argument, as Keras names it.
        argument: &'static str,
        /// What it must be.
        requirement: &'static str,
        /// What it was.
        value: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: String,
        /// What the operating system or the parser said.
        message: String,
    },
    /// A cell of a CSV file could not be used.
    #[error("{path}, line {line}, column `{column}`: {message}")]
    Csv {
        /// The file.
        path: String,
        /// The line in the file, from 1 (the header is line 1).
        line: usize,
        /// The column's header.
        column: String,
        /// What is wrong with the cell.
        message: String,
    },
    /// Training produced a NaN or infinite loss (reported by `TerminateOnNan`).
    #[error("training diverged: the loss of epoch {epoch}, batch {batch} is {loss}")]
    Diverged {
        /// The epoch, from 0.
        epoch: usize,
        /// The batch within the epoch, from 0.
        batch: usize,
        /// The loss.
        loss: f32,
    },
    /// `class_weight` names a class that no label of this network can have; Keras ignores it.
    #[error("class_weight gives a weight to class {class}, but the network's labels have only {classes} classes (0 to {last}); the weight would never be used", last = classes.saturating_sub(1))]
    UnknownClass {
        /// The class named in `class_weight`.
        class: usize,
        /// How many classes the labels can name: the outputs, or 2 for a single output.
        classes: usize,
    },
    /// `class_weight` gives one class two weights; Keras's dict would keep the last silently.
    #[error("class_weight gives class {class} two weights, {first} and {second}; give it one")]
    DuplicateClassWeight {
        /// The class.
        class: usize,
        /// The first weight given.
        first: f32,
        /// The second weight given.
        second: f32,
    },
    /// With `class_weight`, a one-value label must round to class 0 or 1 (only such labels can
    /// name no class: an argmax, or a validated index, always names one).
    #[error(
        "class_weight reads y row {row} as a class, but its one value rounds to neither 0 nor 1, the classes of a single output"
    )]
    NotAClass {
        /// The row (sample) index, from 0.
        row: usize,
    },
    /// A saved training state does not fit the network, optimizer or metrics resuming from it.
    #[error("{what} does not fit: {differences}")]
    StateMismatch {
        /// What was being restored (`adam state`, the training-state file's path, ...).
        what: String,
        /// Every difference found.
        differences: String,
    },
    /// A training step was refused because it was not finite ([`NonFinite::Stop`]).
    ///
    /// [`NonFinite::Stop`]: crate::optimizers::NonFinite::Stop
    #[error("training stopped at epoch {epoch}, batch {batch}: {what}")]
    NonFiniteStep {
        /// The epoch, from 0.
        epoch: usize,
        /// The batch within the epoch, from 0.
        batch: usize,
        /// What overflowed and what became of the step: `the gradient of dense_1/kernel[3, 7] is
        /// NaN; the step was refused, ...`, `the update of some weights would be NaN or infinite
        /// ...; those kept their values, ...`.
        what: String,
    },
    /// A weight in a file is NaN or infinite; `load` refuses the file, and
    /// `load_allowing_non_finite` reads it anyway.
    #[error(
        "{path}: `{tensor}` {} is {value}; expected finite weights, found {count} that are not \
         (load_allowing_non_finite loads them anyway)",
        position(index)
    )]
    NonFiniteWeight {
        /// The file.
        path: String,
        /// The tensor's name (`dense_0/kernel`).
        tensor: String,
        /// The value's index within the tensor, outermost first: `[row, column]` of a kernel
        /// (row = input, column = unit), `[unit]` of a bias.
        index: Vec<usize>,
        /// The first non-finite value found.
        value: f32,
        /// How many of the file's values are not finite.
        count: usize,
    },
    /// A value or label of the validation rows (`FitExtras::validation_data`) is wrong; the
    /// inner error's `x`, `y` and row are the validation rows', not the training rows'.
    #[error("the validation data: {0}")]
    Validation(Box<Error>),
    /// A layer or activation has no ONNX equivalent; nothing was written.
    #[error("`{layer}` cannot be written as ONNX: {reason}; nothing was written")]
    OnnxUnsupported {
        /// The layer, as the weight file names it (`dense_0`).
        layer: String,
        /// What ONNX lacks.
        reason: String,
    },
    /// An input or output operation of the caller's own failed: `std::io::Error` converts into
    /// this, so that `?` on a file the caller opens works in a function returning `nn::Error`.
    #[error("{message}")]
    Io {
        /// What kind of failure it was.
        kind: std::io::ErrorKind,
        /// What the operating system said.
        message: String,
    },
    /// A CSV reader or writer of the caller's own (the `csv` crate's) failed on a record:
    /// `csv::Error` converts into this (or into [`Error::Io`] when the file itself failed), so
    /// that `?` on it works in a function returning `nn::Error`.
    #[error("CSV{}: {message}", line.map(|line| format!(", line {line}")).unwrap_or_default())]
    CsvRecord {
        /// The line of the record, from 1, when the reader knows it.
        line: Option<u64>,
        /// What the `csv` crate said.
        message: String,
    },
}

/// Where `index` lies in a tensor, in words: "row 1, column 2" in a matrix, "index 3" in a
/// vector.
fn position(index: &[usize]) -> String {
    match index {
        [i] => format!("index {i}"),
        [row, column] => format!("row {row}, column {column}"),
        _ => format!("at {index:?}"),
    }
}

impl From<std::io::Error> for Error {
    /// ```
    /// fn first_line(path: &str) -> Result<String, nn::Error> {
    ///     let text = std::fs::read_to_string(path)?;
    ///     Ok(text.lines().next().unwrap_or_default().to_string())
    /// }
    /// let error = first_line("/no/such/file").unwrap_err();
    /// assert!(matches!(error, nn::Error::Io { kind: std::io::ErrorKind::NotFound, .. }));
    /// ```
    fn from(error: std::io::Error) -> Self {
        Error::Io {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl From<csv::Error> for Error {
    /// ```
    /// fn count_rows(text: &str) -> Result<usize, nn::Error> {
    ///     let mut reader = csv::Reader::from_reader(text.as_bytes());
    ///     let mut rows = 0;
    ///     for record in reader.records() {
    ///         record?; // a csv::Error becomes an nn::Error
    ///         rows += 1;
    ///     }
    ///     Ok(rows)
    /// }
    /// assert_eq!(count_rows("a,b\n1,2\n3,4\n")?, 2);
    /// let error = count_rows("a,b\n1,2\n3\n").unwrap_err();
    /// assert!(matches!(error, nn::Error::CsvRecord { line: Some(3), .. }));
    /// # Ok::<(), nn::Error>(())
    /// ```
    fn from(error: csv::Error) -> Self {
        let line = error.position().map(csv::Position::line);
        let message = error.to_string();
        match error.into_kind() {
            csv::ErrorKind::Io(error) => error.into(),
            _ => Error::CsvRecord { line, message },
        }
    }
}
