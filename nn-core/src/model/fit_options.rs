/// How [`fit`](super::Network::fit) trains: Keras's `fit` arguments, with Keras's defaults.
///
/// ```
/// use nn_core::FitOptions;
/// let options = FitOptions::new().epochs(100).batch_size(32).verbose(0);
/// assert_eq!((options.epochs, options.batch_size, options.shuffle), (100, 32, true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FitOptions {
    /// Passes over the training data. Keras's default: 1.
    pub epochs: usize,
    /// Samples per gradient step; the last batch of an epoch may be smaller. Keras's default: 32.
    pub batch_size: usize,
    /// Whether the rows are reshuffled before every epoch. Keras's default: `true`.
    pub shuffle: bool,
    /// Seed of the shuffle; `None` uses the network's own seed, so a seeded network trains the
    /// same way every time.
    pub seed: Option<u64>,
    /// 0 prints nothing; 1 draws Keras's live progress bar on a terminal (and its final line
    /// per epoch elsewhere, such as a log file); 2 prints Keras's one-line epoch summary.
    /// Keras's default: 1.
    pub verbose: u8,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            epochs: 1,
            batch_size: 32,
            shuffle: true,
            seed: None,
            verbose: 1,
        }
    }
}

impl FitOptions {
    /// Keras's defaults: 1 epoch, batches of 32, shuffled, verbose.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of epochs.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Sets the batch size (must be at least 1; `fit` returns an error otherwise).
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Sets whether rows are reshuffled before every epoch.
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// Sets the shuffle's seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Sets the verbosity: 0 silent, 1 progress bar, 2 one line per epoch.
    pub fn verbose(mut self, verbose: u8) -> Self {
        self.verbose = verbose;
        self
    }
}
