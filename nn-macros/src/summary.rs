//! Keras's `model.summary()` table, written out when the macro runs so that `SUMMARY` is a
//! `&'static str` in the generated code.

use crate::validate::Network;

/// Cell widths of the three columns, inside one space of padding on each side: Keras's
/// sequential layout (88 characters, columns at 45% and 80%).
const WIDTHS: [usize; 3] = [35, 27, 16];

/// The table for `network`, named `name`:
///
/// ```text
/// Model: "Regressor"
/// ┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━┓
/// ┃ Layer (type)    ┃ Output Shape ┃  Param # ┃
/// ┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━┩
/// │ dense_0 (Dense) │ (None, 128)  │      640 │
/// └─────────────────┴──────────────┴──────────┘
///  Total params: 640 (2.50 KB)
/// ```
///
/// Without `input(..)` the first layer's size is not known yet, and shows as Keras shows an
/// unbuilt layer.
pub fn summary(network: &Network, name: &str) -> String {
    let mut lines = vec![format!("Model: \"{name}\"")];
    lines.push(border('┏', '━', '┳', '┓'));
    lines.push(row(["Layer (type)", "Output Shape", "Param #"], '┃'));
    lines.push(border('┡', '━', '╇', '┩'));
    let mut width = network.input;
    // (trainable, non-trainable), while every layer's is known.
    let mut totals = Some((0, 0));
    let names = crate::expand::field_names(&network.layers);
    for (i, (layer, name)) in network.layers.iter().zip(names).enumerate() {
        let name = format!("{name} ({})", layer.kind.keras_class);
        let units = layer.sets_width().or(width);
        let parameters = layer.parameters(width);
        totals = totals
            .zip(parameters)
            .map(|((trainable, fixed), (more, more_fixed))| (trainable + more, fixed + more_fixed));
        // Keras's column counts both kinds.
        let shown = parameters.map_or_else(
            || "? (unbuilt)".to_string(),
            |(trainable, fixed)| thousands(trainable + fixed),
        );
        let shape = units.map_or_else(
            || "(None, ?)".to_string(),
            |units| format!("(None, {units})"),
        );
        lines.push(row([&name, &shape, &shown], '│'));
        let closing = i + 1 == network.layers.len();
        lines.push(if closing {
            border('└', '─', '┴', '┘')
        } else {
            border('├', '─', '┼', '┤')
        });
        width = units;
    }
    let counted = |count: fn((usize, usize)) -> usize| match totals {
        Some(totals) => format!("{} ({})", thousands(count(totals)), memory(count(totals))),
        None => "? (the input width is inferred from the first data)".to_string(),
    };
    lines.push(format!(
        " Total params: {}",
        counted(|(trainable, fixed)| trainable + fixed)
    ));
    lines.push(format!(
        " Trainable params: {}",
        counted(|(trainable, _)| trainable)
    ));
    lines.push(format!(
        " Non-trainable params: {}",
        counted(|(_, fixed)| fixed)
    ));
    lines.join("\n")
}

fn border(left: char, line: char, middle: char, right: char) -> String {
    let cells: Vec<String> = WIDTHS
        .iter()
        .map(|width| line.to_string().repeat(width + 2))
        .collect();
    format!("{left}{}{right}", cells.join(&middle.to_string()))
}

/// A row with the first two cells left-aligned and the count right-aligned, as Keras aligns them.
/// A layer's name longer than its cell wraps at its last space that fits, onto lines whose
/// other cells are empty, as Keras's table wraps it.
fn row(cells: [&str; 3], edge: char) -> String {
    let [layer, shape, count] = cells;
    let [a, b, c] = WIDTHS;
    let mut lines = Vec::new();
    let mut rest = layer;
    let (mut shape, mut count) = (shape, count);
    loop {
        let (line, more) = match rest.char_indices().nth(a) {
            Some(_) => match rest[..=a].rfind(' ') {
                Some(space) => (&rest[..space], &rest[space + 1..]),
                None => (rest, ""),
            },
            None => (rest, ""),
        };
        lines.push(format!(
            "{edge} {line:<a$} {edge} {shape:<b$} {edge} {count:>c$} {edge}"
        ));
        if more.is_empty() {
            return lines.join("\n");
        }
        (rest, shape, count) = (more, "", "");
    }
}

/// `11538` → `"11,538"`, Python's `{:,}`.
fn thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// The size of `parameters` f32 values as Keras writes it: `45.07 KB`, powers of 1024.
fn memory(parameters: usize) -> String {
    let mut size = (parameters * 4) as f64;
    for unit in ["B", "KB", "MB", "GB"] {
        if size / 1024.0 < 1.0 {
            return format!("{size:.2} {unit}");
        }
        size /= 1024.0;
    }
    format!("{size:.2} TB")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_keras_writes_them() {
        assert_eq!(thousands(640), "640");
        assert_eq!(thousands(11538), "11,538");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(memory(11538), "45.07 KB");
        assert_eq!(memory(10), "40.00 B");
    }

    #[test]
    fn a_long_name_wraps_at_a_space() {
        let lines = row(
            [
                "batch_normalization_12 (BatchNormalization)",
                "(None, 8)",
                "32",
            ],
            '│',
        );
        let lines: Vec<&str> = lines.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("│ batch_normalization_12  "));
        assert!(lines[0].contains("(None, 8)") && lines[0].trim_end_matches(" │").ends_with("32"));
        assert!(lines[1].starts_with("│ (BatchNormalization) "));
        assert!(!lines[1].contains("(None"));
        let width = border('┏', '━', '┳', '┓').chars().count();
        assert!(lines.iter().all(|line| line.chars().count() == width));
    }

    #[test]
    fn rows_and_borders_have_the_same_width() {
        let line = row(["dense_0 (Dense)", "(None, 128)", "640"], '│');
        assert_eq!(
            line.chars().count(),
            border('┏', '━', '┳', '┓').chars().count()
        );
        assert_eq!(line.chars().count(), 88);
    }
}
