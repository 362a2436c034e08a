nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, activation = relu) -> dense(3);
    loss = categorical_crossentropy;
    optimizer = adam();
}

fn main() {}
