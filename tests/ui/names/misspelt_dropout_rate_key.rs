nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> dropout(rat = 0.2) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
