//! What `fit` prints, in Keras's format: a live bar on a terminal (`verbose = 1`), otherwise
//! plain lines, one per epoch.
//!
//! ```text
//! Epoch 3/100
//! 25/25 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - loss: 0.0181 - mae: 0.1046     (verbose = 1)
//! 25/25 - 0s - 1ms/step - loss: 0.0181 - mae: 0.1046                      (verbose = 2)
//! ```

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::callbacks::Logs;
use crate::Error;

/// What `fit` prints while it trains: Keras's `verbose`, whose numbers 0, 1 and 2 name the
/// variants in order.
///
/// [`FitOptions::verbose`](crate::FitOptions::verbose) takes a variant or Keras's number;
/// `TryFrom<u8>` converts a number, refusing 3 and above (Keras prints nothing for them, which a
/// caller who wrote 3 cannot have meant).
///
/// ```
/// use nn::Verbosity;
/// assert_eq!(Verbosity::default(), Verbosity::ProgressBar); // Keras's default, verbose=1
/// assert_eq!(Verbosity::try_from(2), Ok(Verbosity::OneLinePerEpoch));
/// assert_eq!(u8::from(Verbosity::Silent), 0);
/// assert_eq!(
///     Verbosity::try_from(3).unwrap_err().to_string(),
///     "verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), got 3"
/// );
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Verbosity {
    /// Nothing (Keras's `verbose=0`).
    Silent,
    /// `Epoch 3/100`, then a live progress bar redrawn as batches finish, left as the epoch's
    /// final line; where standard output is not a terminal (a log file, a pipe), only that final
    /// line (Keras's `verbose=1`, the default).
    #[default]
    ProgressBar,
    /// `Epoch 3/100`, then one summary line per epoch (Keras's `verbose=2`).
    OneLinePerEpoch,
}

impl TryFrom<u8> for Verbosity {
    type Error = Error;

    /// Keras's number: 0, 1 or 2.
    fn try_from(verbose: u8) -> Result<Self, Error> {
        match verbose {
            0 => Ok(Verbosity::Silent),
            1 => Ok(Verbosity::ProgressBar),
            2 => Ok(Verbosity::OneLinePerEpoch),
            _ => Err(Error::InvalidArgument {
                argument: "verbose",
                requirement: "0 (silent), 1 (progress bar) or 2 (one line per epoch)",
                value: verbose.to_string(),
            }),
        }
    }
}

impl From<Verbosity> for u8 {
    /// Keras's number for `verbosity`.
    fn from(verbosity: Verbosity) -> u8 {
        match verbosity {
            Verbosity::Silent => 0,
            Verbosity::ProgressBar => 1,
            Verbosity::OneLinePerEpoch => 2,
        }
    }
}

/// Keras's bar: 20 cells of `━`, green where done.
const BAR: &str = "{prefix}{bar:20.green/white} {msg}";

/// How often the live bar's text is rebuilt: indicatif's own redraw rate.
const REDRAW_INTERVAL: Duration = Duration::from_millis(50);

/// Keras's number format for a logged value: `.4f`, or `.4e` at or below 1e-3 in magnitude.
///
/// ```text
/// 0.0181     -> "0.0181"
/// 0.00042894 -> "4.2894e-04"
/// ```
pub(crate) fn format_value(value: f32) -> String {
    if value.abs() > 1e-3 || !value.is_finite() {
        return format!("{value:.4}");
    }
    // Rust writes `4.2894e-4`; Python (and so Keras) writes a signed, two-digit exponent.
    let formatted = format!("{value:.4e}");
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

/// Keras's time per step: whole seconds, milliseconds or microseconds.
fn format_step_time(per_step: Duration) -> String {
    let seconds = per_step.as_secs_f64();
    if seconds >= 1.0 || seconds == 0.0 {
        format!("{seconds:.0}s/step")
    } else if seconds >= 1e-3 {
        format!("{:.0}ms/step", seconds * 1e3)
    } else {
        format!("{:.0}us/step", seconds * 1e6)
    }
}

/// ` - loss: 0.0181 - mae: 0.1046`
fn format_logs(logs: &Logs) -> String {
    logs.iter()
        .map(|(name, value)| format!(" - {name}: {}", format_value(value)))
        .collect()
}

/// `25/25`, the step count right-aligned to the total's width as Keras pads it.
fn format_count(step: usize, steps: usize) -> String {
    let width = steps.to_string().len();
    format!("{step:>width$}/{steps}")
}

/// The finished epoch's line in `verbose = 1`'s layout, with the bar drawn in plain characters.
pub(crate) fn bar_line(steps: usize, elapsed: Duration, logs: &Logs) -> String {
    let per_step = elapsed / steps.max(1) as u32;
    format!(
        "{} {} {:.0}s {}{}",
        format_count(steps, steps),
        "━".repeat(20),
        elapsed.as_secs_f64(),
        format_step_time(per_step),
        format_logs(logs)
    )
}

/// The finished epoch's line in `verbose = 2`'s layout.
pub(crate) fn summary_line(steps: usize, elapsed: Duration, logs: &Logs) -> String {
    let per_step = elapsed / steps.max(1) as u32;
    format!(
        "{} - {:.0}s - {}{}",
        format_count(steps, steps),
        elapsed.as_secs_f64(),
        format_step_time(per_step),
        format_logs(logs)
    )
}

/// Reports one `fit` call's progress as Keras does for a verbosity level.
pub(crate) struct Progress {
    /// Where the lines go: standard output, or a buffer in tests.
    out: Box<dyn Write>,
    verbosity: Verbosity,
    live: bool,
    epochs: usize,
    steps: usize,
    started: Instant,
    /// When the live bar's text was last rebuilt.
    last_drawn: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress for `epochs` of `steps` batches each; the bar is live only on a terminal.
    pub(crate) fn new(verbosity: Verbosity, epochs: usize, steps: usize) -> Self {
        let live = verbosity == Verbosity::ProgressBar && std::io::stdout().is_terminal();
        Progress::writing_to(Box::new(std::io::stdout()), live, verbosity, epochs, steps)
    }

    /// Progress written to `out`, live (a redrawn bar) or not.
    fn writing_to(
        out: Box<dyn Write>,
        live: bool,
        verbosity: Verbosity,
        epochs: usize,
        steps: usize,
    ) -> Self {
        Progress {
            out,
            verbosity,
            live,
            epochs,
            steps,
            started: Instant::now(),
            last_drawn: Instant::now(),
            bar: None,
        }
    }

    /// Writes one line; a closed output (a pipe whose reader left) silences progress rather
    /// than failing the training it reports on.
    fn line(&mut self, text: std::fmt::Arguments<'_>) {
        let _ = writeln!(self.out, "{text}");
    }

    /// Whether a live bar is drawn, which wants the running logs after every batch.
    pub(crate) fn is_live(&self) -> bool {
        self.live
    }

    pub(crate) fn start_epoch(&mut self, epoch: usize) {
        self.started = Instant::now();
        if self.verbosity == Verbosity::Silent {
            return;
        }
        let epochs = self.epochs;
        self.line(format_args!("Epoch {epoch}/{epochs}"));
        if self.live {
            let bar = ProgressBar::with_draw_target(
                Some(self.steps as u64),
                ProgressDrawTarget::stdout(),
            );
            let style = ProgressStyle::with_template(BAR)
                .expect("a valid template")
                .progress_chars("━━━");
            bar.set_style(style);
            self.bar = Some(bar);
        }
    }

    /// After batch `step` (from 1), with the running averages so far.
    pub(crate) fn batch_done(&mut self, step: usize, logs: &Logs) {
        let Some(bar) = &self.bar else { return };
        // Updated 20 times a second at most: indicatif draws every update of a new bar up to a
        // burst of 20, which on a small network's 50 µs steps tripled the time per step, and
        // the text costs each update a few allocations.
        if self.last_drawn.elapsed() < REDRAW_INTERVAL {
            return;
        }
        self.last_drawn = Instant::now();
        bar.set_position(step as u64);
        bar.set_prefix(format!("{} ", format_count(step, self.steps)));
        let elapsed = self.started.elapsed();
        let remaining = elapsed.mul_f64((self.steps - step) as f64 / step.max(1) as f64);
        bar.set_message(format!(
            "{:.0}s{}",
            remaining.as_secs_f64(),
            format_logs(logs)
        ));
    }

    /// At the end of an epoch, with its final logs (validation included).
    pub(crate) fn end_epoch(&mut self, logs: &Logs) {
        let elapsed = self.started.elapsed();
        match (self.verbosity, self.bar.take()) {
            (Verbosity::Silent, _) => {}
            (Verbosity::ProgressBar, Some(bar)) => {
                let per_step = elapsed / self.steps.max(1) as u32;
                bar.set_prefix(format!("{} ", format_count(self.steps, self.steps)));
                bar.set_position(self.steps as u64);
                bar.finish_with_message(format!(
                    "{:.0}s {}{}",
                    elapsed.as_secs_f64(),
                    format_step_time(per_step),
                    format_logs(logs)
                ));
                // indicatif leaves the cursor at the end of the finished bar; the next epoch
                // starts on a line of its own, as in Keras.
                self.line(format_args!(""));
            }
            (Verbosity::ProgressBar, None) => {
                let line = bar_line(self.steps, elapsed, logs);
                self.line(format_args!("{line}"));
            }
            (Verbosity::OneLinePerEpoch, _) => {
                let line = summary_line(self.steps, elapsed, logs);
                self.line(format_args!("{line}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_formatted_as_keras_formats_them() {
        assert_eq!(format_value(0.018_12), "0.0181");
        assert_eq!(format_value(168.825_7), "168.8257");
        assert_eq!(format_value(4.2894e-4), "4.2894e-04");
        assert_eq!(format_value(6.7939e-15), "6.7939e-15");
        assert_eq!(format_value(0.0), "0.0000e+00");
    }

    #[test]
    fn lines_read_like_keras() {
        let logs: Logs = [("loss", 0.0181), ("mae", 0.1046)].into_iter().collect();
        assert_eq!(
            summary_line(25, Duration::from_millis(50), &logs),
            "25/25 - 0s - 2ms/step - loss: 0.0181 - mae: 0.1046"
        );
        assert_eq!(
            bar_line(
                4,
                Duration::from_micros(3000),
                &[("loss", 1e-4)].into_iter().collect()
            ),
            "4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 750us/step - loss: 1.0000e-04"
        );
        assert_eq!(format_count(7, 250), "  7/250");
    }

    /// A buffer the test can read after `Progress` wrote to it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What a two-epoch run of 3 steps prints at `verbose`, not on a terminal.
    fn printed(verbose: u8) -> String {
        let buffer = Shared::default();
        let verbosity = Verbosity::try_from(verbose).unwrap();
        let mut progress = Progress::writing_to(Box::new(buffer.clone()), false, verbosity, 2, 3);
        for epoch in 1..=2 {
            progress.start_epoch(epoch);
            let logs: Logs = [("loss", 0.5 / epoch as f32), ("val_mae", 2e-4)]
                .into_iter()
                .collect();
            for step in 1..=3 {
                progress.batch_done(step, &logs);
            }
            progress.end_epoch(&logs);
        }
        String::from_utf8(buffer.0.borrow().clone()).unwrap()
    }

    #[test]
    fn each_verbosity_prints_keras_lines_with_no_control_characters() {
        assert_eq!(printed(0), "");
        let shape = |text: &str| {
            text.lines()
                .map(|line| line.split(" - ").next().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        let one = printed(1);
        assert_eq!(one.lines().count(), 4, "{one}");
        assert!(
            one.lines()
                .nth(1)
                .unwrap()
                .starts_with("3/3 ━━━━━━━━━━━━━━━━━━━━ 0s "),
            "{one}"
        );
        assert!(
            one.lines()
                .nth(1)
                .unwrap()
                .ends_with(" - loss: 0.5000 - val_mae: 2.0000e-04"),
            "{one}"
        );
        let two = printed(2);
        assert_eq!(shape(&two), ["Epoch 1/2", "3/3", "Epoch 2/2", "3/3"]);
        assert!(
            two.lines()
                .nth(3)
                .unwrap()
                .ends_with(" - loss: 0.2500 - val_mae: 2.0000e-04"),
            "{two}"
        );
        for text in [one, two] {
            assert!(
                !text.contains(['\r', '\x1b']),
                "control characters in {text:?}"
            );
        }
    }
}
