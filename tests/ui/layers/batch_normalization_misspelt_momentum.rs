nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> batch_normalization(momentun = 0.9) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
