//! What `fit`, `evaluate` and `predict` accept as data, with a message a person understands
//! when the width or the label type is wrong.

/// Samples of `N` values each: `Vec<[f32; N]>`, `[[f32; N]]` or `[[f32; N]; M]`.
#[diagnostic::on_unimplemented(
    message = "this network takes rows of {N} values, but `{Self}` is not rows of {N} values",
    label = "expected rows of {N} values",
    note = "pass one `[f32; {N}]` per sample, e.g. a `Vec<[f32; {N}]>`; the width is fixed by \
            `input({N})` (or by the first data the network was given)"
)]
pub trait Rows<const N: usize> {
    /// The samples, one array each.
    fn rows(&self) -> &[[f32; N]];
}

impl<const N: usize> Rows<N> for [[f32; N]] {
    fn rows(&self) -> &[[f32; N]] {
        self
    }
}

impl<const N: usize> Rows<N> for Vec<[f32; N]> {
    fn rows(&self) -> &[[f32; N]] {
        self
    }
}

impl<const N: usize, const M: usize> Rows<N> for [[f32; N]; M] {
    fn rows(&self) -> &[[f32; N]] {
        self
    }
}

/// One label of type `T` per sample: `Vec<T>`, `[T]` or `[T; M]`.
#[diagnostic::on_unimplemented(
    message = "this network's loss trains on labels of type `{T}`, but `{Self}` is not a list of them",
    label = "expected one `{T}` per sample",
    note = "sparse losses (`sparse_categorical_crossentropy`) take class indices, `usize`; every \
            other loss takes one `[f32; OUTPUTS]` row per sample (see `nn::data::to_categorical`)"
)]
pub trait Labels<T> {
    /// The labels, one per sample.
    fn labels(&self) -> &[T];
}

impl<T> Labels<T> for [T] {
    fn labels(&self) -> &[T] {
        self
    }
}

impl<T> Labels<T> for Vec<T> {
    fn labels(&self) -> &[T] {
        self
    }
}

impl<T, const M: usize> Labels<T> for [T; M] {
    fn labels(&self) -> &[T] {
        self
    }
}
