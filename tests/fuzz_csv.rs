//! Structured fuzzing of `CsvTable` (issue 11, part 6): CSV bytes built as tables of numbers and
//! words, then mutated, are read and every method is called on what comes out.
//!
//! Two properties:
//!
//! - `a_generated_table_reads_as_its_model`: a table is generated as a model (headers and cells,
//!   including empty and duplicate headers, `NaN`, `inf`, `1e39`, `-0`, hex, blanks, very long
//!   cells, quotes, line breaks and `\r` inside cells, blank lines between rows, `\r\n` endings,
//!   a byte-order mark) and written out; what `CsvTable` gives back must equal what the model
//!   says, and each error must name the file, the line an editor shows, the column and the cell.
//! - `mutated_bytes_never_panic_and_every_error_says_where`: the same bytes truncated,
//!   bit-flipped, with quotes, line breaks, NUL, invalid UTF-8 inserted or bytes deleted: no
//!   panic, every error names the file and a line that exists, and every `Ok` value is
//!   consistent (numbers finite, labels whole, one-hot rows and scaled rows in range).
//!
//! Each runs 256 cases in `cargo test` (a few seconds in debug). To run more:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_csv
//! ```

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use nn::Error;
use nn::data::{
    CsvTable, GlobalMinMaxScaler, GlobalStandardScaler, MinMaxScaler, StandardScaler,
    to_categorical,
};
use proptest::prelude::*;

/// A file of its own for each case, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(bytes: &[u8]) -> TempFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "nn_fuzz_csv_{}_{}.csv",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }

    fn shown(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Cells that test the parser's edges: numbers Rust parses but are not finite, numbers it does
/// not parse (hex, `_`), blanks, signs, words, quotes and line breaks that need quoting.
const CELLS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "-1",
    "1.0",
    "2.5",
    "-0",
    "+5",
    " 3 ",
    "\t4",
    "1e39",
    "-1e39",
    "1e-45",
    "3.4028236e38",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "infinity",
    "0x1F",
    "1_000",
    "16777215",
    "16777217",
    "99999999999999999999",
    "",
    " ",
    "male",
    "female",
    "é",
    "a,b",
    "say \"hi\"",
    "two\nlines",
    "cr\rhere",
    "crlf\r\nin",
    "\"",
    "#",
];

const HEADERS: &[&str] = &[
    "a",
    "b",
    "c",
    "label",
    "x y",
    " s ",
    "",
    "Unnamed: 0",
    "é",
    "a,b",
    "q\"",
    "n\nl",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(CELLS).prop_map(str::to_string),
        2 => (-20i32..20).prop_map(|v| v.to_string()),
        2 => any::<f32>().prop_map(|v| v.to_string()),
        1 => (1usize..400, proptest::bool::ANY)
            .prop_map(|(n, digits)| if digits { "7".repeat(n) } else { "x".repeat(n) }),
    ]
}

/// A table as its writer meant it, and how it is written.
#[derive(Clone, Debug)]
struct Model {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    crlf: bool,
    bom: bool,
    /// Blank lines written before each row.
    blank_lines: Vec<usize>,
    /// Whether every cell is quoted, not only those that must be.
    quote_all: bool,
}

fn model() -> impl Strategy<Value = Model> {
    (1usize..=4, 0usize..=6).prop_flat_map(|(columns, rows)| {
        (
            proptest::collection::vec(proptest::sample::select(HEADERS), columns),
            proptest::collection::vec(proptest::collection::vec(cell(), columns), rows),
            any::<bool>(),
            proptest::bool::weighted(0.1),
            proptest::collection::vec(prop_oneof![6 => Just(0usize), 1 => 1usize..3], rows),
            proptest::bool::weighted(0.2),
        )
            .prop_map(|(headers, rows, crlf, bom, blank_lines, quote_all)| Model {
                headers: headers.into_iter().map(str::to_string).collect(),
                rows,
                crlf,
                bom,
                blank_lines,
                quote_all,
            })
    })
}

impl Model {
    /// The file's bytes, and the line (from 1) each row starts on.
    fn render(&self) -> (Vec<u8>, Vec<usize>) {
        let end = if self.crlf { "\r\n" } else { "\n" };
        let field = |cell: &str| {
            // An empty cell is quoted so that a row of one empty cell is not a blank line, which
            // CSV readers skip.
            if self.quote_all || cell.is_empty() || cell.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.to_string()
            }
        };
        let line = |cells: &[String]| -> String {
            cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",") + end
        };
        let mut text = if self.bom {
            "\u{feff}".to_string()
        } else {
            String::new()
        };
        text += &line(&self.headers);
        let mut lines = Vec::new();
        for (row, blanks) in self.rows.iter().zip(&self.blank_lines) {
            text += &end.repeat(*blanks);
            lines.push(text.matches('\n').count() + 1);
            text += &line(row);
        }
        (text.into_bytes(), lines)
    }

    /// The column names `CsvTable` promises: an empty header cell is `Unnamed: i`.
    fn names(&self) -> Vec<String> {
        (self.headers.iter().enumerate())
            .map(|(i, h)| {
                if h.is_empty() {
                    format!("Unnamed: {i}")
                } else {
                    h.clone()
                }
            })
            .collect()
    }

    fn cells(&self, column: usize) -> impl Iterator<Item = &str> {
        self.rows.iter().map(move |row| row[column].as_str())
    }
}

/// The documented rule for a number: the cell, blanks around it trimmed, parses as a finite f32.
fn number(cell: &str) -> Option<f32> {
    cell.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

/// The documented rule for a label: a whole number from 0 to 2^24 − 1.
fn class(cell: &str) -> Option<usize> {
    number(cell)
        .filter(|v| *v >= 0.0 && v.fract() == 0.0 && *v < 16_777_216.0)
        .map(|v| v as usize)
}

/// `error` is a cell error naming the file, `line`, `column` and ending in `what`.
fn assert_cell_error(error: &Error, shown: &str, line: usize, column: &str, what: &str) {
    let text = error.to_string();
    match error {
        Error::Csv {
            path,
            line: l,
            column: c,
            message,
        } => {
            assert_eq!(
                (path.as_str(), *l, c.as_str()),
                (shown, line, column),
                "{text}"
            );
            assert!(message.contains(what), "{text} should say {what:?}");
        }
        other => panic!("expected a cell error at line {line}, column {column}: {other:?}"),
    }
}

/// The message `numbers` gives for a cell that is not a finite number.
fn not_a_number(cell: &str) -> String {
    let cell = cell.trim();
    if cell.is_empty() {
        "the cell is empty".to_string()
    } else if cell.parse::<f32>().is_ok() {
        format!("`{cell}` is not a finite number")
    } else {
        format!("`{cell}` is not a number")
    }
}

fn check_model(model: &Model) {
    let (bytes, lines) = model.render();
    let file = TempFile::new(&bytes);
    let shown = file.shown();
    let names = model.names();
    let read = CsvTable::read(&file.0);

    let duplicate = (0..names.len()).find_map(|j| {
        names[..j]
            .iter()
            .position(|n| *n == names[j])
            .map(|i| (i, j))
    });
    if let Some((first, second)) = duplicate {
        let error = read.expect_err("a duplicate header is an error");
        let what = format!("the {} and the {}", first + 1, second + 1);
        assert_cell_error(&error, &shown, 1, &names[second], &what);
        return;
    }
    let table = read.unwrap_or_else(|e| panic!("{e}\n{:?}", String::from_utf8_lossy(&bytes)));
    assert_eq!(table.headers(), names);
    assert_eq!(
        (table.len(), table.is_empty()),
        (model.rows.len(), model.rows.is_empty())
    );

    for (c, name) in names.iter().enumerate() {
        let numeric = model.cells(c).all(|cell| number(cell).is_some());
        let expected: Vec<String> = if numeric {
            model
                .cells(c)
                .map(|cell| number(cell).unwrap().to_string())
                .collect()
        } else {
            model.cells(c).map(str::to_string).collect()
        };
        assert_eq!(table.column(name).unwrap(), expected, "column {name:?}");

        let first_bad = model.cells(c).position(|cell| number(cell).is_none());
        match (table.numbers([name.as_str()]), first_bad) {
            (Ok(rows), None) => {
                let expected: Vec<[f32; 1]> =
                    model.cells(c).map(|v| [number(v).unwrap()]).collect();
                assert_eq!(rows, expected);
                check_scalers(&rows);
            }
            (Err(error), Some(row)) => {
                let cell = &model.rows[row][c];
                assert_cell_error(&error, &shown, lines[row], name, &not_a_number(cell));
            }
            (got, _) => panic!("numbers([{name:?}]) gave {got:?}, first bad row {first_bad:?}"),
        }

        let first_bad = model.cells(c).position(|cell| class(cell).is_none());
        match (table.labels(name), first_bad) {
            (Ok(labels), None) => {
                let expected: Vec<usize> = model.cells(c).map(|v| class(v).unwrap()).collect();
                assert_eq!(labels, expected);
                match (
                    to_categorical::<3>(&labels),
                    labels.iter().position(|&l| l >= 3),
                ) {
                    (Ok(one_hot), None) => {
                        for (row, label) in one_hot.iter().zip(&labels) {
                            assert_eq!(row.iter().sum::<f32>(), 1.0);
                            assert_eq!(row[*label], 1.0);
                        }
                    }
                    (
                        Err(Error::LabelOutOfRange {
                            row,
                            label,
                            classes: 3,
                        }),
                        Some(bad),
                    ) => {
                        assert_eq!((row, label), (bad, labels[bad]));
                    }
                    (got, bad) => panic!("to_categorical gave {got:?}, first bad {bad:?}"),
                }
            }
            (Err(error), Some(row)) => {
                assert_cell_error(&error, &shown, lines[row], name, "is not a class index");
            }
            (got, _) => panic!("labels({name:?}) gave {got:?}, first bad row {first_bad:?}"),
        }
    }

    let missing = table.numbers(["no such column"]).unwrap_err().to_string();
    assert!(
        missing.starts_with(&shown) && missing.contains("no column `no such column`"),
        "{missing}"
    );

    // numbers_except: the columns left besides the first, in file order.
    let kept: Vec<usize> = (1..names.len()).filter(|&c| names[c] != names[0]).collect();
    check_numbers_except::<1>(&table, model, &names, &kept, &lines, &shown);
    check_numbers_except::<2>(&table, model, &names, &kept, &lines, &shown);
    check_numbers_except::<3>(&table, model, &names, &kept, &lines, &shown);
}

fn check_numbers_except<const N: usize>(
    table: &CsvTable,
    model: &Model,
    names: &[String],
    kept: &[usize],
    lines: &[usize],
    shown: &str,
) {
    let got = table.numbers_except::<N>(&[names[0].as_str()]);
    if kept.len() != N {
        let error = got.unwrap_err().to_string();
        let what = format!("{} columns remain besides", kept.len());
        assert!(error.starts_with(shown) && error.contains(&what), "{error}");
        return;
    }
    let bad = kept.iter().find_map(|&c| {
        model
            .cells(c)
            .position(|cell| number(cell).is_none())
            .map(|row| (c, row))
    });
    match (got, bad) {
        (Ok(rows), None) => {
            assert_eq!(rows.len(), model.rows.len());
            for (values, cells) in rows.iter().zip(&model.rows) {
                for (value, &c) in values.iter().zip(kept) {
                    assert_eq!(Some(*value), number(&cells[c]));
                }
            }
            check_scalers(&rows);
        }
        (Err(error), Some((c, row))) => {
            let what = not_a_number(&model.rows[row][c]);
            assert_cell_error(&error, shown, lines[row], &names[c], &what);
        }
        (got, bad) => panic!("numbers_except::<{N}> gave {got:?}, first bad {bad:?}"),
    }
}

/// Scalers fitted on finite rows map those rows into range, finite, and back.
fn check_scalers<const N: usize>(rows: &[[f32; N]]) {
    if rows.is_empty() {
        assert!(matches!(
            MinMaxScaler::fit(rows),
            Err(Error::EmptyData { .. })
        ));
        assert!(matches!(
            StandardScaler::fit(rows),
            Err(Error::EmptyData { .. })
        ));
        assert!(matches!(
            GlobalMinMaxScaler::fit(rows),
            Err(Error::EmptyData { .. })
        ));
        assert!(matches!(
            GlobalStandardScaler::fit(rows),
            Err(Error::EmptyData { .. })
        ));
        return;
    }
    let scaled = MinMaxScaler::fit(rows).unwrap().transform(rows);
    assert!(
        scaled.iter().flatten().all(|v| (0.0..=1.0).contains(v)),
        "{rows:?} → {scaled:?}"
    );
    let scaled = GlobalMinMaxScaler::fit(rows).unwrap().transform(rows);
    assert!(
        scaled.iter().flatten().all(|v| (0.0..=1.0).contains(v)),
        "{rows:?} → {scaled:?}"
    );
    let standard = StandardScaler::fit(rows).unwrap();
    let scaled = standard.transform(rows);
    assert!(
        scaled.iter().flatten().all(|v| v.is_finite()),
        "{rows:?} → {scaled:?}"
    );
    let back = standard.inverse_transform(&scaled);
    assert!(
        back.iter().flatten().all(|v| v.is_finite()),
        "{rows:?} → {back:?}"
    );
    let scaled = GlobalStandardScaler::fit(rows).unwrap().transform(rows);
    assert!(
        scaled.iter().flatten().all(|v| v.is_finite()),
        "{rows:?} → {scaled:?}"
    );
}

/// A change to the bytes, at a position taken modulo their length.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    FlipBit(usize, u8),
    Insert(usize, &'static [u8]),
    Delete(usize),
    DuplicateLine(usize),
}

const INSERTS: &[&[u8]] = &[
    b"\"",
    b"\n",
    b"\r",
    b"\r\n",
    b"\0",
    b",",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\"\"",
    b"NaN",
    b"1e39",
    b" ",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        (any::<usize>(), proptest::sample::select(INSERTS))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
    match *mutation {
        Mutation::Truncate(i) => bytes.truncate(at(i, bytes.len() + 1)),
        Mutation::FlipBit(i, bit) if !bytes.is_empty() => {
            let i = at(i, bytes.len());
            bytes[i] ^= 1 << bit;
        }
        Mutation::Insert(i, inserted) => {
            let i = at(i, bytes.len() + 1);
            bytes.splice(i..i, inserted.iter().copied());
        }
        Mutation::Delete(i) if !bytes.is_empty() => {
            bytes.remove(at(i, bytes.len()));
        }
        Mutation::DuplicateLine(i) => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .filter(|&s| s < bytes.len())
                .collect();
            if let Some(&start) = starts.get(at(i, starts.len())) {
                let end = bytes[start..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(bytes.len(), |e| start + e + 1);
                let line = bytes[start..end].to_vec();
                bytes.splice(start..start, line);
            }
        }
        Mutation::FlipBit(..) | Mutation::Delete(_) => {}
    }
}

/// Whatever the bytes, reading and every method on the table end in a consistent value or an
/// error naming the file and a line that exists.
fn check_bytes(bytes: &[u8]) {
    let file = TempFile::new(bytes);
    let shown = file.shown();
    let last_line = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    let assert_located = |error: &Error| {
        let text = error.to_string();
        assert!(text.starts_with(&shown), "{text}");
        match error {
            Error::Csv { line, .. } => assert!((1..=last_line).contains(line), "{text}"),
            Error::File { message, .. } => {
                let line = message
                    .strip_prefix("line ")
                    .and_then(|rest| rest.split([' ', ',']).next())
                    .and_then(|n| n.parse::<usize>().ok());
                let named = line.is_some_and(|line| (1..=last_line).contains(&line));
                assert!(
                    named || message.starts_with("no column") || message.contains("columns remain"),
                    "{text}"
                );
            }
            other => panic!("unexpected error {other:?}"),
        }
    };
    let table = match CsvTable::read(&file.0) {
        Ok(table) => table,
        Err(error) => return assert_located(&error),
    };
    let names = table.headers().to_vec();
    for name in &names {
        let column = table.column(name).unwrap();
        assert_eq!(column.len(), table.len());
        match table.numbers([name.as_str()]) {
            Ok(rows) => {
                assert_eq!(rows.len(), table.len());
                assert!(rows.iter().flatten().all(|v| v.is_finite()));
                check_scalers(&rows);
            }
            Err(error) => assert_located(&error),
        }
        match table.labels(name) {
            Ok(labels) => {
                assert_eq!(labels.len(), table.len());
                assert!(labels.iter().all(|&l| l < 16_777_216));
                match to_categorical::<4>(&labels) {
                    Ok(one_hot) => assert_eq!(one_hot.len(), labels.len()),
                    Err(error) => assert!(matches!(error, Error::LabelOutOfRange { .. })),
                }
            }
            Err(error) => assert_located(&error),
        }
    }
    if let Some(first) = names.first() {
        for result in [
            table.numbers_except::<1>(&[first]).map(|r| r.len()),
            table.numbers_except::<2>(&[first]).map(|r| r.len()),
        ] {
            match result {
                Ok(rows) => assert_eq!(rows, table.len()),
                Err(error) => assert_located(&error),
            }
        }
    }
}

proptest! {
    // ProptestConfig::default() reads PROPTEST_CASES (256 when unset).
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn a_generated_table_reads_as_its_model(model in model()) {
        check_model(&model);
    }

    #[test]
    fn mutated_bytes_never_panic_and_every_error_says_where(
        model in model(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let (mut bytes, _) = model.render();
        for mutation in &mutations {
            mutate(&mut bytes, mutation);
        }
        check_bytes(&bytes);
    }
}

#[test]
fn files_of_nothing_but_edges_read_or_fail_with_a_place() {
    for bytes in [
        &b""[..],
        b"\n",
        b"\r\n\r\n",
        b"\xef\xbb\xbf",
        b"\"",
        b"a\n\"",
        b"a\n\"\n1",
        b"\0",
        b"a,b\n1,2,3",
        b"a\n\xff",
        b"\xff\n1",
    ] {
        check_bytes(bytes);
    }
}
