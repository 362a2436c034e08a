//! The layers a network is made of, each statically sized by its const generics.

mod activation;
mod alpha_dropout;
mod batch_normalization;
mod dense;
mod dropout;
mod gaussian_dropout;
mod gaussian_noise;
mod layer;
mod layer_normalization;
#[cfg(test)]
mod testing;
mod unit_normalization;

pub use activation::{Activation, ActivationBuffers};
pub use alpha_dropout::{AlphaDropout, AlphaDropoutBuffers};
pub use batch_normalization::{BatchNormalization, BatchNormalizationBuffers};
pub use dense::{BiasTerm, Dense, DenseBuffers, NoBias};
pub use dropout::{Dropout, DropoutBuffers};
pub use gaussian_dropout::{GaussianDropout, GaussianDropoutBuffers};
pub use gaussian_noise::{GaussianNoise, GaussianNoiseBuffers};
pub use layer::{Layer, LayerOutput};
pub use layer_normalization::{LayerNormalization, LayerNormalizationBuffers};
pub use unit_normalization::{UnitNormalization, UnitNormalizationBuffers};
