nn::network! {
    pub struct Regressor;
    input(4) -> dense(activation = relu) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
