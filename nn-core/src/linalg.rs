//! Matrix products on column-major slices: small ones in loops here, the rest handed to
//! `matrixmultiply`'s sgemm.
//!
//! nalgebra only calls sgemm when a dimension is dynamic and every dimension exceeds 5, and never
//! for transposed products; its fallback loops are several times slower. Expressing a transpose
//! as swapped strides covers every product of training without copying a matrix.
//!
//! sgemm packs both operands into a buffer it allocates on every call. For a product of a few
//! thousand multiply-adds (a 4-wide input, a 16→2 head) the packing and the allocation cost
//! more than the arithmetic, so below [`SMALL_PRODUCT`] the product is two plain loops that the
//! compiler vectorises along a contiguous column, allocating nothing.

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

/// Products of at most this many multiply-adds (`rows · inner · columns`) run in [`small`]'s
/// loops rather than sgemm.
pub(crate) const SMALL_PRODUCT: usize = 32 * 1024;

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
    if a.rows * a.columns * b.columns <= SMALL_PRODUCT {
        small(a, b, c);
        return;
    }
    sgemm(a, b, c);
}

impl View<'_> {
    /// The element at row `i`, column `j`.
    #[inline(always)]
    fn at(&self, i: usize, j: usize) -> f32 {
        self.data[(i as isize * self.row_stride + j as isize * self.column_stride) as usize]
    }

    /// Column `j` as a contiguous slice, when the view's columns are contiguous.
    #[inline(always)]
    fn column(&self, j: usize) -> Option<&[f32]> {
        let start = j as isize * self.column_stride;
        (self.row_stride == 1).then(|| &self.data[start as usize..start as usize + self.rows])
    }

    /// Row `i` as a contiguous slice, when the view's rows are contiguous (a transpose).
    #[inline(always)]
    fn row(&self, i: usize) -> Option<&[f32]> {
        let start = i as isize * self.row_stride;
        (self.column_stride == 1).then(|| &self.data[start as usize..start as usize + self.columns])
    }
}

/// `c = a · b` in loops, for small products. Column `j` of `c` is `Σ_p a[:, p] · b[p, j]`, a run
/// of multiply-adds along a contiguous column of `a` when `a`'s columns are contiguous;
/// otherwise (`a` a transpose) each `c[i, j]` is the dot product of row `i` of `a` and column
/// `j` of `b`, summed in eight lanes.
fn small(a: View<'_>, b: View<'_>, c: &mut [f32]) {
    let m = a.rows;
    for (j, c) in c.chunks_exact_mut(m).enumerate() {
        if a.row_stride == 1 {
            c.fill(0.0);
            for p in 0..a.columns {
                let b = b.at(p, j);
                let a = a.column(p).expect("contiguous columns");
                for (c, a) in c.iter_mut().zip(a) {
                    *c += a * b;
                }
            }
        } else if let (Some(_), Some(b)) = (a.row(0), b.column(j)) {
            for (i, c) in c.iter_mut().enumerate() {
                *c = dot(a.row(i).expect("contiguous rows"), b);
            }
        } else {
            for (i, c) in c.iter_mut().enumerate() {
                *c = (0..a.columns).map(|p| a.at(i, p) * b.at(p, j)).sum();
            }
        }
    }
}

/// `Σ xᵢ·yᵢ` in eight partial sums, which the compiler keeps in one vector register (a single
/// running sum would have to be added in order, one lane at a time).
#[inline(always)]
fn dot(x: &[f32], y: &[f32]) -> f32 {
    let mut lanes = [0.0_f32; 8];
    let (xs, x_rest) = x.as_chunks::<8>();
    let (ys, y_rest) = y.as_chunks::<8>();
    for (x, y) in xs.iter().zip(ys) {
        for l in 0..8 {
            lanes[l] += x[l] * y[l];
        }
    }
    let tail: f32 = x_rest.iter().zip(y_rest).map(|(x, y)| x * y).sum();
    lanes.iter().sum::<f32>() + tail
}

/// `c = a · b` by `matrixmultiply::sgemm`.
fn sgemm(a: View<'_>, b: View<'_>, c: &mut [f32]) {
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

    /// Every product of training (`W·X`, `G·Xᵀ`, `Wᵀ·G`) on both sides of [`SMALL_PRODUCT`],
    /// against nalgebra in f64: the loops and sgemm sum in different orders, so they agree to
    /// f32 rounding of the sums (1e-5 relative to the sum of |terms|), not bit for bit.
    #[test]
    fn small_and_large_products_match_a_double_precision_reference() {
        let cases = [
            (2, 16, 32),
            (16, 4, 32),
            (3, 9, 5),
            (17, 33, 7),
            (128, 64, 32),
        ];
        for (rows, inner, columns) in cases {
            let a = sample(rows, inner, 3.0);
            let b = sample(inner, columns, 5.0).map(|v| v.sin());
            let (at, bt) = (a.transpose(), b.transpose());
            let exact = a.map(f64::from) * b.map(f64::from);
            let scale = a.map(|v| f64::from(v.abs())) * b.map(|v| f64::from(v.abs()));
            let views = [
                (
                    View::new(a.as_slice(), rows, inner),
                    View::new(b.as_slice(), inner, columns),
                ),
                (
                    View::new(at.as_slice(), inner, rows).t(),
                    View::new(b.as_slice(), inner, columns),
                ),
                (
                    View::new(a.as_slice(), rows, inner),
                    View::new(bt.as_slice(), columns, inner).t(),
                ),
                (
                    View::new(at.as_slice(), inner, rows).t(),
                    View::new(bt.as_slice(), columns, inner).t(),
                ),
            ];
            for (case, (a, b)) in views.into_iter().enumerate() {
                let mut c = vec![f32::NAN; rows * columns];
                matmul(a, b, &mut c);
                for (k, c) in c.iter().enumerate() {
                    let error = (f64::from(*c) - exact[k]).abs();
                    assert!(
                        error <= 1e-5 * scale[k],
                        "{rows}×{inner}×{columns}, layout {case}, element {k}: {c} vs {}",
                        exact[k]
                    );
                }
            }
        }
        assert!(2 * 16 * 32 <= SMALL_PRODUCT && 128 * 64 * 32 > SMALL_PRODUCT);
    }
}
