nn::network! {
    pub struct Regressor;
    input(4) -> gaussian_noise() -> dense(16, relu) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
