nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, leaky_relu(negative_slope = "small")) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
