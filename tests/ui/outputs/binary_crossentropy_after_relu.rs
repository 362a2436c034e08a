nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(1, relu);
    loss = binary_crossentropy;
    optimizer = adam();
}

fn main() {}
