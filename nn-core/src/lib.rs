//! The runtime of `nn`: everything a declared network executes.
//!
//! The `network!` macro (in `nn-macros`) turns a declaration into a struct whose fields are the
//! statically sized layers of this crate and whose forward and backward passes call them in
//! order. Everything that can be a plain generic function lives here, where it is tested without
//! the macro:
//!
//! - [`layers`]: [`Dense`](layers::Dense) on nalgebra matrices, forward and backward;
//! - [`activations`], [`losses`], [`optimizers`], [`initializers`]: one concept per module, each
//!   with its formula and Keras's defaults;
//! - [`model`]: the [`Model`] trait the macro implements and the [`Network`] it wraps, with
//!   `fit`, `evaluate`, `predict` and `predict_one`;
//! - [`Parameters`]: a network's weights as one contiguous run of `f32`, which is what the
//!   optimizer sweeps over.
//!
//! A mini-batch is a [`Batch<N>`]: an `N × n` matrix holding one sample per column.

#![warn(missing_docs)]

pub mod activations;
pub mod data;
mod error;
mod float_mode;
pub mod initializers;
pub mod io;
pub mod layers;
mod linalg;
pub mod losses;
pub mod metrics;
pub mod model;
pub mod optimizers;
mod parameters;
mod python_float;
mod random;
pub mod regularizers;
pub mod schedules;
pub mod threads;
pub mod tuning;
mod widest;

/// The matrix library layers and batches are built on, re-exported so versions always match.
pub use nalgebra;

pub use error::Error;
pub use float_mode::{FloatMode, FloatModeGuard};
pub use model::{
    Evaluation, FitExtras, FitOptions, History, IntoVerbosity, Labels, Layers, Model, Network,
    Rows, Verbosity,
};
pub use parameters::Parameters;
pub use random::Rng;

/// A mini-batch of `N`-wide samples, one sample per column.
pub type Batch<const N: usize> = nalgebra::OMatrix<f32, nalgebra::Const<N>, nalgebra::Dyn>;
