//! `bake!(NetworkInference, "weights.safetensors")`: a safetensors file read while compiling
//! and written into the program as constants, so that a network starts with its weights in
//! read-only data and no file I/O, with or without `std`.
//!
//! The file is read here, in the macro, and every tensor checked for what the macro can judge
//! alone (a safetensors file, f32 values, none NaN or infinite); each becomes a constant array.
//! What depends on the declaration (that the file holds exactly the network's tensors, by name
//! and shape) is checked by the compiler, in constant assertions against the inference type's
//! `TENSORS`, each naming the file's tensor it is about. The file is also named to
//! `include_bytes!`, so that Cargo compiles again when it changes.

use std::path::PathBuf;

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token, Type};

/// `Type, "path"`
pub struct Bake {
    inference: Type,
    path: LitStr,
}

impl Parse for Bake {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let inference = input.parse()?;
        input.parse::<Token![,]>()?;
        let path = input.parse()?;
        input.parse::<Option<Token![,]>>()?;
        Ok(Bake { inference, path })
    }
}

/// One tensor of the file: its name, shape and values.
struct Tensor {
    name: String,
    shape: Vec<usize>,
    values: Vec<f32>,
}

/// The expression building the baked network, or the errors at the path.
pub fn bake(input: Bake) -> TokenStream {
    let Bake { inference, path } = input;
    let written = path.value();
    let file = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(directory) => PathBuf::from(directory).join(&written),
        None => PathBuf::from(&written),
    };
    let tensors = match read(&file, &written) {
        Ok(tensors) => tensors,
        Err(message) => return syn::Error::new(path.span(), message).to_compile_error(),
    };
    let nn = quote!(::nn::__private);
    let count = tensors.len();
    let held = tensors.iter().map(|tensor| {
        let (name, shape) = (&tensor.name, &tensor.shape);
        quote!(#nn::bake::holds(<#inference>::TENSORS, #name, &[#(#shape),*]))
    });
    let checks = tensors.iter().zip(held.clone()).map(|(tensor, held)| {
        let message = format!(
            "`{written}` holds `{}` of shape {:?}, which `{}` has not: compare the declaration \
             with the network that saved the file (its `TENSORS` lists what it holds)",
            tensor.name,
            tensor.shape,
            quote!(#inference)
        );
        quote!(
            const _: () = ::core::assert!(#held, #message);
        )
    });
    let count_message = format!(
        "`{written}` holds {count} tensors and `{}` another number: a tensor of the declaration \
         is not in the file",
        quote!(#inference)
    );
    let entries = tensors.iter().map(|tensor| {
        let name = &tensor.name;
        let values = tensor.values.iter().map(|&v| Literal::f32_suffixed(v));
        quote!((#name, &[#(#values),*]))
    });
    let absolute = file.to_string_lossy().into_owned();
    let absolute = LitStr::new(&absolute, Span::call_site());
    quote! {{
        // Compiles again when the file changes.
        const _: &[u8] = ::core::include_bytes!(#absolute);
        #(#checks)*
        // Every tensor of the file is the network's: then another count means one of the
        // network's is missing from the file (said only then, not beside the checks above).
        const HELD: bool = true #(&& #held)*;
        const _: () = ::core::assert!(!HELD || <#inference>::TENSORS.len() == #count, #count_message);
        // Only a file that fits is placed, so that a mistake is said once, by the checks above.
        const FITS: bool = HELD && <#inference>::TENSORS.len() == #count;
        const FILE: &[(&str, &[f32])] = &[#(#entries),*];
        const PARAMETERS: [f32; <#inference>::PARAMETERS] = match FITS {
            true => #nn::bake::parameters(<#inference>::TENSORS, FILE),
            false => [0.0; <#inference>::PARAMETERS],
        };
        <#inference>::from_parameters(&PARAMETERS)
    }}
}

/// Every tensor of the safetensors file at `file` (`written` in messages), each f32 and finite.
fn read(file: &std::path::Path, written: &str) -> Result<Vec<Tensor>, String> {
    let bytes = std::fs::read(file)
        .map_err(|error| format!("cannot read `{written}` ({}): {error}", file.display()))?;
    let parsed = safetensors::SafeTensors::deserialize(&bytes)
        .map_err(|error| format!("`{written}` is not a safetensors file: {error}"))?;
    let mut tensors = Vec::new();
    for (name, view) in parsed.tensors() {
        if view.dtype() != safetensors::Dtype::F32 {
            return Err(format!(
                "`{written}`: `{name}` holds {:?} values; nn's weights are F32",
                view.dtype()
            ));
        }
        let values: Vec<f32> = view
            .data()
            .chunks_exact(4)
            .map(|bytes| f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
            .collect();
        if let Some(index) = values.iter().position(|value| !value.is_finite()) {
            return Err(format!(
                "`{written}`: `{name}`[{index}] is {}; a baked network's weights must be finite",
                values[index]
            ));
        }
        tensors.push(Tensor {
            name,
            shape: view.shape().to_vec(),
            values,
        });
    }
    // Sorted by name (the header is a map, read in no fixed order), so that the messages and
    // the generated constants come out the same on every build.
    tensors.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(tensors)
}
