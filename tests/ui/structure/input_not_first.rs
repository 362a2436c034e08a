nn::network! {
    pub struct Regressor;
    dense(16, relu) -> input(4) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
