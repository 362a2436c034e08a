nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, rleu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

fn main() {
    let _ = Regressor::new();
}
