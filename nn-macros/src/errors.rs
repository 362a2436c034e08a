//! Collecting every mistake in a declaration so that they are reported together.

use std::fmt::Display;

use proc_macro2::Span;

/// The errors found so far, each at its own span (serde_derive's `Ctxt`, in small).
#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// Records a mistake at `span`.
    pub fn at(&mut self, span: Span, message: impl Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// Records an error that already carries its span.
    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// `Ok(value)` if nothing was recorded, else every error combined into one.
    pub fn finish<T>(self, value: T) -> syn::Result<T> {
        let mut errors = self.errors.into_iter();
        match errors.next() {
            None => Ok(value),
            Some(mut first) => {
                errors.for_each(|error| first.combine(error));
                Err(first)
            }
        }
    }
}
