//! Where a named tensor sits in a network's parameters, known when the network compiles.

/// One named tensor of a network: its Keras name, its shape, and where its values start in the
/// network's flat parameters.
///
/// The `'static`, allocation-free counterpart of [`TensorInfo`](super::TensorInfo): `network!`
/// writes a declared network's list as a constant (`RegressorInference::TENSORS`), which the
/// weights loader [`read_safetensors_bytes`](super::read_safetensors_bytes) checks a file
/// against without std.
///
/// ```
/// use nn::TensorLayout;
///
/// const KERNEL: TensorLayout = TensorLayout::new("dense_0/kernel", &[4, 8], 0);
/// assert_eq!(KERNEL.len(), 32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TensorLayout {
    /// Keras's name, `layer/role`.
    pub name: &'static str,
    /// The tensor's shape, outermost first.
    pub shape: &'static [usize],
    /// Where its values start in the flat parameters.
    pub offset: usize,
}

impl TensorLayout {
    /// The tensor `name` of `shape`, its values starting at `offset`.
    pub const fn new(name: &'static str, shape: &'static [usize], offset: usize) -> Self {
        TensorLayout {
            name,
            shape,
            offset,
        }
    }

    /// How many values the tensor holds: the product of its shape.
    pub const fn len(&self) -> usize {
        let mut len = 1;
        let mut i = 0;
        while i < self.shape.len() {
            len *= self.shape[i];
            i += 1;
        }
        len
    }

    /// Whether the tensor holds no value (a dimension of 0).
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A network's layers with the list of their tensors known when they compile: what an
/// [`Inference`](crate::inference::Inference) reads a file against. `network!` implements it
/// for each network it declares with an input width.
pub trait Layout: crate::Parameters {
    /// Every tensor, in the order of the parameters.
    const TENSORS: &'static [TensorLayout];
}
