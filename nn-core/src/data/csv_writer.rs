//! Rows written as a CSV file, to share them (a split, scaled data) with Python: pandas and
//! [`CsvTable`](super::CsvTable) read every number back as the same `f32`, bit for bit.

use std::path::Path;

use crate::Error;
use crate::io::write_atomically_with;

mod sealed {
    /// Only this module's implementations of `CsvCells`: the cells of a line are its business.
    pub trait Sealed {}

    /// One cell of a line, before it is written.
    pub enum Cell {
        /// A number, written as the shortest text that reads back as the same `f32`.
        Number(f32),
        /// A class index, written as a whole number.
        Class(usize),
    }
}

use sealed::Cell;

/// A value that [`write_csv`] and [`write_csv_with_labels`] write as cells of a line: an
/// `[f32; N]` row as `N` numbers, an `f32` as one, a `usize` class index as a whole number.
pub trait CsvCells: sealed::Sealed {
    /// How many cells one value fills.
    const CELLS: usize;

    /// Cell `column` (below [`CELLS`](Self::CELLS)) of this value.
    #[doc(hidden)]
    fn cell(&self, column: usize) -> Cell;
}

impl<const N: usize> sealed::Sealed for [f32; N] {}
impl<const N: usize> CsvCells for [f32; N] {
    const CELLS: usize = N;
    fn cell(&self, column: usize) -> Cell {
        Cell::Number(self[column])
    }
}

impl sealed::Sealed for f32 {}
impl CsvCells for f32 {
    const CELLS: usize = 1;
    fn cell(&self, _: usize) -> Cell {
        Cell::Number(*self)
    }
}

impl sealed::Sealed for usize {}
impl CsvCells for usize {
    const CELLS: usize = 1;
    fn cell(&self, _: usize) -> Cell {
        Cell::Class(*self)
    }
}

/// Writes `rows` to the CSV file at `path` under the column names `header`: the file
/// `pandas.DataFrame(rows, columns=header).to_csv(path, index=False)` writes (but for the
/// spelling of exponents, `1e38` here and `1e+38` there), read back by `pandas.read_csv(path)`
/// and [`CsvTable::read`](super::CsvTable::read).
///
/// Each number is written as the shortest decimal that reads back as the same `f32` (Rust's
/// `{:?}`: `0.1`, `1.0`, `-0.0`, `1e-45`, `3.4028235e38`), so parsing it as `f32`, or as
/// `float64` then rounding to `float32` as `pandas.read_csv(path).to_numpy(np.float32)` does,
/// gives the same bits, negative zero and subnormals included. A whole number keeps its `.0`, so
/// pandas reads the column as floats, not integers. A name is quoted if it holds a comma, a quote
/// or a line break. The file is replaced whole or not at all ([`nn::io::write_atomically`]).
///
/// [`nn::io::write_atomically`]: crate::io::write_atomically
///
/// ```
/// use nn::data::{CsvTable, write_csv};
/// let path = std::env::temp_dir().join(format!("nn_write_csv_{}.csv", std::process::id()));
/// let rows = [[0.1, -0.0], [1e-45, 3.0]];
/// write_csv(&path, &["a", "b"], &rows)?;
/// assert_eq!(std::fs::read_to_string(&path)?, "a,b\n0.1,-0.0\n1e-45,3.0\n");
/// let back: Vec<[f32; 2]> = CsvTable::read(&path)?.numbers(["a", "b"])?;
/// assert_eq!(back[1][0].to_bits(), 1e-45f32.to_bits());
/// # std::fs::remove_file(path)?;
/// # Ok::<(), nn::Error>(())
/// ```
///
/// # Errors
///
/// If `header` does not name every column once (a count that differs, an empty or repeated
/// name), a value is NaN or infinite (naming its row and column: pandas would read it but
/// `CsvTable` and `fit` refuse it), or the file cannot be written. The file at `path` is then
/// unchanged.
pub fn write_csv<R: CsvCells>(
    path: impl AsRef<Path>,
    header: &[impl AsRef<str>],
    rows: &[R],
) -> Result<(), Error> {
    let columns = check_header(header, R::CELLS, 0)?;
    check_finite("x", rows)?;
    write_lines(path.as_ref(), header, columns, rows.len(), |row, column| {
        rows[row].cell(column)
    })
}

/// Writes `x` and, after each row's cells, its label `y` to the CSV file at `path`, under the
/// column names `header` (`x`'s then `y`'s), as [`write_csv`] writes rows: the file of
/// `pandas.DataFrame(np.column_stack([x, y]), columns=header).to_csv(path, index=False)`, with
/// class indices written as whole numbers. A split shared this way reads back with
/// [`CsvTable::numbers`](super::CsvTable::numbers) and [`CsvTable::labels`](super::CsvTable::labels).
///
/// ```
/// use nn::data::{CsvTable, train_test_split, write_csv_with_labels};
/// let x: Vec<[f32; 2]> = (0..10).map(|i| [i as f32, 0.5 * i as f32]).collect();
/// let y: Vec<usize> = (0..10).map(|i| i % 3).collect();
/// let split = train_test_split(&x, &y, 0.2, 42)?;
/// let path = std::env::temp_dir().join(format!("nn_test_rows_{}.csv", std::process::id()));
/// write_csv_with_labels(&path, &["length", "width", "class"], &split.x_test, &split.y_test)?;
/// assert_eq!(std::fs::read_to_string(&path)?, "length,width,class\n8.0,4.0,2\n1.0,0.5,1\n");
/// let table = CsvTable::read(&path)?;
/// assert_eq!(table.labels("class")?, split.y_test);
/// # std::fs::remove_file(path)?;
/// # Ok::<(), nn::Error>(())
/// ```
///
/// # Errors
///
/// Those of [`write_csv`], and if `x` and `y` differ in length. The file at `path` is then
/// unchanged.
pub fn write_csv_with_labels<R: CsvCells, L: CsvCells>(
    path: impl AsRef<Path>,
    header: &[impl AsRef<str>],
    x: &[R],
    y: &[L],
) -> Result<(), Error> {
    let columns = check_header(header, R::CELLS, L::CELLS)?;
    if x.len() != y.len() {
        return Err(Error::LengthMismatch {
            operation: "write_csv_with_labels",
            inputs: x.len(),
            targets: y.len(),
        });
    }
    check_finite("x", x)?;
    check_finite("y", y)?;
    write_lines(path.as_ref(), header, columns, x.len(), |row, column| {
        if column < R::CELLS {
            x[row].cell(column)
        } else {
            y[row].cell(column - R::CELLS)
        }
    })
}

/// The number of columns, once `header` is known to name each of `x_cells + y_cells` columns
/// by a name of its own.
fn check_header(
    header: &[impl AsRef<str>],
    x_cells: usize,
    y_cells: usize,
) -> Result<usize, Error> {
    let columns = x_cells + y_cells;
    let invalid = |requirement, value| Error::InvalidArgument {
        argument: "header",
        requirement,
        value,
    };
    if header.len() != columns || columns == 0 {
        let cells = if y_cells == 0 {
            format!("{x_cells} in each row")
        } else {
            format!("{x_cells} of x, {y_cells} of y")
        };
        return Err(invalid(
            "one name per column, for at least one column",
            format!("{} names for {columns} columns ({cells})", header.len()),
        ));
    }
    for (second, name) in header.iter().map(AsRef::as_ref).enumerate() {
        let requirement = "a distinct, non-empty name for each column (pandas and CsvTable \
                           would read another)";
        if name.is_empty() {
            return Err(invalid(
                requirement,
                format!("an empty name for column {} (counting from 1)", second + 1),
            ));
        }
        if let Some(first) = header[..second].iter().position(|n| n.as_ref() == name) {
            return Err(invalid(
                requirement,
                format!(
                    "`{name}` for columns {} and {} (counting from 1)",
                    first + 1,
                    second + 1
                ),
            ));
        }
    }
    Ok(columns)
}

/// The first NaN or infinite number of `values` (`data` is `x` or `y`) as an error.
fn check_finite<V: CsvCells>(data: &'static str, values: &[V]) -> Result<(), Error> {
    for (row, value) in values.iter().enumerate() {
        for column in 0..V::CELLS {
            if let Cell::Number(number) = value.cell(column)
                && !number.is_finite()
            {
                return Err(Error::NonFinite {
                    data,
                    row,
                    column,
                    value: number,
                });
            }
        }
    }
    Ok(())
}

/// Writes `header` and `rows` lines of `columns` cells each, cell `(row, column)` given by `cell`.
fn write_lines(
    path: &Path,
    header: &[impl AsRef<str>],
    columns: usize,
    rows: usize,
    cell: impl Fn(usize, usize) -> Cell,
) -> Result<(), Error> {
    write_atomically_with(path, |file| {
        let mut writer = csv::Writer::from_writer(file);
        writer.write_record(header.iter().map(AsRef::as_ref))?;
        let mut text = String::new();
        for row in 0..rows {
            for column in 0..columns {
                text.clear();
                match cell(row, column) {
                    Cell::Number(number) => write_number(&mut text, number),
                    Cell::Class(class) => text.push_str(&class.to_string()),
                }
                writer.write_field(&text)?;
            }
            writer.write_record(None::<&[u8]>)?;
        }
        writer.flush()
    })
}

/// `number`'s shortest round-trip text, with `.0` on a whole number and an exponent from 1e16
/// and below 1e-4 (Rust's `{:?}`, which writes floats as Python's `repr` does).
fn write_number(text: &mut String, number: f32) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(text, "{number:?}");
}
