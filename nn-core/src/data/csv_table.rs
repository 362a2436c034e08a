use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use super::csv_lines::Lines;
use crate::Error;

/// A CSV file with a header row, parsed once into columns, from which columns are taken by name.
///
/// Memory is proportional to the parsed data, not the text: a column whose every cell is a finite
/// number is kept as one `f32` per row (a cell like `0.123456,` is 9 bytes of text, 4 bytes here);
/// any other column as categories, its distinct strings once and a `u32` code per row (a column of
/// `male`/`female` costs 4 bytes a row). The file is read twice to decide each column's kind
/// before storing it, so nothing is held as text and converted later.
///
/// Every error names the file, the line (the header is line 1) and the column, so a bad cell
/// can be found in an editor at once. A header that names two columns alike is an error when the
/// file is read; an empty header cell is named `Unnamed: i` (`i` from 0), as pandas names it, so
/// a file pandas wrote with its index reads.
///
/// ```
/// use nn::data::CsvTable;
/// let path = std::env::temp_dir().join("nn_csv_table_doctest.csv");
/// std::fs::write(&path, "height,weight,label\n1.5,50,0\n1.8,80,1\n")?;
/// let table = CsvTable::read(&path)?;
/// let x: Vec<[f32; 2]> = table.numbers(["height", "weight"])?;
/// let y: Vec<usize> = table.labels("label")?;
/// assert_eq!((x[1], y[1]), ([1.8, 80.0], 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CsvTable {
    path: String,
    headers: Vec<String>,
    columns: Vec<Column>,
    rows: usize,
    /// Where rows do not follow one line after another (a blank line skipped, a quoted cell
    /// holding a line break): `(row, line)` pairs from which row `row + k` starts on line
    /// `line + k`. Empty for the usual file, so a line costs nothing to keep per row.
    lines: Vec<(usize, u64)>,
}

/// One column's cells, parsed.
#[derive(Clone, Debug)]
enum Column {
    /// Every cell was a finite number.
    Numbers(Vec<f32>),
    /// Some cell was not: the distinct cells, and each row's index into them.
    Categories {
        values: Vec<String>,
        codes: Vec<u32>,
    },
}

/// Whether `cell` is stored as a number: it parses (blanks around it allowed) and is finite.
fn number(cell: &str) -> Option<f32> {
    cell.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

/// Whole numbers below 2^24 are exact in f32: a label from there on may have been rounded
/// (`16777217` reads as 16777216), so it is refused rather than taken for another class.
const EXACT_LABELS: f32 = 16_777_216.0;

/// The class a number stands for: a whole number from 0 to 2^24 − 1.
fn class_index(value: f32) -> Option<usize> {
    (value >= 0.0 && value.fract() == 0.0 && value < EXACT_LABELS).then_some(value as usize)
}

/// The csv crate's error for the file `path` whose header is `headers` (empty while the header
/// itself is read) and whose record on `line` is at fault, in the words of [`Error::Csv`]: the
/// line, the column, what was expected and what was found.
fn parse_error(path: &str, headers: &[String], line: usize, error: csv::Error) -> Error {
    let file_error = |message: String| Error::File {
        path: path.to_string(),
        message,
    };
    match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            let message = format!(
                "the cell is not UTF-8 text (a byte after its first {} is invalid); save the \
                 file as UTF-8",
                err.valid_up_to()
            );
            match headers.get(err.field()) {
                Some(column) => Error::Csv {
                    path: path.to_string(),
                    line,
                    column: column.clone(),
                    message,
                },
                None => file_error(format!(
                    "line {line}, column {} (counting from 1): {message}",
                    err.field() + 1
                )),
            }
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => file_error(format!(
            "line {line} has {len} cells, but the header has {expected_len}"
        )),
        _ => file_error(error.to_string()),
    }
}

impl CsvTable {
    /// Reads the CSV file at `path`: a header row, then rows of as many cells.
    ///
    /// # Errors
    ///
    /// If the file cannot be read, a cell is not UTF-8 (naming its line and column), a row has a
    /// different number of cells than the header (naming its line and both counts), or two
    /// header cells are the same (naming both positions).
    pub fn read(path: impl AsRef<Path>) -> Result<CsvTable, Error> {
        let shown = path.as_ref().display().to_string();
        let file_error = |message: String| Error::File {
            path: shown.clone(),
            message,
        };
        let open = || {
            let file = std::fs::File::open(path.as_ref()).map_err(|e| file_error(e.to_string()))?;
            Ok::<_, Error>(csv::Reader::from_reader(Lines::new(file)))
        };
        // The line of a record, or of the record an error is in, as an editor numbers it.
        let line_of = |reader: &mut csv::Reader<Lines<std::fs::File>>,
                       position: Option<&csv::Position>| {
            position.map_or(1, |position| reader.get_mut().line(position))
        };
        let mut reader = open()?;
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(error) => {
                let line = line_of(&mut reader, error.position());
                return Err(parse_error(&shown, &[], line, error));
            }
        };
        let header_line = line_of(&mut reader, header.position());
        let headers: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, header)| {
                if header.is_empty() {
                    format!("Unnamed: {i}")
                } else {
                    header.to_string()
                }
            })
            .collect();
        for (second, name) in headers.iter().enumerate() {
            if let Some(first) = headers[..second].iter().position(|h| h == name) {
                return Err(Error::Csv {
                    path: shown,
                    line: header_line,
                    column: name.clone(),
                    message: format!(
                        "the header names two columns `{name}`, the {} and the {} (counting \
                         from 1); rename one",
                        first + 1,
                        second + 1
                    ),
                });
            }
        }

        // First pass: which columns are all numbers, and how many rows there are.
        let mut numeric = vec![true; headers.len()];
        let mut rows = 0;
        let mut lines = Vec::new();
        // Row r is assumed on line r + 2 (`line`) unless a break says otherwise.
        let mut next_line = 2;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => {
                    let line = line_of(&mut reader, error.position());
                    return Err(parse_error(&shown, &headers, line, error));
                }
            }
            for (numeric, cell) in numeric.iter_mut().zip(record.iter()) {
                *numeric = *numeric && number(cell).is_some();
            }
            let line = line_of(&mut reader, record.position());
            if line != next_line {
                lines.push((rows, line as u64));
            }
            next_line = line + 1;
            rows += 1;
        }

        // Second pass: each cell parsed once into its column, sized exactly.
        let mut columns: Vec<Column> = numeric
            .iter()
            .map(|&numeric| {
                if numeric {
                    Column::Numbers(Vec::with_capacity(rows))
                } else {
                    Column::Categories {
                        values: Vec::new(),
                        codes: Vec::with_capacity(rows),
                    }
                }
            })
            .collect();
        let mut interned: Vec<HashMap<String, u32>> = vec![HashMap::new(); headers.len()];
        let mut reader = open()?;
        while reader
            .read_record(&mut record)
            .map_err(|e| file_error(e.to_string()))?
        {
            let cells = columns.iter_mut().zip(&mut interned).zip(record.iter());
            for ((column, interned), cell) in cells {
                match column {
                    Column::Numbers(values) => {
                        // The file changed between the passes if this fails; 0 is never read
                        // back silently because the first pass vouched for every cell.
                        values.push(number(cell).unwrap_or(f32::NAN));
                    }
                    Column::Categories { values, codes } => {
                        let code = match interned.get(cell) {
                            Some(&code) => code,
                            None => {
                                let code = values.len() as u32;
                                values.push(cell.to_string());
                                interned.insert(cell.to_string(), code);
                                code
                            }
                        };
                        codes.push(code);
                    }
                }
            }
        }
        if columns.iter().any(|column| match column {
            Column::Numbers(values) => values.len() != rows || values.iter().any(|v| v.is_nan()),
            Column::Categories { codes, .. } => codes.len() != rows,
        }) {
            return Err(file_error("the file changed while it was read".to_string()));
        }
        Ok(CsvTable {
            path: shown,
            headers,
            columns,
            rows,
            lines,
        })
    }

    /// The column names, from the header row.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// How many rows follow the header.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether only the header is there.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The cells of column `name` as text, one per row (empty where the file has nothing). A
    /// column of numbers was not kept as text: its cells are given as their `f32` values'
    /// shortest text (`1.50` reads back as `1.5`).
    ///
    /// # Errors
    ///
    /// If there is no such column.
    pub fn column(&self, name: &str) -> Result<Vec<Cow<'_, str>>, Error> {
        Ok(match &self.columns[self.index(name)?] {
            Column::Numbers(values) => values.iter().map(|v| Cow::Owned(v.to_string())).collect(),
            Column::Categories { values, codes } => codes
                .iter()
                .map(|&code| Cow::Borrowed(values[code as usize].as_str()))
                .collect(),
        })
    }

    /// The columns `names`, parsed as numbers, one fixed-width row per line.
    ///
    /// # Errors
    ///
    /// If a column is missing, or a cell is empty, not a number, NaN or infinite.
    pub fn numbers<const N: usize>(&self, names: [&str; N]) -> Result<Vec<[f32; N]>, Error> {
        let mut columns: [&[f32]; N] = [&[]; N];
        for (column, name) in columns.iter_mut().zip(names) {
            *column = self.numeric(name)?;
        }
        Ok((0..self.rows)
            .map(|row| core::array::from_fn(|c| columns[c][row]))
            .collect())
    }

    /// Every column but `excluded`, in file order, parsed as numbers: the features of a file whose
    /// other columns are labels.
    ///
    /// # Errors
    ///
    /// If a name in `excluded` is not a column (a misspelt name would otherwise exclude
    /// nothing), the remaining columns are not exactly `N`, or a cell is empty, not a number,
    /// NaN or infinite.
    pub fn numbers_except<const N: usize>(
        &self,
        excluded: &[&str],
    ) -> Result<Vec<[f32; N]>, Error> {
        for name in excluded {
            self.index(name)?;
        }
        let kept: Vec<&str> = self
            .headers
            .iter()
            .map(String::as_str)
            .filter(|header| !excluded.contains(header))
            .collect();
        let names: [&str; N] = kept.as_slice().try_into().map_err(|_| Error::File {
            path: self.path.clone(),
            message: format!(
                "{} columns remain besides {excluded:?}, the rows hold {N}",
                kept.len()
            ),
        })?;
        self.numbers(names)
    }

    /// Column `name` as class indices (`0`, `1`, ...).
    ///
    /// # Errors
    ///
    /// If the column is missing or a cell is not a whole number from 0 to 2^24 − 1 (beyond, f32
    /// cannot tell neighbouring classes apart).
    pub fn labels(&self, name: &str) -> Result<Vec<usize>, Error> {
        match &self.columns[self.index(name)?] {
            Column::Numbers(values) => values
                .iter()
                .enumerate()
                .map(|(row, &value)| {
                    class_index(value).ok_or_else(|| {
                        self.cell_error(row, name, format!("`{value}` is not a class index"))
                    })
                })
                .collect(),
            Column::Categories { values, codes } => {
                // The same rule as a column of numbers: `1.0` is class 1 whether or not another
                // cell of the column is text.
                let classes: Vec<Option<usize>> = values
                    .iter()
                    .map(|v| number(v).and_then(class_index))
                    .collect();
                codes
                    .iter()
                    .enumerate()
                    .map(|(row, &code)| {
                        classes[code as usize].ok_or_else(|| {
                            let cell = values[code as usize].trim();
                            self.cell_error(row, name, format!("`{cell}` is not a class index"))
                        })
                    })
                    .collect()
            }
        }
    }

    /// Column `name`'s numbers, or an error naming its first cell that is not a finite number.
    fn numeric(&self, name: &str) -> Result<&[f32], Error> {
        match &self.columns[self.index(name)?] {
            Column::Numbers(values) => Ok(values),
            Column::Categories { values, codes } => {
                let (row, cell) = codes
                    .iter()
                    .enumerate()
                    .map(|(row, &code)| (row, values[code as usize].trim()))
                    .find(|(_, cell)| number(cell).is_none())
                    .expect("a column of categories has a cell that is not a finite number");
                let message = if cell.is_empty() {
                    "the cell is empty (a missing value)".to_string()
                } else if cell.parse::<f32>().is_ok() {
                    format!("`{cell}` is not a finite number")
                } else {
                    format!("`{cell}` is not a number")
                };
                Err(self.cell_error(row, name, message))
            }
        }
    }

    fn index(&self, name: &str) -> Result<usize, Error> {
        self.headers
            .iter()
            .position(|header| header == name)
            .ok_or_else(|| Error::File {
                path: self.path.clone(),
                message: format!(
                    "no column `{name}`; the columns are {}",
                    self.headers.join(", ")
                ),
            })
    }

    /// The line row `row` starts on: the header's line plus one per row, but for the rows
    /// after a break recorded in `lines`.
    fn line(&self, row: usize) -> usize {
        let after = self.lines.partition_point(|&(start, _)| start <= row);
        match after.checked_sub(1).map(|i| self.lines[i]) {
            Some((start, line)) => (line as usize) + (row - start),
            None => row + 2,
        }
    }

    fn cell_error(&self, row: usize, column: &str, message: String) -> Error {
        Error::Csv {
            path: self.path.clone(),
            line: self.line(row),
            column: column.to_string(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_excluded_column_is_an_error_not_ignored() {
        let path = std::env::temp_dir().join(format!("nn_csv_except_{}.csv", std::process::id()));
        std::fs::write(&path, "a,b,cultivar\n1,2,0\n3,4,1\n").unwrap();
        let table = CsvTable::read(&path).unwrap();
        let error = table
            .numbers_except::<2>(&["Cultivar"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("no column `Cultivar`"), "{error}");
        assert!(error.contains("a, b, cultivar"), "{error}");
        assert_eq!(
            table.numbers_except::<2>(&["cultivar"]).unwrap(),
            [[1.0, 2.0], [3.0, 4.0]]
        );
        std::fs::remove_file(path).unwrap();
    }

    fn table(name: &str, text: &str) -> CsvTable {
        let path =
            std::env::temp_dir().join(format!("nn_csv_table_{name}_{}.csv", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let table = CsvTable::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        table
    }

    #[test]
    fn reads_numbers_and_labels_by_column_name() {
        let table = table("ok", "a,b,class\n1,2.5,0\n-3,4e1,2\n");
        assert_eq!(
            table.numbers(["b", "a"]).unwrap(),
            [[2.5, 1.0], [40.0, -3.0]]
        );
        assert_eq!(table.labels("class").unwrap(), [0, 2]);
        assert_eq!(table.column("a").unwrap(), ["1", "-3"]);
        assert_eq!(table.column("b").unwrap(), ["2.5", "40"]);
        assert_eq!(
            table.numbers_except::<2>(&["class"]).unwrap(),
            [[1.0, 2.5], [-3.0, 40.0]]
        );
        let error = table
            .numbers_except::<3>(&["class"])
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with("2 columns remain besides [\"class\"], the rows hold 3"),
            "{error}"
        );
        assert_eq!((table.len(), table.headers().len()), (2, 3));
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let table = table("bad", "age,fare\n22,7.25\n,71.3\nold,8\n");
        let error = table.numbers(["age", "fare"]).unwrap_err().to_string();
        assert!(
            error.ends_with(", line 3, column `age`: the cell is empty (a missing value)"),
            "{error}"
        );
        assert!(error.contains("nn_csv_table_bad"), "{error}");
        let error = table.numbers(["fare", "sex"]).unwrap_err().to_string();
        assert!(
            error.ends_with("no column `sex`; the columns are age, fare"),
            "{error}"
        );
        let error = table.labels("age").unwrap_err().to_string();
        assert!(
            error.contains("line 3, column `age`: `` is not a class index"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let error = CsvTable::read("/nonexistent/nn/data.csv")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("/nonexistent/nn/data.csv: "), "{error}");
    }

    #[test]
    fn a_header_naming_two_columns_alike_is_an_error_naming_both() {
        let path =
            std::env::temp_dir().join(format!("nn_csv_table_dup_{}.csv", std::process::id()));
        std::fs::write(&path, "age,fare,age\n1,2,3\n").unwrap();
        let error = CsvTable::read(&path).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        assert!(
            error.ends_with(
                ", line 1, column `age`: the header names two columns `age`, the 1 and the 3 \
                 (counting from 1); rename one"
            ),
            "{error}"
        );
    }

    #[test]
    fn empty_header_cells_are_named_as_pandas_names_them() {
        let table = table("unnamed", ",x,\n0,1.5,a\n1,2.5,b\n");
        assert_eq!(table.headers(), ["Unnamed: 0", "x", "Unnamed: 2"]);
        assert_eq!(table.labels("Unnamed: 0").unwrap(), [0, 1]);
        assert_eq!(table.column("Unnamed: 2").unwrap(), ["a", "b"]);
    }

    #[test]
    fn text_columns_are_categories_and_errors_still_quote_the_cell() {
        let table = table("mixed", "sex,age,n\nmale,22,1\nfemale,,2\nmale,inf,3.5\n");
        assert_eq!(table.column("sex").unwrap(), ["male", "female", "male"]);
        assert_eq!(table.column("age").unwrap(), ["22", "", "inf"]);
        let error = table.numbers(["n", "age"]).unwrap_err().to_string();
        assert!(
            error.ends_with("line 3, column `age`: the cell is empty (a missing value)"),
            "{error}"
        );
        let error = table.numbers(["sex"]).unwrap_err().to_string();
        assert!(
            error.ends_with("line 2, column `sex`: `male` is not a number"),
            "{error}"
        );
        let error = table.labels("n").unwrap_err().to_string();
        assert!(
            error.ends_with("line 4, column `n`: `3.5` is not a class index"),
            "{error}"
        );
        let table = table_with_inf();
        let error = table.numbers(["v"]).unwrap_err().to_string();
        assert!(
            error.ends_with("line 3, column `v`: `inf` is not a finite number"),
            "{error}"
        );
        match &table.columns[0] {
            Column::Categories { values, codes } => {
                assert_eq!(
                    (values.len(), codes.len()),
                    (2, 3),
                    "one entry per distinct cell"
                );
            }
            Column::Numbers(_) => panic!("a column with inf is not numbers"),
        }
    }

    fn table_with_inf() -> CsvTable {
        table("inf", "v\n1\ninf\n1\n")
    }

    /// The error `CsvTable::read` gives for the bytes `bytes`.
    fn read_error(name: &str, bytes: &[u8]) -> String {
        let path =
            std::env::temp_dir().join(format!("nn_csv_table_{name}_{}.csv", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let error = CsvTable::read(&path).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        assert!(error.contains(&format!("nn_csv_table_{name}_")), "{error}");
        error
    }

    #[test]
    fn a_ragged_row_is_an_error_naming_its_line_and_both_counts() {
        let error = read_error("ragged", b"a,b\n1,2\n3\n");
        assert!(
            error.ends_with(": line 3 has 1 cells, but the header has 2"),
            "{error}"
        );
        // The csv crate's own count said line 2 here: it misses `\r\n` and blank lines.
        let error = read_error("ragged_crlf", b"a,b\r\n1,2\r\n\r\n3\r\n");
        assert!(
            error.ends_with(": line 4 has 1 cells, but the header has 2"),
            "{error}"
        );
    }

    #[test]
    fn a_cell_that_is_not_utf8_is_an_error_naming_its_line_and_column() {
        // Found by tests/fuzz_csv.rs: the csv crate's message named a field index, not a column.
        let error = read_error("latin1", b"name,age\nJos\xe9,30\n");
        assert!(
            error.ends_with(
                ", line 2, column `name`: the cell is not UTF-8 text (a byte after its first 3 \
                 is invalid); save the file as UTF-8"
            ),
            "{error}"
        );
        let error = read_error("latin1_header", b"a,\xe9\n1,2\n");
        assert!(
            error.ends_with(
                ": line 1, column 2 (counting from 1): the cell is not UTF-8 text (a byte after \
                 its first 0 is invalid); save the file as UTF-8"
            ),
            "{error}"
        );
    }

    #[test]
    fn errors_name_the_line_a_row_is_on_after_blank_lines_and_quoted_line_breaks() {
        // Found by tests/fuzz_csv.rs: a row's line was taken as its index + 2, so a skipped
        // blank line or a cell holding a line break sent the reader to the wrong line.
        let lines = table("lines", "note,v\n\"two\nlines\",1\n\nplain,2\nlast,x\n");
        let error = lines.numbers(["v"]).unwrap_err().to_string();
        assert!(
            error.ends_with("line 6, column `v`: `x` is not a number"),
            "{error}"
        );
        assert_eq!((lines.line(0), lines.line(1)), (2, 5));
        let crlf = table("crlf", "v\r\n1\r\n-1\r\n");
        let error = crlf.labels("v").unwrap_err().to_string();
        assert!(error.contains("line 3, column `v`"), "{error}");
    }

    #[test]
    fn a_label_that_f32_cannot_hold_exactly_is_refused_not_rounded() {
        // Found by tests/fuzz_csv.rs: 16777217 parses to 16777216.0 and was read as that class.
        let big = table("big_labels", "y\n16777215\n16777217\n");
        let error = big.labels("y").unwrap_err().to_string();
        assert!(
            error.ends_with("line 3, column `y`: `16777216` is not a class index"),
            "{error}"
        );
        let largest = table("max_label", "y\n16777215\n0\n");
        assert_eq!(largest.labels("y").unwrap(), [16_777_215, 0]);
    }

    #[test]
    fn a_label_reads_the_same_whether_its_column_is_numbers_or_text() {
        // Found by tests/fuzz_csv.rs: `1.0` was class 1 in a column of numbers but not a class
        // index in a column holding text, so one bad cell moved the error to a good one.
        let table = table("mixed_labels", "y,z\n1.0,1.0\n 2 ,2\nx,3\n");
        assert_eq!(table.labels("z").unwrap(), [1, 2, 3]);
        let error = table.labels("y").unwrap_err().to_string();
        assert!(
            error.ends_with("line 4, column `y`: `x` is not a class index"),
            "{error}"
        );
    }
}
