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
    // Keras 3 reached about 0.22 on this data in one run, the walk-through 0.14. One run says
    // little: the error is a few parts in a thousand of the targets' range, and where the last
    // steps of Adam at lr 0.005 leave the weights decides it. Over model seeds 1 to 8 it measured
    // 0.11, 0.20, 0.20, 0.27, 0.37, 0.80, 1.0 and 1.2, so the bound is the spread's top, not one
    // lucky run. (This seed, 1234, gave 0.55, then 0.11 once small layers summed in another
    // order: the figure moves with rounding as much as with the seed.)
    assert!(
        mae <= 1.25,
        "test MAE {mae} in original units is outside the spread of seeds 1 to 8"
    );
}
