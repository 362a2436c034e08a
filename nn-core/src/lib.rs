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

//! Without the default `std` feature the crate is `#![no_std]` and allocates nothing: what is
//! left is inference, [`Forward`](layers::Forward) of every layer, the activations (their float
//! functions from libm, see `math`), [`Parameters`], and [`io::read_safetensors_bytes`], which
//! reads weights from a byte slice.

// Tests run with std either way: the test harness needs it, and comparing with std is the point.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
#![warn(missing_docs)]

pub mod activations;
#[doc(hidden)]
pub mod bake;
#[cfg(feature = "std")]
pub mod data;
#[cfg(feature = "std")]
mod error;
#[cfg(feature = "std")]
mod float_mode;
pub mod inference;
#[cfg(feature = "std")]
pub mod initializers;
pub mod io;
pub mod layers;
#[cfg(feature = "std")]
mod linalg;
#[cfg(feature = "std")]
pub mod losses;
mod math;
#[cfg(feature = "std")]
pub mod metrics;
#[cfg(feature = "std")]
pub mod model;
#[cfg(feature = "std")]
pub mod optimizers;
mod parameters;
#[cfg(feature = "std")]
mod python_float;
#[cfg(feature = "std")]
mod random;
#[cfg(feature = "std")]
pub mod regularizers;
#[cfg(feature = "std")]
pub mod schedules;
#[cfg(feature = "std")]
pub mod threads;
#[cfg(feature = "std")]
pub mod tuning;
#[cfg(feature = "std")]
mod widest;

/// The matrix library layers and batches are built on, re-exported so versions always match.
pub use nalgebra;

#[cfg(feature = "std")]
pub use error::Error;
#[cfg(feature = "std")]
pub use float_mode::{FloatMode, FloatModeGuard};
pub use inference::Inference;
pub use io::{BytesError, Layout, TensorLayout};
#[cfg(feature = "std")]
pub use model::{
    Evaluation, FitExtras, FitOptions, History, IntoVerbosity, Labels, Layers, Model, Network,
    Rows, Verbosity,
};
pub use parameters::{Parameters, parameters_from_array};
#[cfg(feature = "std")]
pub use random::Rng;

/// A mini-batch of `N`-wide samples, one sample per column.
#[cfg(feature = "std")]
pub type Batch<const N: usize> = nalgebra::OMatrix<f32, nalgebra::Const<N>, nalgebra::Dyn>;
