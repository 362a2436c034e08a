use super::callbacks::Callback;
use super::{Labels, Rows};

/// What one [`fit_with`](crate::Model::fit_with) call borrows besides the training rows and the
/// [`FitOptions`](crate::FitOptions): Keras's `validation_data`, `sample_weight` and
/// `callbacks`.
///
/// These belong to a run, not to its settings: they are as long as the data, or they keep
/// state. So they are lent to the call and stay the caller's: after `fit_with` returns, a
/// callback passed as `&mut` is read from the caller's own variable, with what it found
/// (`EarlyStopping::stopped_epoch`, `ModelCheckpoint::saves`, ...). A callback passed by value
/// is dropped when `fit_with` returns.
///
/// `IN` is the network's input width and `T` its label type, both inferred from the network
/// this is given to.
///
/// ```
/// use nn::callbacks::{EarlyStopping, TerminateOnNan};
/// use nn::prelude::*;
///
/// nn::network! {
///     struct Regressor;
///     input(2) -> dense(8, relu) -> dense(1, linear);
///     loss = mse;
///     optimizer = adam(lr = 0.01);
/// }
///
/// # fn main() -> Result<(), nn::Error> {
/// let x: Vec<[f32; 2]> = (0..40).map(|i| [i as f32 / 40.0, 0.5]).collect();
/// let y: Vec<[f32; 1]> = x.iter().map(|r| [r[0] - r[1]]).collect();
/// // Validation rows in another container than the training rows: an array here.
/// let x_val = [[0.1, 0.5], [0.6, 0.5], [0.9, 0.5]];
/// let y_val = [[-0.4], [0.1], [0.4]];
/// let weights = vec![1.0; 40];
///
/// let mut early_stopping = EarlyStopping::new("val_loss").patience(2);
/// let mut model = Regressor::with_seed(1);
/// let history = model.fit_with(
///     &x,
///     &y,
///     &FitOptions::new().epochs(50).verbose(0),
///     FitExtras::new()
///         .validation_data(&x_val, &y_val)
///         .sample_weight(&weights)
///         .callback(&mut early_stopping)      // lent: read below
///         .callback(TerminateOnNan::new()),   // given: dropped by fit_with
/// )?;
/// assert!(history.get("val_loss").is_some());
/// // Whatever EarlyStopping decided, History says the same.
/// assert_eq!(early_stopping.stopped_epoch(), history.stopped_epoch());
/// # Ok(())
/// # }
/// ```
pub struct FitExtras<'a, const IN: usize, T> {
    pub(crate) validation_data: Option<(&'a [[f32; IN]], &'a [T])>,
    pub(crate) sample_weight: Option<&'a [f32]>,
    pub(crate) callbacks: Vec<Box<dyn Callback + 'a>>,
}

impl<'a, const IN: usize, T> FitExtras<'a, IN, T> {
    /// Nothing extra: `fit_with(x, y, options, FitExtras::new())` is `fit(x, y, options)`.
    pub fn new() -> Self {
        FitExtras {
            validation_data: None,
            sample_weight: None,
            callbacks: Vec::new(),
        }
    }

    /// Rows evaluated after each epoch under `val_` names (Keras's `validation_data`), in place
    /// of [`FitOptions::validation_split`](crate::FitOptions::validation_split)'s held-out
    /// rows. Any container of rows and of labels will do, whatever the training rows' is: a
    /// `Vec`, a slice or an array.
    ///
    /// `fit_with` checks these rows first, and refuses them if they are empty, differ in length
    /// or hold a NaN, an infinite value or a label out of range, with an error saying they are
    /// the validation rows ([`Error::Validation`](crate::Error::Validation)).
    pub fn validation_data<X, Y>(mut self, x: &'a X, y: &'a Y) -> Self
    where
        X: Rows<IN> + ?Sized,
        Y: Labels<T> + ?Sized,
    {
        self.validation_data = Some((x.rows(), y.labels()));
        self
    }

    /// A weight per training row, multiplying its loss (Keras's `sample_weight`): one per row
    /// of `x`, before any `validation_split` (the held-out rows' weights are not used), each
    /// finite and at least 0.
    pub fn sample_weight(mut self, weights: &'a [f32]) -> Self {
        self.sample_weight = Some(weights);
        self
    }

    /// Adds a callback, run after those added before it. Lend one (`&mut callback`) to read it
    /// after `fit_with`, or give one (`TerminateOnNan::new()`) that is not needed afterwards.
    pub fn callback(mut self, callback: impl Callback + 'a) -> Self {
        self.callbacks.push(Box::new(callback));
        self
    }
}

impl<const IN: usize, T> Default for FitExtras<'_, IN, T> {
    fn default() -> Self {
        FitExtras::new()
    }
}

impl<const IN: usize, T> std::fmt::Debug for FitExtras<'_, IN, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FitExtras")
            .field(
                "validation_rows",
                &self.validation_data.map(|(x, _)| x.len()),
            )
            .field("sample_weights", &self.sample_weight.map(<[f32]>::len))
            .field("callbacks", &self.callbacks.len())
            .finish()
    }
}
