nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(3, linear);
    loss = categorical_crossentropy(from_logits = 1);
    optimizer = adam();
}

fn main() {}
