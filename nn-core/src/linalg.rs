//! Matrix products on column-major slices, handed to `matrixmultiply`'s sgemm.
//!
//! nalgebra only calls sgemm when a dimension is dynamic and every dimension exceeds 5, and never
//! for transposed products; its fallback loops are several times slower. Expressing a transpose
//! as swapped strides covers every product of training without copying a matrix.

/// A read-only view of a column-major `rows × columns` matrix, possibly transposed.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    data: &'a [f32],
    rows: usize,
    columns: usize,
    row_stride: isize,
    column_stride: isize,
}

impl<'a> View<'a> {
    /// `data` as a column-major `rows × columns` matrix.
    pub(crate) fn new(data: &'a [f32], rows: usize, columns: usize) -> Self {
        assert_eq!(
            data.len(),
            rows * columns,
            "matrix data does not match its shape"
        );
        View {
            data,
            rows,
            columns,
            row_stride: 1,
            column_stride: rows as isize,
        }
    }

    /// The transpose, as the same data read with swapped strides.
    pub(crate) fn t(self) -> Self {
        View {
            data: self.data,
            rows: self.columns,
            columns: self.rows,
            row_stride: self.column_stride,
            column_stride: self.row_stride,
        }
    }
}

/// `c = a · b`, with `c` a column-major `a.rows × b.columns` matrix.
pub(crate) fn matmul(a: View<'_>, b: View<'_>, c: &mut [f32]) {
    assert_eq!(a.columns, b.rows, "inner dimensions of a product differ");
    assert_eq!(
        c.len(),
        a.rows * b.columns,
        "product output does not match its shape"
    );
    if c.is_empty() {
        return;
    }
    // SAFETY: the asserts above and the `View` constructor guarantee that every index sgemm
    // forms from these dimensions and strides lies inside the three slices.
    unsafe {
        matrixmultiply::sgemm(
            a.rows,
            a.columns,
            b.columns,
            1.0,
            a.data.as_ptr(),
            a.row_stride,
            a.column_stride,
            b.data.as_ptr(),
            b.row_stride,
            b.column_stride,
            0.0,
            c.as_mut_ptr(),
            1,
            a.rows as isize,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    fn sample(rows: usize, columns: usize, offset: f32) -> DMatrix<f32> {
        DMatrix::from_fn(rows, columns, |i, j| (i * 7 + j * 3) as f32 * 0.25 - offset)
    }

    #[test]
    fn products_with_transposes_match_nalgebra() {
        let a = sample(3, 4, 1.0);
        let b = sample(4, 5, 2.0);
        let bt = b.transpose();
        let at = a.transpose();
        let mut c = vec![0.0; 15];

        matmul(
            View::new(a.as_slice(), 3, 4),
            View::new(b.as_slice(), 4, 5),
            &mut c,
        );
        assert_eq!(c, (&a * &b).as_slice());

        matmul(
            View::new(a.as_slice(), 3, 4),
            View::new(bt.as_slice(), 5, 4).t(),
            &mut c,
        );
        assert_eq!(c, (&a * &b).as_slice());

        matmul(
            View::new(at.as_slice(), 4, 3).t(),
            View::new(b.as_slice(), 4, 5),
            &mut c,
        );
        assert_eq!(c, (&a * &b).as_slice());
    }
}
