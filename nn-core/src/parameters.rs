//! A network's trainable values as one contiguous run of `f32`.

/// A value made only of `f32` parameters, laid out as one contiguous run of [`COUNT`](Self::COUNT)
/// floats.
///
/// This is what lets the optimizer update a whole network in one sweep over a flat slice, lets
/// gradients be zeroed with one fill and weights be saved with one write, and lets a large network
/// be allocated directly on the heap, never on the stack.
///
/// # Safety
///
/// An implementor must be `#[repr(C)]` (or `#[repr(transparent)]`) and consist only of `f32`s,
/// of nalgebra matrices with array storage of `f32`, of other `Parameters` and of zero-sized
/// markers, with `COUNT` the number of `f32`s it holds. Every bit pattern of such a type is valid
/// and all-zero bits are the value `0.0` everywhere. [`as_slice`](Self::as_slice) also checks,
/// when it is compiled, that the size is exactly `COUNT` floats, so padding or a miscounted field
/// does not compile.
pub unsafe trait Parameters: Sized {
    /// How many `f32` values the type holds.
    const COUNT: usize;

    /// All parameters, in declaration order.
    fn as_slice(&self) -> &[f32] {
        const { assert_flat::<Self>() };
        // SAFETY: the trait's contract makes `Self` exactly `COUNT` contiguous, aligned f32s.
        unsafe { core::slice::from_raw_parts((self as *const Self).cast::<f32>(), Self::COUNT) }
    }

    /// All parameters, in declaration order, writable.
    fn as_mut_slice(&mut self) -> &mut [f32] {
        const { assert_flat::<Self>() };
        // SAFETY: as in `as_slice`; the exclusive borrow of `self` covers every float.
        unsafe { core::slice::from_raw_parts_mut((self as *mut Self).cast::<f32>(), Self::COUNT) }
    }

    /// A value with every parameter `0.0`, built in place: for a network small enough for the
    /// stack (inference on a microcontroller); a large one belongs in [`zeroed_box`](Self::zeroed_box).
    fn zeroed() -> Self {
        const { assert_flat::<Self>() };
        // SAFETY: all-zero bits are a valid `Self` (only f32s and zero-sized markers).
        unsafe { core::mem::zeroed() }
    }

    #[cfg(feature = "std")]
    /// A heap-allocated value with every parameter `0.0`, built without a copy on the stack.
    ///
    /// A 784-128-64-10 network holds 436 KB of weights: building it on the stack and moving it
    /// into a `Box` overflows a test thread's stack in a debug build.
    fn zeroed_box() -> Box<Self> {
        const { assert_flat::<Self>() };
        let zeroed = Box::<Self>::new_zeroed();
        // SAFETY: all-zero bits are a valid `Self` (only f32s and zero-sized markers).
        unsafe { zeroed.assume_init() }
    }

    #[cfg(feature = "std")]
    /// A heap-allocated copy, made without going through the stack.
    fn boxed_copy(&self) -> Box<Self> {
        let mut copy = Self::zeroed_box();
        copy.as_mut_slice().copy_from_slice(self.as_slice());
        copy
    }
}

/// A `P` holding `values`, in declaration order: the inverse of
/// [`as_slice`](Parameters::as_slice), for a network whose weights are a constant.
///
/// `N` must be `P::COUNT`, which is checked when it compiles.
///
/// ```
/// use nn::activations::Linear;
/// use nn::layers::Dense;
///
/// const LAYER: Dense<2, 1, Linear> = nn::parameters_from_array(&[0.5, -1.0, 2.0]);
/// assert_eq!(LAYER.kernel.as_slice(), [0.5, -1.0]);
/// assert_eq!(LAYER.bias[0], 2.0);
/// ```
pub const fn parameters_from_array<P: Parameters, const N: usize>(values: &[f32; N]) -> P {
    const {
        assert_flat::<P>();
        assert!(P::COUNT == N, "the array must hold exactly `COUNT` values");
    };
    // SAFETY: `P` is exactly `N` f32s with f32's alignment (checked above), the alignment and
    // size of `values`; every bit pattern of its f32s is a valid `P` (the trait's contract), and
    // `ptr::read` copies them, leaving `values` borrowed and untouched.
    unsafe { core::ptr::read(values.as_ptr().cast::<P>()) }
}

/// Compile-time check that `P` is exactly `P::COUNT` floats with f32 alignment.
const fn assert_flat<P: Parameters>() {
    assert!(
        core::mem::size_of::<P>() == P::COUNT * core::mem::size_of::<f32>(),
        "a `Parameters` type must be exactly `COUNT` f32s with no padding"
    );
    assert!(core::mem::align_of::<P>() == core::mem::align_of::<f32>());
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    #[repr(C)]
    struct Pair {
        first: nalgebra::SMatrix<f32, 2, 3>,
        second: nalgebra::SVector<f32, 2>,
    }

    // SAFETY: repr(C), two f32 matrices, 8 floats.
    unsafe impl Parameters for Pair {
        const COUNT: usize = 8;
    }

    #[test]
    fn fields_appear_in_declaration_order_column_major() {
        let mut pair = Pair::zeroed_box();
        pair.first[(1, 0)] = 1.0;
        pair.second[1] = 2.0;
        assert_eq!(pair.as_slice(), &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0]);
        pair.as_mut_slice()[2] = 3.0;
        assert_eq!(pair.first[(0, 1)], 3.0);
        assert_eq!(pair.boxed_copy().as_slice(), pair.as_slice());
    }
}
