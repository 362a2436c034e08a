use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

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
/// use nn_core::data::CsvTable;
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

impl CsvTable {
    /// Reads the CSV file at `path`: a header row, then rows of as many cells.
    ///
    /// # Errors
    ///
    /// If the file cannot be read, is not valid UTF-8 CSV, a row has a different number of cells
    /// than the header, or two header cells are the same (naming both positions).
    pub fn read(path: impl AsRef<Path>) -> Result<CsvTable, Error> {
        let shown = path.as_ref().display().to_string();
        let file_error = |message: String| Error::File {
            path: shown.clone(),
            message,
        };
        let open = || csv::Reader::from_path(path.as_ref()).map_err(|e| file_error(e.to_string()));
        let mut reader = open()?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| file_error(e.to_string()))?
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
                    line: 1,
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
        let mut record = csv::StringRecord::new();
        while reader
            .read_record(&mut record)
            .map_err(|e| file_error(e.to_string()))?
        {
            for (numeric, cell) in numeric.iter_mut().zip(record.iter()) {
                *numeric = *numeric && number(cell).is_some();
            }
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
    /// If the remaining columns are not exactly `N`, or a cell is empty, not a number, NaN or
    /// infinite.
    pub fn numbers_except<const N: usize>(
        &self,
        excluded: &[&str],
    ) -> Result<Vec<[f32; N]>, Error> {
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
    /// If the column is missing or a cell is not a whole number of at least 0.
    pub fn labels(&self, name: &str) -> Result<Vec<usize>, Error> {
        // Whole numbers up to 2^24 are exact in f32; a label beyond is refused, not rounded.
        const EXACT: f32 = 16_777_216.0;
        match &self.columns[self.index(name)?] {
            Column::Numbers(values) => values
                .iter()
                .enumerate()
                .map(|(row, &value)| {
                    if value >= 0.0 && value.fract() == 0.0 && value <= EXACT {
                        Ok(value as usize)
                    } else {
                        Err(self.cell_error(row, name, format!("`{value}` is not a class index")))
                    }
                })
                .collect(),
            Column::Categories { values, codes } => {
                let classes: Vec<Option<usize>> =
                    values.iter().map(|v| v.trim().parse().ok()).collect();
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

    fn cell_error(&self, row: usize, column: &str, message: String) -> Error {
        // Row 0 is the file's second line, after the header.
        Error::Csv {
            path: self.path.clone(),
            line: row + 2,
            column: column.to_string(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_ragged_row_is_an_error() {
        let path =
            std::env::temp_dir().join(format!("nn_csv_table_ragged_{}.csv", std::process::id()));
        std::fs::write(&path, "a,b\n1,2\n3\n").unwrap();
        let error = CsvTable::read(&path).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        assert!(error.contains("line: 3"), "{error}");
    }
}
