nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> gaussian_dropout(1.0) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
