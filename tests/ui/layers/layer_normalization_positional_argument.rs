nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> layer_normalization(1e-5) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
