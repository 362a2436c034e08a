//! The `network!` macro of `nn`: a network declared in code becomes statically sized Rust.
//!
//! Three phases, one module each, as in serde_derive and thiserror:
//! `parse` reads the tokens into a syntax tree, `validate` judges every name and value and
//! collects all mistakes, `expand` writes out code that calls into `nn-core`. When validation
//! fails, `fallback` emits the errors with a stand-in for the declared struct. The names the
//! language knows live in `catalog`.

mod catalog;
mod errors;
mod expand;
mod fallback;
mod parse;
mod suggest;
mod summary;
mod validate;

use proc_macro::TokenStream;

/// Declares a neural network; see the `nn` crate for the language.
#[proc_macro]
pub fn network(input: TokenStream) -> TokenStream {
    let declaration = syn::parse_macro_input!(input as parse::Declaration);
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
    .into()
}
