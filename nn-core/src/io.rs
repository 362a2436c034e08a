//! Weights that outlive the process: safetensors files, written atomically, read back with every
//! name, shape and dtype checked.
//!
//! A network's parameters are one flat run of f32 (see [`Parameters`](crate::Parameters)); a
//! [`TensorInfo`] list says which part of it is which named tensor. Names follow Keras
//! (`dense_0/kernel`, `dense_0/bias`) and a Dense kernel is stored as Keras stores it, shape
//! `(inputs, units)` row-major, which is already the memory order of nn's kernel.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use safetensors::tensor::{Dtype, SafeTensors, TensorView};

use crate::Error;

/// Where one named tensor sits in a network's flat parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorInfo {
    /// Keras's name, `layer/role`.
    pub name: String,
    /// The tensor's shape, outermost first.
    pub shape: Vec<usize>,
    /// Where its values start in the flat parameters.
    pub offset: usize,
}

impl TensorInfo {
    /// How many values the tensor holds.
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// Whether the tensor holds no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn file_error(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::File {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// The values of `tensor` within `parameters`, or an error if the layout does not fit them.
fn values<'p>(path: &Path, tensor: &TensorInfo, parameters: &'p [f32]) -> Result<&'p [f32], Error> {
    tensor
        .offset
        .checked_add(tensor.len())
        .and_then(|end| parameters.get(tensor.offset..end))
        .ok_or_else(|| {
            file_error(
                path,
                format!(
                    "`{}` lies outside the network's {} parameters",
                    tensor.name,
                    parameters.len()
                ),
            )
        })
}

/// Writes `tensors` of `parameters` to a safetensors file at `path`.
///
/// The file is written beside `path` under a temporary name, flushed to disk, then renamed
/// over `path`, so a crash mid-save leaves the previous file whole.
///
/// # Errors
///
/// If the file cannot be written; `path` is then unchanged.
pub fn save(
    path: impl AsRef<Path>,
    tensors: &[TensorInfo],
    parameters: &[f32],
) -> Result<(), Error> {
    let path = path.as_ref();
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|tensor| {
            Ok(values(path, tensor, parameters)?
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect())
        })
        .collect::<Result<_, Error>>()?;
    let views = tensors
        .iter()
        .zip(&bytes)
        .map(|(tensor, bytes)| {
            let view = TensorView::new(Dtype::F32, tensor.shape.clone(), bytes)
                .map_err(|e| file_error(path, e))?;
            Ok((tensor.name.clone(), view))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let serialized = safetensors::serialize(views, None).map_err(|e| file_error(path, e))?;
    write_atomically(path, &serialized)
}

/// Replaces the file at `path` with `bytes`, so that a reader sees either the old file whole or
/// the new one whole, never a part.
///
/// The bytes are written beside `path` under a temporary name, flushed to disk, then renamed
/// over `path`.
///
/// # Errors
///
/// If the file cannot be written; `path` is then unchanged.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let file_name = path
        .file_name()
        .ok_or_else(|| file_error(path, "not a file path"))?;
    let temporary = path.with_file_name(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        // The rename itself is durable once the directory is synced (where that is possible).
        if let Some(directory) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            let _ = File::open(directory).and_then(|directory| directory.sync_all());
        }
        Ok(())
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&temporary);
        file_error(path, e)
    })
}

/// Reads the safetensors file at `path` into `parameters`, after checking that it holds exactly
/// `tensors`, each with its shape and as f32.
///
/// # Errors
///
/// If the file cannot be read or parsed, or differs from `tensors` in any name, shape or dtype;
/// the message lists every difference. `parameters` is unchanged on any error.
pub fn load(
    path: impl AsRef<Path>,
    tensors: &[TensorInfo],
    parameters: &mut [f32],
) -> Result<(), Error> {
    let path = path.as_ref();
    let buffer = fs::read(path).map_err(|e| file_error(path, e))?;
    let file = SafeTensors::deserialize(&buffer)
        .map_err(|e| file_error(path, format!("not a safetensors file: {e}")))?;
    let mut differences = Vec::new();
    for tensor in tensors {
        match file.tensor(&tensor.name) {
            Err(_) => differences.push(format!("`{}` is missing", tensor.name)),
            Ok(view) if view.dtype() != Dtype::F32 => differences.push(format!(
                "`{}` is {:?}, the network holds F32",
                tensor.name,
                view.dtype()
            )),
            Ok(view) if view.shape() != tensor.shape.as_slice() => differences.push(format!(
                "`{}` has shape {:?}, the network expects {:?}",
                tensor.name,
                view.shape(),
                tensor.shape
            )),
            Ok(_) => {}
        }
    }
    let mut unexpected: Vec<&str> = file
        .names()
        .into_iter()
        .filter(|name| !tensors.iter().any(|tensor| tensor.name == *name))
        .collect();
    unexpected.sort_unstable();
    differences.extend(
        unexpected
            .into_iter()
            .map(|name| format!("`{name}` is not a tensor of this network")),
    );
    if !differences.is_empty() {
        return Err(file_error(
            path,
            format!("does not fit this network: {}", differences.join("; ")),
        ));
    }
    for tensor in tensors {
        values(path, tensor, parameters)?;
    }
    for tensor in tensors {
        let view = file.tensor(&tensor.name).map_err(|e| file_error(path, e))?;
        let target = &mut parameters[tensor.offset..tensor.offset + tensor.len()];
        for (value, bytes) in target.iter_mut().zip(view.data().as_chunks::<4>().0) {
            *value = f32::from_le_bytes(*bytes);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Vec<TensorInfo> {
        vec![
            TensorInfo {
                name: "dense_0/kernel".into(),
                shape: vec![2, 3],
                offset: 0,
            },
            TensorInfo {
                name: "dense_0/bias".into(),
                shape: vec![3],
                offset: 6,
            },
        ]
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("nn_io_{name}_{}.safetensors", std::process::id()))
    }

    #[test]
    fn saved_weights_load_back_exactly() {
        let path = scratch("roundtrip");
        let parameters: Vec<f32> = (0..9).map(|i| i as f32 * 0.5 - 1.0).collect();
        save(&path, &layout(), &parameters).unwrap();
        let mut loaded = vec![0.0; 9];
        load(&path, &layout(), &mut loaded).unwrap();
        assert_eq!(loaded, parameters);
        let leftovers = fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(Result::ok);
        assert!(!leftovers.into_iter().any(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .contains("nn_io_roundtrip")
                && entry.file_name().to_string_lossy().ends_with(".tmp")
        }));
        fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_file_of_another_network_is_refused_with_every_difference_and_nothing_changed() {
        let path = scratch("mismatch");
        let other = vec![
            TensorInfo {
                name: "dense_0/kernel".into(),
                shape: vec![3, 2],
                offset: 0,
            },
            TensorInfo {
                name: "dense_9/bias".into(),
                shape: vec![3],
                offset: 6,
            },
        ];
        save(&path, &other, &[1.0; 9]).unwrap();
        let mut parameters = vec![7.0; 9];
        let error = load(&path, &layout(), &mut parameters)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`dense_0/kernel` has shape [3, 2], the network expects [2, 3]"),
            "{error}"
        );
        assert!(error.contains("`dense_0/bias` is missing"), "{error}");
        assert!(
            error.contains("`dense_9/bias` is not a tensor of this network"),
            "{error}"
        );
        assert_eq!(parameters, [7.0; 9]);
        fs::remove_file(path).unwrap();
    }

    #[test]
    fn missing_and_corrupt_files_are_errors_naming_them() {
        let mut parameters = vec![0.0; 9];
        let error = load(
            "/nonexistent/weights.safetensors",
            &layout(),
            &mut parameters,
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("/nonexistent/weights.safetensors: "),
            "{error}"
        );
        let path = scratch("corrupt");
        fs::write(&path, b"not a safetensors file").unwrap();
        let error = load(&path, &layout(), &mut parameters)
            .unwrap_err()
            .to_string();
        assert!(error.contains("not a safetensors file"), "{error}");
        fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_failed_save_leaves_the_old_file() {
        let path = scratch("keep");
        save(&path, &layout(), &[1.0; 9]).unwrap();
        // Block the temporary file's name with a directory, so writing it fails.
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let temporary = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
        fs::create_dir(&temporary).unwrap();
        assert!(save(&path, &layout(), &[2.0; 9]).is_err());
        let mut parameters = vec![0.0; 9];
        load(&path, &layout(), &mut parameters).unwrap();
        assert_eq!(parameters, [1.0; 9]);
        fs::remove_dir(temporary).unwrap();
        fs::remove_file(path).unwrap();
    }
}
