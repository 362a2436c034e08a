nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(learning_rat = 0.005);
}

fn main() {}
