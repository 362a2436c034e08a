nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dropout(0.999999999) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
