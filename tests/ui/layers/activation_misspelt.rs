nn::network! {
    pub struct Regressor;
    input(4) -> dense(16) -> activation(rleu) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
