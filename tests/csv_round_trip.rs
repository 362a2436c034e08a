//! Rows written by `write_csv` / `write_csv_with_labels` read back through `CsvTable` as the
//! same `f32` bits and labels; what cannot be written is refused with the file left as it was.

use std::path::PathBuf;

use nn::Error;
use nn::data::{CsvTable, write_csv, write_csv_with_labels};

/// A fresh path in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        let file = format!("nn_csv_round_trip_{}_{name}.csv", std::process::id());
        TempFile(std::env::temp_dir().join(file))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn bits<const N: usize>(rows: &[[f32; N]]) -> Vec<[u32; N]> {
    rows.iter().map(|row| row.map(f32::to_bits)).collect()
}

/// Every kind of finite f32: both signs, both zeros, subnormals (exponent field 0), the extremes.
const EDGES: [f32; 16] = [
    0.0,
    -0.0,
    1e-45, // the smallest subnormal, 2^-149
    -1e-45,
    1.1754942e-38, // the largest subnormal
    f32::MIN_POSITIVE,
    f32::MAX,
    f32::MIN,
    f32::EPSILON,
    0.1,
    1.0 / 3.0,
    1e16,
    9.999999e15,
    1e-4,
    9.999999e-5,
    16_777_217.0,
];

#[test]
fn edge_values_read_back_bit_for_bit() {
    let file = TempFile::new("edges");
    let rows: Vec<[f32; 4]> = EDGES
        .chunks(4)
        .map(|chunk| chunk.try_into().unwrap())
        .collect();
    let labels: Vec<usize> = vec![0, 3, 16_777_215, 7];
    let header = ["a", "b", "c", "d", "class"];
    write_csv_with_labels(&file.0, &header, &rows, &labels).unwrap();
    let table = CsvTable::read(&file.0).unwrap();
    assert_eq!(table.headers(), header);
    let back: Vec<[f32; 4]> = table.numbers(["a", "b", "c", "d"]).unwrap();
    assert_eq!(bits(&back), bits(&rows));
    assert_eq!(table.labels("class").unwrap(), labels);
    // Whole numbers keep a `.0` so that pandas reads the column as floats, and the sign of zero.
    let text = std::fs::read_to_string(&file.0).unwrap();
    assert!(
        text.starts_with("a,b,c,d,class\n0.0,-0.0,1e-45,-1e-45,0\n"),
        "{text}"
    );
}

/// 255 exponents (every finite one) × both signs × 40 mantissas: the first and last, and 38
/// drawn by a fixed linear congruential generator.
#[test]
fn every_exponent_reads_back_bit_for_bit() {
    let mut state = 12_345u32;
    let mut mantissas = vec![0, 0x7f_ffff];
    mantissas.extend((0..38).map(|_| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        state >> 9
    }));
    let values: Vec<f32> = (0..255u32)
        .flat_map(|exponent| [0, 1u32 << 31].map(move |sign| (exponent, sign)))
        .flat_map(|(exponent, sign)| {
            let mantissas = mantissas.clone();
            mantissas
                .into_iter()
                .map(move |mantissa| f32::from_bits(sign | exponent << 23 | mantissa))
        })
        .collect();
    assert!(values.iter().all(|v| v.is_finite()));
    let rows: Vec<[f32; 8]> = values
        .chunks_exact(8)
        .map(|chunk| chunk.try_into().unwrap())
        .collect();
    let file = TempFile::new("exponents");
    let header = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    write_csv(&file.0, &header, &rows).unwrap();
    let back: Vec<[f32; 8]> = CsvTable::read(&file.0).unwrap().numbers(header).unwrap();
    assert_eq!(back.len(), 255 * 2 * 40 / 8);
    assert_eq!(bits(&back), bits(&rows));
}

#[test]
fn one_hot_labels_follow_their_rows() {
    let file = TempFile::new("one_hot");
    let x = [[1.5f32], [-2.25]];
    let y = [[0.0f32, 1.0], [1.0, 0.0]];
    write_csv_with_labels(&file.0, &["x", "no", "yes"], &x, &y).unwrap();
    assert_eq!(
        std::fs::read_to_string(&file.0).unwrap(),
        "x,no,yes\n1.5,0.0,1.0\n-2.25,1.0,0.0\n"
    );
}

#[test]
fn names_with_commas_and_quotes_are_quoted() {
    let file = TempFile::new("quoted");
    let header = ["height, cm", "say \"hi\"", "two\nlines"];
    write_csv(&file.0, &header, &[[1.0f32, 2.0, 3.0]]).unwrap();
    let table = CsvTable::read(&file.0).unwrap();
    assert_eq!(table.headers(), header);
    assert_eq!(table.numbers(header).unwrap(), [[1.0, 2.0, 3.0]]);
}

#[test]
fn a_non_finite_value_is_refused_by_row_and_column_leaving_the_file() {
    let file = TempFile::new("non_finite");
    write_csv(&file.0, &["a", "b"], &[[1.0f32, 2.0]]).unwrap();
    let before = std::fs::read(&file.0).unwrap();

    let rows = [[1.0f32, 2.0], [3.0, f32::NAN]];
    let error = write_csv(&file.0, &["a", "b"], &rows).unwrap_err();
    assert!(
        matches!(
            error,
            Error::NonFinite {
                data: "x",
                row: 1,
                column: 1,
                ..
            }
        ),
        "{error}"
    );
    let labels = [0.5f32, f32::NEG_INFINITY];
    let error =
        write_csv_with_labels(&file.0, &["a", "b", "y"], &[rows[0]; 2], &labels).unwrap_err();
    assert_eq!(
        error.to_string(),
        "y row 1, column 0 is -inf; every value must be finite"
    );
    assert_eq!(std::fs::read(&file.0).unwrap(), before);
}

#[test]
fn a_header_that_does_not_name_each_column_once_is_refused() {
    let file = TempFile::new("header");
    let rows = [[1.0f32, 2.0]];
    let message = |error: Error| error.to_string();
    assert_eq!(
        message(write_csv(&file.0, &["a"], &rows).unwrap_err()),
        "header must be one name per column, for at least one column, got 1 names for 2 \
         columns (2 in each row)"
    );
    let error = write_csv_with_labels(&file.0, &["a", "b"], &rows, &[1usize]).unwrap_err();
    assert!(message(error).contains("2 names for 3 columns (2 of x, 1 of y)"));
    let error = write_csv(&file.0, &["a", "a"], &rows).unwrap_err();
    assert!(message(error).contains("`a` for columns 1 and 2"));
    let error = write_csv(&file.0, &["a", ""], &rows).unwrap_err();
    assert!(message(error).contains("an empty name for column 2"));
    let error = write_csv_with_labels(&file.0, &["a", "b", "y"], &rows, &[1usize, 2]).unwrap_err();
    assert!(matches!(
        error,
        Error::LengthMismatch {
            inputs: 1,
            targets: 2,
            ..
        }
    ));
    assert!(!file.0.exists(), "nothing was written");
}
