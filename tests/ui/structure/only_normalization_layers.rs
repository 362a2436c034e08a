nn::network! {
    pub struct Regressor;
    input(4) -> batch_normalization -> gaussian_noise(0.1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
