nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu, kernel_regularizer = l2(-0.01)) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
