/// What [`fit`](super::Network::fit) measured, one value per epoch: Keras's `History`.
///
/// ```
/// # use nn_core::History;
/// # fn show(history: &History) {
/// for (epoch, loss) in history.loss().iter().enumerate() {
///     println!("epoch {}: loss {loss}", epoch + 1);
/// }
/// # }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    loss: Vec<f32>,
}

impl History {
    pub(crate) fn record_epoch(&mut self, loss: f32) {
        self.loss.push(loss);
    }

    /// The training loss of each epoch: the mean over the epoch's samples, as Keras reports it.
    pub fn loss(&self) -> &[f32] {
        &self.loss
    }

    /// The values recorded under `name` per epoch, as Keras's `history.history[name]`.
    pub fn get(&self, name: &str) -> Option<&[f32]> {
        (name == "loss").then_some(self.loss.as_slice())
    }

    /// How many epochs were recorded.
    pub fn epochs(&self) -> usize {
        self.loss.len()
    }
}

/// The result of [`evaluate`](super::Network::evaluate), averaged over all samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    loss: f32,
}

impl Evaluation {
    pub(crate) fn new(loss: f32) -> Self {
        Evaluation { loss }
    }

    /// The mean loss per sample.
    pub fn loss(&self) -> f32 {
        self.loss
    }

    /// The value recorded under `name`.
    pub fn get(&self, name: &str) -> Option<f32> {
        (name == "loss").then_some(self.loss)
    }
}
