use super::callbacks::Logs;
use super::named_values::NamedValues;

/// What [`fit`](super::Network::fit) measured, one value per epoch: Keras's `History`.
///
/// It records `"loss"` and every declared metric under the name it was declared with (and their
/// `val_` forms with validation rows), and whether a callback ended training before its last
/// epoch ([`stopped_epoch`](Self::stopped_epoch)).
///
/// ```
/// # use nn::History;
/// # fn show(history: &History) {
/// for (epoch, loss) in history.loss().iter().enumerate() {
///     println!("epoch {}: loss {loss}", epoch + 1);
/// }
/// # }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub(super) series: Vec<(String, Vec<f32>)>,
    stopped_epoch: Option<usize>,
}

impl History {
    /// Records that a callback asked training to stop during `epoch`.
    pub(crate) fn record_stop(&mut self, epoch: usize) {
        self.stopped_epoch = Some(epoch);
    }

    /// The epoch (from 0, as Keras counts) during which a callback asked training to stop, by
    /// setting [`Training::stop_training`](super::callbacks::Training::stop_training), if one
    /// did; `None` if none did, training having then run every epoch it was asked for.
    ///
    /// It is the epoch an `EarlyStopping` reports as its own `stopped_epoch` (also when that is
    /// the last epoch anyway), here whichever callback stopped the run, lent or given. It is the
    /// last epoch recorded: an epoch is completed (its logs, validation and `on_epoch_end`) even
    /// when the stop came after one of its batches, as in Keras.
    ///
    /// Not kept by a training-state file: a run resumed from one reports a stop of its own.
    ///
    /// ```
    /// # use nn::History;
    /// # fn show(history: &History) {
    /// match history.stopped_epoch() {
    ///     Some(epoch) => println!("stopped early, after epoch {}", epoch + 1),
    ///     None => println!("trained every epoch"),
    /// }
    /// # }
    /// ```
    pub fn stopped_epoch(&self) -> Option<usize> {
        self.stopped_epoch
    }

    /// Appends one epoch's values, each under its name.
    pub(crate) fn record_epoch(&mut self, logs: &Logs) {
        for (name, value) in logs.iter() {
            match self.series.iter_mut().find(|(n, _)| n == name) {
                Some((_, values)) => values.push(value),
                None => self.series.push((name.to_string(), vec![value])),
            }
        }
    }

    /// The training loss of each epoch: the mean over the epoch's samples, as Keras reports it.
    pub fn loss(&self) -> &[f32] {
        self.get("loss").unwrap_or_default()
    }

    /// The values recorded under `name` per epoch, as Keras's `history.history[name]`.
    pub fn get(&self, name: &str) -> Option<&[f32]> {
        self.series
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, values)| values.as_slice())
    }

    /// The names recorded, in order: `"loss"` first, then the metrics.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.series.iter().map(|(name, _)| name.as_str())
    }

    /// How many epochs were recorded.
    pub fn epochs(&self) -> usize {
        self.loss().len()
    }

    /// The history as CSV: a header `epoch,loss,…`, then one row per epoch (from 0), as Keras's
    /// `CSVLogger` writes it.
    ///
    /// ```
    /// # use nn::History;
    /// assert_eq!(History::default().to_csv(), "epoch\n");
    /// ```
    pub fn to_csv(&self) -> String {
        let mut csv = std::iter::once("epoch")
            .chain(self.names())
            .collect::<Vec<_>>()
            .join(",");
        csv.push('\n');
        for epoch in 0..self.epochs() {
            let values = self
                .series
                .iter()
                .map(|(_, values)| values.get(epoch).map_or(String::new(), f32::to_string));
            csv.push_str(
                &std::iter::once(epoch.to_string())
                    .chain(values)
                    .collect::<Vec<_>>()
                    .join(","),
            );
            csv.push('\n');
        }
        csv
    }
}

/// The result of [`evaluate`](super::Network::evaluate): the loss and every declared metric
/// over all samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    scores: NamedValues,
}

impl Evaluation {
    /// `scores`: `"loss"` first, then every metric.
    pub(crate) fn new(scores: NamedValues) -> Self {
        Evaluation { scores }
    }

    /// The mean loss per sample (plus any regularization penalty).
    pub fn loss(&self) -> f32 {
        self.scores.values()[0]
    }

    /// The value of `name`: `"loss"` or a declared metric.
    pub fn get(&self, name: &str) -> Option<f32> {
        self.scores.get(name)
    }

    /// Every name and value, `"loss"` first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f32)> {
        self.scores.iter()
    }

    /// The values in the order of [`iter`](Self::iter).
    pub(crate) fn values(&self) -> &[f32] {
        self.scores.values()
    }
}
