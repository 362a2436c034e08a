// The network the deploy example trains, the `nn-no-std` crate bakes in, and
// tests/baked.rs checks: one declaration, included by all three.
nn::network! {
    /// Iris species from raw measurements in centimetres. The batch normalization first learns
    /// the inputs' scale while training, so the deployed network needs no scaler beside it.
    pub struct IrisDeployed;
    input(4) -> batch_normalization(momentum = 0.9) -> dense(16, relu) -> dense(3, softmax);
    loss = categorical_crossentropy;
    optimizer = adam(lr = 0.01);
    metrics = [accuracy];
}
