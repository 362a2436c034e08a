//! The one random number generator every seeded operation uses.

/// The generator behind initialisation and shuffling.
///
/// ChaCha8 is fixed by its specification, so a seed gives the same weights and the same batches
/// on every platform and with every future version of `rand`.
pub type Rng = rand_chacha::ChaCha8Rng;

/// A generator started from `seed`.
pub(crate) fn seeded(seed: u64) -> Rng {
    rand::SeedableRng::seed_from_u64(seed)
}
