use nn::prelude::*;

/// Prices from rows of 4 measurements, by any network that takes 4 and gives 1.
fn predict_prices(model: &impl Model<4, 1>, x: &[[f32; 4]]) -> Vec<[f32; 1]> {
    model.predict(x)
}

fn main() {
    let x = vec![[0.0_f32; 4]; 8];
    let net = nn::network!(input(3) -> dense(8, relu) -> dense(1); loss = mse; optimizer = adam());
    let _ = predict_prices(&net, &x);
}
