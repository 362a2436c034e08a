nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(3, softmax) -> layer_normalization;
    loss = categorical_crossentropy;
    optimizer = adam();
}

fn main() {}
