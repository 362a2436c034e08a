//! The `network!` macro of `nn`: a network declared in code becomes statically sized Rust.
//!
//! Three phases, one module each, as in serde_derive and thiserror:
//! `parse` reads the tokens into a syntax tree, `validate` judges every name and value and
//! collects all mistakes, `expand` writes out code that calls into `nn-core`. When validation
//! fails, `fallback` emits the errors with a stand-in for the declared struct. The names the
//! language knows live in `catalog`; the language's reference, the rustdoc of `network!`, is
//! `reference.md`, and `reference_tests` fails if it leaves out a name of the catalog.

mod catalog;
mod errors;
mod expand;
mod fallback;
mod parse;
mod suggest;
mod summary;
mod validate;

use proc_macro2::TokenStream;

// The reference's examples use `nn`, which this crate cannot depend on: they run as doctests of
// the `nn` package (`ReferenceDoctests` in its lib.rs), not here.
#[cfg_attr(not(doctest), doc = include_str!("reference.md"))]
#[proc_macro]
pub fn network(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand_network(input.into()).into()
}

/// The whole macro on `proc_macro2` tokens, so that it can be tested outside the compiler.
fn expand_network(input: TokenStream) -> TokenStream {
    let declaration = match syn::parse2::<parse::Declaration>(input) {
        Ok(declaration) => declaration,
        Err(error) => return error.to_compile_error(),
    };
    let header = declaration.header.as_ref().map(|header| parse::Header {
        vis: header.vis.clone(),
        name: header.name.clone(),
    });
    match validate::validate(declaration) {
        Ok(network) => match &network.header {
            Some(header) => expand::items(&network, &header.name),
            None => expand::expression(&network),
        },
        Err(errors) => fallback::stand_in(errors, header.as_ref()),
    }
}

#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod tests;
