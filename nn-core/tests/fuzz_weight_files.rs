//! Structured fuzzing of `io::load`: valid weight files for a small layout, then truncated,
//! bit-flipped, re-headered and reshaped. Whatever the file, `load` must not panic, must not
//! allocate more than a bounded amount, must succeed only on a valid file (then with exactly the
//! file's values), and on failure must say what it expected and leave the parameters unchanged.
//!
//! "Valid" is judged independently of nn's reader: by the `safetensors` crate's own parser, plus
//! the layout (names, F32, shapes), finite values, and no name given twice (safetensors keeps
//! the last of two entries of one name; nn refuses such a header).
//!
//! Each property runs proptest's default 256 cases (a few seconds in a debug build). For more:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test -p nn-core --test fuzz_weight_files
//! ```

use std::fs;
use std::path::PathBuf;

#[path = "../../tests/support/counting_allocator.rs"]
mod counting_allocator;

use counting_allocator::measure;
use nn_core::Error;
use nn_core::io::{self, TensorInfo};
use proptest::prelude::*;
use safetensors::SafeTensors;

/// What one load may allocate: the header (at most a few KiB here), parsing it, and a copy of
/// the 11 parameters. A reader that trusted a declared size would allocate far more.
const ALLOCATION_BOUND: usize = 256 * 1024;

const NAMES: [&str; 4] = [
    "dense_0/kernel",
    "dense_0/bias",
    "dense_1/kernel",
    "dense_1/bias",
];

fn layout() -> Vec<TensorInfo> {
    let shapes = [vec![3, 2], vec![2], vec![2, 1], vec![1]];
    let mut offset = 0;
    NAMES
        .iter()
        .zip(shapes)
        .map(|(name, shape)| {
            let tensor = TensorInfo {
                name: name.to_string(),
                shape,
                offset,
                trainable: true,
            };
            offset += tensor.len();
            tensor
        })
        .collect()
}

const PARAMETERS: usize = 11;

/// What the parameters hold before each load; they must still hold it after a failed one.
const SENTINEL: f32 = 42.5;

fn scratch(test: &str) -> PathBuf {
    std::env::temp_dir().join(format!("nn_fuzz_{test}_{}.safetensors", std::process::id()))
}

/// The bytes `io::save` writes for `parameters`.
fn saved(test: &str, parameters: &[f32]) -> Vec<u8> {
    let path = scratch(test);
    io::save(&path, &layout(), parameters).unwrap();
    let bytes = fs::read(&path).unwrap();
    fs::remove_file(path).unwrap();
    bytes
}

/// The bytes `io::save` would write for `parameters`, made in memory as it makes them, without
/// the cost of syncing a file to disk for every case.
fn serialized(parameters: &[f32]) -> Vec<u8> {
    let bytes: Vec<Vec<u8>> = layout()
        .iter()
        .map(|tensor| {
            parameters[tensor.offset..tensor.offset + tensor.len()]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect()
        })
        .collect();
    let views = layout().into_iter().zip(&bytes).map(|(tensor, bytes)| {
        let view =
            safetensors::tensor::TensorView::new(safetensors::Dtype::F32, tensor.shape, bytes);
        (tensor.name, view.unwrap())
    });
    safetensors::serialize(views, None).unwrap()
}

/// The parameters a valid file for the layout holds, judged without nn's reader; `None` if the
/// file is not valid.
fn reference(bytes: &[u8], duplicate_names: bool) -> Option<Vec<f32>> {
    if duplicate_names {
        return None;
    }
    let file = SafeTensors::deserialize(bytes).ok()?;
    if file.len() != NAMES.len() {
        return None;
    }
    let mut parameters = Vec::with_capacity(PARAMETERS);
    for tensor in layout() {
        let view = file.tensor(&tensor.name).ok()?;
        if view.dtype() != safetensors::Dtype::F32 || view.shape() != tensor.shape.as_slice() {
            return None;
        }
        parameters.extend(
            view.data()
                .as_chunks::<4>()
                .0
                .iter()
                .map(|b| f32::from_le_bytes(*b)),
        );
    }
    parameters
        .iter()
        .all(|v| v.is_finite())
        .then_some(parameters)
}

/// Writes `bytes`, loads them, and checks the outcome against `reference` of `judged` (the
/// same bytes, or an equivalent file the reference can judge); returns the error.
fn check_load(
    test: &str,
    bytes: &[u8],
    judged: &[u8],
    duplicate_names: bool,
) -> Result<Option<String>, String> {
    let path = scratch(test);
    fs::write(&path, bytes).unwrap();
    let mut parameters = vec![SENTINEL; PARAMETERS];
    let (result, usage) = measure(|| io::load(&path, &layout(), &mut parameters));
    let allocated = usage.bytes;
    fs::remove_file(&path).unwrap();
    if allocated > ALLOCATION_BOUND {
        return Err(format!("load allocated {allocated} bytes"));
    }
    match (result, reference(judged, duplicate_names)) {
        (Ok(()), Some(expected)) => {
            // Compare bits: the reference holds exactly what the file holds.
            let bits = |values: &[f32]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            if bits(&parameters) != bits(&expected) {
                return Err(format!(
                    "loaded {parameters:?}, the file holds {expected:?}"
                ));
            }
            Ok(None)
        }
        (Ok(()), None) => Err("an invalid file loaded".into()),
        (Err(error), expected) => {
            let message = error.to_string();
            if let Some(expected) = expected {
                return Err(format!("a valid file {expected:?} was refused: {message}"));
            }
            if parameters != [SENTINEL; PARAMETERS] {
                return Err(format!("parameters changed on error: {message}"));
            }
            if !message.starts_with(&path.display().to_string()) || !message.contains("expect") {
                return Err(format!(
                    "the error does not say what it expected: {message}"
                ));
            }
            if matches!(error, Error::NonFiniteWeight { .. }) {
                return Err(format!("refused as non-finite, yet not valid: {message}"));
            }
            Ok(Some(message))
        }
    }
}

fn finite_weights() -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(-1e6f32..1e6, PARAMETERS)
}

/// The header's JSON text, whatever the header length field says.
fn header_text(bytes: &[u8]) -> String {
    let length = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    String::from_utf8(bytes[8..8 + length].to_vec()).unwrap()
}

/// A file of `header` and then `data`, with the header's true length.
fn file_with_header(header: &[u8], data: &[u8]) -> Vec<u8> {
    let mut file = (header.len() as u64).to_le_bytes().to_vec();
    file.extend_from_slice(header);
    file.extend_from_slice(data);
    file
}

/// One tensor's header entry, written as text so that any number, shape or dtype can be put.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    dtype: String,
    shape: Vec<String>,
    offsets: Vec<String>,
}

impl Entry {
    fn json(&self) -> String {
        format!(
            r#""{}":{{"dtype":"{}","shape":[{}],"data_offsets":[{}]}}"#,
            self.name,
            self.dtype,
            self.shape.join(","),
            self.offsets.join(",")
        )
    }
}

/// The entries of a valid file's header, in the order nn writes them.
fn entries() -> Vec<Entry> {
    let mut begin = 0;
    layout()
        .into_iter()
        .map(|tensor| {
            let end = begin + 4 * tensor.len();
            let entry = Entry {
                name: tensor.name.clone(),
                dtype: "F32".into(),
                shape: tensor.shape.iter().map(ToString::to_string).collect(),
                offsets: vec![begin.to_string(), end.to_string()],
            };
            begin = end;
            entry
        })
        .collect()
}

fn header_of(entries: &[Entry], extra: &str) -> String {
    let mut fields: Vec<String> = entries.iter().map(Entry::json).collect();
    if !extra.is_empty() {
        fields.push(extra.to_string());
    }
    format!("{{{}}}", fields.join(","))
}

/// A number for a header: small, near a boundary of the data, or enormous.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..64).prop_map(|n| n.to_string()),
        Just(u64::MAX.to_string()),
        Just((u64::MAX / 4).to_string()),
        Just("18446744073709551616".to_string()), // 2^64, beyond u64
        Just((1u64 << 32).to_string()),
        Just("-4".to_string()),
        Just("4.0".to_string()),
        Just("\"4\"".to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
    ]
}

/// How a valid header is rewritten.
#[derive(Clone, Debug)]
enum Rewrite {
    /// The length field says another number.
    LengthField(u64),
    /// One tensor's `data_offsets`.
    Offsets(usize, Vec<String>),
    /// One tensor's dtype.
    Dtype(usize, String),
    /// One tensor's shape (its data unchanged).
    Shape(usize, Vec<String>),
    /// One tensor's entry given twice.
    Duplicate(usize),
    /// One tensor's name changed.
    Rename(usize, String),
    /// A byte that is not UTF-8 inside a name.
    NonUtf8(usize, u8),
    /// An extra field of nested arrays in one entry, closed or not.
    Nested(usize, usize, bool),
    /// `__metadata__` entries (valid).
    Metadata(Vec<(String, String)>),
    /// Spaces after the object (valid, as safetensors pads headers).
    Padding(usize),
}

fn rewrite() -> impl Strategy<Value = Rewrite> {
    let tensor = 0..NAMES.len();
    prop_oneof![
        any::<u64>().prop_map(Rewrite::LengthField),
        (tensor.clone(), prop::collection::vec(number(), 0..4))
            .prop_map(|(t, offsets)| Rewrite::Offsets(t, offsets)),
        (
            tensor.clone(),
            prop::sample::select(vec![
                "F64", "F16", "BF16", "I32", "U8", "f32", "", "F33", "BOOL"
            ])
        )
            .prop_map(|(t, dtype)| Rewrite::Dtype(t, dtype.to_string())),
        (tensor.clone(), prop::collection::vec(number(), 0..4))
            .prop_map(|(t, shape)| Rewrite::Shape(t, shape)),
        tensor.clone().prop_map(Rewrite::Duplicate),
        (tensor.clone(), "[a-z_/0-9]{0,16}").prop_map(|(t, name)| Rewrite::Rename(t, name)),
        (tensor.clone(), 0x80u8..=0xff).prop_map(|(t, byte)| Rewrite::NonUtf8(t, byte)),
        (tensor.clone(), 1usize..5000, any::<bool>())
            .prop_map(|(t, depth, closed)| Rewrite::Nested(t, depth, closed)),
        prop::collection::vec(("[a-z]{1,8}", "[ -~]{0,20}"), 0..4).prop_map(Rewrite::Metadata),
        (0usize..64).prop_map(Rewrite::Padding),
    ]
}

/// The file `rewrite` makes of a valid file's `data`, and whether it gives a name twice.
///
/// Nesting deeper than about 126 levels in an ignored field is valid JSON that the safetensors
/// crate refuses (its `flatten` buffers values recursively, up to serde_json's recursion limit);
/// nn skips ignored values without recursion, so such a file is judged without the field.
fn rewritten(rewrite: &Rewrite, data: &[u8]) -> (Vec<u8>, bool) {
    let mut entries = entries();
    let mut extra = String::new();
    let mut duplicate = false;
    match rewrite {
        Rewrite::LengthField(length) => {
            let mut file = file_with_header(header_of(&entries, "").as_bytes(), data);
            file[..8].copy_from_slice(&length.to_le_bytes());
            return (file, false);
        }
        Rewrite::Offsets(t, offsets) => entries[*t].offsets.clone_from(offsets),
        Rewrite::Dtype(t, dtype) => entries[*t].dtype.clone_from(dtype),
        Rewrite::Shape(t, shape) => entries[*t].shape.clone_from(shape),
        Rewrite::Duplicate(t) => {
            extra = entries[*t].json();
            duplicate = true;
        }
        Rewrite::Rename(t, name) => {
            duplicate = NAMES.iter().enumerate().any(|(i, n)| i != *t && n == name);
            entries[*t].name.clone_from(name);
        }
        Rewrite::NonUtf8(t, byte) => {
            let header = header_of(&entries, "");
            let at = header.find(NAMES[*t]).unwrap() + 3;
            let mut header = header.into_bytes();
            header.insert(at, *byte);
            return (file_with_header(&header, data), false);
        }
        Rewrite::Nested(t, depth, closed) => {
            let nested = format!(
                "{}{}",
                "[".repeat(*depth),
                if *closed {
                    "]".repeat(*depth)
                } else {
                    String::new()
                }
            );
            let header = header_of(&entries, "");
            let entry_end = header.find(&entries[*t].json()).unwrap() + entries[*t].json().len();
            let header = format!(
                "{},\"extra\":{nested}{}",
                &header[..entry_end - 1],
                &header[entry_end - 1..]
            );
            return (file_with_header(header.as_bytes(), data), false);
        }
        Rewrite::Metadata(pairs) => {
            let pairs: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}:{}", serde_json::json!(k), serde_json::json!(v)))
                .collect();
            extra = format!(r#""__metadata__":{{{}}}"#, pairs.join(","));
            duplicate = {
                let mut keys: Vec<&String> = match rewrite {
                    Rewrite::Metadata(pairs) => pairs.iter().map(|(k, _)| k).collect(),
                    _ => unreachable!(),
                };
                keys.sort();
                keys.windows(2).any(|w| w[0] == w[1])
            };
        }
        Rewrite::Padding(spaces) => {
            let header = format!("{}{}", header_of(&entries, ""), " ".repeat(*spaces));
            return (file_with_header(header.as_bytes(), data), false);
        }
    }
    let header = header_of(&entries, &extra);
    (file_with_header(header.as_bytes(), data), duplicate)
}

/// Turns a failed check into a proptest failure.
fn check(test: &str, bytes: &[u8], duplicate: bool) -> Result<Option<String>, TestCaseError> {
    check_load(test, bytes, bytes, duplicate).map_err(TestCaseError::fail)
}

proptest! {
    #[test]
    fn valid_files_load_back_exactly(weights in finite_weights()) {
        let bytes = saved("valid", &weights);
        prop_assert_eq!(&bytes, &serialized(&weights));
        let error = check("valid", &bytes, false)?;
        prop_assert_eq!(error, None);
    }

    #[test]
    fn every_truncation_is_refused(weights in finite_weights(), cut in any::<prop::sample::Index>()) {
        let bytes = serialized(&weights);
        let length = cut.index(bytes.len());
        let error = check("truncated", &bytes[..length], false)?;
        prop_assert!(error.is_some());
    }

    #[test]
    fn flipped_bits_load_only_what_the_file_holds(
        weights in finite_weights(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4),
    ) {
        let mut bytes = serialized(&weights);
        for (at, bit) in &flips {
            let at = at.index(bytes.len());
            bytes[at] ^= 1 << bit;
        }
        // A flip can turn one name into another (`dense_0` into `dense_1`).
        let header = String::from_utf8_lossy(&bytes[8..]).into_owned();
        let duplicate = NAMES.iter().any(|name| header.matches(&format!("\"{name}\"")).count() > 1);
        check("flipped", &bytes, duplicate)?;
    }

    #[test]
    fn rewritten_headers_are_refused_unless_valid(weights in finite_weights(), rewrite in rewrite()) {
        let bytes = serialized(&weights);
        let data_start = 8 + header_text(&bytes).len();
        let (file, duplicate) = rewritten(&rewrite, &bytes[data_start..]);
        let judged = if matches!(rewrite, Rewrite::Nested(_, _, true)) {
            file_with_header(header_of(&entries(), "").as_bytes(), &bytes[data_start..])
        } else {
            file.clone()
        };
        let error = check_load("rewritten", &file, &judged, duplicate).map_err(TestCaseError::fail)?;
        match (&rewrite, &error) {
            (Rewrite::Duplicate(t), error) => {
                let expected = format!("tensor `{}` appears twice", NAMES[*t]);
                prop_assert!(error.as_ref().is_some_and(|e| e.contains(&expected)), "{error:?}");
            }
            (Rewrite::Metadata(_) | Rewrite::Padding(_), _) if !duplicate => {
                prop_assert_eq!(error, None)
            }
            (Rewrite::Nested(_, _, true), _) => prop_assert_eq!(error, None),
            (Rewrite::Dtype(t, dtype), Some(e)) => prop_assert!(e.contains(dtype.as_str()) && e.contains(NAMES[*t]) || e.contains("unknown variant"), "{e}"),
            _ => {}
        }
    }

    #[test]
    fn reshaped_tensors_are_refused_naming_both_shapes(
        weights in finite_weights(),
        (t, shape) in prop_oneof![
            Just((0usize, vec![2usize, 3])),
            Just((0, vec![6])),
            Just((0, vec![1, 6])),
            Just((0, vec![3, 1, 2])),
            Just((1, vec![1, 2])),
            Just((1, vec![2, 1])),
            Just((2, vec![1, 2])),
            Just((2, vec![2])),
            Just((3, vec![1, 1])),
            Just((3, vec![])),
        ],
    ) {
        let bytes = serialized(&weights);
        let data_start = 8 + header_text(&bytes).len();
        let mut entries = entries();
        entries[t].shape = shape.iter().map(ToString::to_string).collect();
        let file = file_with_header(header_of(&entries, "").as_bytes(), &bytes[data_start..]);
        let error = check("reshaped", &file, false)?.unwrap_or_default();
        let expected = format!(
            "`{}` has shape {:?}, the network expects {:?}",
            NAMES[t], shape, layout()[t].shape
        );
        prop_assert!(error.contains(&expected), "{error}");
    }
}

#[test]
fn every_prefix_of_a_valid_file_is_refused_and_the_whole_file_loads() {
    let weights: Vec<f32> = (0..PARAMETERS).map(|i| i as f32 - 5.25).collect();
    let bytes = saved("prefixes", &weights);
    for length in 0..bytes.len() {
        let prefix = &bytes[..length];
        let error = check_load("prefixes", prefix, prefix, false).unwrap();
        assert!(error.is_some(), "a prefix of {length} bytes loaded");
    }
    assert_eq!(check_load("prefixes", &bytes, &bytes, false).unwrap(), None);
}

#[test]
fn a_file_with_a_non_finite_weight_is_refused_naming_it() {
    let mut weights = vec![0.5; PARAMETERS];
    weights[9] = f32::INFINITY; // dense_1/kernel (2, 1): row 1, column 0
    let path = scratch("infinite");
    io::save(&path, &layout(), &weights).unwrap();
    let mut parameters = vec![SENTINEL; PARAMETERS];
    let error = io::load(&path, &layout(), &mut parameters)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("`dense_1/kernel` row 1, column 0 is inf; expected finite weights, found 1"),
        "{error}"
    );
    assert_eq!(parameters, [SENTINEL; PARAMETERS]);
    io::load_allowing_non_finite(&path, &layout(), &mut parameters).unwrap();
    assert_eq!(parameters, weights);
    fs::remove_file(path).unwrap();
}
