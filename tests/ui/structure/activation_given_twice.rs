nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu, activation = tanh) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
