//! `nn::bake!`: the weights the deploy example saved, compiled into the program as constants,
//! predict what the trained network predicts from the same file, to the bit; and the same
//! bytes through the allocation-free loader.

use nn::data::CsvTable;
use nn::prelude::*;

include!("../examples/deploy/iris_network.rs");

/// The network `cargo run --release --example deploy` trained, in read-only data.
static BAKED: IrisDeployedInference = nn::bake!(
    IrisDeployedInference,
    "examples/data/iris_deployed.safetensors"
);

const WEIGHTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/iris_deployed.safetensors"
);

fn flowers() -> Vec<[f32; 4]> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/iris.csv");
    let table = CsvTable::read(path).unwrap();
    table.numbers_except(&["species"]).unwrap()
}

#[test]
fn the_baked_network_predicts_as_the_trained_one_to_the_bit() {
    let mut trained = IrisDeployed::new();
    trained.load(WEIGHTS).unwrap();
    assert_eq!(BAKED.parameters(), trained.network().parameters());
    let flowers = flowers();
    assert_eq!(flowers.len(), 150);
    for flower in flowers {
        let baked = BAKED.predict_one(&flower);
        let ours = trained.predict_one(&flower);
        assert_eq!(
            baked.map(f32::to_bits),
            ours.map(f32::to_bits),
            "{flower:?}"
        );
    }
}

#[test]
fn the_loader_reads_the_same_bytes_to_the_same_network() {
    static BYTES: &[u8] = include_bytes!("../examples/data/iris_deployed.safetensors");
    let loaded = IrisDeployedInference::from_safetensors_bytes(BYTES).unwrap();
    assert_eq!(loaded.parameters(), BAKED.parameters());
    // The moving statistics were baked in with the rest.
    let moving_mean = IrisDeployedInference::TENSORS
        .iter()
        .find(|tensor| tensor.name == "batch_normalization_0/moving_mean")
        .unwrap();
    let mean = &BAKED.parameters()[moving_mean.offset..][..4];
    assert!(mean.iter().all(|&m| m > 0.1), "{mean:?}");
}
