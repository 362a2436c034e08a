nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = sgd(lr = 0.01, momentum = 0.9, nestrov = true);
}

fn main() {}
