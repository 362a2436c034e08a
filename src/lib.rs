//! Neural networks declared in code, checked by the compiler, trained like Keras models.
//!
//! - [`network!`]: the declaration language, with every layer, activation, loss, metric,
//!   optimizer, initializer and regularizer, its arguments and Keras's defaults;
//! - [`keras`]: a Keras program and its nn equivalent, line for line;
//! - [`Model`]: what a declared network does (`fit`, `evaluate`, `predict`, `save`, `load`), with
//!   [`FitOptions`], [`FitExtras`] and [`callbacks`] for training and [`data`] for reading and
//!   preparing rows.
//!
//! ```
//! use nn::prelude::*;
//!
//! nn::network! {
//!     /// Four inputs, two outputs.
//!     pub struct Regressor;
//!     input(4) -> dense(16, relu) -> dense(2, linear);
//!     loss = mse;
//!     optimizer = adam(lr = 0.005);
//! }
//!
//! # fn main() -> Result<(), nn::Error> {
//! let x: Vec<[f32; 4]> = (0..64).map(|i| [i as f32 / 64.0; 4]).collect();
//! let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0] * 0.5, 1.0 - r[0]]).collect();
//!
//! let mut model = Regressor::with_seed(1234);
//! let history = model.fit(&x, &y, &FitOptions::new().epochs(20).verbose(0))?;
//! assert!(history.loss().last() < history.loss().first());
//! let prediction: [f32; 2] = model.predict_one(&[0.5; 4]);
//! let scores = model.evaluate(&x, &y)?;
//! # let _ = (prediction, scores);
//! # Ok(())
//! # }
//! ```
//!
//! A run carries on where it stopped, bit for bit, from a training-state file (weights,
//! optimizer state, shuffle generator, epoch, History); the `BackupAndRestore` callback writes
//! one as it trains and resumes from it when `fit` starts again after a crash:
//!
//! ```
//! # use nn::prelude::*;
//! # nn::network! {
//! #     pub struct Regressor;
//! #     input(4) -> dense(16, relu) -> dense(2, linear);
//! #     loss = mse;
//! #     optimizer = adam(lr = 0.005);
//! # }
//! # fn main() -> Result<(), nn::Error> {
//! # let x: Vec<[f32; 4]> = (0..64).map(|i| [i as f32 / 64.0; 4]).collect();
//! # let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0] * 0.5, 1.0 - r[0]]).collect();
//! let path = std::env::temp_dir().join(format!("nn_doc_run_{}.safetensors", std::process::id()));
//! let options = FitOptions::new().epochs(4).verbose(0);
//! let mut whole = Regressor::with_seed(7);
//! let history = whole.fit(&x, &y, &options)?;
//!
//! let mut first = Regressor::with_seed(7);
//! let first_history = first.fit(&x, &y, &options.clone().epochs(2))?;
//! first.save_training_state(&path, &first_history)?;
//!
//! let mut second = Regressor::with_seed(99); // in another process, say
//! let point = second.resume_from(&path)?;
//! let rest = second.fit(&x, &y, &options.clone().initial_epoch(point.epoch))?;
//! assert_eq!(second.network().parameters(), whole.network().parameters());
//! assert_eq!([point.history.loss(), rest.loss()].concat(), history.loss());
//! # std::fs::remove_file(&path).ok();
//! # Ok(())
//! # }
//! ```
//!
//! Without `input(..)` the macro is an expression, and the input width is inferred from the
//! data it is first given, as Keras builds its first layer lazily:
//!
//! ```
//! use nn::prelude::*;
//!
//! let mut net = nn::network!(dense(8, relu) -> dense(1, linear); loss = mse; optimizer = adam());
//! let x = vec![[0.0_f32, 1.0, 2.0]; 8];          // rows of 3: the network takes 3 inputs
//! let y = vec![[1.0_f32]; 8];
//! net.fit(&x, &y, &FitOptions::new().epochs(2).verbose(0)).unwrap();
//! ```
//!
//! A misspelt name is a compile error at the name, with a suggestion:
//!
//! ```compile_fail
//! nn::network!(dense(8, rleu) -> dense(1, linear); loss = mse; optimizer = adam());
//! // error: unknown activation `rleu`; did you mean `relu`?
//! ```

//! Without the default `std` feature the crate is `#![no_std]`: `network!` still declares the
//! network's inference type (`RegressorInference` for `pub struct Regressor;`), whose
//! `predict_one` and `from_safetensors_bytes` need neither std nor a heap; training needs std.

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
pub use nn_core::{
    Batch, Error, Evaluation, FitExtras, FitOptions, FloatMode, FloatModeGuard, History,
    IntoVerbosity, Labels, Layers, Model, Network, Rng, Rows, Verbosity, data, initializers,
    losses, metrics, optimizers, regularizers, schedules, threads, tuning,
};
pub use nn_core::{
    Inference, Layout, Parameters, TensorLayout, activations, inference, io, layers,
    parameters_from_array,
};
#[cfg(feature = "std")]
pub use nn_core::{model, model::callbacks};
pub use nn_macros::{bake, network};

#[cfg(feature = "std")]
pub mod keras;

/// What a program that declares and trains networks needs in scope.
#[cfg(feature = "std")]
pub mod prelude {
    pub use nn_core::{Error, Evaluation, FitExtras, FitOptions, History, Model, Verbosity};
}

/// What the code `network!` generates refers to; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::__with_std as with_std;
    pub use nn_core::*;
}

/// Expands the items it is given with the `std` feature, to nothing without: `network!` puts
/// a network's training items in it, so that a `#![no_std]` crate keeps the inference type.
#[cfg(feature = "std")]
#[doc(hidden)]
#[macro_export]
macro_rules! __with_std {
    ($($items:tt)*) => { $($items)* };
}

/// Expands the items it is given with the `std` feature, to nothing without.
#[cfg(not(feature = "std"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __with_std {
    ($($items:tt)*) => {};
}

/// The README's code, compiled and run as a doctest so that it stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The examples of the `network!` language reference (nn-macros's `reference.md`, shown on
/// [`network!`]), run here because nn-macros cannot depend on `nn`.
#[doc = include_str!("../nn-macros/src/reference.md")]
#[cfg(doctest)]
pub struct ReferenceDoctests;
