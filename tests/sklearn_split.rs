//! `train_test_split` and `train_test_split_stratified` return scikit-learn's rows, in its
//! order, for the same `random_state`.
//!
//! The expected rows are scikit-learn 1.9.1's (NumPy 2.4.6), written by
//! `tests/sklearn_split/generate.py` into `tests/sklearn_split/cases.json`; see the script for
//! the cases and how to regenerate them. Each case splits `x = 0..n`, so the rows are the
//! indices sklearn returned. A case sklearn refused must be an error here too.

use nn::data::{train_test_split, train_test_split_stratified};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let text = include_str!("sklearn_split/cases.json");
    let file: Value = serde_json::from_str(text).expect("cases.json is JSON");
    file["cases"].as_array().expect("a list of cases").clone()
}

fn indices(value: &Value) -> Vec<usize> {
    let list = value.as_array().expect("a list of indices");
    list.iter().map(|i| i.as_u64().unwrap() as usize).collect()
}

/// What one case gave: `(train, test)` rows, or the error's message.
fn split(case: &Value) -> Result<(Vec<usize>, Vec<usize>), String> {
    let n = case["n"].as_u64().unwrap() as usize;
    let fraction = case["test_fraction"].as_f64().unwrap();
    let seed = u32::try_from(case["seed"].as_u64().unwrap()).expect("NumPy's seeds fit in u32");
    let x: Vec<usize> = (0..n).collect();
    let split = match case.get("stratify").and_then(Value::as_array) {
        None => train_test_split(&x, &x, fraction, seed),
        // Numbers as numbers and names as text, so each sorts as np.unique sorts it.
        Some(labels) if labels.iter().all(Value::is_u64) => {
            let labels: Vec<u64> = labels.iter().map(|l| l.as_u64().unwrap()).collect();
            train_test_split_stratified(&x, &x, fraction, seed, &labels)
        }
        Some(labels) => {
            let labels: Vec<&str> = labels.iter().map(|l| l.as_str().unwrap()).collect();
            train_test_split_stratified(&x, &x, fraction, seed, &labels)
        }
    };
    let split = split.map_err(|error| error.to_string())?;
    assert_eq!(split.x_train, split.y_train, "rows keep their labels");
    assert_eq!(split.x_test, split.y_test, "rows keep their labels");
    Ok((split.x_train, split.x_test))
}

#[test]
fn every_case_has_sklearns_rows_in_sklearns_order() {
    let cases = cases();
    assert!(cases.len() > 700, "{} cases", cases.len());
    let mut mismatches = Vec::new();
    let (mut stratified, mut refused) = (0, 0);
    for case in &cases {
        stratified += usize::from(case.get("stratify").is_some());
        let got = split(case);
        match case.get("error") {
            Some(message) => {
                refused += 1;
                if got.is_ok() {
                    mismatches.push(format!("{case}: sklearn refused ({message}), nn split"));
                }
            }
            None => {
                let expected = (indices(&case["train"]), indices(&case["test"]));
                if got.as_ref() != Ok(&expected) {
                    mismatches.push(format!(
                        "n {} fraction {} seed {}{}: expected {expected:?}, got {got:?}",
                        case["n"],
                        case["test_fraction"],
                        case["seed"],
                        if case.get("stratify").is_some() {
                            " stratified"
                        } else {
                            ""
                        },
                    ));
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
    // The file covers both kinds of split and sklearn's refusals.
    assert!(
        stratified > 300 && refused > 50,
        "{stratified} stratified, {refused} refused"
    );
}
