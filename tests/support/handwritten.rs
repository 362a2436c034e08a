//! The walk-through's 4-128-64-32-16-2 relu network written by hand with plain nalgebra, the way
//! a Rust user would without nn: the reference the macro's network is checked against (same
//! weights after the same steps) and the baseline its speed is measured against.

use nalgebra::{Const, Dyn, OMatrix, SMatrix, SVector};

type Batch<const N: usize> = OMatrix<f32, Const<N>, Dyn>;

/// One dense layer's weights, plus Adam's moments for them.
#[derive(Clone)]
struct Layer<const IN: usize, const OUT: usize> {
    kernel: Box<SMatrix<f32, OUT, IN>>,
    bias: SVector<f32, OUT>,
    kernel_m: Box<SMatrix<f32, OUT, IN>>,
    kernel_v: Box<SMatrix<f32, OUT, IN>>,
    bias_m: SVector<f32, OUT>,
    bias_v: SVector<f32, OUT>,
    /// The last step's gradient: kernel (column-major), then bias.
    gradient: Vec<f32>,
}

impl<const IN: usize, const OUT: usize> Layer<IN, OUT> {
    /// Reads the kernel (column-major) and then the bias from the front of `flat`.
    fn take(flat: &mut &[f32]) -> Self {
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
            gradient: Vec::new(),
        }
    }

    fn write(&self, flat: &mut Vec<f32>) {
        flat.extend_from_slice(self.kernel.as_slice());
        flat.extend_from_slice(self.bias.as_slice());
    }

    /// `W·X + b`.
    fn pre_activation(&self, x: &Batch<IN>) -> Batch<OUT> {
        let kernel: &SMatrix<f32, OUT, IN> = &self.kernel;
        let mut z = kernel * x;
        for mut column in z.column_iter_mut() {
            column += &self.bias;
        }
        z
    }

    /// Given `∂L/∂Z`, takes an Adam step (Keras's formulas, `alpha` precomputed) and returns
    /// `∂L/∂X`.
    fn backward_and_step(
        &mut self,
        x: &Batch<IN>,
        delta: &Batch<OUT>,
        adam: &AdamStep,
    ) -> Batch<IN> {
        let input_gradient = self.kernel.transpose() * delta;
        let kernel_gradient: SMatrix<f32, OUT, IN> = delta * x.transpose();
        let bias_gradient: SVector<f32, OUT> = delta.column_sum();
        self.gradient = kernel_gradient
            .iter()
            .chain(bias_gradient.iter())
            .copied()
            .collect();
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
        input_gradient
    }
}

/// Keras 3's Adam for one step.
struct AdamStep {
    alpha: f32,
    /// `1 − β₁` and `1 − β₂`, taken in double precision as Keras takes them from Python floats.
    keep_1: f32,
    keep_2: f32,
    epsilon: f32,
}

impl AdamStep {
    fn update(&self, theta: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32]) {
        for i in 0..theta.len() {
            m[i] += (g[i] - m[i]) * self.keep_1;
            v[i] += (g[i] * g[i] - v[i]) * self.keep_2;
            theta[i] -= (m[i] * self.alpha) / (v[i].sqrt() + self.epsilon);
        }
    }
}

fn relu<const N: usize>(z: &Batch<N>) -> Batch<N> {
    z.map(|v| v.max(0.0))
}

/// `∂L/∂A ⊙ relu'(Z)`.
fn through_relu<const N: usize>(gradient: Batch<N>, z: &Batch<N>) -> Batch<N> {
    gradient.zip_map(z, |g, z| if z > 0.0 { g } else { 0.0 })
}

/// The 4-128-64-32-16-2 network: relu hidden layers, a linear output, mse, Adam.
#[derive(Clone)]
pub struct Handwritten {
    l1: Layer<4, 128>,
    l2: Layer<128, 64>,
    l3: Layer<64, 32>,
    l4: Layer<32, 16>,
    l5: Layer<16, 2>,
    learning_rate: f32,
    steps: u32,
}

impl Handwritten {
    /// The network with the given weights, laid out layer by layer as kernel (column-major
    /// `OUT × IN`) then bias: the order of nn's `parameters()`.
    pub fn from_flat(mut flat: &[f32], learning_rate: f32) -> Self {
        let flat = &mut flat;
        Handwritten {
            l1: Layer::take(flat),
            l2: Layer::take(flat),
            l3: Layer::take(flat),
            l4: Layer::take(flat),
            l5: Layer::take(flat),
            learning_rate,
            steps: 0,
        }
    }

    /// The last step's gradients, in the order of `to_flat`.
    pub fn gradients(&self) -> Vec<f32> {
        [
            &self.l1.gradient,
            &self.l2.gradient,
            &self.l3.gradient,
            &self.l4.gradient,
            &self.l5.gradient,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect()
    }

    /// Every weight, in the order `from_flat` reads them.
    pub fn to_flat(&self) -> Vec<f32> {
        let mut flat = Vec::new();
        self.l1.write(&mut flat);
        self.l2.write(&mut flat);
        self.l3.write(&mut flat);
        self.l4.write(&mut flat);
        self.l5.write(&mut flat);
        flat
    }

    /// One Adam step on the mean squared error of a batch (one sample per column), returning
    /// the batch's loss before the step.
    pub fn train_step(&mut self, x: &Batch<4>, y: &Batch<2>) -> f32 {
        let z1 = self.l1.pre_activation(x);
        let a1 = relu(&z1);
        let z2 = self.l2.pre_activation(&a1);
        let a2 = relu(&z2);
        let z3 = self.l3.pre_activation(&a2);
        let a3 = relu(&z3);
        let z4 = self.l4.pre_activation(&a3);
        let a4 = relu(&z4);
        let output = self.l5.pre_activation(&a4);

        // mse averaged over outputs and samples: L = Σ(ŷ − y)² / (2·n), ∂L/∂ŷ = 2(ŷ − y) / (2·n).
        let error = output - y;
        let loss = error.norm_squared() / (2 * x.ncols()) as f32;
        let delta5 = error * (2.0 / (2 * x.ncols()) as f32);
        self.steps += 1;
        let t = self.steps as f32;
        let (beta_1, beta_2) = (0.9_f32, 0.999_f32);
        let alpha = self.learning_rate * (1.0 - beta_2.powf(t)).sqrt() / (1.0 - beta_1.powf(t));
        let adam = AdamStep {
            alpha,
            keep_1: (1.0 - 0.9_f64) as f32,
            keep_2: (1.0 - 0.999_f64) as f32,
            epsilon: 1e-7,
        };

        let delta4 = through_relu(self.l5.backward_and_step(&a4, &delta5, &adam), &z4);
        let delta3 = through_relu(self.l4.backward_and_step(&a3, &delta4, &adam), &z3);
        let delta2 = through_relu(self.l3.backward_and_step(&a2, &delta3, &adam), &z2);
        let delta1 = through_relu(self.l2.backward_and_step(&a1, &delta2, &adam), &z1);
        self.l1.backward_and_step(x, &delta1, &adam);
        loss
    }

    /// Rows as a batch, one row per column.
    pub fn batch<const N: usize>(rows: &[[f32; N]]) -> Batch<N> {
        Batch::from_column_slice(rows.as_flattened())
    }
}
