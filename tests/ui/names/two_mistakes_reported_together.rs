nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, rleu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = -0.1);
}

fn main() {
    // The stand-in struct keeps these lines from adding errors of their own.
    let mut model = Regressor::with_seed(1);
    let _ = model.fit(&[[0.0_f32; 4]], &[[0.0_f32]], &());
    let prediction: Vec<[f32; 1]> = model.predict(&[[0.0_f32; 4]]);
    let _ = (prediction, model.evaluate(&[[0.0_f32; 4]], &[[0.0_f32]]));
}
