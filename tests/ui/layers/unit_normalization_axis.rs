nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, relu) -> unit_normalization(axis = 1) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
