nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(3, softmax);
    loss = categorical_crossentropy;
    optimizer = adam();
    metrics = [sparse_categorical_accuracy];
}

fn main() {}
