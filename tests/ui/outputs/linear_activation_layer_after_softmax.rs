nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(3, softmax) -> activation(linear);
    loss = categorical_crossentropy;
    optimizer = adam();
}

fn main() {}
