//! Whether the loss gets what it needs from the last layer: crossentropies need probabilities
//! (a sigmoid or a softmax) unless told `from_logits = true`, and logits then.

use crate::catalog::{Needs, activation_giving};
use crate::errors::Errors;

use super::{Configured, Dense, Layer};

/// Records an error naming the loss and the output activation when they do not fit.
pub fn check_loss_fits_output(loss: &Configured, layers: &[Layer], errors: &mut Errors) {
    let needed = loss.catalog.rules.needs;
    if needed == Needs::Anything {
        return;
    }
    let Some(output) = layers.iter().rev().find_map(Layer::dense) else {
        return;
    };
    let mut after_output = layers
        .iter()
        .rev()
        .take_while(|layer| layer.dense().is_none());
    if after_output.any(|layer| matches!(layer, Layer::LayerNormalization(_))) {
        // Normalizing the output layer's probabilities (or scores) hands the loss values that
        // are neither: a crossentropy would train on them without a word.
        let loss_name = loss.entry.name;
        errors.at(
            loss.span,
            format!(
                "`{loss_name}` reads the last layer's output as probabilities or raw scores, but \
                 `layer_normalization` comes after it and rescales them: move it before the \
                 output layer"
            ),
        );
        return;
    }
    let from_logits = loss.flag("from_logits").unwrap_or(false);
    let activation = output.activation.entry.name;
    let activation_is = output.activation.catalog.rules.gives == needed;
    let wanted = activation_giving(needed).map_or("", |activation| activation.entry.name);
    let loss_name = loss.entry.name;
    let message = match (from_logits, activation_is) {
        (false, false) => format!(
            "`{loss_name}` needs probabilities, but the last layer's activation is `{activation}`: \
             use `{wanted}` there, or `{loss_name}(from_logits = true)` with `linear`"
        ),
        (true, true) => format!(
            "`{loss_name}(from_logits = true)` expects raw scores, but the last layer already applies \
             `{activation}`: use `linear` there, or drop `from_logits`"
        ),
        _ if needed == Needs::Softmax && output.units < 2 => format!(
            "`{loss_name}` compares a distribution over classes, but the last layer has {} unit: \
             give it one unit per class",
            output.units
        ),
        _ => return,
    };
    errors.push(both_spans(loss, output, message));
}

/// An error at the loss, with a second one pointing at the activation it disagrees with.
fn both_spans(loss: &Configured, output: &Dense, message: String) -> syn::Error {
    let mut error = syn::Error::new(loss.span, message);
    let note = if output.activation_written {
        "the last layer's activation is set here"
    } else {
        "the last layer names no activation, so it is `linear`, as in Keras"
    };
    error.combine(syn::Error::new(output.activation_span, note));
    error
}
