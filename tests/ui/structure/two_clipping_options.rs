nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(clipnorm = 1.0, clipvalue = 0.5);
}

fn main() {}
