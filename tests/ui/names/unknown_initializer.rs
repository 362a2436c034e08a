nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu, kernel_initializer = glorot_unifrom) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
