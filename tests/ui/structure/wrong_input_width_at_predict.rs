use nn::prelude::*;

nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {
    let model = Regressor::new();
    let _ = model.predict(&[[0.0_f32; 5]; 2]);
    let _ = model.predict_one(&[0.0_f32; 3]);
}
