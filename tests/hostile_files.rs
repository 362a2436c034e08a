//! `load` against files made to hurt: gigabytes of (sparse) file behind a bogus or oversized
//! header, tensors declared far larger than the network, NaN and infinite weights. Each is
//! refused quickly with an error that says what was expected and found, without allocating
//! more than the network's own size, and the network's weights stay as they were.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod support {
    pub mod counting_allocator;
}

use nn::prelude::*;
use nn::{Layers, Parameters};
use support::counting_allocator::measure;

nn::network! {
    struct Small;
    input(3) -> dense(4, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam();
}

/// 6 GiB: more than a test machine would hand to a reader that trusted the file.
const SIX_GIB: u64 = 6 << 30;

/// What one load may allocate: a header of a few hundred bytes, its parse, a copy of the
/// network's 26 weights, error messages.
const ALLOCATION_BOUND: usize = 64 * 1024;

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "nn_hostile_{name}_{}.safetensors",
        std::process::id()
    ))
}

/// Loads `path` into a fresh network and returns the error, checking that the load failed
/// within a second, allocated at most [`ALLOCATION_BOUND`] bytes and left the weights alone.
fn refused(path: &Path) -> String {
    let mut model = Small::with_seed(7);
    let before = model.network().parameters().to_vec();
    let start = Instant::now();
    let (error, usage) = measure(|| model.load(path).unwrap_err());
    let elapsed = start.elapsed();
    let allocated = usage.bytes;
    assert!(
        elapsed < Duration::from_secs(1),
        "took {elapsed:?}: {error}"
    );
    assert!(
        allocated <= ALLOCATION_BOUND,
        "allocated {allocated} bytes: {error}"
    );
    assert_eq!(model.network().parameters(), before, "{error}");
    error.to_string()
}

/// A sparse file of `size` bytes (no disk used beyond `head`) starting with `head`.
fn sparse_file(path: &Path, head: &[u8], size: u64) {
    let mut file = File::create(path).unwrap();
    file.write_all(head).unwrap();
    file.set_len(size).unwrap();
}

/// A safetensors file's first bytes: the header's length, then the header.
fn with_header(header: &str) -> Vec<u8> {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes
}

#[test]
fn six_gigabytes_behind_a_bogus_header_length_are_refused_without_reading_them() {
    let path = scratch("bogus_length");
    for (length, expected) in [
        (
            0,
            "not a safetensors file: expected a JSON object of tensors as header, found: EOF \
             while parsing a value",
        ),
        (
            50_000_000,
            "not a safetensors file: expected a JSON object of tensors as header, found: \
             expected value at line 1 column 1",
        ),
        (
            5_000_000_000,
            "not a safetensors file: the header length field says 5000000000 bytes; expected \
             at most 100000000",
        ),
        (
            u64::MAX,
            "the header length field says 18446744073709551615 bytes; expected at most \
             100000000",
        ),
    ] {
        sparse_file(&path, &u64::to_le_bytes(length), SIX_GIB);
        let error = refused(&path);
        assert!(error.contains(expected), "{error}");
    }
    fs::remove_file(path).unwrap();
}

#[test]
fn a_valid_header_followed_by_six_gigabytes_is_refused_before_reading_the_data() {
    let path = scratch("long_data");
    Small::with_seed(1).save(&path).unwrap();
    let written = fs::metadata(&path).unwrap().len();
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(SIX_GIB)
        .unwrap();
    let error = refused(&path);
    let header = written - 104; // 26 weights of 4 bytes follow the header
    assert!(
        error.contains(&format!(
            "expected the tensors to end where the file ends, {} bytes after the header; they \
             end at 104",
            SIX_GIB - header
        )),
        "{error}"
    );
    fs::remove_file(path).unwrap();
}

#[test]
fn tensors_declared_gigabytes_large_are_refused_without_reading_them() {
    let path = scratch("huge_tensor");
    let small = r#""dense_0/bias":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},
        "dense_1/bias":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},
        "dense_1/kernel":{"dtype":"F32","shape":[4,2],"data_offsets":[24,56]}"#;
    // The network's own kernel, declared 6 GiB large, with the file as long as it says.
    let kernel = format!(
        r#"{{{small},"dense_0/kernel":{{"dtype":"F32","shape":[3,536870912],"data_offsets":[56,{}]}}}}"#,
        56 + SIX_GIB
    );
    let head = with_header(&kernel);
    sparse_file(&path, &head, head.len() as u64 + 56 + SIX_GIB);
    let error = refused(&path);
    assert!(
        error.contains("`dense_0/kernel` has shape [3, 536870912], the network expects [3, 4]"),
        "{error}"
    );
    // A 6 GiB tensor the network does not have, beside all of its own.
    let extra = format!(
        r#"{{{small},"dense_0/kernel":{{"dtype":"F32","shape":[3,4],"data_offsets":[56,104]}},
        "optimizer/huge":{{"dtype":"F32","shape":[1610612736],"data_offsets":[104,{}]}}}}"#,
        104 + SIX_GIB
    );
    let head = with_header(&extra);
    sparse_file(&path, &head, head.len() as u64 + 104 + SIX_GIB);
    let error = refused(&path);
    assert!(
        error.contains("`optimizer/huge` is not a tensor of this network"),
        "{error}"
    );
    // A shape whose size overflows 64 bits.
    let overflow = format!(
        r#"{{{small},"dense_0/kernel":{{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[56,104]}}}}"#
    );
    let head = with_header(&overflow);
    sparse_file(&path, &head, head.len() as u64 + 104);
    let error = refused(&path);
    assert!(
        error.contains("`dense_0/kernel` has shape [4294967296, 4294967296] of F32; expected a size that fits in 64 bits"),
        "{error}"
    );
    fs::remove_file(path).unwrap();
}

#[test]
fn nan_weights_are_refused_naming_tensor_row_column_and_value_unless_allowed() {
    let path = scratch("nan");
    let mut diverged = Small::with_seed(1);
    let kernel = diverged
        .network()
        .layers()
        .tensors()
        .into_iter()
        .find(|tensor| tensor.name == "dense_1/kernel")
        .unwrap();
    // dense_1's kernel is (4 inputs, 2 units), row-major: row 2, column 1.
    let weights = diverged.network_mut().layers_mut().as_mut_slice();
    weights[kernel.offset + 2 * 2 + 1] = f32::NAN;
    diverged.save(&path).unwrap();
    let error = refused(&path);
    assert!(
        error.contains("`dense_1/kernel` row 2, column 1 is NaN; expected finite weights, found 1"),
        "{error}"
    );
    diverged.network_mut().layers_mut().as_mut_slice()[0] = f32::INFINITY;
    diverged.save(&path).unwrap();
    let error = refused(&path);
    assert!(
        error.contains(
            "`dense_0/kernel` row 0, column 0 is inf; expected finite weights, found 2 that are \
             not (load_allowing_non_finite loads them anyway)"
        ),
        "{error}"
    );
    let mut model = Small::with_seed(2);
    model.load_allowing_non_finite(&path).unwrap();
    let loaded = model.network().parameters();
    assert!(loaded[kernel.offset + 5].is_nan());
    assert_eq!(loaded[0], f32::INFINITY);
    let finite =
        |values: &[f32]| -> Vec<f32> { values.iter().copied().filter(|v| v.is_finite()).collect() };
    assert_eq!(finite(loaded), finite(diverged.network().parameters()));
    fs::remove_file(path).unwrap();
}
