//! The in-repo baseline: dense layers written by hand with plain nalgebra types and operators,
//! the way a Rust user would without nn (static kernels, a batch as `OMatrix<Const<N>, Dyn>`,
//! nalgebra's own products, one new matrix per operation), trained by Keras's Adam.
//!
//! Each bench composes its network from [`Layer`]s and writes its forward and backward pass
//! out, as `tests/support/handwritten.rs` does for the walk-through's network (which the tests
//! check weight for weight against nn's).

#![allow(dead_code)] // each bench uses part of it

use nalgebra::{Const, Dyn, OMatrix, SMatrix, SVector};

/// One sample per column.
pub type Batch<const N: usize> = OMatrix<f32, Const<N>, Dyn>;

/// One dense layer's weights, plus Adam's moments for them.
pub struct Layer<const IN: usize, const OUT: usize> {
    kernel: Box<SMatrix<f32, OUT, IN>>,
    bias: SVector<f32, OUT>,
    kernel_m: Box<SMatrix<f32, OUT, IN>>,
    kernel_v: Box<SMatrix<f32, OUT, IN>>,
    bias_m: SVector<f32, OUT>,
    bias_v: SVector<f32, OUT>,
}

impl<const IN: usize, const OUT: usize> Layer<IN, OUT> {
    /// Reads the kernel (column-major `OUT × IN`) and then the bias from the front of `flat`:
    /// the order of nn's `parameters()`, so both start from the same weights.
    pub fn take(flat: &mut &[f32]) -> Self {
        let (kernel, rest) = flat.split_at(IN * OUT);
        let (bias, rest) = rest.split_at(OUT);
        *flat = rest;
        Layer {
            kernel: Box::new(SMatrix::from_column_slice(kernel)),
            bias: SVector::from_column_slice(bias),
            kernel_m: Box::new(SMatrix::zeros()),
            kernel_v: Box::new(SMatrix::zeros()),
            bias_m: SVector::zeros(),
            bias_v: SVector::zeros(),
        }
    }

    /// `W·X + b`.
    pub fn forward(&self, x: &Batch<IN>) -> Batch<OUT> {
        let kernel: &SMatrix<f32, OUT, IN> = &self.kernel;
        let mut z = kernel * x;
        for mut column in z.column_iter_mut() {
            column += &self.bias;
        }
        z
    }

    /// `W·x + b` for one sample, on the stack.
    pub fn forward_one(&self, x: &SVector<f32, IN>) -> SVector<f32, OUT> {
        let kernel: &SMatrix<f32, OUT, IN> = &self.kernel;
        kernel * x + self.bias
    }

    /// Given `∂L/∂Z`, takes an Adam step and returns `∂L/∂X` (computed with the weights before
    /// the step).
    pub fn backward_and_step(
        &mut self,
        x: &Batch<IN>,
        delta: &Batch<OUT>,
        adam: &Adam,
    ) -> Batch<IN> {
        let input_gradient = self.kernel.transpose() * delta;
        self.backward_first(x, delta, adam);
        input_gradient
    }

    /// The step without `∂L/∂X`, for the first layer.
    pub fn backward_first(&mut self, x: &Batch<IN>, delta: &Batch<OUT>, adam: &Adam) {
        let kernel_gradient: SMatrix<f32, OUT, IN> = delta * x.transpose();
        let bias_gradient: SVector<f32, OUT> = delta.column_sum();
        adam.update(
            self.kernel.as_mut_slice(),
            kernel_gradient.as_slice(),
            self.kernel_m.as_mut_slice(),
            self.kernel_v.as_mut_slice(),
        );
        adam.update(
            self.bias.as_mut_slice(),
            bias_gradient.as_slice(),
            self.bias_m.as_mut_slice(),
            self.bias_v.as_mut_slice(),
        );
    }
}

/// Keras 3's Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-7) for one step.
pub struct Adam {
    alpha: f32,
    keep_1: f32,
    keep_2: f32,
    epsilon: f32,
}

impl Adam {
    /// The step numbered `step` (from 1) at learning rate `learning_rate`.
    pub fn step(learning_rate: f32, step: u32) -> Self {
        let t = step as f32;
        let (beta_1, beta_2) = (0.9_f32, 0.999_f32);
        Adam {
            alpha: learning_rate * (1.0 - beta_2.powf(t)).sqrt() / (1.0 - beta_1.powf(t)),
            keep_1: (1.0 - 0.9_f64) as f32,
            keep_2: (1.0 - 0.999_f64) as f32,
            epsilon: 1e-7,
        }
    }

    fn update(&self, theta: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32]) {
        for i in 0..theta.len() {
            m[i] += (g[i] - m[i]) * self.keep_1;
            v[i] += (g[i] * g[i] - v[i]) * self.keep_2;
            theta[i] -= (m[i] * self.alpha) / (v[i].sqrt() + self.epsilon);
        }
    }
}

/// `relu(Z)`.
pub fn relu<const N: usize>(z: &Batch<N>) -> Batch<N> {
    z.map(|v| v.max(0.0))
}

/// `∂L/∂A ⊙ relu'(Z)`.
pub fn through_relu<const N: usize>(gradient: Batch<N>, z: &Batch<N>) -> Batch<N> {
    gradient.zip_map(z, |g, z| if z > 0.0 { g } else { 0.0 })
}

/// Rows as a batch, one row per column.
pub fn batch<const N: usize>(rows: &[[f32; N]]) -> Batch<N> {
    Batch::from_column_slice(rows.as_flattened())
}

/// `∂L/∂Ŷ` of the mean squared error averaged over outputs and samples:
/// `L = Σ(ŷ − y)² / (OUT·n)`, `∂L/∂ŷ = 2(ŷ − y) / (OUT·n)`.
pub fn mse_gradient<const N: usize>(output: Batch<N>, y: &Batch<N>) -> Batch<N> {
    let scale = 2.0 / (N * y.ncols()) as f32;
    (output - y) * scale
}

/// `∂L/∂Z` of softmax followed by sparse categorical crossentropy, averaged over samples:
/// `(softmax(z) − onehot(label)) / n`.
pub fn softmax_sparse_ce_gradient<const N: usize>(z: &Batch<N>, labels: &[usize]) -> Batch<N> {
    let n = labels.len() as f32;
    let mut p = z.clone();
    for (mut column, &label) in p.column_iter_mut().zip(labels) {
        let max = column.max();
        column.apply(|v| *v = (*v - max).exp());
        let sum = column.sum();
        column /= sum;
        column[label] -= 1.0;
        column /= n;
    }
    p
}

/// Trains for `epochs` over rows `x` with labels `y` in batches of `batch_size`, reshuffling
/// the rows each epoch as `fit` does, calling `step` on each batch.
pub fn train_epochs<const N: usize, T: Copy>(
    x: &[[f32; N]],
    y: &[T],
    batch_size: usize,
    epochs: usize,
    mut step: impl FnMut(&Batch<N>, &[T]),
) {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut order: Vec<usize> = (0..x.len()).collect();
    let (mut xs, mut ys) = (
        Vec::with_capacity(batch_size),
        Vec::with_capacity(batch_size),
    );
    for _ in 0..epochs {
        order.shuffle(&mut rng);
        for rows in order.chunks(batch_size) {
            xs.clear();
            ys.clear();
            xs.extend(rows.iter().map(|&i| x[i]));
            ys.extend(rows.iter().map(|&i| y[i]));
            step(&batch(&xs), &ys);
        }
    }
}
