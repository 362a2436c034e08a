nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(3, softmax) -> dropout(0.2);
    loss = categorical_crossentropy;
    optimizer = adam();
}

fn main() {}
