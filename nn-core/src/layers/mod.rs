//! The layers a network is made of, each statically sized by its const generics.
//!
//! Each layer's type, its [`Parameters`](crate::Parameters) and its [`Forward`] (one sample at
//! inference) build without std; its batched training passes ([`Layer`]) and their buffers need
//! std.

mod activation;
mod alpha_dropout;
mod batch_normalization;
#[cfg(feature = "std")]
pub mod chain;
mod dense;
mod dropout;
mod forward;
mod gaussian_dropout;
mod gaussian_noise;
#[cfg(feature = "std")]
mod layer;
mod layer_normalization;
#[cfg(all(test, feature = "std"))]
mod testing;
mod training_noise;
mod unit_normalization;

pub use activation::Activation;
#[cfg(feature = "std")]
pub use activation::ActivationBuffers;
pub use alpha_dropout::{AlphaDropout, AlphaDropoutKind};
#[cfg(feature = "std")]
pub use alpha_dropout::{AlphaDropoutBuffers, AlphaDropoutConstants};
pub use batch_normalization::BatchNormalization;
#[cfg(feature = "std")]
pub use batch_normalization::BatchNormalizationBuffers;
#[cfg(feature = "std")]
pub use dense::DenseBuffers;
pub use dense::{BiasTerm, Dense, NoBias};
#[cfg(feature = "std")]
pub use dropout::DropoutBuffers;
pub use dropout::{Dropout, DropoutKind};
pub use forward::Forward;
#[cfg(feature = "std")]
pub use gaussian_dropout::GaussianDropoutBuffers;
pub use gaussian_dropout::{GaussianDropout, GaussianDropoutKind};
#[cfg(feature = "std")]
pub use gaussian_noise::GaussianNoiseBuffers;
pub use gaussian_noise::{GaussianNoise, GaussianNoiseKind};
#[cfg(feature = "std")]
pub use layer::{Layer, LayerOutput};
pub use layer_normalization::LayerNormalization;
#[cfg(feature = "std")]
pub use layer_normalization::LayerNormalizationBuffers;
pub use training_noise::TrainingNoise;
#[cfg(feature = "std")]
pub use training_noise::{NoiseKind, TrainingNoiseBuffers};
pub use unit_normalization::UnitNormalization;
#[cfg(feature = "std")]
pub use unit_normalization::UnitNormalizationBuffers;
