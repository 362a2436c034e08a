//! The machine's single-thread sgemm rate in this run, the yardstick for the others: a layer's
//! products can go no faster. `matrixmultiply::sgemm` (what nn calls) on square column-major
//! matrices; throughput is in floating-point operations (2·n³ per product).
//!
//! `cargo bench --bench sgemm_peak`

#[allow(dead_code)] // only its `config`
#[path = "support/modes.rs"]
mod modes;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn sgemm(n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    let s = n as isize;
    // SAFETY: a, b and c each hold n·n values, read and written column-major with these strides.
    unsafe {
        matrixmultiply::sgemm(
            n,
            n,
            n,
            1.0,
            a.as_ptr(),
            1,
            s,
            b.as_ptr(),
            1,
            s,
            0.0,
            c.as_mut_ptr(),
            1,
            s,
        );
    }
}

fn peak(c: &mut Criterion) {
    let mut group = c.benchmark_group("sgemm peak");
    for n in [256, 512, 1024] {
        let a: Vec<f32> = (0..n * n).map(|i| (i % 17) as f32 * 0.1 - 0.8).collect();
        let b: Vec<f32> = (0..n * n).map(|i| (i % 13) as f32 * 0.1 - 0.6).collect();
        let mut out = vec![0.0; n * n];
        assert_eq!(a.len(), n * n);
        group.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
        group.bench_function(BenchmarkId::from_parameter(n), |bencher| {
            bencher.iter(|| sgemm(n, &a, &b, &mut out))
        });
    }
    group.finish();
}

criterion_group! { name = benches; config = modes::config(); targets = peak }
criterion_main!(benches);
