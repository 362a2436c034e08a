//! The network the macro generates computes what the same layers wired by hand with plain
//! nalgebra compute: the same weights after the same ten Adam steps.

mod support {
    pub mod handwritten;
}

use nn::optimizers::Optimizer;
use nn::prelude::*;
use support::handwritten::Handwritten;

nn::network! {
    struct Walkthrough;
    input(4) -> dense(128, relu) -> dense(64, relu) -> dense(32, relu) -> dense(16, relu) -> dense(2, linear);
    loss = mse;
    optimizer = adam(lr = 0.005);
}

/// 320 rows of the walk-through's kind, scaled into [0, 1]: ten batches of 32.
fn rows() -> (Vec<[f32; 4]>, Vec<[f32; 2]>) {
    let x: Vec<[f32; 4]> = (0..320)
        .map(|i| [0.0, 1.0, 2.0, 3.0].map(|d| (i as f32 * 3.1 % 997.0 + d) / 1000.0))
        .collect();
    let y = x
        .iter()
        .map(|r| {
            [
                0.3 * r[0] + 0.2 * r[1] - 0.4 * r[2] + 0.1 * r[3] + 0.002,
                0.5 * r[0] - 0.1 * r[1] + 0.3 * r[2],
            ]
        })
        .collect();
    (x, y)
}

#[test]
fn ten_steps_give_the_same_weights_as_plain_nalgebra() {
    let (x, y) = rows();
    let mut model = Walkthrough::with_seed(42);
    let mut reference = Handwritten::from_flat(model.network().parameters(), 0.005);
    assert_eq!(reference.to_flat(), model.network().parameters());

    let options = FitOptions::new()
        .epochs(1)
        .batch_size(32)
        .shuffle(false)
        .verbose(0);
    model.fit(&x, &y, &options).unwrap();
    for (x, y) in x.chunks(32).zip(y.chunks(32)) {
        reference.train_step(&Handwritten::batch(x), &Handwritten::batch(y));
    }
    assert_eq!(model.network().optimizer().iterations(), 10);

    let initial = Walkthrough::with_seed(42);
    let mut moved = 0;
    for (i, ((&ours, &theirs), &before)) in model
        .network()
        .parameters()
        .iter()
        .zip(&reference.to_flat())
        .zip(initial.network().parameters())
        .enumerate()
    {
        // The two sum the same products in different orders (sgemm's blocking vs nalgebra's
        // loops), so they agree to f32 rounding carried through ten steps, not bit for bit.
        assert!(
            (ours - theirs).abs() <= 1e-5 + 1e-4 * theirs.abs(),
            "parameter {i}: nn {ours}, by hand {theirs}"
        );
        moved += usize::from(ours != before);
    }
    // Units that relu keeps silent on these all-positive rows get no gradient; the rest (38% of
    // the weights with this seed) must have moved, or the comparison proves nothing.
    assert!(
        moved > Walkthrough::PARAMETERS / 4,
        "only {moved} parameters moved: the test would not notice a wrong step"
    );
}

#[test]
fn each_step_reports_the_same_loss_and_gradients_as_plain_nalgebra() {
    // One batch of 32 rows, not shuffled: every epoch is one step, and History records the loss
    // of each step before its update, as the hand-written step returns it.
    let (x, y) = rows();
    let (x, y) = (&x[..32], &y[..32]);
    let mut model = Walkthrough::with_seed(3);
    let mut reference = Handwritten::from_flat(model.network().parameters(), 0.005);
    let options = FitOptions::new()
        .epochs(10)
        .batch_size(32)
        .shuffle(false)
        .verbose(0);
    let history = model.fit(x, y, &options).unwrap();
    let (xb, yb) = (Handwritten::batch(x), Handwritten::batch(y));
    for (step, &ours) in history.loss().iter().enumerate() {
        let theirs = reference.train_step(&xb, &yb);
        if step == 0 {
            // The first step's gradients, before the ten steps' arithmetic can drift apart.
            let mut first = Walkthrough::with_seed(3);
            first.fit(x, y, &options.clone().epochs(1)).unwrap();
            for (i, (ours, theirs)) in first
                .network()
                .gradients()
                .iter()
                .zip(reference.gradients())
                .enumerate()
            {
                assert!(
                    (ours - theirs).abs() <= 1e-6 + 1e-4 * theirs.abs(),
                    "gradient {i}: nn {ours}, by hand {theirs}"
                );
            }
            assert!(first.network().gradients().iter().any(|&g| g != 0.0));
        }
        // Same arithmetic in a different summation order: f32 rounding, compounded over steps.
        assert!(
            (ours - theirs).abs() <= 1e-4 * theirs.abs(),
            "step {step}: nn {ours}, by hand {theirs}"
        );
    }
    assert!(
        history.loss()[9] < history.loss()[0],
        "the loss must fall, or equal losses prove little"
    );
}
