nn::network! {
    pub struct Regressor;
    input(4) -> dense(8, relu) -> dense(1);
    loss = mse;
    optimizer = adam();
    name = Regressor;
}

fn main() {
    let _ = Regressor::new();
}
