use nn::prelude::*;

nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {
    let x: Vec<[f32; 3]> = vec![[0.0; 3]; 8];
    let y: Vec<[f32; 1]> = vec![[0.0]; 8];
    let mut model = Regressor::new();
    let _ = model.fit(&x, &y, &FitOptions::new());
}
