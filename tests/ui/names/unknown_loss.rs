nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dense(1, linear);
    loss = mean_squard_error;
    optimizer = adam(lr = 0.005);
}

fn main() {}
