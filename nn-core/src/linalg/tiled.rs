//! `C = A·B` in register tiles read straight from the operands: no packing, so no buffer to
//! allocate, on CPUs with AVX-512 or AVX2 and FMA.
//!
//! A tile of `C`, up to 32 rows (two 16-lane registers; 16 with AVX2) by 6 columns, is summed
//! in registers over the whole inner dimension: for each `p`, a column run of `A` is loaded
//! once and multiplied by six broadcast values `B[p, j]`. `A` must have contiguous columns
//! (a layer's kernel `W`, or `∂L/∂Z` of a batch; [`super::matmul`] copies a transposed `A`
//! first); `B` is read through its strides, so `X`, `Xᵀ` and `∂L/∂Z` need no copy. A
//! layer's operands fit in L1 or L2, which is what makes packing them unnecessary.
//!
//! Every element of `C` is one sum over `p` in increasing order by fused multiply-adds,
//! whatever the tile, the edge or the thread that computes it: the bits depend on `k` alone.

use super::View;

/// One product's operands as pointers: `A` (`m × k`) with column `p` at `a + p·lda`, `B`'s
/// element `(p, j)` at `b + p·bk + j·bj`, `C` (`m × n`) column-major.
struct Product {
    m: usize,
    k: usize,
    n: usize,
    a: *const f32,
    lda: usize,
    b: *const f32,
    bk: isize,
    bj: isize,
    c: *mut f32,
}

/// Whether this CPU has the kernels (AVX-512F, or AVX2 and FMA).
pub(super) fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            || (std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma"))
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `c = a · b` if this CPU has the kernels (then `true`, see [`available`]); `a` must have
/// contiguous columns.
pub(super) fn product(a: View<'_>, b: View<'_>, c: &mut [f32]) -> bool {
    assert_eq!(
        a.row_stride, 1,
        "the tiled product reads A by contiguous columns"
    );
    assert_eq!(a.columns, b.rows, "inner dimensions of a product differ");
    assert_eq!(
        c.len(),
        a.rows * b.columns,
        "product output does not match its shape"
    );
    let product = Product {
        m: a.rows,
        k: a.columns,
        n: b.columns,
        a: a.data.as_ptr(),
        lda: a.column_stride as usize,
        b: b.data.as_ptr(),
        bk: b.row_stride,
        bj: b.column_stride,
        c: c.as_mut_ptr(),
    };
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F; the `View`s guarantee that every element
            // `(i, p)` of `A` and `(p, j)` of `B` lies in its slice, and the assert above that
            // `C` holds `m × n` values; the kernel reads and writes no other address.
            unsafe { avx512::product(&product) };
            return true;
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: as above, for AVX2 and FMA.
            unsafe { avx2::product(&product) };
            return true;
        }
    }
    let _ = product;
    false
}

/// Generates a module of kernels for one vector unit: `$lanes` floats per register, two
/// registers of rows and up to [`COLUMNS`] columns per tile, masked loads and stores at the
/// bottom edge.
macro_rules! kernels {
    ($name:ident, $features:literal, $lanes:literal, $vector:ty, $mask:ty,
     mask = $make_mask:expr, zero = $zero:path, broadcast = $broadcast:path,
     fma = $fma:path, load = $load:expr, store = $store:expr) => {
        #[cfg(target_arch = "x86_64")]
        mod $name {
            #[allow(clippy::wildcard_imports)]
            use std::arch::x86_64::*;

            use super::{COLUMNS, DEPTH, Product, Rows};

            const LANES: usize = $lanes;

            /// The mask of the first `rows` lanes (all of them from `LANES` up).
            #[inline]
            #[target_feature(enable = $features)]
            fn mask(rows: usize) -> $mask {
                ($make_mask)(rows.min(LANES))
            }

            /// SAFETY: the CPU has the features; `product`'s pointers cover its shape.
            #[target_feature(enable = $features)]
            pub(super) unsafe fn product(product: &Product) {
                let mut first = 0;
                while first < product.k {
                    let depth = DEPTH.min(product.k - first);
                    let mut i = 0;
                    while i < product.m {
                        let at = Rows {
                            i,
                            rows: product.m - i,
                            first,
                            depth,
                        };
                        // SAFETY: rows i..m and p in first..first + depth are inside A and C.
                        unsafe {
                            if at.rows > LANES {
                                row_block::<2>(product, &at);
                            } else {
                                row_block::<1>(product, &at);
                            }
                        }
                        i += 2 * LANES;
                    }
                    first += depth;
                }
            }

            /// Every tile of `C` at `at`'s rows (`R` registers of them), left to right.
            #[inline]
            #[target_feature(enable = $features)]
            unsafe fn row_block<const R: usize>(product: &Product, at: &Rows) {
                let mut j = 0;
                // SAFETY: columns j..j + N are inside B and C.
                unsafe {
                    while j + COLUMNS <= product.n {
                        tile::<R, COLUMNS>(product, at, j);
                        j += COLUMNS;
                    }
                    match product.n - j {
                        1 => tile::<R, 1>(product, at, j),
                        2 => tile::<R, 2>(product, at, j),
                        3 => tile::<R, 3>(product, at, j),
                        4 => tile::<R, 4>(product, at, j),
                        5 => tile::<R, 5>(product, at, j),
                        _ => {}
                    }
                }
            }

            /// The tile of `C` at `at`'s rows and columns `j..j + N`, summed over `at`'s run
            /// of `p` in registers, carrying on from `C`'s values after the first run.
            #[inline]
            #[target_feature(enable = $features)]
            unsafe fn tile<const R: usize, const N: usize>(product: &Product, at: &Rows, j: usize) {
                let mut masks = [mask(0); R];
                for (r, mask_r) in masks.iter_mut().enumerate() {
                    *mask_r = mask(at.rows.saturating_sub(r * LANES));
                }
                let mut sums: [[$vector; R]; N] = [[$zero(); R]; N];
                if at.first > 0 {
                    for (c, sums) in sums.iter_mut().enumerate() {
                        let column = product.c.wrapping_add((j + c) * product.m + at.i);
                        for r in 0..R {
                            // SAFETY: the masked lanes are elements of C's column j + c.
                            sums[r] = unsafe { ($load)(column.wrapping_add(r * LANES), masks[r]) };
                        }
                    }
                }
                // Wrapping arithmetic: the pointers step one past the last column read.
                let mut a = product.a.wrapping_add(at.first * product.lda + at.i);
                let mut b = product
                    .b
                    .wrapping_offset(at.first as isize * product.bk + j as isize * product.bj);
                for _ in 0..at.depth {
                    let mut column: [$vector; R] = [$zero(); R];
                    for r in 0..R {
                        // SAFETY: the masked lanes are rows of A's column inside the slice;
                        // the others are not read.
                        column[r] = unsafe { ($load)(a.wrapping_add(r * LANES), masks[r]) };
                    }
                    for (c, sums) in sums.iter_mut().enumerate() {
                        // SAFETY: (p, j + c) is an element of B.
                        let value =
                            $broadcast(unsafe { *b.wrapping_offset(c as isize * product.bj) });
                        for r in 0..R {
                            sums[r] = $fma(column[r], value, sums[r]);
                        }
                    }
                    a = a.wrapping_add(product.lda);
                    b = b.wrapping_offset(product.bk);
                }
                for (c, sums) in sums.iter().enumerate() {
                    let column = product.c.wrapping_add((j + c) * product.m + at.i);
                    for r in 0..R {
                        // SAFETY: the masked lanes are elements of C's column j + c.
                        unsafe { ($store)(column.wrapping_add(r * LANES), masks[r], sums[r]) };
                    }
                }
            }
        }
    };
}

/// Where a run of tiles lies: rows `i..i + rows` of `C`, and the run `first..first + depth` of
/// the inner dimension summed in this pass.
struct Rows {
    i: usize,
    rows: usize,
    first: usize,
    depth: usize,
}

/// The longest run of the inner dimension summed in one pass over `C`: a tile's 32 rows of `A`
/// over 128 values of `p` (16 KiB) stay in L1 while every column of `C` is summed with them,
/// where a layer's whole `A` (400 KiB for 784→128) would be read again from L2 for each.
const DEPTH: usize = 128;

/// Columns of `C` per tile: with two registers of rows, 12 sums, two loaded columns and one
/// broadcast value fit AVX2's 16 registers.
const COLUMNS: usize = 6;

kernels!(
    avx512,
    "avx512f",
    16,
    __m512,
    __mmask16,
    mask = |rows: usize| ((1_u32 << rows) - 1) as u16,
    zero = _mm512_setzero_ps,
    broadcast = _mm512_set1_ps,
    fma = _mm512_fmadd_ps,
    load = |address: *const f32, mask| _mm512_maskz_loadu_ps(mask, address),
    store = |address: *mut f32, mask, sums| _mm512_mask_storeu_ps(address, mask, sums)
);

kernels!(
    avx2,
    "avx2,fma",
    8,
    __m256,
    __m256i,
    mask = |rows: usize| _mm256_cmpgt_epi32(
        _mm256_set1_epi32(rows as i32),
        _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)
    ),
    zero = _mm256_setzero_ps,
    broadcast = _mm256_set1_ps,
    fma = _mm256_fmadd_ps,
    load = |address: *const f32, mask| _mm256_maskload_ps(address, mask),
    store = |address: *mut f32, mask, sums| _mm256_maskstore_ps(address, mask, sums)
);
