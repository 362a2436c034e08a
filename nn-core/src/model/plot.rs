//! Learning curves: a [`History`] drawn as an SVG picture with plotters.

use std::path::Path;
use std::sync::Once;

use plotters::prelude::*;

use super::History;
use crate::Error;

/// DejaVu Sans (Bitstream Vera licence, `assets/DejaVuSans-LICENSE.txt`), bundled so that
/// pictures have text on machines without system fonts.
pub const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// Makes the bundled font plotters' `sans-serif`, once per process.
pub fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The font is bundled and known to parse; a failure would only lose the text.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

impl History {
    /// Draws every recorded series (loss, metrics, their `val_` forms) per epoch into an SVG
    /// file at `path`, Keras's usual learning-curve picture, creating its folder if missing.
    /// (SVG needs no font files, so this works on any machine.)
    ///
    /// # Errors
    ///
    /// If the history is empty, or the folder or the file cannot be written.
    pub fn plot(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let fail = |message: String| Error::File {
            path: path.display().to_string(),
            message,
        };
        if self.epochs() == 0 {
            return Err(fail("there is no epoch to draw".to_string()));
        }
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| fail(e.to_string()))?;
        }
        let values = self
            .series
            .iter()
            .flat_map(|(_, values)| values.iter().copied())
            .filter(|v| v.is_finite());
        let (low, high) = values.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let (low, high) = if low < high {
            (low, high)
        } else {
            (low - 1.0, high + 1.0)
        };
        register_font();
        let root = SVGBackend::new(path, (800, 500)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let mut chart = ChartBuilder::on(&root)
                .caption("learning curves", ("sans-serif", 20))
                .margin(15)
                .x_label_area_size(35)
                .y_label_area_size(60)
                .build_cartesian_2d(1f32..self.epochs().max(2) as f32, low..high)?;
            chart.configure_mesh().x_desc("epoch").draw()?;
            for (index, (name, series)) in self.series.iter().enumerate() {
                let color = Palette99::pick(index).to_rgba();
                let points = series
                    .iter()
                    .enumerate()
                    .map(|(epoch, &v)| ((epoch + 1) as f32, v));
                chart
                    .draw_series(LineSeries::new(points, color.stroke_width(2)))?
                    .label(name.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()?;
            root.present()?;
            Ok(())
        };
        draw().map_err(|e| fail(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::callbacks::Logs;

    #[test]
    fn draws_every_series_with_its_name() {
        let mut history = History::default();
        for epoch in 0..5 {
            let loss = 1.0 / (epoch + 1) as f32;
            history.record_epoch(
                &[("loss", loss), ("val_loss", loss * 1.2)]
                    .into_iter()
                    .collect::<Logs>(),
            );
        }
        // In a folder that does not exist yet.
        let folder = std::env::temp_dir().join(format!("nn_plot_{}", std::process::id()));
        let path = folder.join("curves.svg");
        history.plot(&path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("val_loss") && svg.contains("learning curves")
        );
        std::fs::remove_dir_all(folder).unwrap();
        assert!(
            History::default()
                .plot(std::env::temp_dir().join("nn_empty.svg"))
                .is_err()
        );
    }
}
