//! The `network!` macro of `nn`: a network declared in code becomes statically sized Rust.
//!
//! Three phases, one module each, as in serde_derive and thiserror:
//! `parse` reads the tokens into a syntax tree, `validate` judges every name and value and
//! collects all mistakes, `expand` writes out code that calls into `nn-core`. When validation
//! fails, `fallback` emits the errors with a stand-in for the declared struct; `naming` names a
//! network written as an expression (its `name = ..` setting, or its chain). The names the
//! language knows live in `catalog`; the language's reference, the rustdoc of `network!`, is
//! `reference.md`, and `reference_tests` fails if it leaves out a name of the catalog.

mod bake;
mod catalog;
mod errors;
mod expand;
mod fallback;
mod naming;
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

/// Bakes a safetensors file into the program at compile time: `nn::bake!(RegressorInference,
/// "weights/regressor.safetensors")` is a constant expression of the inference type that
/// `network!` declares beside `Regressor`, holding the file's weights, for a `static` or a
/// `const`. The path is relative to the crate's `Cargo.toml`. A file that cannot be read, is
/// not safetensors, holds other than f32 values or a NaN, or does not hold exactly the
/// network's tensors by name and shape, is a compile error saying which.
#[proc_macro]
pub fn bake(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match syn::parse::<bake::Bake>(input) {
        Ok(input) => bake::bake(input).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// The whole macro on `proc_macro2` tokens, so that it can be tested outside the compiler.
fn expand_network(input: TokenStream) -> TokenStream {
    let mut declaration = match syn::parse2::<parse::Declaration>(input) {
        Ok(declaration) => declaration,
        Err(error) => return error.to_compile_error(),
    };
    let header = declaration.header.as_ref().map(|header| parse::Header {
        vis: header.vis.clone(),
        name: header.name.clone(),
    });
    let mut naming_errors = errors::Errors::default();
    let declared_name = naming::take_declared_name(&mut declaration, &mut naming_errors);
    let validated = validate::validate(declaration);
    match (validated, naming_errors.finish(())) {
        (Ok(network), Ok(())) => match &network.header {
            Some(header) => expand::items(&network, &header.name),
            None => {
                let name = declared_name.unwrap_or_else(|| naming::derived(&network));
                expand::expression(&network, &name)
            }
        },
        (validated, named) => {
            let errors = [named.err(), validated.err()]
                .into_iter()
                .flatten()
                .reduce(|mut all, error| {
                    all.combine(error);
                    all
                })
                .expect("the name or the rest of the declaration has a mistake");
            fallback::stand_in(errors, header.as_ref(), declared_name)
        }
    }
}

#[cfg(test)]
mod every_name_tests;
#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod tests;
