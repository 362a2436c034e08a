//! A safetensors file read header first, with every size checked before anything is allocated.
//!
//! The format: 8 bytes holding the header's length `n` (little-endian u64), `n` bytes of a JSON
//! object, then the tensors' data. The object maps each tensor's name to
//! `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}` (byte offsets into the data)
//! and may hold `"__metadata__": {"key": "value", ...}`.
//!
//! [`SafetensorsFile::open`] reads only the length and the header, and checks, before any
//! tensor byte is read:
//!
//! - `n` is at most [`MAX_HEADER_BYTES`] (safetensors' own limit) and fits in the file;
//! - the header is a JSON object of that form, with no name given twice;
//! - every tensor's byte length is its shape's product times its dtype's size (computed without
//!   overflow), and the tensors, in order of offset, tile the data exactly: the first begins at
//!   0, each begins where the previous ends, the last ends at the end of the file.
//!
//! Memory: the header is parsed as it is read (8 KiB buffer), so a header that is wrong early
//! fails early, and what is kept is the header's names, shapes and metadata, never more than a
//! small multiple of `n`. Tensor data is read only on request, into the caller's buffer.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use safetensors::Dtype;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::TensorInfo;
use crate::Error;

/// The largest header accepted, in bytes; safetensors refuses larger ones too.
pub(crate) const MAX_HEADER_BYTES: u64 = 100_000_000;

/// The length field before the header.
const LENGTH_BYTES: u64 = 8;

/// One tensor as the header declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Declared {
    /// Its name in the file.
    pub(crate) name: String,
    /// Its element type.
    pub(crate) dtype: Dtype,
    /// Its shape, outermost first.
    pub(crate) shape: Vec<usize>,
    /// Its bytes within the data, `begin..end`.
    pub(crate) data_offsets: (u64, u64),
}

/// An open safetensors file whose header has been read and checked (see the
/// [module documentation](self)); tensor data is read on request.
#[derive(Debug)]
pub(crate) struct SafetensorsFile {
    path: PathBuf,
    file: File,
    /// Where the data starts: after the length field and the header.
    data_start: u64,
    /// Every tensor, in order of offset.
    tensors: Vec<Declared>,
    /// The `__metadata__` entries.
    metadata: BTreeMap<String, String>,
}

impl SafetensorsFile {
    /// Opens the file at `path` and reads and checks its header.
    ///
    /// # Errors
    ///
    /// If the file cannot be read, or its length field, header or offsets are not those of a
    /// whole safetensors file; the message says what was expected and what was found.
    pub(crate) fn open(path: &Path) -> Result<Self, Error> {
        let error = |message: String| file_error(path, message);
        let file = File::open(path).map_err(|e| error(e.to_string()))?;
        let size = file.metadata().map_err(|e| error(e.to_string()))?.len();
        let mut reader = BufReader::new(&file);
        let mut length = [0; LENGTH_BYTES as usize];
        if size < LENGTH_BYTES {
            return Err(error(format!(
                "not a safetensors file: expected at least the 8-byte header length, found a \
                 file of {size} bytes"
            )));
        }
        reader
            .read_exact(&mut length)
            .map_err(|e| error(e.to_string()))?;
        let header_bytes = u64::from_le_bytes(length);
        let available = size - LENGTH_BYTES;
        if header_bytes > MAX_HEADER_BYTES.min(available) {
            return Err(error(format!(
                "not a safetensors file: the header length field says {header_bytes} bytes; \
                 expected at most {}, as the file holds {available} bytes after it{}",
                MAX_HEADER_BYTES.min(available),
                if available > MAX_HEADER_BYTES {
                    " and safetensors accepts headers of at most 100000000 bytes"
                } else {
                    ""
                }
            )));
        }
        let header = parse_header(&mut reader.take(header_bytes)).map_err(|e| {
            error(format!(
                "not a safetensors file: expected a JSON object of tensors as header, found: {e}"
            ))
        })?;
        let data_start = LENGTH_BYTES + header_bytes;
        let tensors = tile(header.tensors, size - data_start).map_err(error)?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            data_start,
            tensors,
            metadata: header.metadata,
        })
    }

    /// Every tensor the file holds, in order of offset.
    pub(crate) fn tensors(&self) -> &[Declared] {
        &self.tensors
    }

    /// The header's `__metadata__` entries (empty if it has none).
    #[allow(dead_code)] // For training-state files, which keep their counters there.
    pub(crate) fn metadata(&self) -> &BTreeMap<String, String> {
        &self.metadata
    }

    /// The file's tensor named `name`.
    pub(crate) fn tensor(&self, name: &str) -> Option<&Declared> {
        self.tensors.iter().find(|tensor| tensor.name == name)
    }

    /// Every way the file differs from holding exactly `expected`, each an F32 tensor of its
    /// shape: missing tensors, other dtypes or shapes, and tensors `expected` does not name.
    pub(crate) fn differences(&self, expected: &[TensorInfo]) -> Vec<String> {
        let mut differences = Vec::new();
        for tensor in expected {
            match self.tensor(&tensor.name) {
                None => differences.push(format!("`{}` is missing", tensor.name)),
                Some(found) if found.dtype != Dtype::F32 => differences.push(format!(
                    "`{}` is {:?}, the network expects F32",
                    tensor.name, found.dtype
                )),
                Some(found) if found.shape != tensor.shape => differences.push(format!(
                    "`{}` has shape {:?}, the network expects {:?}",
                    tensor.name, found.shape, tensor.shape
                )),
                Some(_) => {}
            }
        }
        let mut unexpected: Vec<&str> = self
            .tensors
            .iter()
            .map(|tensor| tensor.name.as_str())
            .filter(|name| !expected.iter().any(|tensor| tensor.name == *name))
            .collect();
        unexpected.sort_unstable();
        differences.extend(
            unexpected
                .into_iter()
                .map(|name| format!("`{name}` is not a tensor of this network")),
        );
        differences
    }

    /// Reads the F32 tensor `name` into `values`, which must have its number of elements.
    ///
    /// # Errors
    ///
    /// If the file has no such tensor, it is not F32, `values` has another length, or reading
    /// fails (the file was truncated since it was opened); `values` may then be partly written.
    pub(crate) fn read_f32_into(&mut self, name: &str, values: &mut [f32]) -> Result<(), Error> {
        let error = |message: String| file_error(&self.path, message);
        let tensor = self
            .tensor(name)
            .ok_or_else(|| error(format!("expected a tensor `{name}`, found none")))?;
        let bytes = tensor.data_offsets.1 - tensor.data_offsets.0;
        if tensor.dtype != Dtype::F32 || bytes != 4 * values.len() as u64 {
            return Err(error(format!(
                "expected `{name}` to be F32 with {} values, found {:?} of shape {:?}",
                values.len(),
                tensor.dtype,
                tensor.shape
            )));
        }
        let start = self.data_start + tensor.data_offsets.0;
        let mut reader = BufReader::new(&self.file);
        reader
            .seek(SeekFrom::Start(start))
            .map_err(|e| error(e.to_string()))?;
        let mut chunk = [0u8; 4];
        for value in values {
            reader.read_exact(&mut chunk).map_err(|e| {
                error(format!(
                    "expected {bytes} bytes of `{name}` from byte {start}, found fewer: {e}"
                ))
            })?;
            *value = f32::from_le_bytes(chunk);
        }
        Ok(())
    }
}

pub(super) fn file_error(path: &Path, message: impl fmt::Display) -> Error {
    Error::File {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// Checks that `tensors` tile `data_bytes` exactly and that each one's size is its shape's,
/// and returns them in order of offset.
fn tile(mut tensors: Vec<Declared>, data_bytes: u64) -> Result<Vec<Declared>, String> {
    tensors.sort_by(|a, b| {
        a.data_offsets
            .cmp(&b.data_offsets)
            .then(a.name.cmp(&b.name))
    });
    let mut problems = Vec::new();
    let mut position = 0u64;
    for tensor in &tensors {
        let (begin, end) = tensor.data_offsets;
        if begin != position {
            problems.push(format!(
                "`{}` begins at data byte {begin}; expected {position}, where {}",
                tensor.name,
                if position == 0 {
                    "the data begins".to_string()
                } else {
                    "the previous tensor ends".to_string()
                }
            ));
        }
        match expected_bytes(tensor) {
            Some(bytes) if end.checked_sub(begin) == Some(bytes) => {}
            Some(bytes) => problems.push(format!(
                "`{}` has data_offsets [{begin}, {end}]; expected {bytes} bytes for {:?} of \
                 shape {:?}",
                tensor.name, tensor.dtype, tensor.shape
            )),
            None => problems.push(format!(
                "`{}` has shape {:?} of {:?}; expected a size that fits in 64 bits of bytes",
                tensor.name, tensor.shape, tensor.dtype
            )),
        }
        position = position.max(end);
    }
    if position != data_bytes {
        problems.push(format!(
            "expected the tensors to end where the file ends, {data_bytes} bytes after the \
             header; they end at {position}"
        ));
    }
    if problems.is_empty() {
        Ok(tensors)
    } else {
        Err(format!(
            "not a whole safetensors file: {}",
            problems.join("; ")
        ))
    }
}

/// The bytes `tensor`'s dtype and shape take, if that is a whole number that fits in a u64.
fn expected_bytes(tensor: &Declared) -> Option<u64> {
    let elements = tensor.shape.iter().try_fold(1u64, |product, &n| {
        product.checked_mul(u64::try_from(n).ok()?)
    })?;
    let bits = elements.checked_mul(tensor.dtype.bitsize() as u64)?;
    (bits % 8 == 0).then_some(bits / 8)
}

/// What the header declares.
#[derive(Debug)]
struct Header {
    tensors: Vec<Declared>,
    metadata: BTreeMap<String, String>,
}

/// Parses the header from `reader`, which must hold the JSON object and nothing but whitespace
/// after it.
fn parse_header(reader: &mut impl Read) -> Result<Header, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let header = deserializer.deserialize_map(HeaderVisitor)?;
    deserializer.end()?;
    Ok(header)
}

struct HeaderVisitor;

impl<'de> Visitor<'de> for HeaderVisitor {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object of tensors")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut tensors: Vec<Declared> = Vec::new();
        let mut names = std::collections::BTreeSet::new();
        let mut metadata = None;
        while let Some(name) = map.next_key::<String>()? {
            if name == "__metadata__" {
                if metadata.is_some() {
                    return Err(de::Error::custom(
                        "`__metadata__` appears twice; expected it at most once",
                    ));
                }
                metadata = Some(map.next_value_seed(MetadataSeed)?);
                continue;
            }
            if !names.insert(name.clone()) {
                return Err(de::Error::custom(format_args!(
                    "tensor `{name}` appears twice; expected each name once"
                )));
            }
            let tensor = map.next_value_seed(TensorSeed { name })?;
            tensors.push(tensor);
        }
        Ok(Header {
            tensors,
            metadata: metadata.unwrap_or_default(),
        })
    }
}

/// `__metadata__`: string keys to string values, each key once.
struct MetadataSeed;

impl<'de> DeserializeSeed<'de> for MetadataSeed {
    type Value = BTreeMap<String, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MetadataSeed {
    type Value = BTreeMap<String, String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`__metadata__` as an object of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut metadata = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<String>()?;
            if metadata.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "metadata `{key}` appears twice; expected each key once"
                )));
            }
            metadata.insert(key, value);
        }
        Ok(metadata)
    }
}

/// One tensor's entry: `dtype`, `shape` and `data_offsets`, each once; other fields are
/// ignored, as safetensors ignores them.
struct TensorSeed {
    name: String,
}

impl<'de> DeserializeSeed<'de> for TensorSeed {
    type Value = Declared;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Declared, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TensorSeed {
    type Value = Declared;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "`{}` as an object of `dtype`, `shape` and `data_offsets`",
            self.name
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Declared, A::Error> {
        let mut dtype = None;
        let mut shape = None;
        let mut data_offsets = None;
        let name = self.name;
        let twice = |field: &str| {
            de::Error::custom(format_args!(
                "`{name}` has `{field}` twice; expected it once"
            ))
        };
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                "dtype" if dtype.is_some() => return Err(twice("dtype")),
                "dtype" => dtype = Some(map.next_value::<Dtype>()?),
                "shape" if shape.is_some() => return Err(twice("shape")),
                "shape" => shape = Some(map.next_value::<Vec<usize>>()?),
                "data_offsets" if data_offsets.is_some() => return Err(twice("data_offsets")),
                "data_offsets" => data_offsets = Some(map.next_value::<(u64, u64)>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let missing = |field: &str| {
            de::Error::custom(format_args!(
                "`{name}` has no `{field}`; expected `dtype`, `shape` and `data_offsets`"
            ))
        };
        Ok(Declared {
            dtype: dtype.ok_or_else(|| missing("dtype"))?,
            shape: shape.ok_or_else(|| missing("shape"))?,
            data_offsets: data_offsets.ok_or_else(|| missing("data_offsets"))?,
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(header: &str) -> Result<Header, String> {
        parse_header(&mut header.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn a_header_of_tensors_and_metadata_is_read() {
        let header = parse(
            r#"{"__metadata__":{"epoch":"3"},"b":{"dtype":"F32","shape":[3],"data_offsets":[24,36]},
                "a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24],"extra":[{"x":1}]}}   "#,
        )
        .unwrap();
        assert_eq!(header.metadata["epoch"], "3");
        let tensors = tile(header.tensors, 36).unwrap();
        assert_eq!(tensors[0].name, "a");
        assert_eq!(tensors[0].shape, [2, 3]);
        assert_eq!(tensors[1].data_offsets, (24, 36));
    }

    #[test]
    fn malformed_headers_say_what_was_expected_and_found() {
        for (header, expected) in [
            (
                r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{}}"#,
                "`a` appears twice",
            ),
            (
                r#"{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}"#,
                "unknown variant `F33`, expected one of",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
                "invalid value: integer `-1`, expected usize",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#,
                "invalid length 1, expected a tuple of size 2",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[1]}}"#,
                "`a` has no `data_offsets`",
            ),
            (
                r#"{"a":{"dtype":"F32","dtype":"F32"}}"#,
                "`a` has `dtype` twice",
            ),
            (
                r#"{"__metadata__":{"k":1}}"#,
                "invalid type: integer `1`, expected a string",
            ),
            (
                r#"[1]"#,
                "invalid type: sequence, expected a JSON object of tensors",
            ),
            (r#"{"a":"#, "EOF while parsing a value"),
            (r#"{} x"#, "trailing characters"),
        ] {
            let error = parse(header)
                .err()
                .unwrap_or_else(|| panic!("{header} parsed"));
            assert!(error.contains(expected), "{header}: {error}");
        }
        // Deep nesting in an ignored field is skipped without recursion (no stack overflow).
        let (open, close) = ("[".repeat(100_000), "]".repeat(100_000));
        let deep = format!(
            r#"{{"a":{{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":{open}{close}}}}}"#
        );
        assert_eq!(parse(&deep).unwrap().tensors.len(), 1);
        let unclosed = parse(&format!(r#"{{"a":{{"x":{open}"#)).unwrap_err();
        assert!(unclosed.contains("EOF while parsing a list"), "{unclosed}");
        let nested_shape = parse(&format!(r#"{{"a":{{"shape":{open}"#)).unwrap_err();
        assert!(
            nested_shape.contains("invalid type: sequence, expected usize"),
            "{nested_shape}"
        );
    }

    #[test]
    fn offsets_must_tile_the_data_exactly() {
        let tensor = |name: &str, shape: Vec<usize>, begin, end| Declared {
            name: name.into(),
            dtype: Dtype::F32,
            shape,
            data_offsets: (begin, end),
        };
        let gap = tile(
            vec![tensor("a", vec![1], 0, 4), tensor("b", vec![1], 8, 12)],
            12,
        );
        assert!(
            gap.unwrap_err()
                .contains("`b` begins at data byte 8; expected 4")
        );
        let overlap = tile(
            vec![tensor("a", vec![2], 0, 8), tensor("b", vec![2], 4, 12)],
            12,
        );
        assert!(
            overlap
                .unwrap_err()
                .contains("`b` begins at data byte 4; expected 8")
        );
        let size = tile(vec![tensor("a", vec![3], 0, 8)], 8);
        assert!(
            size.unwrap_err()
                .contains("expected 12 bytes for F32 of shape [3]")
        );
        let short = tile(vec![tensor("a", vec![2], 0, 8)], 100);
        assert!(
            short
                .unwrap_err()
                .contains("100 bytes after the header; they end at 8")
        );
        let overflow = tile(vec![tensor("a", vec![usize::MAX, 4], 0, 8)], 8);
        assert!(overflow.unwrap_err().contains("fits in 64 bits"));
    }
}
