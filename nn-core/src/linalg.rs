//! Matrix products on column-major slices: a small layer's in loops here, the rest handed to
//! `matrixmultiply`'s sgemm.
//!
//! nalgebra only calls sgemm when a dimension is dynamic and every dimension exceeds 5, and never
//! for transposed products; its fallback loops are several times slower. Expressing a transpose
//! as swapped strides covers every product of training without copying a matrix.
//!
//! A product of at least [`MIN_THREAD_WORK`] multiply-adds per thread splits its output's
//! columns over up to [`threads::max_threads`](crate::threads::max_threads) threads (kept
//! waiting in [`helpers`]); smaller ones, and the small kernels, run on the calling thread.
//!
//! sgemm packs both operands into a buffer it allocates on every call. For a product of a few
//! thousand multiply-adds (a 4-wide input, a 16→2 head) the packing and the allocation cost
//! more than the arithmetic, so a small layer (see [`small_wins`]) multiplies in [`small`]'s
//! loops, specialised by its sizes, allocating nothing.

mod helpers;
mod tiled;

use std::cell::RefCell;
use std::sync::Mutex;

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

    /// Columns `first .. first + count` of the matrix.
    fn columns_from(self, first: usize, count: usize) -> Self {
        assert!(first + count <= self.columns, "columns out of the matrix");
        View {
            // Strides are never negative (`new` and `t` make them from sizes), so column
            // `first` and every later one start at or after this offset.
            data: &self.data[(first * self.column_stride as usize).min(self.data.len())..],
            columns: count,
            ..self
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
    if a.row_stride != 1 && tiled::available() {
        // The tiled kernels read A by columns: a transposed A (Wᵀ in ∂L/∂X = Wᵀ·G) is
        // copied once, into a buffer each thread keeps, so that no product allocates after
        // the first.
        thread_local!(static CONTIGUOUS: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) });
        return CONTIGUOUS.with_borrow_mut(|copy| {
            copy.resize(a.rows * a.columns, 0.0);
            transpose_into(a, copy);
            multiply(View::new(copy, a.rows, a.columns), b, c);
        });
    }
    multiply(a, b, c);
}

/// Writes `a` into `copy` column-major, its columns contiguous. `a` is a transpose (its rows
/// contiguous, `Wᵀ` in `∂L/∂X = Wᵀ·G`): eight of its rows are read side by side, so each of
/// `copy`'s columns is written eight values at a time, with no bounds check per value (the
/// index-per-value loop took 16 % of W3's training time, this one 13 %: `perf record` of the
/// training bench).
fn transpose_into(a: View<'_>, copy: &mut [f32]) {
    const ROWS: usize = 8;
    let (rows, columns) = (a.rows, a.columns);
    if a.column_stride != 1 || a.row_stride as usize != columns {
        for (p, column) in copy.chunks_exact_mut(rows).enumerate() {
            for (i, value) in column.iter_mut().enumerate() {
                *value = a.data[i * a.row_stride as usize + p * a.column_stride as usize];
            }
        }
        return;
    }
    let source = &a.data[..rows * columns];
    let mut first = 0;
    for block in source.chunks(ROWS * columns) {
        let block_rows = block.len() / columns;
        if block_rows == ROWS {
            let row: [&[f32]; ROWS] = std::array::from_fn(|r| &block[r * columns..][..columns]);
            for (p, column) in copy.chunks_exact_mut(rows).enumerate() {
                let values: [f32; ROWS] = std::array::from_fn(|r| row[r][p]);
                column[first..first + ROWS].copy_from_slice(&values);
            }
        } else {
            for (r, row) in block.chunks_exact(columns).enumerate() {
                for (p, &value) in row.iter().enumerate() {
                    copy[p * rows + first + r] = value;
                }
            }
        }
        first += block_rows;
    }
}

/// `c = a · b` on as many threads as [`product_threads`] gives.
fn multiply(a: View<'_>, b: View<'_>, c: &mut [f32]) {
    let threads = product_threads(a.rows, a.columns, b.columns, crate::threads::max_threads());
    if threads <= 1 {
        one_thread(a, b, c);
    } else {
        split_by_columns(a, b, c, threads);
    }
}

/// `c = a · b` on the calling thread: in [`tiled`]'s kernels where the CPU has them and `a`'s
/// columns are contiguous, else by sgemm.
fn one_thread(a: View<'_>, b: View<'_>, c: &mut [f32]) {
    if a.row_stride != 1 || !tiled::product(a, b, c) {
        sgemm(a, b, c);
    }
}

/// The fewest multiply-adds (`m·k·n`) a product must have for each thread it runs on: a
/// product splits in two from 512 k. Measured on Zen 4 with the helpers awake (BENCHMARKS.md,
/// "Both cores"), two threads against one: 82 k (64→10 at batch 128) 1.0–1.2×, 262 k (128→64
/// at batch 32) 1.0–1.2×, 524 k (128→64 at batch 64) 1.4×, 1 M (W5's 128→64 products at batch
/// 128) 1.4–1.7×, 12.8 M (its 784→128 ones) 1.8–1.95×. Every product of a layer under
/// [`small_wins`] stays below.
pub(crate) const MIN_THREAD_WORK: usize = 256 * 1024;

/// Output columns a thread takes at the least, in multiples of which columns are dealt out:
/// a multiple of sgemm's widest micro-kernel (16 columns), so that a split adds no partial tiles.
const COLUMN_BLOCK: usize = 16;

/// How many threads an `m × k` by `k × n` product runs on with at most `max` allowed: one below
/// [`MIN_THREAD_WORK`] per thread (every product of a small layer), else as many as the work
/// and its column blocks allow.
pub(crate) fn product_threads(m: usize, k: usize, n: usize, max: usize) -> usize {
    let work = m.saturating_mul(k).saturating_mul(n);
    max.min(work / MIN_THREAD_WORK)
        .min(n.div_ceil(COLUMN_BLOCK))
        .max(1)
}

/// `c = a · b` on `threads` threads (the caller's one of them), each computing a run of `c`'s
/// columns. Every element of `c` is one dot product, which sgemm sums over `k` in an order set
/// by `k` alone, so the bits do not depend on how the columns are dealt out. The workers take
/// the caller's floating-point mode: the same product must flush the same subnormals.
fn split_by_columns(a: View<'_>, b: View<'_>, c: &mut [f32], threads: usize) {
    let threads = threads.min(MAX_SPLIT);
    let columns = b.columns.div_ceil(threads).next_multiple_of(COLUMN_BLOCK);
    let flush = crate::FloatMode::current().flushes_subnormals();
    // Each run of columns in a slot its share takes it from: a share is called by reference.
    // Arrays, not vectors: a training step allocates nothing.
    let mut chunks = c.chunks_mut(columns * a.rows).enumerate();
    let runs: [_; MAX_SPLIT] = std::array::from_fn(|_| {
        Mutex::new(
            chunks
                .next()
                .map(|(i, c)| (b.columns_from(i * columns, c.len() / a.rows), c)),
        )
    });
    let count = runs
        .iter()
        .filter(|run| run.lock().is_ok_and(|run| run.is_some()))
        .count();
    let shares: [_; MAX_SPLIT] = std::array::from_fn(|i| {
        let run = &runs[i];
        move || {
            let _mode = if flush {
                crate::FloatMode::flush_subnormals()
            } else {
                crate::FloatMode::keep_subnormals()
            };
            let taken = run
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take();
            if let Some((b, c)) = taken {
                one_thread(a, b, c);
            }
        }
    });
    let shares: [&(dyn Fn() + Sync); MAX_SPLIT] = std::array::from_fn(|i| &shares[i] as _);
    helpers::run(&shares[..count]);
}

/// The most threads one product is split over.
const MAX_SPLIT: usize = 8;

/// The largest kernel (`IN · OUT` weights) multiplied by [`small`]'s loops rather than sgemm,
/// in batches of at most [`SMALL_BATCH`] samples, where the CPU lacks [`tiled`]'s kernels; see
/// [`small_wins`].
pub(crate) const SMALL_LAYER: usize = 2048;

/// See [`SMALL_LAYER`].
pub(crate) const SMALL_BATCH: usize = 64;

/// Whether a layer of `weights` multiplies a batch of `samples` faster in [`small`]'s loops
/// than in sgemm, as measured on Zen 4 (BENCHMARKS.md): up to 512 weights at any batch size,
/// up to [`SMALL_LAYER`] in batches up to [`SMALL_BATCH`] (in larger ones sgemm's blocking wins
/// for `∂W = G·Xᵀ`). For CPUs without [`tiled`]'s kernels.
const fn small_wins(weights: usize, samples: usize) -> bool {
    weights <= 512 || (weights <= SMALL_LAYER && samples <= SMALL_BATCH)
}

/// Whether a layer's `Z = W·X` runs faster in [`small`]'s loops than in [`matmul`]. With
/// [`tiled`]'s kernels only a head of fewer than 8 units or an input of at most 4 values does
/// (a tile of 16 or 32 rows is mostly empty, or sums too few products to pay for storing
/// them: 16→2 at batch 32 took 143 ns in the loops and 200 ns tiled, 4→128 at batch 256 4.0
/// and 5.4 µs; 16→16 at batch 32 took 309 and 191 ns, 128→64 7.5 and 3.5 µs).
pub(crate) fn small_product_wins(inputs: usize, units: usize, samples: usize) -> bool {
    if tiled::available() {
        units < 8 || inputs <= 4
    } else {
        small_wins(inputs * units, samples)
    }
}

/// Whether a layer's `∂L/∂W = G·Xᵀ` and `∂L/∂X = Wᵀ·G` run faster in [`small`]'s loops than in
/// [`matmul`]: never with [`tiled`]'s kernels (32→16 at batch 32: 741 against 328 ns for
/// `G·Xᵀ`, 452 against 454 ns for `Wᵀ·G`; 128→64: 7.7 against 3.5 µs and 11.4 against 7.2 µs).
pub(crate) fn small_gradients_win(weights: usize, samples: usize) -> bool {
    !tiled::available() && small_wins(weights, samples)
}

/// Products of a small Dense layer, in loops specialised by its sizes: the compiler unrolls
/// them over `OUT` (and `IN`) and keeps a sample's sums in vector registers. For such layers
/// sgemm's packing, and the buffer it allocates for it on every call, cost more than the
/// arithmetic. A batch is a slice of samples, `[f32; N]` each; the kernel `W` (`OUT × IN`,
/// column-major) is an array of its `IN` columns.
pub(crate) mod small {
    /// Defines `$name` to run `$body` compiled for the widest vector unit the CPU has
    /// ([`crate::widest`]): sgemm picks AVX-512 or AVX2 at run time, and these loops must too,
    /// or a 16-lane sgemm beats them at any size. Each sum is still taken in the same order, so
    /// every path gives the same bits.
    macro_rules! widest {
        ($(#[$doc:meta])* $name:ident = $body:ident($($arg:ident: $ty:ty),*)) => {
            $(#[$doc])*
            pub(crate) fn $name<const IN: usize, const OUT: usize>($($arg: $ty),*) {
                // Below 256 weights the baseline build measured faster than either.
                if IN * OUT >= 256 {
                    crate::widest::call!($body::<IN, OUT>($($arg),*))
                } else {
                    $body::<IN, OUT>($($arg),*)
                }
            }
        };
    }

    widest! {
        /// `Z[:, j] = W · X[:, j]` for every sample `j`.
        product = product_in(w: &[[f32; OUT]; IN], x: &[[f32; IN]], z: &mut [[f32; OUT]])
    }

    widest! {
        /// `∂W = G · Xᵀ`.
        outer_sum = outer_sum_in(g: &[[f32; OUT]], x: &[[f32; IN]], dw: &mut [[f32; OUT]; IN])
    }

    widest! {
        /// `∂X[:, j] = Wᵀ · G[:, j]`.
        transposed_product = transposed_product_in(
            w: &[[f32; OUT]; IN],
            g: &[[f32; OUT]],
            dx: &mut [[f32; IN]]
        )
    }

    /// `Z[:, j] = W · X[:, j]` for every sample `j`. (Four samples at a time, to load each
    /// column of `W` once for four, measured slower: the sums no longer fit in registers.)
    #[inline(always)]
    fn product_in<const IN: usize, const OUT: usize>(
        w: &[[f32; OUT]; IN],
        x: &[[f32; IN]],
        z: &mut [[f32; OUT]],
    ) {
        for (x, z) in x.iter().zip(z) {
            let mut sum = [0.0_f32; OUT];
            for (column, &x) in w.iter().zip(x) {
                for (sum, w) in sum.iter_mut().zip(column) {
                    *sum += w * x;
                }
            }
            *z = sum;
        }
    }

    /// `∂W = G · Xᵀ`: column `p` of `∂W` is `Σ_j G[:, j] · X[p, j]`, summed in registers.
    #[inline(always)]
    fn outer_sum_in<const IN: usize, const OUT: usize>(
        g: &[[f32; OUT]],
        x: &[[f32; IN]],
        dw: &mut [[f32; OUT]; IN],
    ) {
        for (p, column) in dw.iter_mut().enumerate() {
            let mut sum = [0.0_f32; OUT];
            for (g, x) in g.iter().zip(x) {
                let x = x[p];
                for (sum, g) in sum.iter_mut().zip(g) {
                    *sum += g * x;
                }
            }
            *column = sum;
        }
    }

    /// `∂X[:, j] = Wᵀ · G[:, j] = Σ_i G[i, j] · (row i of W)`, with the rows of `W` copied
    /// side by side first (at most [`SMALL_LAYER`](super::SMALL_LAYER) values, on the stack) so
    /// that each sample's sums stay in registers.
    #[inline(always)]
    fn transposed_product_in<const IN: usize, const OUT: usize>(
        w: &[[f32; OUT]; IN],
        g: &[[f32; OUT]],
        dx: &mut [[f32; IN]],
    ) {
        let mut rows = [[0.0_f32; IN]; OUT];
        for (p, column) in w.iter().enumerate() {
            for (row, &w) in rows.iter_mut().zip(column) {
                row[p] = w;
            }
        }
        for (g, dx) in g.iter().zip(dx) {
            let mut sum = [0.0_f32; IN];
            for (row, &g) in rows.iter().zip(g) {
                for (sum, w) in sum.iter_mut().zip(row) {
                    *sum += w * g;
                }
            }
            *dx = sum;
        }
    }
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

    /// A product split over threads by its output's columns gives sgemm's bits on one thread,
    /// for W5's shapes (784→128 at batch 128: `W·X` and `G·Xᵀ`) and for odd ones whose columns
    /// do not divide evenly, also with subnormals flushed in the caller (the workers must flush
    /// them too: these operands are subnormal, read as zero only where flushed).
    #[test]
    fn a_split_product_has_the_bits_of_one_on_one_thread() {
        for (m, k, n) in [(128, 784, 128), (128, 128, 784), (37, 300, 61), (5, 9, 33)] {
            for tiny in [false, true] {
                let scale = if tiny { 1e-39 } else { 1.0 };
                let a: Vec<f32> = (0..m * k)
                    .map(|i| ((i * 7919) % 101) as f32 - 50.0)
                    .collect();
                let b: Vec<f32> = (0..k * n)
                    .map(|i| (((i * 104_729) % 97) as f32 * 0.37).sin() * scale)
                    .collect();
                let a = View::new(&a, m, k);
                let _flush = crate::FloatMode::flush_subnormals_if(tiny);
                for b in [View::new(&b, k, n), View::new(&b, n, k).t()] {
                    let mut one = vec![f32::NAN; m * n];
                    one_thread(a, b, &mut one);
                    for threads in [2, 3] {
                        let mut split = vec![f32::NAN; m * n];
                        split_by_columns(a, b, &mut split, threads);
                        assert!(
                            one.iter()
                                .zip(&split)
                                .all(|(x, y)| x.to_bits() == y.to_bits()),
                            "{m}×{k}×{n} on {threads} threads, tiny {tiny}"
                        );
                    }
                    if tiny && crate::FloatMode::SUPPORTED {
                        assert!(one.iter().all(|v| *v == 0.0 || v.is_normal()));
                        assert!(one.contains(&0.0));
                    }
                }
            }
        }
    }

    /// `matmul` (tiled kernels, transposed copies, edge tiles, runs of 128 along `k`, splits
    /// over threads) against a double-precision product, for the walk-through's and W5's
    /// shapes and odd ones: each element within 1e-6 of the sum of its terms' magnitudes
    /// (f32 rounding of a sum of `k` products is a few parts in 10⁷ of it).
    #[test]
    fn products_match_a_double_precision_reference() {
        let shapes = [
            (64, 128, 32),
            (128, 64, 32),
            (128, 784, 128),
            (128, 128, 784),
            (37, 300, 61),
            (2, 16, 33),
            (16, 2, 33),
            (1, 1, 1),
            (33, 129, 7),
        ];
        for (m, k, n) in shapes {
            let a = sample(m, k, 2.0).map(f32::sin);
            let b = sample(k, n, 1.0).map(f32::cos);
            let (at, bt) = (a.transpose(), b.transpose());
            let exact = a.map(f64::from) * b.map(f64::from);
            let scale = a.map(|v| f64::from(v.abs())) * b.map(|v| f64::from(v.abs()));
            let views = [
                (View::new(a.as_slice(), m, k), View::new(b.as_slice(), k, n)),
                (
                    View::new(at.as_slice(), k, m).t(),
                    View::new(b.as_slice(), k, n),
                ),
                (
                    View::new(a.as_slice(), m, k),
                    View::new(bt.as_slice(), n, k).t(),
                ),
            ];
            for (which, (a, b)) in views.into_iter().enumerate() {
                for threads in [1, 2] {
                    let mut c = vec![f32::NAN; m * n];
                    crate::threads::with_max_threads(threads, || matmul(a, b, &mut c));
                    for (index, got) in c.iter().enumerate() {
                        let error = (f64::from(*got) - exact[index]).abs();
                        assert!(
                            error <= 1e-6 * scale[index],
                            "{m}×{k}×{n} (operands {which}, {threads} threads)[{index}]: {got} \
                             vs {}",
                            exact[index]
                        );
                    }
                }
            }
        }
    }

    /// W5's layers split at batch 128 but its 64→10 head does not, nor a 128→64 layer at batch
    /// 32, nor any product of a layer under the small kernels' line.
    #[test]
    fn only_large_products_run_on_more_than_one_thread() {
        assert_eq!(product_threads(128, 784, 128, 2), 2);
        assert_eq!(product_threads(128, 128, 784, 2), 2);
        assert_eq!(product_threads(128, 784, 128, 1), 1);
        assert_eq!(product_threads(64, 128, 64, 2), 2);
        assert_eq!(product_threads(64, 128, 32, 2), 1);
        assert_eq!(product_threads(10, 64, 128, 2), 1);
        assert_eq!(product_threads(SMALL_LAYER, 1, SMALL_BATCH, 8), 1);
        assert_eq!(product_threads(64, 128, 128, 2), 2);
        assert_eq!(product_threads(1, 1_000_000, 16, 8), 1); // one column block
        assert_eq!(product_threads(0, 0, 0, 2), 1);
    }

    /// The small kernels against nalgebra in f64, for a head (16→2), a wide first layer
    /// (4→128) and an odd shape: they sum in their own order, so they agree to f32 rounding of
    /// the sums (1e-5 relative to the sum of |terms|), not bit for bit.
    #[test]
    fn small_kernels_match_a_double_precision_reference() {
        check_small::<16, 2>(32);
        check_small::<4, 128>(5);
        check_small::<7, 3>(1);
    }

    fn check_small<const IN: usize, const OUT: usize>(samples: usize) {
        let w = sample(OUT, IN, 3.0);
        let x = sample(IN, samples, 5.0).map(f32::sin);
        let g = sample(OUT, samples, 1.0).map(f32::cos);
        let f64s = |m: &DMatrix<f32>| m.map(f64::from);
        let abs = |m: &DMatrix<f32>| m.map(|v| f64::from(v.abs()));
        let assert_close = |what: &str, got: &[f32], exact: DMatrix<f64>, scale: DMatrix<f64>| {
            assert_eq!(got.len(), exact.len());
            for (k, got) in got.iter().enumerate() {
                let error = (f64::from(*got) - exact[k]).abs();
                assert!(
                    error <= 1e-5 * scale[k],
                    "{IN}→{OUT}, {what}[{k}]: {got} vs {}",
                    exact[k]
                );
            }
        };
        let columns = <&[[f32; OUT]; IN]>::try_from(w.as_slice().as_chunks::<OUT>().0).unwrap();

        let mut z = vec![[f32::NAN; OUT]; samples];
        small::product(columns, x.as_slice().as_chunks::<IN>().0, &mut z);
        assert_close(
            "W·X",
            z.as_flattened(),
            f64s(&w) * f64s(&x),
            abs(&w) * abs(&x),
        );

        let mut dw = [[f32::NAN; OUT]; IN];
        small::outer_sum(
            g.as_slice().as_chunks::<OUT>().0,
            x.as_slice().as_chunks::<IN>().0,
            &mut dw,
        );
        let xt = x.transpose();
        assert_close(
            "G·Xᵀ",
            dw.as_flattened(),
            f64s(&g) * f64s(&xt),
            abs(&g) * abs(&xt),
        );

        let mut dx = vec![[f32::NAN; IN]; samples];
        small::transposed_product(columns, g.as_slice().as_chunks::<OUT>().0, &mut dx);
        let wt = w.transpose();
        assert_close(
            "Wᵀ·G",
            dx.as_flattened(),
            f64s(&wt) * f64s(&g),
            abs(&wt) * abs(&g),
        );
    }
}
