use super::fused::softmax_sparse_crossentropy;
use super::{Loss, clip_probability};

/// Keras's `sparse_categorical_crossentropy`: categorical crossentropy against a class index.
///
/// ```text
/// probabilities (from_logits = false), as Keras's TensorFlow backend:
///   c_i = clip(ŷ_i, ε, 1 − ε)
///   L(ŷ, k) = ln Σ_i c_i − ln c_k                   (crossentropy of the renormalized c)
///   ∂L/∂ŷ_i = 1/Σ_j c_j − [i = k]/c_k   where ε ≤ ŷ_i ≤ 1 − ε, else 0
/// logits (from_logits = true), the fused softmax + crossentropy:
///   L(ŷ, k) = ln Σ_j e^(ŷ_j − m) − (ŷ_k − m),   ∂L/∂ŷ_i = softmax(ŷ)_i − [i = k]
/// ```
///
/// `ε` is Keras's epsilon, 1e-7. Keras's defaults: `from_logits = false`, `ignore_class = None`.
/// A sample whose label equals `ignore_class` has loss 0 and gradient 0. Keras then divides the
/// batch sum by the number of samples not ignored; the training loop here divides by the batch
/// size, so with `ignore_class` the batch loss is smaller by the fraction ignored.
///
/// ```
/// use nn::losses::{Loss, SparseCategoricalCrossentropy};
/// let value = SparseCategoricalCrossentropy::default().loss(&[0.5, 0.25, 0.25], &0);
/// assert!((value - core::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SparseCategoricalCrossentropy {
    /// Whether the prediction is logits rather than probabilities.
    pub from_logits: bool,
    /// A label that contributes neither loss nor gradient.
    pub ignore_class: Option<usize>,
}

impl<const OUT: usize> Loss<OUT> for SparseCategoricalCrossentropy {
    type Target = usize;
    const NAME: &'static str = "sparse_categorical_crossentropy";

    fn loss(&self, prediction: &[f32; OUT], target: &usize) -> f32 {
        let mut gradient = [0.0; OUT];
        self.loss_and_gradient(prediction, target, &mut gradient)
    }

    fn loss_and_gradient(
        &self,
        prediction: &[f32; OUT],
        target: &usize,
        gradient: &mut [f32; OUT],
    ) -> f32 {
        let label = *target;
        if self.ignore_class == Some(label) {
            gradient.fill(0.0);
            return 0.0;
        }
        if self.from_logits {
            return softmax_sparse_crossentropy(prediction, label, gradient);
        }
        let mut passes = [0.0; OUT];
        let mut clipped = [0.0; OUT];
        for i in 0..OUT {
            (clipped[i], passes[i]) = clip_probability(prediction[i]);
        }
        let logs = clipped.map(f32::ln);
        // Keras feeds ln c to the softmax crossentropy kernel: ∂L/∂ln c_i = softmax(ln c)_i − [i = k],
        // and ∂ln c_i/∂ŷ_i = 1/c_i where the clip passes.
        let loss = softmax_sparse_crossentropy(&logs, label, gradient);
        for i in 0..OUT {
            gradient[i] *= passes[i] / clipped[i];
        }
        loss
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::losses::Target;
    use crate::losses::testing::assert_gradient;

    #[test]
    fn gradient_matches_finite_differences() {
        let probabilities = SparseCategoricalCrossentropy::default();
        assert_gradient(&probabilities, [0.3, 0.5, 0.2], &1);
        let logits = SparseCategoricalCrossentropy {
            from_logits: true,
            ignore_class: None,
        };
        assert_gradient(&logits, [0.3, -1.5, 2.0], &1);
    }

    #[test]
    fn ignored_class_has_no_loss() {
        let loss = SparseCategoricalCrossentropy {
            from_logits: true,
            ignore_class: Some(2),
        };
        let mut gradient = [1.0; 3];
        assert_eq!(
            loss.loss_and_gradient(&[1.0, 2.0, 3.0], &2, &mut gradient),
            0.0
        );
        assert_eq!(gradient, [0.0; 3]);
    }

    #[test]
    fn labels_must_be_below_the_output_count() {
        assert_eq!(Target::<3>::validate(&2_usize, 0), Ok(()));
        let error = Target::<3>::validate(&3_usize, 5).unwrap_err();
        assert_eq!(
            error,
            Error::LabelOutOfRange {
                row: 5,
                label: 3,
                classes: 3
            }
        );
        assert_eq!(
            error.to_string(),
            "y row 5 is class 3, but the network has only 3 classes (0 to 2)"
        );
    }
}
