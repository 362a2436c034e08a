//! The quickstart example's network learns the walk-through's data: its test MAE in original
//! units ends far below that of always predicting the mean.

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../examples/multi_output.rs"]
mod example;

#[test]
fn example_network_beats_a_constant_predictor_by_far() {
    let (mae, constant) = example::train_and_score(100, 0).unwrap();
    assert!(
        mae < 0.01 * constant,
        "test MAE {mae} is not far below the constant predictor's {constant}"
    );
    // Keras 3 reaches about 0.22 on this data, the walk-through 0.14.
    assert!(
        mae <= 0.3,
        "test MAE {mae} in original units is worse than Keras's"
    );
}
