//! A network's weights from the bytes of a safetensors file, with neither std nor a heap: for
//! a file compiled into the program with `include_bytes!`.
//!
//! ```text
//! file:    n (u64, little-endian) | header (n bytes of JSON) | data
//! header:  { "__metadata__": {..}?, "dense_0/kernel": { "dtype": "F32", "shape": [4, 8],
//!            "data_offsets": [begin, end] }, .. }       (offsets into data, in bytes)
//! ```
//!
//! The header is parsed in place by serde-json-core, each shape compared as it is read: once to
//! check every tensor, once per expected tensor to count its entries (a header is a few hundred
//! bytes, and counting again needs no memory of which tensors were seen), and once to copy.

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::TensorLayout;

/// Why bytes are not the weights of a network, naming the tensor and the place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BytesError {
    /// Fewer than the 8 bytes of the header's length.
    TooShort {
        /// How many bytes there are.
        length: usize,
    },
    /// The header's length runs past the end of the bytes.
    HeaderPastEnd {
        /// The header's length, as the first 8 bytes say.
        header: u64,
        /// How many bytes there are.
        length: usize,
    },
    /// The header is not the JSON object safetensors writes.
    Header(serde_json_core::de::Error),
    /// The header names a tensor the network does not hold.
    UnexpectedTensor {
        /// Where its name starts, in bytes from the start of the file.
        at: usize,
    },
    /// A tensor of the network is not in the header.
    Missing {
        /// Its name.
        tensor: &'static str,
    },
    /// A tensor is in the header more than once.
    Duplicate {
        /// Its name.
        tensor: &'static str,
    },
    /// A tensor is not stored as `F32`.
    Dtype {
        /// Its name.
        tensor: &'static str,
    },
    /// A tensor's shape is not the network's.
    Shape {
        /// Its name.
        tensor: &'static str,
        /// The shape the network holds it in.
        expected: &'static [usize],
    },
    /// A tensor's data offsets do not hold its values inside the data.
    OutOfBounds {
        /// Its name.
        tensor: &'static str,
    },
    /// The data holds more bytes than the tensors' values: the file is not one `save` wrote.
    DataPastTensors {
        /// The bytes of data after the header.
        data: usize,
        /// The bytes the tensors' values take.
        tensors: usize,
    },
    /// A value is NaN or infinite.
    NonFinite {
        /// The tensor's name.
        tensor: &'static str,
        /// Its shape, for the index.
        shape: &'static [usize],
        /// The value's position among the tensor's values, row-major.
        index: usize,
        /// The value.
        value: f32,
    },
}

impl fmt::Display for BytesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BytesError::TooShort { length } => write!(
                f,
                "{length} bytes are not a safetensors file, which starts with its header's \
                 8-byte length"
            ),
            BytesError::HeaderPastEnd { header, length } => write!(
                f,
                "the header of {header} bytes runs past the end of the {length} bytes"
            ),
            BytesError::Header(error) => {
                write!(f, "the header is not a safetensors header: {error}")
            }
            BytesError::UnexpectedTensor { at } => write!(
                f,
                "the tensor named at byte {at} is not one of this network's"
            ),
            BytesError::Missing { tensor } => write!(f, "`{tensor}` is missing"),
            BytesError::Duplicate { tensor } => {
                write!(f, "`{tensor}` is in the header more than once")
            }
            BytesError::Dtype { tensor } => write!(f, "`{tensor}` is not stored as F32"),
            BytesError::Shape { tensor, expected } => {
                write!(f, "`{tensor}` is not of the network's shape {expected:?}")
            }
            BytesError::OutOfBounds { tensor } => write!(
                f,
                "`{tensor}`'s data offsets do not hold its values inside the data"
            ),
            BytesError::DataPastTensors { data, tensors } => write!(
                f,
                "the data holds {data} bytes, but the tensors' values take {tensors}: the bytes \
                 are not one weights file"
            ),
            BytesError::NonFinite {
                tensor,
                shape,
                index,
                value,
            } => {
                write!(f, "`{tensor}`[")?;
                // Row-major, outermost first, as `load` names it: a kernel gives [input, unit].
                for (i, _) in shape.iter().enumerate() {
                    let inner: usize = shape[i + 1..].iter().product();
                    let separator = if i == 0 { "" } else { ", " };
                    write!(f, "{separator}{}", index / inner % shape[i])?;
                }
                write!(f, "] is {value}: a network would predict NaN from it")
            }
        }
    }
}

impl core::error::Error for BytesError {}

/// Reads the weights of `tensors` from the bytes of a safetensors file into `parameters` (a
/// network's flat parameters, where each tensor starts at its offset).
///
/// Every tensor of `tensors` must be in the file exactly once, under its name, as `F32` of its
/// shape, with offsets inside the data; no other tensor may be (`__metadata__` is allowed).
/// Values are little-endian, and NaN or infinity is refused, naming the tensor and index, as
/// [`load`](super::load) refuses them. `parameters` is written only when everything is right.
///
/// ```
/// use nn::io::{BytesError, TensorLayout, read_safetensors_bytes};
///
/// const TENSORS: &[TensorLayout] = &[TensorLayout { name: "bias", shape: &[2], offset: 0 }];
/// let header = br#"{"bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
/// let mut file = (header.len() as u64).to_le_bytes().to_vec();
/// file.extend_from_slice(header);
/// file.extend([1.5_f32, -2.0].iter().flat_map(|v| v.to_le_bytes()));
///
/// let mut parameters = [0.0; 2];
/// read_safetensors_bytes(&file, TENSORS, &mut parameters)?;
/// assert_eq!(parameters, [1.5, -2.0]);
///
/// let truncated = &file[..file.len() - 1];
/// let error = read_safetensors_bytes(truncated, TENSORS, &mut parameters).unwrap_err();
/// assert_eq!(error, BytesError::OutOfBounds { tensor: "bias" });
/// # Ok::<(), BytesError>(())
/// ```
pub fn read_safetensors_bytes(
    bytes: &[u8],
    tensors: &[TensorLayout],
    parameters: &mut [f32],
) -> Result<(), BytesError> {
    let length = bytes.len();
    let Some((header_length, rest)) = bytes.split_first_chunk::<8>() else {
        return Err(BytesError::TooShort { length });
    };
    let header = u64::from_le_bytes(*header_length);
    let Some((header_bytes, data)) = usize::try_from(header)
        .ok()
        .and_then(|header| rest.split_at_checked(header))
    else {
        return Err(BytesError::HeaderPastEnd { header, length });
    };
    // Every tensor checked, then written.
    walk(header_bytes, Pass::Check { tensors, data })?;
    for tensor in tensors {
        let mut count = 0;
        walk(
            header_bytes,
            Pass::Count {
                tensor,
                count: &mut count,
            },
        )?;
        match count {
            0 => {
                return Err(BytesError::Missing {
                    tensor: tensor.name,
                });
            }
            1 => {}
            _ => {
                return Err(BytesError::Duplicate {
                    tensor: tensor.name,
                });
            }
        }
    }
    // Each tensor is the network's, once, with exactly its values in bounds (checked above):
    // data beyond them is a sign of another file, or of two files run together.
    let values: usize = tensors.iter().map(|tensor| tensor.len() * 4).sum();
    if data.len() != values {
        return Err(BytesError::DataPastTensors {
            data: data.len(),
            tensors: values,
        });
    }
    walk(
        header_bytes,
        Pass::Copy {
            tensors,
            data,
            parameters,
        },
    )?;
    Ok(())
}

/// What one walk over the header does with each entry.
enum Pass<'a> {
    /// Checks that each entry is one of `tensors`, its dtype, shape and offsets, and its values
    /// finite.
    Check {
        tensors: &'a [TensorLayout],
        data: &'a [u8],
    },
    /// Counts the entries named as `tensor`.
    Count {
        tensor: &'a TensorLayout,
        count: &'a mut usize,
    },
    /// Copies each entry's values into the parameters (after `Check`).
    Copy {
        tensors: &'a [TensorLayout],
        data: &'a [u8],
        parameters: &'a mut [f32],
    },
}

/// Walks the header's entries once, doing `pass`.
fn walk(header: &[u8], pass: Pass<'_>) -> Result<(), BytesError> {
    let mut refusal = None;
    let mut deserializer = serde_json_core::de::Deserializer::new(header, None);
    let walked = HeaderSeed {
        pass,
        refusal: &mut refusal,
        // The header starts after the 8 bytes of its length.
        start: header.as_ptr() as usize - 8,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end().map(drop));
    match (refusal, walked) {
        // A refusal stops the walk with serde's error, which says less.
        (Some(refusal), _) => Err(refusal),
        (None, Err(error)) => Err(BytesError::Header(error)),
        (None, Ok(())) => Ok(()),
    }
}

/// The header as a map of tensor names to entries, walked by [`walk`].
struct HeaderSeed<'a, 'r> {
    pass: Pass<'a>,
    /// Why the walk stopped, when it stopped on a tensor rather than on the JSON.
    refusal: &'r mut Option<BytesError>,
    /// The address of the file's first byte, for the positions of names.
    start: usize,
}

impl<'de> DeserializeSeed<'de> for HeaderSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeaderSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of tensor names to entries")
    }

    fn visit_map<M: MapAccess<'de>>(mut self, mut map: M) -> Result<(), M::Error> {
        while let Some(name) = map.next_key::<&'de str>()? {
            if name == "__metadata__" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if let Pass::Count { tensor, count } = &mut self.pass {
                **count += usize::from(tensor.name == name);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let (Pass::Check { tensors, .. } | Pass::Copy { tensors, .. }) = &self.pass else {
                unreachable!("counted above")
            };
            let Some(tensor) = tensors.iter().find(|tensor| tensor.name == name).copied() else {
                let at = name.as_ptr() as usize - self.start;
                return Err(self.refuse(BytesError::UnexpectedTensor { at }));
            };
            let entry = map.next_value_seed(EntrySeed {
                shape: tensor.shape,
            })?;
            if let Err(refusal) = self.visit_entry(&tensor, &entry) {
                return Err(self.refuse(refusal));
            }
        }
        Ok(())
    }
}

impl HeaderSeed<'_, '_> {
    /// Keeps why the walk stops, returning the error that stops serde.
    fn refuse<E: de::Error>(&mut self, refusal: BytesError) -> E {
        *self.refusal = Some(refusal);
        E::custom("refused")
    }

    /// Checks or copies the entry of `tensor`.
    fn visit_entry(&mut self, tensor: &TensorLayout, entry: &Entry) -> Result<(), BytesError> {
        match &mut self.pass {
            Pass::Check { data, .. } => {
                for (index, value) in values(tensor, entry, data)?.enumerate() {
                    if !value.is_finite() {
                        return Err(BytesError::NonFinite {
                            tensor: tensor.name,
                            shape: tensor.shape,
                            index,
                            value,
                        });
                    }
                }
            }
            Pass::Copy {
                data, parameters, ..
            } => {
                let destination = &mut parameters[tensor.offset..tensor.offset + tensor.len()];
                for (parameter, value) in destination.iter_mut().zip(values(tensor, entry, data)?) {
                    *parameter = value;
                }
            }
            Pass::Count { .. } => unreachable!("counting reads no entry"),
        }
        Ok(())
    }
}

/// A tensor's values in the data, once its entry is checked against the network's.
fn values<'d>(
    tensor: &TensorLayout,
    entry: &Entry,
    data: &'d [u8],
) -> Result<impl Iterator<Item = f32> + 'd, BytesError> {
    if !entry.f32 {
        return Err(BytesError::Dtype {
            tensor: tensor.name,
        });
    }
    if !entry.shape_matches {
        return Err(BytesError::Shape {
            tensor: tensor.name,
            expected: tensor.shape,
        });
    }
    let [begin, end] = entry.data_offsets;
    let bytes = (end.checked_sub(begin) == Some(tensor.len() * 4))
        .then(|| data.get(begin..end))
        .flatten()
        .ok_or(BytesError::OutOfBounds {
            tensor: tensor.name,
        })?;
    let values = bytes.as_chunks::<4>().0;
    Ok(values.iter().map(|bytes| f32::from_le_bytes(*bytes)))
}

/// One tensor's entry in the header, as far as the walk needs it.
struct Entry {
    /// Whether `dtype` is `"F32"`.
    f32: bool,
    /// Whether `shape` is the network's.
    shape_matches: bool,
    data_offsets: [usize; 2],
}

/// Reads an entry, comparing its shape with `shape` as it goes: nothing to keep, so nothing
/// to allocate.
struct EntrySeed {
    shape: &'static [usize],
}

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Entry;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tensor's dtype, shape and data_offsets")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Entry, M::Error> {
        let (mut dtype, mut shape, mut data_offsets) = (None, None, None);
        while let Some(key) = map.next_key::<&'de str>()? {
            // A key given twice is refused, as safetensors refuses it: which one would count?
            let repeated = match key {
                "dtype" => dtype
                    .replace(map.next_value::<&'de str>()? == "F32")
                    .is_some(),
                "shape" => shape
                    .replace(map.next_value_seed(ShapeSeed(self.shape))?)
                    .is_some(),
                "data_offsets" => data_offsets
                    .replace(map.next_value::<[usize; 2]>()?)
                    .is_some(),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    false
                }
            };
            if repeated {
                return Err(de::Error::duplicate_field(
                    "a tensor's dtype, shape or data_offsets",
                ));
            }
        }
        Ok(Entry {
            f32: dtype.ok_or_else(|| de::Error::missing_field("dtype"))?,
            shape_matches: shape.ok_or_else(|| de::Error::missing_field("shape"))?,
            data_offsets: data_offsets.ok_or_else(|| de::Error::missing_field("data_offsets"))?,
        })
    }
}

/// Reads a shape, returning whether it is the given one.
struct ShapeSeed(&'static [usize]);

impl<'de> DeserializeSeed<'de> for ShapeSeed {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tensor's shape")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<bool, S::Error> {
        let (mut matches, mut rank) = (true, 0);
        while let Some(extent) = seq.next_element::<usize>()? {
            matches &= self.0.get(rank) == Some(&extent);
            rank += 1;
        }
        Ok(matches && rank == self.0.len())
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::io::{TensorInfo, save};

    const TENSORS: &[TensorLayout] = &[
        TensorLayout {
            name: "dense_0/kernel",
            shape: &[2, 3],
            offset: 0,
        },
        TensorLayout {
            name: "dense_0/bias",
            shape: &[3],
            offset: 6,
        },
    ];

    const VALUES: [f32; 9] = [0.5, -1.25, 3.0, 1e-30, -0.0, 7.5, 0.25, -2.0, 1e30];

    /// The bytes `save` writes for `TENSORS` holding `values`.
    fn saved(values: &[f32]) -> Vec<u8> {
        let tensors: Vec<TensorInfo> = TENSORS
            .iter()
            .map(|tensor| TensorInfo {
                name: tensor.name.into(),
                shape: tensor.shape.to_vec(),
                offset: tensor.offset,
                trainable: true,
            })
            .collect();
        // Tests run in parallel: one file each.
        static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let file = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "nn_bytes_{}_{file}.safetensors",
            std::process::id()
        ));
        save(&path, &tensors, values).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        bytes
    }

    /// The same file with its header changed by `edit` (the data's offsets are from the
    /// data's start, so they still hold).
    fn with_header(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
        let length = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let header = edit(std::str::from_utf8(&bytes[8..8 + length]).unwrap());
        let new_length = (header.len() as u64).to_le_bytes();
        [&new_length, header.as_bytes(), &bytes[8 + length..]].concat()
    }

    fn read(bytes: &[u8]) -> Result<[f32; 9], BytesError> {
        let mut parameters = [f32::NAN; 9];
        read_safetensors_bytes(bytes, TENSORS, &mut parameters).map(|()| parameters)
    }

    #[test]
    fn reads_what_save_wrote_bit_for_bit() {
        let read = read(&saved(&VALUES)).unwrap();
        assert_eq!(read.map(f32::to_bits), VALUES.map(f32::to_bits));
    }

    #[test]
    fn refuses_truncated_bytes_naming_what_is_cut() {
        let bytes = saved(&VALUES);
        assert_eq!(read(&bytes[..5]), Err(BytesError::TooShort { length: 5 }));
        let header = u64::from_le_bytes(bytes[..8].try_into().unwrap());
        assert_eq!(
            read(&bytes[..20]),
            Err(BytesError::HeaderPastEnd { header, length: 20 })
        );
        // The last tensor in the data loses its last byte; which one that is is save's choice.
        let cut = read(&bytes[..bytes.len() - 1]).unwrap_err();
        assert!(
            matches!(cut, BytesError::OutOfBounds { tensor } if tensor.starts_with("dense_0/")),
            "{cut:?}"
        );
    }

    #[test]
    fn refuses_data_past_the_tensors_and_a_key_given_twice() {
        let mut bytes = saved(&VALUES);
        let data = bytes.len() - 8 - u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        bytes.extend_from_slice(&[0; 4]);
        assert_eq!(
            read(&bytes),
            Err(BytesError::DataPastTensors {
                data: data + 4,
                tensors: data
            })
        );
        let twice = with_header(&saved(&VALUES), |header| {
            header.replacen(
                "\"dtype\":\"F32\"",
                "\"dtype\":\"F16\",\"dtype\":\"F32\"",
                1,
            )
        });
        assert!(
            matches!(read(&twice), Err(BytesError::Header(_))),
            "{:?}",
            read(&twice)
        );
    }

    #[test]
    fn refuses_a_wrong_name_a_missing_one_and_a_duplicate() {
        let bytes = saved(&VALUES);
        let renamed = with_header(&bytes, |header| {
            header.replace("dense_0/bias", "dense_0/bian")
        });
        let error = read(&renamed).unwrap_err();
        let BytesError::UnexpectedTensor { at } = error else {
            panic!("{error:?}")
        };
        assert_eq!(&renamed[at..at + 12], b"dense_0/bian");
        assert!(
            error.to_string().contains(&format!("at byte {at}")),
            "{error}"
        );

        let mut parameters = [0.0; 6];
        let only_kernel = &TENSORS[..1];
        let error = read_safetensors_bytes(&bytes, only_kernel, &mut parameters).unwrap_err();
        assert!(
            matches!(error, BytesError::UnexpectedTensor { .. }),
            "{error:?}"
        );

        let mut parameters = [0.0; 12];
        let more = [
            TENSORS[0],
            TENSORS[1],
            TensorLayout {
                name: "dense_1/bias",
                shape: &[3],
                offset: 9,
            },
        ];
        let error = read_safetensors_bytes(&bytes, &more, &mut parameters).unwrap_err();
        assert_eq!(
            error,
            BytesError::Missing {
                tensor: "dense_1/bias"
            }
        );

        // JSON allows a key twice; the header is then ambiguous.
        let twice = with_header(&bytes, |header| {
            let bias = &header[header.find("\"dense_0/bias\"").unwrap()..];
            let entry = &bias[..bias.find('}').unwrap() + 1];
            header.replacen('{', &format!("{{{entry},"), 1)
        });
        assert_eq!(
            read(&twice),
            Err(BytesError::Duplicate {
                tensor: "dense_0/bias"
            })
        );
    }

    #[test]
    fn refuses_a_wrong_shape_or_dtype() {
        let bytes = saved(&VALUES);
        let transposed = with_header(&bytes, |header| header.replace("[2,3]", "[3,2]"));
        let error = read(&transposed).unwrap_err();
        assert_eq!(
            error,
            BytesError::Shape {
                tensor: "dense_0/kernel",
                expected: &[2, 3]
            }
        );
        assert_eq!(
            error.to_string(),
            "`dense_0/kernel` is not of the network's shape [2, 3]"
        );
        let flattened = with_header(&bytes, |header| header.replace("[2,3]", "[6]"));
        assert!(matches!(read(&flattened), Err(BytesError::Shape { .. })));
        let halves = with_header(&bytes, |header| header.replacen("F32", "F16", 1));
        assert!(matches!(read(&halves), Err(BytesError::Dtype { .. })));
    }

    #[test]
    fn refuses_nan_and_infinity_naming_tensor_and_index() {
        let mut values = VALUES;
        values[5] = f32::NAN; // kernel (2, 3), row-major: [1, 2]
        let error = read(&saved(&values)).unwrap_err();
        assert!(
            matches!(error, BytesError::NonFinite { tensor: "dense_0/kernel", index: 5, value, .. } if value.is_nan()),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("`dense_0/kernel`[1, 2] is NaN"),
            "{error}"
        );
        let mut values = VALUES;
        values[7] = f32::NEG_INFINITY;
        let error = read(&saved(&values)).unwrap_err();
        assert!(
            error.to_string().starts_with("`dense_0/bias`[1] is -inf"),
            "{error}"
        );
    }

    #[test]
    fn a_refused_file_leaves_the_parameters_untouched() {
        let mut values = VALUES;
        values[8] = f32::INFINITY;
        let mut parameters = [1.0; 9];
        assert!(read_safetensors_bytes(&saved(&values), TENSORS, &mut parameters).is_err());
        assert_eq!(parameters, [1.0; 9]);
    }

    #[test]
    fn refuses_json_that_is_not_a_header() {
        let bytes = saved(&VALUES);
        let broken = with_header(&bytes, |header| header.replacen(':', ";", 1));
        assert!(matches!(read(&broken), Err(BytesError::Header(_))));
    }
}
