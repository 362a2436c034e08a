nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(1, sigmoid) -> gaussian_noise(0.1);
    loss = binary_crossentropy;
    optimizer = adam();
}

fn main() {}
