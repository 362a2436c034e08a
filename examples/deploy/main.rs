//! The whole path from training to a device: train on the iris flowers, then write the weights
//! three ways, for the three ways of shipping them.
//!
//! - `examples/data/iris_deployed.safetensors`: the weights, which `nn::bake!` turns into
//!   constants of the inference-only `IrisDeployedInference` while compiling (the `nn-no-std`
//!   crate does, for a microcontroller: `cargo build -p nn-no-std-check --target
//!   thumbv7em-none-eabihf`), or which `IrisDeployedInference::from_safetensors_bytes` reads
//!   from `include_bytes!` with no allocation;
//! - `target/iris_deployed.onnx`: an ONNX model for onnxruntime or any ONNX runtime.
//!
//! `cargo run --release --example deploy`

use nn::data::{CsvTable, to_categorical, train_test_split};
use nn::prelude::*;

include!("iris_network.rs");

fn main() -> Result<(), nn::Error> {
    let root = env!("CARGO_MANIFEST_DIR");
    let table = CsvTable::read(format!("{root}/examples/data/iris.csv"))?;
    let x: Vec<[f32; 4]> = table.numbers_except(&["species"])?;
    let y = to_categorical::<3>(&table.labels("species")?)?;
    let split = train_test_split(&x, &y, 0.2, 42)?;
    let mut model = IrisDeployed::with_seed(42);
    let options = FitOptions::new().epochs(150).batch_size(16).verbose(0);
    model.fit(&split.x_train, &split.y_train, &options)?;
    let scores = model.evaluate(&split.x_test, &split.y_test)?;
    println!("{}", IrisDeployed::SUMMARY);
    println!(
        "test accuracy on raw measurements: {:.4}",
        scores.get("accuracy").unwrap_or(0.0)
    );

    let weights = format!("{root}/examples/data/iris_deployed.safetensors");
    model.save(&weights)?;
    let onnx = format!("{root}/target/iris_deployed.onnx");
    model.save_onnx(&onnx)?;
    println!("\nweights: {weights}\nONNX:    {onnx}");

    // What a device computes: the same network without std, its weights as constants.
    let deployed = model.inference();
    let flower = [5.1, 3.5, 1.4, 0.2];
    println!(
        "\npredict_one({flower:?}) = {:?} (inference-only type: {:?})",
        model.predict_one(&flower),
        deployed.predict_one(&flower)
    );
    Ok(())
}
