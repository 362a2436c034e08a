//! The walk-through's 4-128-64-32-16-2 relu regressor (mse, Adam), written by hand with
//! [`hand`](super::hand)'s layers: the baseline of W3 and W4. The same network as
//! `tests/support/handwritten.rs`, which the tests check weight for weight against nn's, without
//! that file's copy of each step's gradients (kept there for the tests, not something a user's
//! training loop would do).

#![allow(dead_code)] // each bench uses part of it

use super::hand::{Adam, Batch, Layer, mse_gradient, relu, through_relu};
use nalgebra::SVector;

pub struct Walkthrough {
    l1: Layer<4, 128>,
    l2: Layer<128, 64>,
    l3: Layer<64, 32>,
    l4: Layer<32, 16>,
    l5: Layer<16, 2>,
    learning_rate: f32,
    steps: u32,
}

impl Walkthrough {
    /// The network with nn's flat weights (layer by layer, kernel then bias).
    pub fn from_flat(mut flat: &[f32], learning_rate: f32) -> Self {
        let flat = &mut flat;
        Walkthrough {
            l1: Layer::take(flat),
            l2: Layer::take(flat),
            l3: Layer::take(flat),
            l4: Layer::take(flat),
            l5: Layer::take(flat),
            learning_rate,
            steps: 0,
        }
    }

    /// One Adam step on the mean squared error of a batch.
    pub fn train_step(&mut self, x: &Batch<4>, y: &Batch<2>) {
        let z1 = self.l1.forward(x);
        let a1 = relu(&z1);
        let z2 = self.l2.forward(&a1);
        let a2 = relu(&z2);
        let z3 = self.l3.forward(&a2);
        let a3 = relu(&z3);
        let z4 = self.l4.forward(&a3);
        let a4 = relu(&z4);
        let output = self.l5.forward(&a4);
        let delta5 = mse_gradient(output, y);
        self.steps += 1;
        let adam = Adam::step(self.learning_rate, self.steps);
        let delta4 = through_relu(self.l5.backward_and_step(&a4, &delta5, &adam), &z4);
        let delta3 = through_relu(self.l4.backward_and_step(&a3, &delta4, &adam), &z3);
        let delta2 = through_relu(self.l3.backward_and_step(&a2, &delta3, &adam), &z2);
        let delta1 = through_relu(self.l2.backward_and_step(&a1, &delta2, &adam), &z1);
        self.l1.backward_first(x, &delta1, &adam);
    }

    /// The outputs for a batch.
    pub fn predict(&self, x: &Batch<4>) -> Batch<2> {
        let a1 = relu(&self.l1.forward(x));
        let a2 = relu(&self.l2.forward(&a1));
        let a3 = relu(&self.l3.forward(&a2));
        let a4 = relu(&self.l4.forward(&a3));
        self.l5.forward(&a4)
    }

    /// The output for one sample, on the stack: nalgebra's `SMatrix * SVector`.
    pub fn predict_one(&self, x: &SVector<f32, 4>) -> SVector<f32, 2> {
        let a1 = self.l1.forward_one(x).map(|v| v.max(0.0));
        let a2 = self.l2.forward_one(&a1).map(|v| v.max(0.0));
        let a3 = self.l3.forward_one(&a2).map(|v| v.max(0.0));
        let a4 = self.l4.forward_one(&a3).map(|v| v.max(0.0));
        self.l5.forward_one(&a4)
    }
}
