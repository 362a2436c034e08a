nn::network! {
    pub struct Regressor;
    input(4) -> dense(8, relu) -> dense(1);
    loss = mse;
    optimizer = adam();
}

static BAKED: RegressorInference = nn::bake!(RegressorInference, "weights/regressor.safetensors");

fn main() {}
