//! NumPy's legacy `numpy.random.RandomState`, as far as scikit-learn's splits use it: seeding
//! with an integer, `permutation` and `choice(.., replace=False)`.
//!
//! scikit-learn turns an integer `random_state` into `np.random.RandomState(seed)`, which seeds
//! MT19937 with the reference `init_genrand(seed)` (NumPy refuses seeds outside 0..2^32). Its
//! `permutation(n)` is `shuffle(arange(n))`, a Fisher–Yates shuffle from the last element down:
//!
//! ```text
//! for i = n − 1 down to 1:
//!     j = interval(i)          // uniform in 0..=i
//!     swap(a[i], a[j])
//! ```
//!
//! where `interval(max)` (`random_interval` in NumPy's `distributions.c`) draws by masked
//! rejection: `mask` is the smallest `2^k − 1 ≥ max`, and 32-bit outputs are drawn until
//! `output & mask ≤ max`. Past 2^32 − 1 NumPy draws 64-bit outputs instead, taken here as two
//! 32-bit ones, high word first; no test reaches that branch (it needs 2^32 rows).
//! `choice(population, size, replace=False)` without weights is `permutation(population)[..size]`:
//! it draws a whole permutation even when it keeps all of it.

use rand_mt::Mt;

/// NumPy's `RandomState(seed)`: MT19937 seeded by `init_genrand`.
pub(crate) struct RandomState {
    generator: Mt,
}

impl RandomState {
    /// `np.random.RandomState(seed)`.
    pub(crate) fn new(seed: u32) -> Self {
        RandomState {
            generator: Mt::new(seed),
        }
    }

    /// `random_interval(max)`: uniform in `0..=max` by masked rejection.
    fn interval(&mut self, max: usize) -> usize {
        if max == 0 {
            return 0;
        }
        let max = max as u64;
        let mask = u64::MAX >> max.leading_zeros();
        loop {
            let value = if max <= u64::from(u32::MAX) {
                u64::from(self.generator.next_u32()) & mask
            } else {
                self.generator.next_u64() & mask
            };
            if value <= max {
                return value as usize;
            }
        }
    }

    /// `shuffle(items)` in place: Fisher–Yates from the last item down.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.interval(i);
            items.swap(i, j);
        }
    }

    /// `permutation(n)`: `0..n` shuffled.
    pub(crate) fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        self.shuffle(&mut order);
        order
    }

    /// `choice(population, size, replace=False)`: the first `size` of `permutation(population)`.
    pub(crate) fn choose(&mut self, population: usize, size: usize) -> Vec<usize> {
        let mut chosen = self.permutation(population);
        chosen.truncate(size);
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first outputs of `np.random.RandomState(42)`, from NumPy 2.4.6:
    /// `np.random.MT19937()` seeded with `_legacy_seeding(42)`, then `random_raw(3)`.
    #[test]
    fn seeds_mt19937_as_numpy_does() {
        let mut state = RandomState::new(42);
        let outputs: Vec<u32> = (0..3).map(|_| state.generator.next_u32()).collect();
        assert_eq!(outputs, [1_608_637_542, 3_421_126_067, 4_083_286_876]);
    }

    /// `np.random.RandomState(seed).permutation(10)` in NumPy 2.4.6.
    #[test]
    fn permutes_as_numpy_does() {
        assert_eq!(
            RandomState::new(42).permutation(10),
            [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
        );
        assert_eq!(
            RandomState::new(u32::MAX).permutation(10),
            [6, 9, 5, 1, 8, 0, 7, 4, 2, 3]
        );
    }

    #[test]
    fn draws_stay_within_their_interval() {
        let mut state = RandomState::new(7);
        for max in [1, 2, 3, 4, 5, 7, 8, 9, 1000, (1 << 31) + 1] {
            assert!((0..200).all(|_| state.interval(max) <= max), "max {max}");
        }
        assert_eq!(state.interval(0), 0);
    }
}
