//! The layers a network is made of, each statically sized by its const generics.

mod batch_normalization;
mod dense;
mod dropout;
mod layer;
mod layer_normalization;

pub use batch_normalization::{BatchNormalization, BatchNormalizationBuffers};
pub use dense::{BiasTerm, Dense, DenseBuffers, NoBias};
pub use dropout::{Dropout, DropoutBuffers};
pub use layer::{Layer, LayerOutput};
pub use layer_normalization::{LayerNormalization, LayerNormalizationBuffers};
