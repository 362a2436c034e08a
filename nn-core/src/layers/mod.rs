//! The layers a network is made of, each statically sized by its const generics.

mod dense;
mod dropout;

pub use dense::{Dense, DenseBuffers};
pub use dropout::{Dropout, DropoutBuffers};
