nn::network! {
    pub struct Regressor;
    input(4) -> dens(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam();
}

fn main() {}
