use nalgebra::SVector;

use super::{BiasTerm, Forward};
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::{Batch, Rng};
use crate::{Parameters, math};

/// Keras's `LayerNormalization()` on `N` values (`axis = -1`): each sample is normalized by its
/// own mean and variance, then scaled and shifted per value.
///
/// ```text
/// forward:   μ = Σ_i x_i / N,   σ² = Σ_i (x_i − μ)² / N,   r = 1 / √(σ² + ε)
///            x̂_i = (x_i − μ)·r,   y_i = γ_i·x̂_i + β_i
/// backward:  ∂L/∂γ_i = Σ_samples g_i·x̂_i,   ∂L/∂β_i = Σ_samples g_i,   d_i = g_i·γ_i
///            ∂L/∂x_i = r/N · (N·d_i − Σ_j d_j − x̂_i·Σ_j d_j·x̂_j)
/// ```
///
/// `g` is `∂L/∂y`. The variance is the biased one (divided by `N`), as Keras's `ops.moments`
/// computes it, and the output is computed in Keras's order, `y = x·(r·γ) + (β − μ·(r·γ))`, so
/// that it rounds as Keras's does. `ε` (Keras's `epsilon`, default `1e-3`) is part of the type
/// as its `f32` bit pattern; `γ` (`scale`, starting at ones) and `β` (`center`, starting at
/// zeros) are each an `SVector<f32, N>` or, when Keras's `scale = False` / `center = False`
/// leaves them out, [`NoBias`](super::NoBias): the layer then holds none of them, `γ` acting as
/// 1 and `β` as 0. The parameters are `γ` then `β`, Keras's order.
///
/// ```
/// use nn::layers::{Forward, LayerNormalization, NoBias};
/// use nalgebra::SVector;
///
/// type Keras = LayerNormalization<4, { 1e-3_f32.to_bits() }>;
/// let mut layer = Keras::new();
/// assert_eq!(layer.gamma.as_slice(), [1.0; 4]);
/// layer.beta.fill(0.5);
/// let y = layer.forward_one(&SVector::from([1.0, 2.0, 3.0, 6.0]));
/// // μ = 3 and σ² = 3.5: y_0 = (1 − 3)/√3.501 + 0.5
/// assert!((y[0] - (-2.0 / 3.501_f32.sqrt() + 0.5)).abs() < 1e-6);
/// assert!((y.sum() - 4.0 * 0.5).abs() < 1e-5);
///
/// // `center = false, scale = false`: no parameters at all.
/// type Bare = LayerNormalization<4, { 1e-3_f32.to_bits() }, NoBias, NoBias>;
/// assert_eq!(Bare::PARAMETERS, 0);
/// ```
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct LayerNormalization<
    const N: usize,
    const EPSILON: u32,
    Scale = SVector<f32, N>,
    Center = SVector<f32, N>,
> {
    /// `γ`, one per value (or `NoBias` for Keras's `scale = False`).
    pub gamma: Scale,
    /// `β`, one per value (or `NoBias` for Keras's `center = False`).
    pub beta: Center,
    /// Aligns the layer as an f32 even when it holds none, as [`Parameters`] requires.
    alignment: [f32; 0],
}

// SAFETY: repr(C); `gamma` then `beta`, each an f32 vector of N or the zero-sized `NoBias`
// (`BiasTerm` is sealed: these are the only two), then an empty array of f32 that gives the
// layer f32's alignment: exactly COUNT f32s.
unsafe impl<const N: usize, const EPSILON: u32, Scale: BiasTerm<N>, Center: BiasTerm<N>> Parameters
    for LayerNormalization<N, EPSILON, Scale, Center>
{
    const COUNT: usize = Scale::COUNT + Center::COUNT;
}

#[cfg(feature = "std")]
/// What a [`LayerNormalization`] layer keeps of a batch between its forward and backward
/// passes.
#[derive(Clone, Debug)]
pub struct LayerNormalizationBuffers<const N: usize> {
    /// `x̂ = (x − μ)·r` per sample.
    pub normalized: Batch<N>,
    /// `r = 1 / √(σ² + ε)`, one per sample.
    pub inverse_deviation: Vec<f32>,
    /// The layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for LayerNormalizationBuffers<N> {
    fn default() -> Self {
        LayerNormalizationBuffers {
            normalized: Batch::zeros(0),
            inverse_deviation: Vec::new(),
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for LayerNormalizationBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

impl<const N: usize, const EPSILON: u32, Scale: BiasTerm<N>, Center: BiasTerm<N>>
    LayerNormalization<N, EPSILON, Scale, Center>
{
    /// `ε`, added to the variance before its square root.
    pub const EPSILON: f32 = f32::from_bits(EPSILON);

    /// How many trainable values the layer holds: `N` for `γ` and `N` for `β`, each unless
    /// left out.
    pub const PARAMETERS: usize = <Self as Parameters>::COUNT;

    /// A layer with Keras's starting values: `γ` ones, `β` zeros.
    pub fn new() -> Self {
        let mut layer = LayerNormalization {
            gamma: Scale::zeros(),
            beta: Center::zeros(),
            alignment: [],
        };
        layer.gamma.values_mut().fill(1.0);
        layer
    }

    /// `γ` as an array of N, `None` when left out: a known length lets the loops below run in
    /// vector registers.
    fn gamma(&self) -> Option<&[f32; N]> {
        <&[f32; N]>::try_from(self.gamma.values()).ok()
    }

    fn beta(&self) -> Option<&[f32; N]> {
        <&[f32; N]>::try_from(self.beta.values()).ok()
    }

    /// Normalizes one sample into `y`, returning `r` and leaving `x̂` in `normalized`.
    #[inline]
    fn normalize(&self, x: &[f32; N], normalized: &mut [f32; N], y: &mut [f32; N]) -> f32 {
        // In f32 as TensorFlow's `tf.nn.moments`: the mean, then the mean of squared deviations
        // from it.
        let n = N as f32;
        let mean = x.iter().sum::<f32>() / n;
        let variance = x.iter().map(|&x| (x - mean) * (x - mean)).sum::<f32>() / n;
        let r = 1.0 / math::sqrt(variance + Self::EPSILON);
        let (gamma, beta) = (self.gamma(), self.beta());
        for i in 0..N {
            normalized[i] = (x[i] - mean) * r;
            // Keras: inv = r·γ; res = −μ·inv + β; y = x·inv + res.
            let inv = gamma.map_or(r, |gamma| r * gamma[i]);
            let shift = beta.map_or(-mean * inv, |beta| -mean * inv + beta[i]);
            y[i] = x[i] * inv + shift;
        }
        r
    }
}

impl<const N: usize, const EPSILON: u32, Scale: BiasTerm<N>, Center: BiasTerm<N>> Default
    for LayerNormalization<N, EPSILON, Scale, Center>
{
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const EPSILON: u32, Scale: BiasTerm<N>, Center: BiasTerm<N>> Forward<N, N>
    for LayerNormalization<N, EPSILON, Scale, Center>
{
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        let mut normalized = [0.0; N];
        let mut y = [0.0; N];
        self.normalize(&input.data.0[0], &mut normalized, &mut y);
        SVector::from(y)
    }
}

#[cfg(feature = "std")]
impl<const N: usize, const EPSILON: u32, Scale: BiasTerm<N>, Center: BiasTerm<N>> Layer<N, N>
    for LayerNormalization<N, EPSILON, Scale, Center>
{
    type Buffers = LayerNormalizationBuffers<N>;
    const KERAS_CLASS: &'static str = "LayerNormalization";

    /// Keras's `gamma_initializer = "ones"`, `beta_initializer = "zeros"`: nothing is drawn.
    fn initialize(&mut self, _: &mut Rng) {
        *self = Self::new();
    }

    fn forward(&self, input: &Batch<N>, buffers: &mut Self::Buffers, _: Option<&mut Rng>) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = LayerNormalizationBuffers {
                normalized: Batch::zeros(samples),
                inverse_deviation: vec![0.0; samples],
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
            };
        }
        let x = input.as_slice().as_chunks::<N>().0;
        let normalized = buffers.normalized.as_mut_slice().as_chunks_mut::<N>().0;
        let y = buffers.output.as_mut_slice().as_chunks_mut::<N>().0;
        for (((x, normalized), y), r) in x
            .iter()
            .zip(normalized)
            .zip(y)
            .zip(&mut buffers.inverse_deviation)
        {
            *r = self.normalize(x, normalized, y);
        }
    }

    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut Self::Buffers,
        gradients: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        gradients.gamma.values_mut().fill(0.0);
        gradients.beta.values_mut().fill(0.0);
        let mut gamma_gradient = <&mut [f32; N]>::try_from(gradients.gamma.values_mut()).ok();
        let mut beta_gradient = <&mut [f32; N]>::try_from(gradients.beta.values_mut()).ok();
        let normalized = buffers.normalized.as_slice().as_chunks::<N>().0;
        let g = buffers.gradient.as_slice().as_chunks::<N>().0;
        for (normalized, g) in normalized.iter().zip(g) {
            if let Some(sum) = gamma_gradient.as_deref_mut() {
                for i in 0..N {
                    sum[i] += g[i] * normalized[i];
                }
            }
            if let Some(sum) = beta_gradient.as_deref_mut() {
                for i in 0..N {
                    sum[i] += g[i];
                }
            }
        }
        let Some(input_gradient) = input_gradient else {
            return;
        };
        let n = N as f32;
        let gamma = self.gamma();
        let dx = input_gradient.as_mut_slice().as_chunks_mut::<N>().0;
        for (((dx, normalized), g), &r) in dx
            .iter_mut()
            .zip(normalized)
            .zip(g)
            .zip(&buffers.inverse_deviation)
        {
            // d = ∂L/∂x̂ = g·γ; then ∂L/∂x = r/N · (N·d − Σd − x̂·Σ(d·x̂)).
            let mut d = *g;
            if let Some(gamma) = gamma {
                for i in 0..N {
                    d[i] *= gamma[i];
                }
            }
            let sum: f32 = d.iter().sum();
            let projection: f32 = d.iter().zip(normalized).map(|(d, x)| d * x).sum();
            for i in 0..N {
                dx[i] = r / n * (n * d[i] - sum - normalized[i] * projection);
            }
        }
    }

    /// `{name}/gamma` then `{name}/beta`, each of shape `(N,)`, those the layer holds.
    fn tensors(&self, name: &str, offset: usize) -> Vec<TensorInfo> {
        let mut tensors = Vec::new();
        if Scale::COUNT > 0 {
            tensors.push(TensorInfo {
                name: format!("{name}/gamma"),
                shape: vec![N],
                offset,
                trainable: true,
            });
        }
        if Center::COUNT > 0 {
            tensors.push(TensorInfo {
                name: format!("{name}/beta"),
                shape: vec![N],
                offset: offset + Scale::COUNT,
                trainable: true,
            });
        }
        tensors
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::layers::NoBias;
    use rand::{RngExt, SeedableRng};

    const EPSILON: u32 = 1e-3_f32.to_bits();
    type Full = LayerNormalization<5, EPSILON>;

    /// `L = Σ R ⊙ y` for a fixed random `R`, so `∂L/∂y = R`.
    fn loss<S: BiasTerm<5>, C: BiasTerm<5>>(
        layer: &LayerNormalization<5, EPSILON, S, C>,
        x: &Batch<5>,
        r: &Batch<5>,
    ) -> f64 {
        let mut buffers = LayerNormalizationBuffers::default();
        Layer::forward(layer, x, &mut buffers, None);
        buffers
            .output
            .iter()
            .zip(r.iter())
            .map(|(&y, &r)| f64::from(y) * f64::from(r))
            .sum()
    }

    /// A layer with random `γ` and `β` (where held), a batch of 4 samples and loss weights.
    fn random_case<S: BiasTerm<5>, C: BiasTerm<5>>(
        seed: u64,
    ) -> (LayerNormalization<5, EPSILON, S, C>, Batch<5>, Batch<5>) {
        let mut rng = Rng::seed_from_u64(seed);
        let mut layer = LayerNormalization::<5, EPSILON, S, C>::new();
        for value in layer.as_mut_slice() {
            *value = rng.random_range(0.5..1.5);
        }
        let x = Batch::<5>::from_fn(4, |_, _| rng.random_range(-2.0..2.0));
        let r = Batch::<5>::from_fn(4, |_, _| rng.random_range(-1.0..1.0));
        (layer, x, r)
    }

    /// Every analytic gradient against central finite differences; step and tolerance as in
    /// dense.rs's check (f32 rounding over a step of 1e-2, truncation O(h²)).
    fn check_gradients<S: BiasTerm<5>, C: BiasTerm<5>>(seed: u64) {
        let (layer, x, r) = random_case::<S, C>(seed);
        let mut buffers = LayerNormalizationBuffers::default();
        Layer::forward(&layer, &x, &mut buffers, None);
        buffers.gradient.copy_from(&r);
        let mut gradients = LayerNormalization::<5, EPSILON, S, C>::new();
        gradients.as_mut_slice().fill(f32::NAN);
        let mut input_gradient = Batch::<5>::zeros(4);
        Layer::backward(
            &layer,
            &x,
            &mut buffers,
            &mut gradients,
            Some(&mut input_gradient),
        );

        let h = 1e-2_f32;
        let assert_close = |what: String, analytic: f32, numeric: f64| {
            let error = (numeric - f64::from(analytic)).abs();
            assert!(
                error <= 2e-3 * (1.0 + numeric.abs()),
                "{what} is {analytic} analytically, {numeric} by finite differences"
            );
        };
        for i in 0..LayerNormalization::<5, EPSILON, S, C>::PARAMETERS {
            let (mut plus, mut minus) = (layer.clone(), layer.clone());
            plus.as_mut_slice()[i] += h;
            minus.as_mut_slice()[i] -= h;
            let numeric = (loss(&plus, &x, &r) - loss(&minus, &x, &r)) / (2.0 * f64::from(h));
            assert_close(format!("∂L/∂θ[{i}]"), gradients.as_slice()[i], numeric);
        }
        for i in 0..x.len() {
            let (mut plus, mut minus) = (x.clone(), x.clone());
            plus[i] += h;
            minus[i] -= h;
            let numeric =
                (loss(&layer, &plus, &r) - loss(&layer, &minus, &r)) / (2.0 * f64::from(h));
            assert_close(format!("∂L/∂X[{i}]"), input_gradient[i], numeric);
        }
    }

    #[test]
    fn gradients_match_finite_differences() {
        for seed in 0..3 {
            check_gradients::<SVector<f32, 5>, SVector<f32, 5>>(seed);
            check_gradients::<NoBias, SVector<f32, 5>>(seed);
            check_gradients::<SVector<f32, 5>, NoBias>(seed);
            check_gradients::<NoBias, NoBias>(seed);
        }
    }

    #[test]
    fn matches_a_hand_computation() {
        // x = [1, 2, 3, 6]: μ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5, r = 1/√(3.5 + ε).
        // With γ = [1, 2, 1, 1], β = [0, 0, 1, 0]: y = [−2r, −2r, 1, 3r].
        let mut layer = LayerNormalization::<4, EPSILON>::new();
        layer.gamma[1] = 2.0;
        layer.beta[2] = 1.0;
        let r = 1.0 / (3.5_f32 + 1e-3).sqrt();
        let y = layer.forward_one(&SVector::from([1.0, 2.0, 3.0, 6.0]));
        let expected = [-2.0 * r, -2.0 * r, 1.0, 3.0 * r];
        approx::assert_relative_eq!(y.as_slice(), &expected[..], max_relative = 1e-6);
    }

    #[test]
    fn batch_and_single_sample_paths_agree() {
        let (layer, x, _) = random_case::<SVector<f32, 5>, SVector<f32, 5>>(7);
        let mut buffers = LayerNormalizationBuffers::default();
        Layer::forward(&layer, &x, &mut buffers, None);
        for (j, column) in x.column_iter().enumerate() {
            assert_eq!(
                layer.forward_one(&column.into_owned()),
                buffers.output.column(j).into_owned()
            );
        }
    }

    #[test]
    fn without_gamma_and_beta_each_sample_has_mean_0_and_variance_about_1() {
        let layer = LayerNormalization::<5, EPSILON, NoBias, NoBias>::new();
        let (_, x, _) = random_case::<NoBias, NoBias>(3);
        let mut buffers = LayerNormalizationBuffers::default();
        Layer::forward(&layer, &x, &mut buffers, None);
        for column in buffers.output.column_iter() {
            assert!(column.mean().abs() < 1e-6, "mean {}", column.mean());
            let variance = column.map(|y| y * y).mean();
            // ε shrinks it a little below 1: by σ²/(σ² + ε).
            assert!(variance < 1.0 && variance > 0.99, "variance {variance}");
        }
        assert!(Layer::tensors(&layer, "layer_normalization_0", 0).is_empty());
    }

    #[test]
    fn tensors_are_named_and_placed_as_keras_saves_them() {
        let tensors = Layer::tensors(&Full::new(), "layer_normalization_0", 10);
        let named: Vec<(&str, usize)> = tensors
            .iter()
            .map(|tensor| (tensor.name.as_str(), tensor.offset))
            .collect();
        assert_eq!(
            named,
            [
                ("layer_normalization_0/gamma", 10),
                ("layer_normalization_0/beta", 15)
            ]
        );
        let only_beta = LayerNormalization::<5, EPSILON, NoBias>::new();
        let tensors = Layer::tensors(&only_beta, "layer_normalization_1", 3);
        assert_eq!(tensors.len(), 1);
        assert_eq!(
            (tensors[0].name.as_str(), tensors[0].offset),
            ("layer_normalization_1/beta", 3)
        );
        assert_eq!(Full::PARAMETERS, 10);
    }
}
