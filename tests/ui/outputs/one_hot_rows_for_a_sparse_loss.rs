use nn::prelude::*;

nn::network! {
    pub struct Classifier;
    input(4) -> dense(16, relu) -> dense(3, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam();
}

fn main() {
    let x = vec![[0.0_f32; 4]; 8];
    let one_hot = vec![[1.0_f32, 0.0, 0.0]; 8];
    let mut model = Classifier::new();
    let _ = model.fit(&x, &one_hot, &FitOptions::new());
}
