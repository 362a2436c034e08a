//! Every workload is measured in the floating-point mode it runs in by itself and with
//! subnormals flushed to zero ([`nn::FloatMode`]), so that one run gives both ratios: against
//! the baseline as a user writes it, and against the baseline in the same mode as ours.

use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion};
use nn::FloatMode;

/// Short runs: the machine is shared, so what matters is the ratio of cases measured side by
/// side in one run, not a tight interval on any one of them.
pub fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

/// Benchmarks `run` in the caller's mode as `name`, then under a guard that flushes subnormals
/// as `"{name}, flushed"`.
#[allow(dead_code)] // the layer-cost bench (layers.rs) compares layers in one mode only
pub fn in_both_modes<R>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    mut run: impl FnMut() -> R,
) {
    group.bench_function(name, |b| b.iter(&mut run));
    group.bench_function(format!("{name}, flushed"), |b| {
        b.iter(|| {
            let _flush = FloatMode::flush_subnormals();
            run()
        })
    });
}
