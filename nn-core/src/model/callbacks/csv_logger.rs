use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::{Callback, Logs, Training};
use crate::Error;

/// Keras's `CSVLogger`: one row per epoch (`epoch`, then every logged value) to a CSV file.
pub struct CsvLogger {
    path: PathBuf,
    file: Option<BufWriter<File>>,
}

impl CsvLogger {
    /// Writes to `path`, replacing it.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        CsvLogger {
            path: path.into(),
            file: None,
        }
    }

    fn error(&self, e: std::io::Error) -> Error {
        Error::File {
            path: self.path.display().to_string(),
            message: e.to_string(),
        }
    }
}

impl Callback for CsvLogger {
    fn on_train_begin(&mut self, _training: &mut Training<'_>) -> Result<(), Error> {
        self.file = Some(BufWriter::new(
            File::create(&self.path).map_err(|e| self.error(e))?,
        ));
        Ok(())
    }

    fn on_epoch_end(
        &mut self,
        epoch: usize,
        logs: &Logs,
        _training: &mut Training<'_>,
    ) -> Result<(), Error> {
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        let mut text = String::new();
        if epoch == 0 {
            let names: Vec<&str> = logs.iter().map(|(name, _)| name).collect();
            text.push_str(&format!("epoch,{}\n", names.join(",")));
        }
        let values: Vec<String> = logs.iter().map(|(_, value)| value.to_string()).collect();
        text.push_str(&format!("{epoch},{}\n", values.join(",")));
        let result = file.write_all(text.as_bytes()).and_then(|()| file.flush());
        result.map_err(|e| self.error(e))
    }

    fn on_train_end(&mut self, _training: &mut Training<'_>) -> Result<(), Error> {
        self.file = None;
        Ok(())
    }
}
