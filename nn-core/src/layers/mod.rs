//! The layers a network is made of, each statically sized by its const generics.

mod dense;

pub use dense::{Dense, DenseBuffers};
