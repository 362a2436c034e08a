//! Weights that outlive the process: safetensors files, written atomically, read back with every
//! name, shape and dtype checked.
//!
//! - [`atomic`]: replacing a file so that readers and concurrent writers only ever see whole
//!   files ([`write_atomically`]);
//! - `safetensors_file`: reading a safetensors file header first, every size checked before
//!   anything is allocated or read;
//! - this module: a network's weights in such a file ([`save`], [`load`]);
//! - [`read_safetensors_bytes`] (`bytes.rs`): the same file's weights from a byte slice, with
//!   neither std nor a heap, into a network whose [`TensorLayout`]s are known when it compiles.
//!
//! Everything but `bytes.rs` and `layout.rs` needs the `std` feature.
//!
//! A network's parameters are one flat run of f32 (see [`Parameters`](crate::Parameters)); a
//! [`TensorInfo`] list says which part of it is which named tensor. Names follow Keras
//! (`dense_0/kernel`, `dense_0/bias`) and a Dense kernel is stored as Keras stores it, shape
//! `(inputs, units)` row-major, which is already the memory order of nn's kernel.

mod bytes;
mod layout;

pub use bytes::{BytesError, read_safetensors_bytes};
pub use layout::{Layout, TensorLayout};

#[cfg(feature = "std")]
pub mod atomic;
#[cfg(feature = "std")]
pub mod onnx;
#[cfg(feature = "std")]
mod safetensors_file;

#[cfg(feature = "std")]
use std::path::Path;

#[cfg(feature = "std")]
use safetensors::tensor::{Dtype, TensorView};

#[cfg(feature = "std")]
pub use atomic::{write_atomically, write_atomically_with};
#[cfg(feature = "std")]
use safetensors_file::file_error;
#[cfg(feature = "std")]
#[allow(unused_imports)] // For training-state files, which are safetensors files too.
pub(crate) use safetensors_file::{Declared, MAX_HEADER_BYTES, SafetensorsFile};

#[cfg(feature = "std")]
use crate::Error;

#[cfg(feature = "std")]
/// Where one named tensor sits in a network's flat parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorInfo {
    /// Keras's name, `layer/role`.
    pub name: String,
    /// The tensor's shape, outermost first.
    pub shape: Vec<usize>,
    /// Where its values start in the flat parameters.
    pub offset: usize,
    /// Whether the optimizer trains it: false for a batch normalization's moving statistics,
    /// which Keras lists apart as non-trainable.
    pub trainable: bool,
}

#[cfg(feature = "std")]
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

#[cfg(feature = "std")]
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

#[cfg(feature = "std")]
/// Writes `tensors` of `parameters` to a safetensors file at `path`.
///
/// The file is replaced atomically (see [`write_atomically`]): a reader, or a save racing this
/// one, never sees a partial file, and a crash mid-save leaves the previous file whole.
///
/// # Errors
///
/// If a tensor lies outside `parameters` or the file cannot be written; `path` is then
/// unchanged.
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

#[cfg(feature = "std")]
/// Reads the safetensors file at `path` into `parameters`, after checking that it holds exactly
/// `tensors`, each with its shape, as f32, and finite.
///
/// The file is read header first (see `safetensors_file`): its length field, header and
/// offsets are checked against the file's size and against `tensors` before any tensor byte is
/// read, and nothing is allocated beyond the header and one copy of `parameters`, whatever the
/// file claims.
///
/// # Errors
///
/// - the file cannot be read, or is not a whole safetensors file ([`Error::File`], saying what
///   was expected and what was found);
/// - it differs from `tensors` in any name, shape or dtype ([`Error::File`]; the message lists
///   every difference);
/// - a weight is NaN or infinite ([`Error::NonFiniteWeight`], naming the tensor, the index and
///   the value; [`load_allowing_non_finite`] reads such files).
///
/// `parameters` is unchanged on any error.
pub fn load(
    path: impl AsRef<Path>,
    tensors: &[TensorInfo],
    parameters: &mut [f32],
) -> Result<(), Error> {
    read_weights(path.as_ref(), tensors, parameters, false)
}

#[cfg(feature = "std")]
/// Reads weights as [`load`] does, but accepts NaN and infinite values, for inspecting a
/// network whose training diverged.
///
/// # Errors
///
/// As [`load`], except for non-finite values; `parameters` is unchanged on any error.
pub fn load_allowing_non_finite(
    path: impl AsRef<Path>,
    tensors: &[TensorInfo],
    parameters: &mut [f32],
) -> Result<(), Error> {
    read_weights(path.as_ref(), tensors, parameters, true)
}

#[cfg(feature = "std")]
fn read_weights(
    path: &Path,
    tensors: &[TensorInfo],
    parameters: &mut [f32],
    allow_non_finite: bool,
) -> Result<(), Error> {
    let mut file = SafetensorsFile::open(path)?;
    let differences = file.differences(tensors);
    if !differences.is_empty() {
        return Err(file_error(
            path,
            format!(
                "does not fit this network (expected exactly its tensors, each F32 of its \
                 shape): {}",
                differences.join("; ")
            ),
        ));
    }
    for tensor in tensors {
        values(path, tensor, parameters)?;
    }
    // Read into a copy, so that a read failing halfway (or a NaN) leaves `parameters` as it was.
    // The copy is the network's size, which the file does not choose.
    let mut staged = parameters.to_vec();
    for tensor in tensors {
        let range = tensor.offset..tensor.offset + tensor.len();
        file.read_f32_into(&tensor.name, &mut staged[range])?;
    }
    if !allow_non_finite {
        refuse_non_finite(path, tensors, &staged)?;
    }
    parameters.copy_from_slice(&staged);
    Ok(())
}

#[cfg(feature = "std")]
/// An error naming the first NaN or infinite value of `tensors` in `parameters`, if any.
pub(crate) fn refuse_non_finite(
    path: &Path,
    tensors: &[TensorInfo],
    parameters: &[f32],
) -> Result<(), Error> {
    let values = |tensor: &TensorInfo| &parameters[tensor.offset..tensor.offset + tensor.len()];
    let count = tensors
        .iter()
        .map(|tensor| values(tensor).iter().filter(|v| !v.is_finite()).count())
        .sum();
    let first = tensors.iter().find_map(|tensor| {
        let (flat, value) = values(tensor)
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite())?;
        Some((tensor, flat, *value))
    });
    let Some((tensor, flat, value)) = first else {
        return Ok(());
    };
    // Row-major, outermost first: a kernel (inputs, units) gives [input, unit].
    let mut index = vec![0; tensor.shape.len()];
    let mut rest = flat;
    for (i, &extent) in tensor.shape.iter().enumerate().rev() {
        index[i] = rest % extent;
        rest /= extent;
    }
    Err(Error::NonFiniteWeight {
        path: path.display().to_string(),
        tensor: tensor.name.clone(),
        index,
        value,
        count,
    })
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use std::fs;

    use super::*;

    fn layout() -> Vec<TensorInfo> {
        vec![
            TensorInfo {
                name: "dense_0/kernel".into(),
                shape: vec![2, 3],
                offset: 0,
                trainable: true,
            },
            TensorInfo {
                name: "dense_0/bias".into(),
                shape: vec![3],
                offset: 6,
                trainable: true,
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
                && entry.file_name().to_string_lossy().contains(".nn-tmp.")
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
                trainable: true,
            },
            TensorInfo {
                name: "dense_9/bias".into(),
                shape: vec![3],
                offset: 6,
                trainable: true,
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
        assert!(
            error.contains("not a safetensors file: the header length field says"),
            "{error}"
        );
        fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_failed_save_leaves_the_old_file() {
        let path = scratch("keep");
        save(&path, &layout(), &[1.0; 9]).unwrap();
        let error = save(&path, &layout(), &[2.0; 8]).unwrap_err().to_string();
        assert!(
            error.contains("`dense_0/bias` lies outside the network's 8 parameters"),
            "{error}"
        );
        let mut parameters = vec![0.0; 9];
        load(&path, &layout(), &mut parameters).unwrap();
        assert_eq!(parameters, [1.0; 9]);
        fs::remove_file(path).unwrap();
    }

    #[test]
    fn non_finite_weights_are_refused_by_name_and_index_unless_allowed() {
        let path = scratch("nan");
        let mut weights: Vec<f32> = (0..9).map(|i| i as f32).collect();
        weights[5] = f32::NAN; // kernel (2, 3): row 1, column 2
        weights[7] = f32::NEG_INFINITY; // bias index 1
        save(&path, &layout(), &weights).unwrap();
        let mut parameters = vec![7.0; 9];
        let error = load(&path, &layout(), &mut parameters).unwrap_err();
        match &error {
            Error::NonFiniteWeight {
                tensor,
                index,
                value,
                count,
                ..
            } => {
                assert_eq!(
                    (tensor.as_str(), index.as_slice()),
                    ("dense_0/kernel", &[1, 2][..])
                );
                assert!(value.is_nan());
                assert_eq!(*count, 2);
            }
            other => panic!("expected NonFiniteWeight, got {other:?}"),
        }
        let message = error.to_string();
        assert!(
            message.contains(
                "`dense_0/kernel` row 1, column 2 is NaN; expected finite weights, found 2"
            ),
            "{message}"
        );
        assert_eq!(parameters, [7.0; 9]);
        load_allowing_non_finite(&path, &layout(), &mut parameters).unwrap();
        assert!(parameters[5].is_nan());
        assert_eq!(parameters[7], f32::NEG_INFINITY);
        assert_eq!(parameters[..5], weights[..5]);
        fs::remove_file(path).unwrap();
    }
}
