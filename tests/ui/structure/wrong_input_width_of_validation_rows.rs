use nn::prelude::*;

nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {
    let x: Vec<[f32; 4]> = vec![[0.0; 4]; 8];
    let y: Vec<[f32; 1]> = vec![[0.0]; 8];
    let x_val = [[0.0_f32; 3]; 2];
    let y_val = [[0.0_f32]; 2];
    let mut model = Regressor::new();
    let options = FitOptions::new();
    let _ = model.fit_with(&x, &y, &options, FitExtras::new().validation_data(&x_val, &y_val));
}
