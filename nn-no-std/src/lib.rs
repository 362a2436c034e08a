//! A network declared and run with neither std nor a heap: what a microcontroller's firmware
//! does with nn. It exists to be built, for the host and for a bare-metal target
//! (`cargo build -p nn-no-std-check --target thumbv7em-none-eabihf`), so that CI notices
//! anything that pulls std or alloc into inference.
//!
//! Two ways of carrying the weights: `IRIS` has the deploy example's trained weights baked in
//! as constants by `nn::bake!` (read-only data, nothing read at start); `predict` reads a
//! safetensors file as `Classifier::save` writes it from a byte slice, as `include_bytes!`
//! gives one, with no allocation.

#![no_std]

use nn::io::BytesError;

nn::network! {
    /// Four sensor readings, two classes; every layer kind with an inference pass.
    pub struct Classifier;
    input(4) -> dense(8, relu) -> layer_normalization -> dropout(0.1)
        -> batch_normalization -> unit_normalization -> gaussian_noise(0.1)
        -> gaussian_dropout(0.1) -> alpha_dropout(0.1) -> activation(gelu)
        -> dense(2, softmax);
    loss = categorical_crossentropy;
    optimizer = adam();
}

include!("../../examples/deploy/iris_network.rs");

/// The iris classifier `cargo run --release --example deploy` trained, in read-only data.
pub static IRIS: IrisDeployedInference = nn::bake!(
    IrisDeployedInference,
    "../examples/data/iris_deployed.safetensors"
);

/// The probability of each iris species for raw measurements in centimetres.
pub fn classify_iris(measurements: &[f32; 4]) -> [f32; 3] {
    IRIS.predict_one(measurements)
}

/// The two classes' probabilities for `x`, the weights read from the bytes of a weights file.
pub fn predict(weights: &[u8], x: &[f32; 4]) -> Result<[f32; 2], BytesError> {
    let network = ClassifierInference::from_safetensors_bytes(weights)?;
    Ok(network.predict_one(x))
}
