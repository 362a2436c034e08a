//! What the macro emits when the declaration has mistakes: the errors, plus a stand-in for the
//! declared struct so that the rest of the program does not add a cascade of secondary errors
//! (thiserror's `fallback.rs` does the same).

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

use crate::parse::Header;

/// The errors, and a struct named as declared (by `struct Name;`, or by `name = Name;` in an
/// expression) whose methods accept anything. Its bodies are never run: the program does not
/// compile while the errors stand.
pub fn stand_in(
    errors: syn::Error,
    header: Option<&Header>,
    declared_name: Option<Ident>,
) -> TokenStream {
    let errors = errors.to_compile_error();
    let (vis, name) = match header {
        Some(header) => (header.vis.clone(), header.name.clone()),
        None => (
            syn::Visibility::Inherited,
            declared_name.unwrap_or_else(crate::naming::stand_in),
        ),
    };
    let items = quote! {
        #errors
        #vis struct #name;

        #[allow(dead_code, unused_variables, clippy::all)]
        impl #name {
            pub const INPUTS: usize = 0;
            pub const OUTPUTS: usize = 0;
            pub const PARAMETERS: usize = 0;
            pub fn new() -> Self { #name }
            pub fn with_seed(seed: u64) -> Self { #name }
            pub fn fit<X, Y, O>(&mut self, x: X, y: Y, options: O) -> ::core::result::Result<::nn::History, ::nn::Error> {
                unreachable!()
            }
            pub fn evaluate<X, Y>(&self, x: X, y: Y) -> ::core::result::Result<::nn::Evaluation, ::nn::Error> {
                unreachable!()
            }
            pub fn predict<X>(&self, x: X) -> ! { unreachable!() }
            pub fn predict_one<X>(&self, x: X) -> ! { unreachable!() }
        }
    };
    match header {
        Some(_) => items,
        None => quote!({ #items #name }),
    }
}
