nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1);
    loss = mse;
    optimizer = adam(learning_rate = 0.01, 0.9);
}

fn main() {}
