nn::network! {
    pub struct Regressor;
    input(4) -> dense(16) -> activation -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
