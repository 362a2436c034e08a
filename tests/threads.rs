//! The thread count changes how fast nn runs, never what it computes: a large layer's products
//! split over two threads train the same weights as on one, and a tuning grid run on every core
//! ranks the same trials with the same scores as one run in order.

use nn::prelude::*;
use nn::threads::with_max_threads;
use nn::tuning::{grid, grid_in_order, table};
use rand::{RngExt, SeedableRng};

nn::network! {
    /// W5's shape: its 784→128 products are past the line where they split over threads.
    struct Wide;
    input(784) -> dense(128, relu) -> dense(64, relu) -> dense(10, softmax);
    loss = sparse_categorical_crossentropy;
    optimizer = adam(lr = 0.001);
}

nn::network! {
    /// Small enough that its products never split: the trials of a grid.
    struct Small;
    input(1) -> dense(16, relu) -> dense(1, linear);
    loss = mse;
    optimizer = adam(lr = 0.01);
}

/// 512 MNIST-shaped rows (a quarter of the pixels dark) and random digits: four batches of 128.
fn digits() -> (Vec<[f32; 784]>, Vec<usize>) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
    let x = (0..512)
        .map(|_| {
            std::array::from_fn(|_| {
                let v: f32 = rng.random_range(0.0..1.0);
                if v < 0.25 { 0.0 } else { v }
            })
        })
        .collect();
    let y = (0..512).map(|_| rng.random_range(0..10)).collect();
    (x, y)
}

#[test]
fn the_same_seed_trains_the_same_weights_on_one_thread_and_on_two() {
    let (x, y) = digits();
    let options = FitOptions::new().epochs(2).batch_size(128).verbose(0);
    let train = || {
        let mut model = Wide::with_seed(3);
        let history = model.fit(&x, &y, &options).unwrap();
        let predicted = model.predict(&x);
        (
            model.network().parameters().to_vec(),
            history.loss().to_vec(),
            predicted,
        )
    };
    let (one, one_loss, one_predicted) = with_max_threads(1, train);
    let (two, two_loss, two_predicted) = with_max_threads(2, train);

    let initial = Wide::with_seed(3).network().parameters().to_vec();
    let moved = one.iter().zip(&initial).filter(|(a, b)| a != b).count();
    assert!(moved > one.len() / 2, "training moved only {moved} weights");
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert!(
        bits(&one) == bits(&two),
        "the weights differ between one thread and two"
    );
    assert_eq!(bits(&one_loss), bits(&two_loss));
    assert_eq!(
        bits(one_predicted.as_flattened()),
        bits(two_predicted.as_flattened())
    );
}

/// Trains `Small` on f(x) = 3x − 1 with the given learning rate and seed; the score is the loss
/// of the last epoch.
fn trial(&(learning_rate, seed): &(f32, u64)) -> Result<f32, Error> {
    let x: Vec<[f32; 1]> = (0..64).map(|i| [i as f32 / 64.0]).collect();
    let y: Vec<[f32; 1]> = x.iter().map(|r| [3.0 * r[0] - 1.0]).collect();
    let mut model = Small::with_seed(seed);
    model.optimizer_mut().learning_rate = learning_rate;
    let history = model.fit(
        &x,
        &y,
        &FitOptions::new().epochs(20).batch_size(16).verbose(0),
    )?;
    Ok(*history.loss().last().unwrap())
}

#[test]
fn a_grid_of_trained_networks_ranks_the_same_on_every_core_as_in_order() {
    let candidates: Vec<(f32, u64)> = [0.03, 0.01, 0.003]
        .into_iter()
        .flat_map(|lr| [1, 2, 3].map(move |seed| (lr, seed)))
        .collect();
    let parallel = with_max_threads(2, || grid(&candidates, trial)).unwrap();
    let in_order = grid_in_order(&candidates, trial).unwrap();
    assert_eq!(parallel.len(), candidates.len());
    assert!(
        parallel
            .iter()
            .zip(&in_order)
            .all(|(p, s)| p.settings == s.settings && p.score.to_bits() == s.score.to_bits())
    );
    assert_eq!(table(&parallel), table(&in_order));
    assert!(parallel[0].score < parallel[candidates.len() - 1].score);
}
