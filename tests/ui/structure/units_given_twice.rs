nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, units = 16, activation = relu) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
