//! A training step of networks with layers too large for the small loops (the walk-through's
//! 128→64, a 784-wide input split over two threads) allocates nothing once the first batch has
//! sized the buffers, on any thread: the tiled products read their operands in place, where
//! sgemm allocated a packing buffer per product, and a product split over threads keeps its
//! shares on the stack. Counted over every thread of the process, so this binary holds one test.
//!
//! On a CPU without AVX-512 or AVX2 and FMA the large products go through sgemm, which
//! allocates; the test then says so and checks nothing.

mod support {
    pub mod counting_allocator;
}

use nn::prelude::*;
use support::counting_allocator::allocations_by_every_thread;

nn::network! {
    struct Walkthrough;
    input(4) -> dense(128, relu) -> dense(64, relu) -> dense(32, relu) -> dense(16, relu)
        -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

nn::network! {
    struct WideInput;
    input(784) -> dense(128, relu) -> dense(64, relu) -> dense(10, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam;
    metrics = [accuracy];
}

/// Whether this CPU runs large products in nn's tiled kernels (x86-64 with AVX-512F, or AVX2
/// and FMA), which allocate nothing.
fn tiled_kernels() -> bool {
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

/// Allocations on every thread while `work` runs.
fn allocations_in(work: impl FnOnce()) -> usize {
    let before = allocations_by_every_thread();
    work();
    allocations_by_every_thread() - before
}

fn rows<const N: usize>(count: usize) -> Vec<[f32; N]> {
    (0..count)
        .map(|i| std::array::from_fn(|j| ((i * 31 + j * 7) % 17) as f32 / 17.0))
        .collect()
}

#[test]
fn large_layers_train_without_allocating_per_step() {
    if !tiled_kernels() {
        eprintln!(
            "SKIPPED: this CPU has neither AVX-512 nor AVX2 with FMA, so large products go \
             through sgemm, which allocates a packing buffer per product"
        );
        return;
    }
    let x = rows::<4>(40 * 32);
    let y: Vec<[f32; 2]> = x.iter().map(|r| [r[0] - r[1], r[2] * r[3]]).collect();
    for batch_size in [32, 256] {
        let options = FitOptions::new()
            .epochs(2)
            .batch_size(batch_size)
            .verbose(0);
        let fit = |rows: usize| {
            allocations_in(|| {
                let mut model = Walkthrough::with_seed(1);
                model.fit(&x[..rows], &y[..rows], &options).unwrap();
            })
        };
        let few = 4 * batch_size;
        fit(few); // sizes the buffers this thread keeps
        let growth = fit(x.len()) - fit(few);
        assert_eq!(
            growth, 0,
            "the walk-through's net at batch {batch_size}: {growth} more allocations"
        );
    }

    // W5's large products at batch 128 split over two threads.
    let x = rows::<784>(10 * 128);
    let y: Vec<usize> = (0..x.len()).map(|i| i % 10).collect();
    let options = FitOptions::new().epochs(2).batch_size(128).verbose(0);
    let fit = |rows: usize| {
        nn::threads::with_max_threads(2, || {
            allocations_in(|| {
                let mut model = WideInput::with_seed(1);
                model.fit(&x[..rows], &y[..rows], &options).unwrap();
            })
        })
    };
    fit(256);
    let growth = fit(x.len()) - fit(256);
    assert_eq!(
        growth, 0,
        "784-128-64-10 at batch 128 on two threads: {growth} more allocations"
    );
}
