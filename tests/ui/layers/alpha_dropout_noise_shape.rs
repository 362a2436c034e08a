nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, selu) -> alpha_dropout(0.1, noise_shape = 4) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
