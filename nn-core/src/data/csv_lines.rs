//! The line of a file a CSV record starts on, as an editor numbers it.
//!
//! The csv crate's `Position::line` is 1 plus the `\n` bytes before the point where it began
//! reading the record, and that point lies before the line breaks it then skips: the one byte of
//! `\r\n` after the previous record that it did not consume, and any blank lines. So after a
//! blank line, or on every line of a file with `\r\n` endings, its line is too small.
//! [`Lines`] watches the bytes the reader takes and keeps, for the runs of line breaks that
//! matter, how many `\n` the reader's count misses.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that remembers the runs of `\r`/`\n` bytes the csv reader will skip.
pub(crate) struct Lines<R> {
    inner: R,
    /// Bytes handed on so far.
    offset: u64,
    /// The run of line-break bytes being read: where it starts, and its `\n` bytes that the csv
    /// reader does not count when placing the record after it (all of them for a run at the
    /// start of the file, else those after the run's first byte, which ends the record before).
    run: Option<(u64, u64)>,
    /// Finished runs with such `\n`: the byte offset the csv reader gives the record after the
    /// run, and the lines it misses. Dropped once the reader is past them, so at most a read
    /// buffer's worth is kept.
    missed: VecDeque<(u64, u64)>,
}

impl<R> Lines<R> {
    pub(crate) fn new(inner: R) -> Self {
        Lines {
            inner,
            offset: 0,
            run: None,
            missed: VecDeque::new(),
        }
    }

    /// The line, from 1, of the record the csv reader placed at `position`. Records must be
    /// asked for in the order they are read.
    pub(crate) fn line(&mut self, position: &csv::Position) -> usize {
        while self
            .missed
            .front()
            .is_some_and(|&(at, _)| at < position.byte())
        {
            self.missed.pop_front();
        }
        let missed = match self.missed.front() {
            Some(&(at, missed)) if at == position.byte() => missed,
            _ => 0,
        };
        (position.line() + missed) as usize
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        for &byte in &buffer[..read] {
            let newline = u64::from(byte == b'\n');
            match (byte, &mut self.run) {
                (b'\r' | b'\n', Some((_, missed))) => *missed += newline,
                (b'\r' | b'\n', None) => {
                    self.run = Some((self.offset, if self.offset == 0 { newline } else { 0 }));
                }
                (_, run) => {
                    if let Some((start, missed)) = run.take()
                        && missed > 0
                    {
                        // The reader places the next record just after the run's first byte.
                        let at = if start == 0 { 0 } else { start + 1 };
                        self.missed.push_back((at, missed));
                    }
                }
            }
            self.offset += 1;
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's line as `Lines` gives it, for `text`.
    fn lines(text: &str) -> Vec<usize> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(Lines::new(text.as_bytes()));
        let mut record = csv::StringRecord::new();
        let mut lines = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let position = record.position().unwrap().clone();
            lines.push(reader.get_mut().line(&position));
        }
        lines
    }

    #[test]
    fn counts_the_lines_an_editor_shows() {
        assert_eq!(lines("a\nb\nc\n"), [1, 2, 3]);
        assert_eq!(lines("a\r\nb\r\nc"), [1, 2, 3]);
        assert_eq!(lines("\n\na\n\n\nb\nc"), [3, 6, 7]);
        assert_eq!(lines("a\r\n\r\nb\r\n"), [1, 3]);
        assert_eq!(lines("\"x\ny\",1\n\n\"\n\n\",2\nz,3\n"), [1, 4, 7]);
    }
}
