//! `CsvTable` holds parsed numbers, not text: its memory is proportional to the data (issue 11:
//! a 50 MB file took 389 MB when every cell was a `String`). This binary counts the bytes its
//! process holds, so it has one test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use nn::data::CsvTable;

/// Counts the bytes live and the most ever live at once.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

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

    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let table = CsvTable::read(&path).unwrap();
    let held = LIVE.load(Ordering::SeqCst) - before;
    let peak = PEAK.load(Ordering::SeqCst) - before;
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
