use nalgebra::SVector;

use super::{BiasTerm, Forward};
#[cfg(feature = "std")]
use super::{Layer, LayerOutput};
#[cfg(feature = "std")]
use crate::io::TensorInfo;
#[cfg(feature = "std")]
use crate::python_float::python_double;
#[cfg(feature = "std")]
use crate::{Batch, Rng};
use crate::{Parameters, math};

/// Keras's `BatchNormalization()` on `N` features (`axis = -1`): while training, each feature
/// is normalized by its mean and variance over the batch, which also move the layer's running
/// averages of them; at inference, by those moving averages. Then it is scaled and shifted.
///
/// ```text
/// training:   μ_i = Σ_b x_bi / B,   σ²_i = Σ_b (x_bi − μ_i)² / B
///             moving_mean_i     ← moving_mean_i·m + μ_i·(1 − m)
///             moving_variance_i ← moving_variance_i·m + σ²_i·(1 − m)
/// inference:  μ_i = moving_mean_i,   σ²_i = moving_variance_i
/// both:       r_i = 1 / √(σ²_i + ε),   x̂_bi = (x_bi − μ_i)·r_i,   y_bi = γ_i·x̂_bi + β_i
/// backward:   ∂L/∂γ_i = Σ_b g_bi·x̂_bi,   ∂L/∂β_i = Σ_b g_bi,   d_bi = g_bi·γ_i
///   training:   ∂L/∂x_bi = r_i/B · (B·d_bi − Σ_c d_ci − x̂_bi·Σ_c d_ci·x̂_ci)
///   inference:  ∂L/∂x_bi = r_i·d_bi
/// ```
///
/// `b` runs over the `B` samples of the batch, `i` over the features, `g` is `∂L/∂y`. The
/// variance is the biased one (divided by `B`), as TensorFlow's `tf.nn.moments` computes it,
/// and the output is computed in `tf.nn.batch_normalization`'s order,
/// `y = x·(r·γ) + (β − μ·(r·γ))`, so that it rounds as Keras's does. The moving statistics get
/// no gradient: they are Keras's non-trainable variables.
///
/// `m` (Keras's `momentum`, default `0.99`) and `ε` (`epsilon`, default `1e-3`) are part of the
/// type as their `f32` bit patterns; `γ` (`scale`, starting at ones) and `β` (`center`,
/// starting at zeros) are each an `SVector<f32, N>` or, when Keras's `scale = False` /
/// `center = False` leaves them out, [`NoBias`](super::NoBias), `γ` then acting as 1 and `β`
/// as 0. The parameters are `γ`, `β`, `moving_mean` (starting at zeros) and `moving_variance`
/// (starting at ones), Keras's order.
///
/// The moving statistics lie among the network's flat parameters, so that weight files hold
/// them and inference reads them through `&self`, but the optimizer must not move them: the
/// gradient `backward` writes for them is 0, and the statistics a training `forward` computes
/// for the next step wait in the buffers until
/// [`update_non_trainable`](Layer::update_non_trainable) writes them over whatever the
/// optimizer's sweep did (weight decay would otherwise shrink them).
///
/// ```
/// use nn::layers::{BatchNormalization, BatchNormalizationBuffers, Layer, LayerOutput, NoBias};
/// use nn::{Batch, Rng};
/// use rand::SeedableRng;
///
/// type Keras = BatchNormalization<2, { 0.99_f32.to_bits() }, { 1e-3_f32.to_bits() }>;
/// let mut layer = Keras::new();
/// assert_eq!(layer.moving_variance.as_slice(), [1.0; 2]);
///
/// // Two features over four samples (one sample per column): feature 0 is 1, 2, 3, 6.
/// let x = Batch::<2>::from_column_slice(&[1.0, 0.0, 2.0, 0.0, 3.0, 0.0, 6.0, 4.0]);
/// let mut buffers = BatchNormalizationBuffers::default();
/// let mut rng = Rng::seed_from_u64(0);
/// Layer::forward(&layer, &x, &mut buffers, Some(&mut rng));
/// // μ = 3 and σ² = 3.5: y_00 = (1 − 3)/√3.501
/// let y = buffers.output();
/// assert!((y[(0, 0)] - (-2.0 / 3.501_f32.sqrt())).abs() < 1e-6);
///
/// // After the optimizer's step, the moving mean takes 1% of the batch's.
/// layer.update_non_trainable(&buffers);
/// assert!((layer.moving_mean[0] - 0.03).abs() < 1e-7);
///
/// // `center = false, scale = false`: only the moving statistics.
/// type Bare = BatchNormalization<2, { 0.99_f32.to_bits() }, { 1e-3_f32.to_bits() }, NoBias, NoBias>;
/// assert_eq!(Bare::PARAMETERS, 4);
/// assert_eq!(<Bare as Layer<2, 2>>::NON_TRAINABLE, 4);
/// ```
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormalization<
    const N: usize,
    const MOMENTUM: u32,
    const EPSILON: u32,
    Scale = SVector<f32, N>,
    Center = SVector<f32, N>,
> {
    /// `γ`, one per feature (or `NoBias` for Keras's `scale = False`).
    pub gamma: Scale,
    /// `β`, one per feature (or `NoBias` for Keras's `center = False`).
    pub beta: Center,
    /// The moving average of the batches' means: what inference normalizes by.
    pub moving_mean: SVector<f32, N>,
    /// The moving average of the batches' variances: what inference normalizes by.
    pub moving_variance: SVector<f32, N>,
}

// SAFETY: repr(C); `gamma` then `beta`, each an f32 vector of N or the zero-sized `NoBias`
// (`BiasTerm` is sealed: these are the only two), then two f32 vectors of N, which also give
// the layer f32's alignment: exactly COUNT f32s.
unsafe impl<
    const N: usize,
    const MOMENTUM: u32,
    const EPSILON: u32,
    Scale: BiasTerm<N>,
    Center: BiasTerm<N>,
> Parameters for BatchNormalization<N, MOMENTUM, EPSILON, Scale, Center>
{
    const COUNT: usize = Scale::COUNT + Center::COUNT + 2 * N;
}

#[cfg(feature = "std")]
/// What a [`BatchNormalization`] layer keeps of a batch between its forward and backward
/// passes, and the moving statistics the batch leads to.
#[derive(Clone, Debug)]
pub struct BatchNormalizationBuffers<const N: usize> {
    /// `x̂ = (x − μ)·r` per value.
    pub normalized: Batch<N>,
    /// `μ` per feature: the batch's while training, the moving mean at inference.
    pub mean: Box<[f32; N]>,
    /// `r = 1 / √(σ² + ε)` per feature, `σ²` the batch's while training, the moving variance at
    /// inference.
    pub inverse_deviation: Box<[f32; N]>,
    /// Whether the last pass normalized by the batch's statistics (and so moved the moving
    /// ones): a training pass over at least one sample.
    pub training: bool,
    /// The moving mean after the last training pass, for
    /// [`update_non_trainable`](Layer::update_non_trainable) to write into the layer.
    pub next_moving_mean: Box<[f32; N]>,
    /// The moving variance after the last training pass, as `next_moving_mean`.
    pub next_moving_variance: Box<[f32; N]>,
    /// `Σ_b g` per feature: `∂L/∂β`, which `∂L/∂x` needs even when the layer holds no `β`.
    pub gradient_sum: Box<[f32; N]>,
    /// `Σ_b g·x̂` per feature: `∂L/∂γ`, which `∂L/∂x` needs even when the layer holds no `γ`.
    pub normalized_gradient_sum: Box<[f32; N]>,
    /// The layer's output.
    pub output: Batch<N>,
    /// `∂L/∂y`, written by whatever consumes the output.
    pub gradient: Batch<N>,
}

#[cfg(feature = "std")]
impl<const N: usize> Default for BatchNormalizationBuffers<N> {
    /// Buffers for no sample yet; those of one value per feature are already sized.
    fn default() -> Self {
        BatchNormalizationBuffers {
            normalized: Batch::zeros(0),
            mean: per_feature(),
            inverse_deviation: per_feature(),
            training: false,
            next_moving_mean: per_feature(),
            next_moving_variance: per_feature(),
            gradient_sum: per_feature(),
            normalized_gradient_sum: per_feature(),
            output: Batch::zeros(0),
            gradient: Batch::zeros(0),
        }
    }
}

#[cfg(feature = "std")]
impl<const N: usize> LayerOutput<N> for BatchNormalizationBuffers<N> {
    #[inline]
    fn output(&self) -> &Batch<N> {
        &self.output
    }

    #[inline]
    fn output_and_gradient(&mut self) -> (&Batch<N>, &mut Batch<N>) {
        (&self.output, &mut self.gradient)
    }
}

#[cfg(feature = "std")]
/// `N` zeros on the heap, one per feature, built without a copy on the stack (N can be large).
fn per_feature<const N: usize>() -> Box<[f32; N]> {
    vec![0.0; N]
        .into_boxed_slice()
        .try_into()
        .expect("vec![0.0; N] holds N values")
}

impl<
    const N: usize,
    const MOMENTUM: u32,
    const EPSILON: u32,
    Scale: BiasTerm<N>,
    Center: BiasTerm<N>,
> BatchNormalization<N, MOMENTUM, EPSILON, Scale, Center>
{
    /// `m`, the weight of the moving statistics against the batch's.
    pub const MOMENTUM: f32 = f32::from_bits(MOMENTUM);

    /// `1 − m` as Keras computes it: `momentum` is a Python float, so `1.0 - momentum` is taken
    /// in f64 from the decimal written and only the result rounded to f32. Taken from the f32
    /// (`1 − 0.99f32 = 0.00999999`), it would be 10 ulps from Keras's `0.01f32`, which compounds
    /// over the steps.
    #[cfg(feature = "std")]
    const BATCH_WEIGHT: f32 = (1.0 - python_double(Self::MOMENTUM)) as f32;

    /// `ε`, added to the variance before its square root.
    pub const EPSILON: f32 = f32::from_bits(EPSILON);

    /// How many values the layer holds, the non-trainable moving statistics among them:
    /// `N` for `γ` and `N` for `β`, each unless left out, and `2N` for the moving mean and
    /// variance.
    pub const PARAMETERS: usize = <Self as Parameters>::COUNT;

    /// A layer with Keras's starting values: `γ` ones, `β` zeros, moving mean zeros and moving
    /// variance ones.
    pub fn new() -> Self {
        let mut layer = BatchNormalization {
            gamma: Scale::zeros(),
            beta: Center::zeros(),
            moving_mean: SVector::zeros(),
            moving_variance: SVector::repeat(1.0),
        };
        layer.gamma.values_mut().fill(1.0);
        layer
    }

    /// `γ` as an array of N, `None` when left out.
    fn gamma(&self) -> Option<&[f32; N]> {
        <&[f32; N]>::try_from(self.gamma.values()).ok()
    }

    fn beta(&self) -> Option<&[f32; N]> {
        <&[f32; N]>::try_from(self.beta.values()).ok()
    }

    /// `y_i` for a value `x` of feature `i` normalized by `μ` and `r`, in
    /// `tf.nn.batch_normalization`'s order: `inv = r·γ`, `y = x·inv + (β − μ·inv)`.
    #[inline]
    fn normalized_output(&self, i: usize, x: f32, mean: f32, r: f32) -> f32 {
        let inv = self.gamma().map_or(r, |gamma| r * gamma[i]);
        let shift = self.beta().map_or(-mean * inv, |beta| beta[i] - mean * inv);
        x * inv + shift
    }

    #[cfg(feature = "std")]
    /// Writes the batch's mean and biased variance per feature into `mean` and `variance`, in
    /// f32 as `tf.nn.moments`: the mean, then the mean of squared deviations from it. Sums run
    /// sample by sample, so that each reads one contiguous column.
    fn moments(samples: &[[f32; N]], mean: &mut [f32; N], variance: &mut [f32; N]) {
        let count = samples.len() as f32;
        mean.fill(0.0);
        for x in samples {
            for i in 0..N {
                mean[i] += x[i];
            }
        }
        mean.iter_mut().for_each(|mean| *mean /= count);
        variance.fill(0.0);
        for x in samples {
            for i in 0..N {
                variance[i] += (x[i] - mean[i]) * (x[i] - mean[i]);
            }
        }
        variance.iter_mut().for_each(|variance| *variance /= count);
    }
}

impl<
    const N: usize,
    const MOMENTUM: u32,
    const EPSILON: u32,
    Scale: BiasTerm<N>,
    Center: BiasTerm<N>,
> Default for BatchNormalization<N, MOMENTUM, EPSILON, Scale, Center>
{
    fn default() -> Self {
        Self::new()
    }
}

impl<
    const N: usize,
    const MOMENTUM: u32,
    const EPSILON: u32,
    Scale: BiasTerm<N>,
    Center: BiasTerm<N>,
> Forward<N, N> for BatchNormalization<N, MOMENTUM, EPSILON, Scale, Center>
{
    /// Inference: normalizes by the moving statistics.
    #[inline]
    fn forward_one(&self, input: &SVector<f32, N>) -> SVector<f32, N> {
        SVector::from_fn(|i, _| {
            let r = 1.0 / math::sqrt(self.moving_variance[i] + Self::EPSILON);
            self.normalized_output(i, input[i], self.moving_mean[i], r)
        })
    }
}

#[cfg(feature = "std")]
impl<
    const N: usize,
    const MOMENTUM: u32,
    const EPSILON: u32,
    Scale: BiasTerm<N>,
    Center: BiasTerm<N>,
> Layer<N, N> for BatchNormalization<N, MOMENTUM, EPSILON, Scale, Center>
{
    type Buffers = BatchNormalizationBuffers<N>;
    const KERAS_CLASS: &'static str = "BatchNormalization";

    /// The moving mean and the moving variance.
    const NON_TRAINABLE: usize = 2 * N;

    /// Keras's `gamma_initializer = "ones"`, `beta_initializer = "zeros"`,
    /// `moving_mean_initializer = "zeros"`, `moving_variance_initializer = "ones"`: nothing is
    /// drawn.
    fn initialize(&mut self, _: &mut Rng) {
        *self = Self::new();
    }

    /// Normalizes by the batch's statistics while training (`rng` given) and computes the
    /// moving statistics they lead to; by the moving statistics otherwise. A training pass over
    /// no sample has no statistics: it normalizes nothing and moves nothing.
    fn forward(&self, input: &Batch<N>, buffers: &mut Self::Buffers, rng: Option<&mut Rng>) {
        let samples = input.ncols();
        if buffers.output.ncols() != samples {
            *buffers = BatchNormalizationBuffers {
                normalized: Batch::zeros(samples),
                output: Batch::zeros(samples),
                gradient: Batch::zeros(samples),
                ..BatchNormalizationBuffers::default()
            };
        }
        let x = input.as_slice().as_chunks::<N>().0;
        let mean = &mut *buffers.mean;
        let r = &mut *buffers.inverse_deviation;
        buffers.training = rng.is_some() && samples > 0;
        if buffers.training {
            // `r` holds the batch's variance until it becomes `1 / √(σ² + ε)` below.
            Self::moments(x, mean, r);
            let next_mean = &mut *buffers.next_moving_mean;
            let next_variance = &mut *buffers.next_moving_variance;
            for i in 0..N {
                next_mean[i] = self.moving_mean[i] * Self::MOMENTUM + mean[i] * Self::BATCH_WEIGHT;
                next_variance[i] =
                    self.moving_variance[i] * Self::MOMENTUM + r[i] * Self::BATCH_WEIGHT;
            }
        } else {
            mean.copy_from_slice(self.moving_mean.as_slice());
            r.copy_from_slice(self.moving_variance.as_slice());
        }
        r.iter_mut()
            .for_each(|r| *r = 1.0 / (*r + Self::EPSILON).sqrt());

        let normalized = buffers.normalized.as_mut_slice().as_chunks_mut::<N>().0;
        let y = buffers.output.as_mut_slice().as_chunks_mut::<N>().0;
        for ((x, normalized), y) in x.iter().zip(normalized).zip(y) {
            for i in 0..N {
                normalized[i] = (x[i] - mean[i]) * r[i];
                y[i] = self.normalized_output(i, x[i], mean[i], r[i]);
            }
        }
    }

    fn backward(
        &self,
        _: &Batch<N>,
        buffers: &mut Self::Buffers,
        gradients: &mut Self,
        input_gradient: Option<&mut Batch<N>>,
    ) {
        let normalized = buffers.normalized.as_slice().as_chunks::<N>().0;
        let g = buffers.gradient.as_slice().as_chunks::<N>().0;
        let gradient_sum = &mut *buffers.gradient_sum;
        let normalized_gradient_sum = &mut *buffers.normalized_gradient_sum;
        gradient_sum.fill(0.0);
        normalized_gradient_sum.fill(0.0);
        for (normalized, g) in normalized.iter().zip(g) {
            for i in 0..N {
                gradient_sum[i] += g[i];
                normalized_gradient_sum[i] += g[i] * normalized[i];
            }
        }
        gradients
            .gamma
            .values_mut()
            .copy_from_slice(&normalized_gradient_sum[..Scale::COUNT]);
        gradients
            .beta
            .values_mut()
            .copy_from_slice(&gradient_sum[..Center::COUNT]);
        // Written every step: the gradient struct is reused, and the optimizer must find 0.
        gradients.moving_mean.fill(0.0);
        gradients.moving_variance.fill(0.0);

        let Some(input_gradient) = input_gradient else {
            return;
        };
        let gamma = self.gamma();
        let r = &*buffers.inverse_deviation;
        let count = g.len() as f32;
        let dx = input_gradient.as_mut_slice().as_chunks_mut::<N>().0;
        for ((dx, normalized), g) in dx.iter_mut().zip(normalized).zip(g) {
            for i in 0..N {
                // ∂y/∂x at fixed statistics.
                let scale = gamma.map_or(r[i], |gamma| gamma[i] * r[i]);
                // While training the statistics are the batch's, functions of x too; with
                // d = g·γ, Σd = γ·Σg and Σd·x̂ = γ·Σg·x̂, so γ factors out of the formula.
                dx[i] = if buffers.training {
                    scale / count
                        * (count * g[i]
                            - gradient_sum[i]
                            - normalized[i] * normalized_gradient_sum[i])
                } else {
                    scale * g[i]
                };
            }
        }
    }

    /// `{name}/gamma` and `{name}/beta` (those the layer holds), then `{name}/moving_mean` and
    /// `{name}/moving_variance`, each of shape `(N,)`.
    fn tensors(&self, name: &str, offset: usize) -> Vec<TensorInfo> {
        let roles = [
            ("gamma", Scale::COUNT, true),
            ("beta", Center::COUNT, true),
            ("moving_mean", N, false),
            ("moving_variance", N, false),
        ];
        let mut tensors = Vec::new();
        let mut start = offset;
        for (role, count, trainable) in roles {
            if count > 0 {
                tensors.push(TensorInfo {
                    name: format!("{name}/{role}"),
                    shape: vec![N],
                    offset: start,
                    trainable,
                });
            }
            start += count;
        }
        tensors
    }

    /// Writes the moving statistics of the last training pass into the layer; after an
    /// inference pass, changes nothing.
    fn update_non_trainable(&mut self, buffers: &Self::Buffers) {
        if buffers.training {
            self.moving_mean
                .copy_from_slice(buffers.next_moving_mean.as_slice());
            self.moving_variance
                .copy_from_slice(buffers.next_moving_variance.as_slice());
        }
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::layers::NoBias;
    use rand::{RngExt, SeedableRng};

    const MOMENTUM: u32 = 0.99_f32.to_bits();
    const EPSILON: u32 = 1e-3_f32.to_bits();
    type Full = BatchNormalization<5, MOMENTUM, EPSILON>;
    type Layer5<S, C> = BatchNormalization<5, MOMENTUM, EPSILON, S, C>;

    /// Runs `x` through `layer`, training or not; a layer without randomness draws nothing, so
    /// any generator will do.
    fn run<S: BiasTerm<5>, C: BiasTerm<5>>(
        layer: &Layer5<S, C>,
        x: &Batch<5>,
        training: bool,
    ) -> BatchNormalizationBuffers<5> {
        let mut buffers = BatchNormalizationBuffers::default();
        let mut rng = Rng::seed_from_u64(0);
        Layer::forward(layer, x, &mut buffers, training.then_some(&mut rng));
        buffers
    }

    /// `L = Σ R ⊙ y` for a fixed random `R`, so `∂L/∂y = R`.
    fn loss<S: BiasTerm<5>, C: BiasTerm<5>>(
        layer: &Layer5<S, C>,
        x: &Batch<5>,
        r: &Batch<5>,
        training: bool,
    ) -> f64 {
        run(layer, x, training)
            .output
            .iter()
            .zip(r.iter())
            .map(|(&y, &r)| f64::from(y) * f64::from(r))
            .sum()
    }

    /// A layer with random `γ`, `β` (where held) and moving statistics, a batch of `samples`
    /// samples and loss weights.
    fn random_case<S: BiasTerm<5>, C: BiasTerm<5>>(
        seed: u64,
        samples: usize,
    ) -> (Layer5<S, C>, Batch<5>, Batch<5>) {
        let mut rng = Rng::seed_from_u64(seed);
        let mut layer = Layer5::<S, C>::new();
        for value in layer.as_mut_slice() {
            *value = rng.random_range(0.5..1.5);
        }
        let x = Batch::<5>::from_fn(samples, |_, _| rng.random_range(-2.0..2.0));
        let r = Batch::<5>::from_fn(samples, |_, _| rng.random_range(-1.0..1.0));
        (layer, x, r)
    }

    /// What the layer computes, in f64 from its definition: `γ·(x − μ)/√(σ² + ε) + β` per
    /// value, with the batch's biased moments while training and the moving ones otherwise.
    fn direct<S: BiasTerm<5>, C: BiasTerm<5>>(
        layer: &Layer5<S, C>,
        x: &Batch<5>,
        training: bool,
    ) -> Vec<f64> {
        let samples = x.ncols() as f64;
        let mut y = vec![0.0; x.len()];
        for i in 0..5 {
            let row: Vec<f64> = x.row(i).iter().map(|&x| f64::from(x)).collect();
            let (mean, variance) = if training {
                let mean = row.iter().sum::<f64>() / samples;
                let variance = row.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / samples;
                (mean, variance)
            } else {
                (
                    f64::from(layer.moving_mean[i]),
                    f64::from(layer.moving_variance[i]),
                )
            };
            let gamma = layer.gamma.values().get(i).map_or(1.0, |&g| f64::from(g));
            let beta = layer.beta.values().get(i).map_or(0.0, |&b| f64::from(b));
            let epsilon = f64::from(Full::EPSILON);
            for (b, x) in row.iter().enumerate() {
                y[b * 5 + i] = gamma * (x - mean) / (variance + epsilon).sqrt() + beta;
            }
        }
        y
    }

    #[test]
    fn forward_matches_a_direct_f64_computation_in_both_modes() {
        for training in [true, false] {
            let (layer, x, _) = random_case::<SVector<f32, 5>, SVector<f32, 5>>(1, 6);
            let output = run(&layer, &x, training).output;
            for (&actual, expected) in output.iter().zip(direct(&layer, &x, training)) {
                // x̂ is at most √B ≈ 2.4 and γ, β about 1: a few f32 roundings of values of a
                // few units.
                assert!(
                    (f64::from(actual) - expected).abs() < 1e-5,
                    "training {training}: {actual} against {expected}"
                );
            }
        }
    }

    #[test]
    fn inference_normalizes_by_the_moving_statistics_not_the_batch() {
        let mut layer = BatchNormalization::<1, MOMENTUM, EPSILON>::new();
        layer.moving_mean[0] = 10.0;
        layer.moving_variance[0] = 4.0 - 1e-3;
        let x = Batch::<1>::from_column_slice(&[12.0, 14.0, 20.0]);
        let mut buffers = BatchNormalizationBuffers::default();
        Layer::forward(&layer, &x, &mut buffers, None);
        // (x − 10)/√4, exactly representable: the batch's own mean (15 1/3) plays no part.
        approx::assert_relative_eq!(
            buffers.output.as_slice(),
            &[1.0, 2.0, 5.0][..],
            max_relative = 1e-6
        );
        assert!(!buffers.training);
    }

    #[test]
    fn batch_and_single_sample_paths_agree_at_inference() {
        let (layer, x, _) = random_case::<SVector<f32, 5>, NoBias>(7, 4);
        let output = run(&layer, &x, false).output;
        for (j, column) in x.column_iter().enumerate() {
            assert_eq!(
                layer.forward_one(&column.into_owned()),
                output.column(j).into_owned()
            );
        }
    }

    /// Every analytic gradient against central finite differences; step and tolerance as in
    /// dense.rs's check (f32 rounding over a step of 1e-2, truncation O(h²)). The moving
    /// statistics are left out of the differences: their gradient is 0 by definition (they are
    /// not trained), which is asserted exactly instead.
    fn check_gradients<S: BiasTerm<5>, C: BiasTerm<5>>(seed: u64, training: bool) {
        let (layer, x, r) = random_case::<S, C>(seed, 4);
        let mut buffers = run(&layer, &x, training);
        buffers.gradient.copy_from(&r);
        let mut gradients = Layer5::<S, C>::new();
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
                "training {training}: {what} is {analytic} analytically, {numeric} by finite \
                 differences"
            );
        };
        let difference = |plus: f64, minus: f64| (plus - minus) / (2.0 * f64::from(h));
        let trainable = S::COUNT + C::COUNT;
        for i in 0..trainable {
            let (mut plus, mut minus) = (layer.clone(), layer.clone());
            plus.as_mut_slice()[i] += h;
            minus.as_mut_slice()[i] -= h;
            let numeric = difference(
                loss(&plus, &x, &r, training),
                loss(&minus, &x, &r, training),
            );
            assert_close(format!("∂L/∂θ[{i}]"), gradients.as_slice()[i], numeric);
        }
        assert_eq!(gradients.as_slice()[trainable..], [0.0; 10]);
        for i in 0..x.len() {
            let (mut plus, mut minus) = (x.clone(), x.clone());
            plus[i] += h;
            minus[i] -= h;
            let numeric = difference(
                loss(&layer, &plus, &r, training),
                loss(&layer, &minus, &r, training),
            );
            assert_close(format!("∂L/∂X[{i}]"), input_gradient[i], numeric);
        }
    }

    #[test]
    fn gradients_match_finite_differences() {
        for seed in 0..3 {
            for training in [true, false] {
                check_gradients::<SVector<f32, 5>, SVector<f32, 5>>(seed, training);
                check_gradients::<NoBias, SVector<f32, 5>>(seed, training);
                check_gradients::<SVector<f32, 5>, NoBias>(seed, training);
                check_gradients::<NoBias, NoBias>(seed, training);
            }
        }
    }

    #[test]
    fn the_complement_of_momentum_rounds_as_python_computes_it() {
        // Keras: `1.0 - 0.99` in f64 is 0.010000000000000009, rounded to f32 only then.
        fn complement<const MOMENTUM: u32>() -> f32 {
            BatchNormalization::<1, MOMENTUM, EPSILON>::BATCH_WEIGHT
        }
        assert_eq!(
            complement::<{ 0.99_f32.to_bits() }>(),
            (1.0_f64 - 0.99) as f32
        );
        assert_ne!(complement::<{ 0.99_f32.to_bits() }>(), 1.0 - 0.99_f32);
        assert_eq!(
            complement::<{ 0.9_f32.to_bits() }>(),
            (1.0_f64 - 0.9) as f32
        );
        assert_eq!(
            complement::<{ 0.999_f32.to_bits() }>(),
            (1.0_f64 - 0.999) as f32
        );
        assert_eq!(complement::<{ 0.0_f32.to_bits() }>(), 1.0);
    }

    #[test]
    fn moving_statistics_follow_their_closed_form() {
        // One feature at 1, 2, 3, 6 in every batch: μ = 3 and σ² = 3.5, both exact in f32.
        // After k steps from (0, 1): moving_mean = 3·(1 − m^k), moving_variance =
        // m^k + 3.5·(1 − m^k), but for the rounding of m and 1 − m (below).
        let mut layer = BatchNormalization::<1, MOMENTUM, EPSILON>::new();
        let x = Batch::<1>::from_column_slice(&[1.0, 2.0, 3.0, 6.0]);
        let mut buffers = BatchNormalizationBuffers::default();
        let mut rng = Rng::seed_from_u64(0);
        Layer::forward(&layer, &x, &mut buffers, Some(&mut rng));
        // The first step, exactly as Keras's f32 arithmetic: 0·m + 3·(1 − m), 1·m + 3.5·(1 − m).
        let (m, complement) = (0.99_f32, (1.0_f64 - 0.99) as f32);
        assert_eq!(buffers.next_moving_mean[0], 0.0 * m + 3.0 * complement);
        assert_eq!(buffers.next_moving_variance[0], 1.0 * m + 3.5 * complement);
        // Until the optimizer's step is applied, the layer's own are untouched.
        assert_eq!((layer.moving_mean[0], layer.moving_variance[0]), (0.0, 1.0));

        let steps = 200;
        for _ in 0..steps {
            Layer::forward(&layer, &x, &mut buffers, Some(&mut rng));
            layer.update_non_trainable(&buffers);
        }
        // With m and 1 − m as rounded (their sum is 1 + 7e-9, not 1): a geometric series.
        let (m, complement) = (f64::from(m), f64::from(complement));
        let decay = m.powi(steps);
        let mean = 3.0 * complement * (1.0 - decay) / (1.0 - m);
        let variance = decay + 3.5 * complement * (1.0 - decay) / (1.0 - m);
        // Each step rounds to half an ulp (3e-8 relative) and m carries every error forward:
        // at most 1.5 ulps / (1 − m) = 150 ulps, 1e-5 relative.
        approx::assert_relative_eq!(f64::from(layer.moving_mean[0]), mean, max_relative = 2e-5);
        approx::assert_relative_eq!(
            f64::from(layer.moving_variance[0]),
            variance,
            max_relative = 2e-5
        );
    }

    #[test]
    fn the_update_overwrites_what_the_optimizer_did_and_inference_moves_nothing() {
        let (mut layer, x, _) = random_case::<SVector<f32, 5>, SVector<f32, 5>>(4, 3);
        let buffers = run(&layer, &x, true);
        let next = (
            buffers.next_moving_mean.to_vec(),
            buffers.next_moving_variance.to_vec(),
        );
        // What weight decay or FTRL would do to the moving statistics with a zero gradient.
        layer.moving_mean.fill(123.0);
        layer.moving_variance.fill(-7.0);
        layer.update_non_trainable(&buffers);
        assert_eq!(
            (
                layer.moving_mean.as_slice(),
                layer.moving_variance.as_slice()
            ),
            (&next.0[..], &next.1[..])
        );

        let before = layer.clone();
        let buffers = run(&layer, &x, false);
        layer.update_non_trainable(&buffers);
        assert_eq!(layer, before);
    }

    #[test]
    fn a_batch_of_one_sample_gives_beta_and_no_gradient_through_x() {
        let (layer, x, r) = random_case::<SVector<f32, 5>, SVector<f32, 5>>(5, 1);
        let mut buffers = run(&layer, &x, true);
        // σ² = 0 so x̂ = 0 (not 0/0: ε keeps r finite), and y = β, up to the rounding of
        // x·inv + (β − x·inv), inv = γ/√ε ≈ 32: an ulp of values up to 100, 1e-5.
        assert_eq!(buffers.normalized.as_slice(), [0.0; 5]);
        approx::assert_abs_diff_eq!(
            buffers.output.as_slice(),
            layer.beta.as_slice(),
            epsilon = 1e-5
        );
        assert!(buffers.next_moving_variance.iter().all(|v| v.is_finite()));
        buffers.gradient.copy_from(&r);
        let mut gradients = Full::new();
        let mut input_gradient = Batch::<5>::from_element(1, f32::NAN);
        Layer::backward(
            &layer,
            &x,
            &mut buffers,
            &mut gradients,
            Some(&mut input_gradient),
        );
        // y does not depend on x at all: x − μ is 0 whatever x is.
        assert_eq!(input_gradient.as_slice(), [0.0; 5]);
        assert_eq!(gradients.beta.as_slice(), r.as_slice());
    }

    #[test]
    fn a_training_pass_over_no_sample_moves_nothing() {
        let (mut layer, _, _) = random_case::<NoBias, NoBias>(6, 1);
        let before = layer.clone();
        let buffers = run(&layer, &Batch::<5>::zeros(0), true);
        layer.update_non_trainable(&buffers);
        assert_eq!(layer, before);
        assert!(!buffers.training);
    }

    #[test]
    fn tensors_are_named_and_placed_as_keras_saves_them() {
        let summary = |tensors: Vec<TensorInfo>| -> Vec<(String, usize, bool)> {
            tensors
                .into_iter()
                .map(|tensor| (tensor.name, tensor.offset, tensor.trainable))
                .collect()
        };
        let tensors = Layer::tensors(&Full::new(), "batch_normalization_0", 10);
        assert!(tensors.iter().all(|tensor| tensor.shape == [5]));
        assert_eq!(
            summary(tensors),
            [
                ("batch_normalization_0/gamma".into(), 10, true),
                ("batch_normalization_0/beta".into(), 15, true),
                ("batch_normalization_0/moving_mean".into(), 20, false),
                ("batch_normalization_0/moving_variance".into(), 25, false),
            ]
        );
        let only_beta = Layer5::<NoBias, SVector<f32, 5>>::new();
        assert_eq!(
            summary(Layer::tensors(&only_beta, "batch_normalization_1", 3)),
            [
                ("batch_normalization_1/beta".into(), 3, true),
                ("batch_normalization_1/moving_mean".into(), 8, false),
                ("batch_normalization_1/moving_variance".into(), 13, false),
            ]
        );
        assert_eq!(Full::PARAMETERS, 20);
        assert_eq!(<Full as Layer<5, 5>>::NON_TRAINABLE, 10);
    }

    #[test]
    fn starts_as_keras_does() {
        let mut layer = Full::new();
        layer.as_mut_slice().fill(f32::NAN);
        Layer::initialize(&mut layer, &mut Rng::seed_from_u64(0));
        assert_eq!(layer.gamma.as_slice(), [1.0; 5]);
        assert_eq!(layer.beta.as_slice(), [0.0; 5]);
        assert_eq!(layer.moving_mean.as_slice(), [0.0; 5]);
        assert_eq!(layer.moving_variance.as_slice(), [1.0; 5]);
    }
}
