nn::network! {
    pub struct Deeper;
    input(4) -> batch_normalization(momentum = 0.9) -> dense(16, relu) -> dense(3, relu)
        -> dense(3, softmax);
    loss = categorical_crossentropy;
    optimizer = adam();
}

// The file holds every tensor of the first three layers, none of `dense_2`. The path is
// relative to the crate's Cargo.toml, which for trybuild's cases is in target/tests/trybuild/nn.
static BAKED: DeeperInference =
    nn::bake!(DeeperInference, "../../../../examples/data/iris_deployed.safetensors");

fn main() {}
