//! `CsvTable` holds parsed numbers, not text: its memory is proportional to the data (issue 11:
//! a 50 MB file took 389 MB when every cell was a `String`). The bytes are counted on the
//! reading thread.

mod support {
    pub mod counting_allocator;
}

use std::io::Write;

use nn::data::CsvTable;
use support::counting_allocator::measure;

#[test]
fn a_table_of_numbers_holds_less_than_its_text() {
    // About 5 MB: 8 columns of numbers with six decimals and a 0/1 label, as a dataset export.
    let path = std::env::temp_dir().join(format!("nn_csv_memory_{}.csv", std::process::id()));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "a,b,c,d,e,f,g,h,label").unwrap();
    let mut state = 12_345_u64;
    let rows = 60_000;
    for row in 0..rows {
        for _ in 0..8 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            write!(file, "{:.6},", (state >> 40) as f64 / 1e4 - 800.0).unwrap();
        }
        writeln!(file, "{}", row % 2).unwrap();
    }
    drop(file);
    let text = std::fs::metadata(&path).unwrap().len() as usize;
    assert!(text > 5_000_000, "the file has {text} bytes");

    let (table, usage) = measure(|| CsvTable::read(&path).unwrap());
    let (held, peak) = (usage.held as usize, usage.peak as usize);
    std::fs::remove_file(&path).unwrap();

    // 9 columns × 60,000 rows × 4 bytes = 2.16 MB of f32 for 5.4 MB of text (10 bytes a cell):
    // 0.4 of the file. Strings per cell took 7.8 times the file (389 MB for 50 MB). 0.6 leaves room
    // for the reader's buffers and the headers, and no text copy of any size fits under it.
    let numbers = 9 * rows * 4;
    assert!(
        held >= numbers,
        "the table holds {held} bytes, less than its numbers"
    );
    assert!(
        held < text * 6 / 10,
        "the table holds {held} bytes for a file of {text}"
    );
    // Read twice, stored once, sized exactly: the peak is the table plus the reader's buffers.
    assert!(
        peak < text * 6 / 10,
        "reading peaked at {peak} bytes for a file of {text}"
    );
    assert_eq!(table.len(), rows);
    assert_eq!(table.labels("label").unwrap()[..4], [0, 1, 0, 1]);
}
