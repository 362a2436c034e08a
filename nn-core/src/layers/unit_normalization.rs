use nalgebra::SVector;

use super::Forward;
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::{Batch, Rng};
use crate::{Parameters, math};

/// Keras's `UnitNormalization()` on `N` values (`axis = -1`): each sample scaled to unit
/// length, the same while training and at inference.
///
/// ```text
/// forward:   s = Σ_i x_i²,   r = 1 / √max(s, 10⁻¹²),   y_i = x_i·r
/// backward:  ∂L/∂x = r·(g − y·(y·g))   when s > 10⁻¹²,   r·g   otherwise
/// ```
///
/// `g` is `∂L/∂y`. Below `10⁻¹²` Keras holds the squared length at that floor, so a sample of
/// zeros stays zeros instead of dividing by 0, and `r` no longer depends on `x`.
///
/// ```
/// use nn::layers::{Forward, UnitNormalization};
/// use nalgebra::SVector;
///
/// let y = UnitNormalization::<2>.forward_one(&SVector::from([3.0, 4.0]));
/// assert_eq!(y, SVector::from([0.6, 0.8]));
/// let zeros = UnitNormalization::<2>.forward_one(&SVector::zeros());
/// assert_eq!(zeros, SVector::<f32, 2>::zeros());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitNormalization<const N: usize>;

// SAFETY: zero-sized; it holds no parameters.
unsafe impl<const N: usize> Parameters for UnitNormalization<N> {
    const COUNT: usize = 0;
}

/// Keras's floor under a sample's squared length.
const FLOOR: f32 = 1e-12;

#[cfg(feature = "std")]
/// What a [`UnitNormalization`] layer keeps of a batch between its forward and backward passes.
#[derive(Clone, Debug)]
pub struct UnitNormalizationBuffers<const N: usize> {
    /// `r = 1 / √max(s, 10⁻¹²)` per sample, negative where the floor held (its magnitude is
    /// `r` all the same), so that backward knows `r` did not depend on `x` there.
    pub inverse_length: Vec<f32>,
    /// `y`, the layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for UnitNormalizationBuffers<N> {
    fn default() -> Self {
        UnitNormalizationBuffers {
            inverse_length: Vec::new(),
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for UnitNormalizationBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

impl<const N: usize> UnitNormalization<N> {
    /// Writes `x·r` into `y`, returning `r`, negated where the floor held.
    #[inline]
    fn normalize(x: &[f32; N], y: &mut [f32; N]) -> f32 {
        let squared_length: f32 = x.iter().map(|x| x * x).sum();
        let r = 1.0 / math::sqrt(squared_length.max(FLOOR));
        for (y, x) in y.iter_mut().zip(x) {
            *y = x * r;
        }
        if squared_length > FLOOR { r } else { -r }
    }
}

impl<const N: usize> Forward<N, N> for UnitNormalization<N> {
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        let mut y = [0.0; N];
        Self::normalize(&input.data.0[0], &mut y);
        SVector::from(y)
    }
}

#[cfg(feature = "std")]
impl<const N: usize> Layer<N, N> for UnitNormalization<N> {
    type Buffers = UnitNormalizationBuffers<N>;
    const KERAS_CLASS: &'static str = "UnitNormalization";

    fn initialize(&mut self, _: &mut Rng) {}

    fn forward(&self, input: &Batch<N>, buffers: &mut Self::Buffers, _: Option<&mut Rng>) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = UnitNormalizationBuffers {
                inverse_length: vec![0.0; samples],
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
        let x = input.as_slice().as_chunks::<N>().0;
        let y = buffers.output.as_mut_slice().as_chunks_mut::<N>().0;
        for ((x, y), r) in x.iter().zip(y).zip(&mut buffers.inverse_length) {
            *r = Self::normalize(x, y);
        }
    }

    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut Self::Buffers,
        _: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        let Some(input_gradient) = input_gradient else {
            return;
        };
        let y = buffers.output.as_slice().as_chunks::<N>().0;
        let g = buffers.gradient.as_slice().as_chunks::<N>().0;
        let dx = input_gradient.as_mut_slice().as_chunks_mut::<N>().0;
        for (((y, g), dx), &r) in y.iter().zip(g).zip(dx).zip(&buffers.inverse_length) {
            let along = if r > 0.0 {
                y.iter().zip(g).map(|(y, g)| y * g).sum()
            } else {
                0.0
            };
            let r = r.abs();
            for ((dx, y), g) in dx.iter_mut().zip(y).zip(g) {
                *dx = r * (g - y * along);
            }
        }
    }

    fn tensors(&self, _: &str, _: usize) -> Vec<TensorInfo> {
        Vec::new()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    /// `L = Σ y·w` through the layer, in f64 by central differences, against backward.
    #[test]
    fn gradients_match_finite_differences() {
        let x = Batch::<3>::from_column_slice(&[0.3, -1.2, 0.8, 2.0, 0.1, -0.5, 1e-7, -2e-7, 3e-7]);
        let w = Batch::<3>::from_column_slice(&[0.7, -0.4, 1.1, -0.2, 0.9, 0.3, 1.0, -1.0, 0.5]);
        let mut buffers = UnitNormalizationBuffers::default();
        UnitNormalization::<3>.forward(&x, &mut buffers, None);
        buffers.gradient.copy_from(&w);
        let mut dx = Batch::<3>::zeros(3);
        UnitNormalization::<3>.backward(&x, &mut buffers, &mut UnitNormalization, Some(&mut dx));
        let loss = |x: &[f64]| -> f64 {
            x.chunks(3)
                .zip(w.as_slice().chunks(3))
                .map(|(x, w)| {
                    let r = 1.0 / x.iter().map(|x| x * x).sum::<f64>().max(1e-12).sqrt();
                    x.iter()
                        .zip(w)
                        .map(|(x, &w)| x * r * f64::from(w))
                        .sum::<f64>()
                })
                .sum()
        };
        let x64: Vec<f64> = x.iter().map(|&x| f64::from(x)).collect();
        // The third sample's squared length, 1.4e-13, is under the floor: r = 10⁶ whatever x
        // is (y = [0.1, −0.2, 0.3], so ignoring the floor would subtract y·(y·g)), and a step
        // of 1e-9 keeps it under.
        for i in 0..9 {
            let h = if i < 6 { 1e-6 } else { 1e-9 };
            let (mut up, mut down) = (x64.clone(), x64.clone());
            up[i] += h;
            down[i] -= h;
            let numeric = (loss(&up) - loss(&down)) / (2.0 * h);
            let analytic = f64::from(dx.as_slice()[i]);
            // f32 forward and backward against an f64 difference: a few f32 roundings of
            // values of order r·|w|.
            assert!(
                (numeric - analytic).abs() <= 1e-4 * (1.0 + numeric.abs()),
                "∂L/∂x[{i}]: numeric {numeric}, backward {analytic}"
            );
        }
    }

    #[test]
    fn every_sample_comes_out_of_unit_length_and_the_batch_path_matches_one_sample() {
        let x = Batch::<4>::from_fn(5, |i, j| (i as f32 - 1.5) * (j as f32 + 0.5));
        let mut buffers = UnitNormalizationBuffers::default();
        UnitNormalization::<4>.forward(&x, &mut buffers, None);
        for (sample, y) in x.column_iter().zip(buffers.output.column_iter()) {
            assert!((y.norm() - 1.0).abs() < 1e-6, "{y}");
            assert_eq!(UnitNormalization::<4>.forward_one(&sample.into_owned()), y);
        }
    }
}
