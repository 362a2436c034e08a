use std::path::Path;

use crate::Error;

/// A CSV file with a header row, read whole, from which columns are taken by name.
///
/// Every error names the file, the line (the header is line 1) and the column, so a bad cell
/// can be found in an editor at once.
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
    rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Reads the CSV file at `path`: a header row, then rows of as many cells.
    ///
    /// # Errors
    ///
    /// If the file cannot be read, is not valid CSV, or a row has a different number of cells
    /// than the header.
    pub fn read(path: impl AsRef<Path>) -> Result<CsvTable, Error> {
        let shown = path.as_ref().display().to_string();
        let file_error = |message: String| Error::File {
            path: shown.clone(),
            message,
        };
        let mut reader =
            csv::Reader::from_path(path.as_ref()).map_err(|e| file_error(e.to_string()))?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| file_error(e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| file_error(e.to_string()))?;
            rows.push(record.iter().map(str::to_string).collect());
        }
        Ok(CsvTable {
            path: shown,
            headers,
            rows,
        })
    }

    /// The column names, from the header row.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// How many rows follow the header.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether only the header is there.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The text cells of column `name`, one per row (empty where the file has nothing).
    ///
    /// # Errors
    ///
    /// If there is no such column.
    pub fn column(&self, name: &str) -> Result<Vec<&str>, Error> {
        let index = self.index(name)?;
        Ok(self.rows.iter().map(|row| row[index].as_str()).collect())
    }

    /// The columns `names`, parsed as numbers, one fixed-width row per line.
    ///
    /// # Errors
    ///
    /// If a column is missing, or a cell is empty, not a number, NaN or infinite.
    pub fn numbers<const N: usize>(&self, names: [&str; N]) -> Result<Vec<[f32; N]>, Error> {
        let indices = self.indices(names)?;
        self.rows
            .iter()
            .enumerate()
            .map(|(row, cells)| {
                let mut values = [0.0; N];
                for (value, (&index, name)) in values.iter_mut().zip(indices.iter().zip(names)) {
                    *value = self.parse(row, name, &cells[index])?;
                }
                Ok(values)
            })
            .collect()
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
        let index = self.index(name)?;
        self.rows
            .iter()
            .enumerate()
            .map(|(row, cells)| {
                let cell = cells[index].trim();
                cell.parse::<usize>().map_err(|_| {
                    self.cell_error(row, name, format!("`{cell}` is not a class index"))
                })
            })
            .collect()
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

    fn indices<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], Error> {
        let mut indices = [0; N];
        for (index, name) in indices.iter_mut().zip(names) {
            *index = self.index(name)?;
        }
        Ok(indices)
    }

    fn parse(&self, row: usize, name: &str, cell: &str) -> Result<f32, Error> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Err(self.cell_error(
                row,
                name,
                "the cell is empty (a missing value)".to_string(),
            ));
        }
        match cell.parse::<f32>() {
            Ok(value) if value.is_finite() => Ok(value),
            Ok(_) => Err(self.cell_error(row, name, format!("`{cell}` is not a finite number"))),
            Err(_) => Err(self.cell_error(row, name, format!("`{cell}` is not a number"))),
        }
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
}
