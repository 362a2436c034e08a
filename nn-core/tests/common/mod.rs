//! Reading Keras's reference values from `tests/golden/` (see its README for their origin).

use serde_json::Value;

/// The parsed golden file `name` (e.g. `"optimizers.json"`).
pub fn golden(name: &str) -> Value {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// A JSON array of numbers as f32, the precision Keras computed them in.
pub fn floats(value: &Value) -> Vec<f32> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_f64().expect("a number") as f32)
        .collect()
}

/// A JSON array of arrays of numbers as rows of f32.
pub fn rows(value: &Value) -> Vec<Vec<f32>> {
    value
        .as_array()
        .expect("an array of rows")
        .iter()
        .map(floats)
        .collect()
}

/// The cases of a golden file whose `key` field equals `name`, with their kwargs.
#[allow(dead_code)] // not every test file looks cases up by name
pub fn cases<'a>(file: &'a Value, key: &str, name: &str) -> Vec<&'a Value> {
    file["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|case| case[key] == name)
        .collect()
}

/// Asserts that `actual` is within `relative` of Keras's `expected`.
pub fn assert_close(what: &str, actual: f32, expected: f32, relative: f32) {
    assert_close_or_within(what, actual, expected, relative, 0.0);
}

/// Asserts that `actual` is within `relative` of Keras's `expected`, or within `absolute` of it.
pub fn assert_close_or_within(
    what: &str,
    actual: f32,
    expected: f32,
    relative: f32,
    absolute: f32,
) {
    let error = (actual - expected).abs();
    assert!(
        error <= relative * expected.abs() || error <= absolute,
        "{what}: got {actual}, Keras gives {expected}"
    );
}
