nn::network! {
    pub struct Regressor;
    input(4) -> dense(16, activaton = relu) -> dense(1);
    loss = mse;
    optimizer = adam();
}

fn main() {}
