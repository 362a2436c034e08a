use nalgebra::DMatrix;
use rand_distr::{Distribution as _, StandardNormal};

use super::{Fans, Initializer};
use crate::Rng;

/// Keras's `orthogonal`: a (semi-)orthogonal kernel times `gain` (default 1).
///
/// ```text
/// A ~ N(0, 1) of shape (max(rows, cols), min(rows, cols))
/// Q, R = qr(A);  Q ← Q · sign(diag(R))
/// W = gain · Q, transposed when rows < cols        (rows = fan_in, cols = fan_out)
/// ```
///
/// The rows of `W` (if fewer than its columns) or its columns are orthonormal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Orthogonal {
    /// The factor the orthogonal matrix is multiplied by.
    pub gain: f32,
}

impl Default for Orthogonal {
    fn default() -> Self {
        Orthogonal { gain: 1.0 }
    }
}

impl Initializer for Orthogonal {
    const NAME: &'static str = "orthogonal";

    fn fill(&self, values: &mut [f32], fans: Fans, rng: &mut Rng) {
        let (rows, cols) = (fans.fan_in, fans.fan_out);
        assert_eq!(
            values.len(),
            rows * cols,
            "an orthogonal kernel fills fan_in × fan_out values"
        );
        let (tall, wide) = (rows.max(cols), rows.min(cols));
        let a = DMatrix::<f32>::from_fn(tall, wide, |_, _| StandardNormal.sample(rng));
        let qr = a.qr();
        let mut q = qr.q();
        let r = qr.r();
        for (j, mut column) in q.column_iter_mut().enumerate() {
            if r[(j, j)] < 0.0 {
                column.neg_mut();
            }
        }
        // `values` is the row-major (rows × cols) kernel.
        let kernel = if rows < cols { q.transpose() } else { q };
        for i in 0..rows {
            for j in 0..cols {
                values[i * cols + j] = self.gain * kernel[(i, j)];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// `W·Wᵀ = gain²·I` for a wide kernel, `Wᵀ·W = gain²·I` for a tall one.
    fn assert_orthogonal(rows: usize, cols: usize) {
        let mut values = vec![0.0; rows * cols];
        let fans = Fans {
            fan_in: rows,
            fan_out: cols,
        };
        Orthogonal { gain: 2.0 }.fill(&mut values, fans, &mut Rng::seed_from_u64(5));
        let w = DMatrix::from_row_slice(rows, cols, &values);
        let gram = if rows < cols {
            &w * w.transpose()
        } else {
            w.transpose() * &w
        };
        let expected = DMatrix::<f32>::identity(gram.nrows(), gram.ncols()) * 4.0;
        approx::assert_abs_diff_eq!(gram, expected, epsilon = 1e-4);
    }

    #[test]
    fn kernels_are_orthogonal_times_gain() {
        assert_orthogonal(4, 128);
        assert_orthogonal(64, 16);
        assert_orthogonal(8, 8);
    }
}
