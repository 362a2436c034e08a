//! NaN in the input of `predict` comes out as NaN, never as a plausible number: activations
//! propagate NaN as TensorFlow's do (issue 11). `relu` written as `max(z, 0)` returned 0 for a NaN
//! pre-activation, so a NaN row came out of this network as its last bias.

use nn::prelude::*;

nn::network! {
    struct Net;
    input(3) -> dense(8, relu) -> dense(8, relu6) -> dense(8, leaky_relu) -> dense(8, celu)
        -> dense(8, hard_sigmoid) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

#[test]
fn a_nan_row_predicts_nan_and_leaves_other_rows_alone() {
    let model = Net::with_seed(3);
    let rows = [[0.5, -1.0, 2.0], [f32::NAN, 0.0, 0.0], [0.5, -1.0, 2.0]];
    let batch = model.predict(&rows);
    assert!(
        batch[1].iter().all(|v| v.is_nan()),
        "NaN row: {:?}",
        batch[1]
    );
    assert!(batch[0].iter().all(|v| v.is_finite()));
    assert_eq!(batch[0], batch[2], "rows beside the NaN row are unaffected");
    let one = model.predict_one(&rows[1]);
    assert!(one.iter().all(|v| v.is_nan()), "predict_one: {one:?}");
    assert!(model.predict_one(&rows[0]).iter().all(|v| v.is_finite()));
}
