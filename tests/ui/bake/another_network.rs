nn::network! {
    pub struct Other;
    input(4) -> dense(8, relu) -> dense(3, softmax);
    loss = categorical_crossentropy;
    optimizer = adam();
}

// The file holds IrisDeployed's weights: a batch normalization, then 16 hidden units. The path
// is relative to the crate's Cargo.toml, which for trybuild's cases is in target/tests/trybuild/nn.
static BAKED: OtherInference =
    nn::bake!(OtherInference, "../../../../examples/data/iris_deployed.safetensors");

fn main() {}
