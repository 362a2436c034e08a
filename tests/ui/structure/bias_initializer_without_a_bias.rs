nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu, use_bias = false, bias_initializer = ones) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
