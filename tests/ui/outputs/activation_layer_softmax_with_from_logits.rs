nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(3) -> activation(softmax);
    loss = categorical_crossentropy(from_logits = true);
    optimizer = adam();
}

fn main() {}
