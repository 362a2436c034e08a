nn::network! {
    pub struct Regressor;
    input(4) -> dense(0, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
