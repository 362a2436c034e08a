//! Every loss's gradient against central finite differences of its value, over random
//! predictions and labels (proptest), away from the kinks where a derivative does not exist.

use nn_core::losses::*;
use proptest::prelude::*;

/// The step of the difference quotient and the tolerance: losses compute in f32, so a quotient
/// carries a rounding error of about 1e-7·|L| / h ≈ 1e-4·|L|, and a truncation error of
/// h²/6·|L‴| (below 1e-3 for the logarithms here, whose third derivative reaches 2/p³ at
/// p = 0.1); a wrong gradient misses by far more than 2e-3·(1 + |∂L/∂ŷ|).
const STEP: f32 = 1e-3;
const TOLERANCE: f32 = 2e-3;

fn check<const N: usize, L: Loss<N>>(
    loss: &L,
    prediction: [f32; N],
    target: &L::Target,
) -> Result<(), TestCaseError> {
    let mut gradient = [0.0; N];
    let value = loss.loss_and_gradient(&prediction, target, &mut gradient);
    prop_assert_eq!(value.to_bits(), loss.loss(&prediction, target).to_bits());
    for i in 0..N {
        let (mut plus, mut minus) = (prediction, prediction);
        plus[i] += STEP;
        minus[i] -= STEP;
        let (high, low) = (
            f64::from(loss.loss(&plus, target)),
            f64::from(loss.loss(&minus, target)),
        );
        let numeric = (high - low) / (2.0 * f64::from(STEP));
        // Each f32 loss value is off by up to a few ulps of itself, which the quotient divides
        // by 2h: large losses (MAPE is in percent) need that allowance on top.
        let rounding =
            4.0 * f64::from(f32::EPSILON) * high.abs().max(low.abs()) / (2.0 * f64::from(STEP));
        let error = (numeric - f64::from(gradient[i])).abs();
        prop_assert!(
            error <= f64::from(TOLERANCE) * (1.0 + numeric.abs()) + rounding,
            "{}: ∂L/∂ŷ[{}] is {} analytically, {} numerically at ŷ = {:?}, y = {:?}",
            L::NAME,
            i,
            gradient[i],
            numeric,
            prediction,
            target
        );
    }
    Ok(())
}

/// Values at least `gap` from every one of `kinks`.
fn clear_of(values: &[f32], kinks: &[f32], gap: f32) -> bool {
    values
        .iter()
        .all(|v| kinks.iter().all(|k| (v - k).abs() > gap))
}

fn values(range: core::ops::Range<f32>) -> impl Strategy<Value = [f32; 3]> {
    prop::array::uniform3(range)
}

/// Probabilities that keep clear of Keras's clip at ε and 1 − ε.
fn probabilities() -> impl Strategy<Value = [f32; 3]> {
    values(0.1..0.9)
}

fn one_hot() -> impl Strategy<Value = [f32; 3]> {
    (0..3_usize).prop_map(|class| core::array::from_fn(|i| f32::from(i == class)))
}

proptest! {
    // A fixed seed: the same random cases on every run, so CI never turns red by chance; change
    // the seed to explore new ones.
    #![proptest_config(ProptestConfig {
        cases: 1000,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6e6e),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn regression_losses(p in values(-3.0..3.0), y in values(-3.0..3.0)) {
        let gaps: Vec<f32> = p.iter().zip(&y).map(|(p, y)| p - y).collect();
        check(&MeanSquaredError, p, &y)?;
        if clear_of(&gaps, &[0.0], 2.0 * STEP) {
            check(&MeanAbsoluteError, p, &y)?;
            check(&LogCosh, p, &y)?;
        }
        if clear_of(&gaps, &[0.0, 1.0, -1.0, 0.5, -0.5], 2.0 * STEP) {
            check(&Huber::default(), p, &y)?;
            check(&Huber { delta: 0.5 }, p, &y)?;
        }
        if clear_of(&gaps, &[0.0], 2.0 * STEP) && clear_of(&y, &[0.0], 0.2) {
            check(&MeanAbsolutePercentageError, p, &y)?;
        }
    }

    #[test]
    fn positive_value_losses(p in values(0.1..5.0), y in values(0.1..5.0)) {
        check(&MeanSquaredLogarithmicError, p, &y)?;
        check(&Poisson, p, &y)?;
        // Keras clips both sides of the KL divergence to [ε, 1]: 1 is a kink.
        if clear_of(&p, &[1.0], 2.0 * STEP) {
            check(&KLDivergence, p, &y)?;
        }
        check(&CosineSimilarity, p, &y)?;
    }

    #[test]
    fn hinge_losses(p in values(-3.0..3.0), signs in prop::array::uniform3(any::<bool>())) {
        let y = signs.map(|positive| if positive { 1.0 } else { -1.0 });
        let margins: Vec<f32> = p.iter().zip(&y).map(|(p, y)| 1.0 - p * y).collect();
        if clear_of(&margins, &[0.0], 2.0 * STEP) {
            check(&Hinge, p, &y)?;
            check(&SquaredHinge, p, &y)?;
        }
    }

    #[test]
    fn categorical_hinge(p in values(-3.0..3.0), y in one_hot()) {
        let class = y.iter().position(|&v| v == 1.0).unwrap();
        let best_other = (0..3).filter(|&i| i != class).map(|i| p[i]).fold(f32::NEG_INFINITY, f32::max);
        let others: Vec<f32> = (0..3).filter(|&i| i != class).map(|i| p[i]).collect();
        // Keras's `neg = max((1 − y)·ŷ)` includes the label's own entry, zeroed: at least 0.
        let margin = best_other.max(0.0) - p[class] + 1.0;
        // Keras's `max((1 − y)·ŷ)` also sees the label's own zeroed entry, so 0 is a kink too.
        let clear = clear_of(&[margin, others[0] - others[1], best_other], &[0.0], 2.0 * STEP);
        if clear {
            check(&CategoricalHinge, p, &y)?;
        }
    }

    #[test]
    fn categorical_crossentropies(p in probabilities(), y in one_hot(), logits in values(-4.0..4.0), class in 0..3_usize) {
        check(&CategoricalCrossentropy::default(), p, &y)?;
        check(&CategoricalCrossentropy { label_smoothing: 0.1, ..Default::default() }, p, &y)?;
        check(&CategoricalCrossentropy { from_logits: true, ..Default::default() }, logits, &y)?;
        check(&CategoricalFocalCrossentropy::default(), p, &y)?;
        check(&CategoricalFocalCrossentropy { from_logits: true, ..Default::default() }, logits, &y)?;
        check(&SparseCategoricalCrossentropy::default(), p, &class)?;
        check(&SparseCategoricalCrossentropy { from_logits: true, ..Default::default() }, logits, &class)?;
    }

    #[test]
    fn binary_crossentropies(p in 0.1_f32..0.9, logit in -4.0_f32..4.0, label in 0..2_u8) {
        let y = [f32::from(label)];
        check(&BinaryCrossentropy::default(), [p], &y)?;
        check(&BinaryCrossentropy { label_smoothing: 0.2, ..Default::default() }, [p], &y)?;
        check(&BinaryCrossentropy { from_logits: true, ..Default::default() }, [logit], &y)?;
        check(&BinaryFocalCrossentropy::default(), [p], &y)?;
        check(&BinaryFocalCrossentropy { apply_class_balancing: true, ..Default::default() }, [p], &y)?;
        check(&BinaryFocalCrossentropy { from_logits: true, ..Default::default() }, [logit], &y)?;
    }
}

/// The harness itself: a loss whose gradient is off by 1% is caught.
#[test]
fn a_wrong_gradient_is_caught() {
    #[derive(Clone, Debug)]
    struct AlmostMse;
    impl Loss<2> for AlmostMse {
        type Target = [f32; 2];
        const NAME: &'static str = "almost_mse";
        fn loss(&self, p: &[f32; 2], y: &[f32; 2]) -> f32 {
            MeanSquaredError.loss(p, y)
        }
        fn loss_and_gradient(&self, p: &[f32; 2], y: &[f32; 2], g: &mut [f32; 2]) -> f32 {
            let value = MeanSquaredError.loss_and_gradient(p, y, g);
            g.iter_mut().for_each(|g| *g *= 1.01);
            value
        }
    }
    assert!(check(&AlmostMse, [2.0, -1.0], &[0.0, 0.5]).is_err());
    assert!(check(&MeanSquaredError, [2.0, -1.0], &[0.0, 0.5]).is_ok());
}
