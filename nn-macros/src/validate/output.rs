//! Whether the loss gets what it needs from the last layer: crossentropies need probabilities
//! (a sigmoid or a softmax) unless told `from_logits = true`, and logits then.

use crate::catalog::{Needs, activation_giving};
use crate::errors::Errors;

use super::{Argument, Configured, Layer};

/// Records an error naming the loss and the output activation when they do not fit.
pub fn check_loss_fits_output(loss: &Configured, layers: &[Layer], errors: &mut Errors) {
    let needed = loss.catalog.rules.needs;
    if needed == Needs::Anything {
        return;
    }
    let loss_name = loss.entry.name;
    let Some(last) = layers.last() else { return };
    let from_logits = loss.flag("from_logits").unwrap_or(false);
    // Raw scores stay raw scores through a normalization or noise, as Keras trains them: the
    // activation to check is then the last one written.
    let output = match from_logits {
        true => layers.iter().rev().find_map(Layer::output_activation),
        false => last.output_activation(),
    };
    let Some((activation, argument)) = output else {
        // Normalizing or adding noise to the output layer's probabilities hands the loss values
        // that are not probabilities: a crossentropy would train on them without a word.
        if !from_logits
            && layers
                .iter()
                .any(|layer| layer.output_activation().is_some())
        {
            let layer = last.kind.name;
            let mut error = syn::Error::new(
                loss.span,
                format!(
                    "`{loss_name}` reads the last layer's output as probabilities, but `{layer}` \
                     comes after it and changes them: move it before the output layer, or give \
                     the loss raw scores with `{loss_name}(from_logits = true)`"
                ),
            );
            error.combine(syn::Error::new(
                last.span,
                format!("`{layer}` comes after the output layer here"),
            ));
            errors.push(error);
        }
        return;
    };
    let name = activation.entry.name;
    let activation_is = activation.catalog.rules.gives == needed;
    let wanted = activation_giving(needed).map_or("", |activation| activation.entry.name);
    let width = layers.iter().rev().find_map(Layer::sets_width);
    let message = match (from_logits, activation_is) {
        (false, false) => format!(
            "`{loss_name}` needs probabilities, but the last layer's activation is `{name}`: \
             use `{wanted}` there, or `{loss_name}(from_logits = true)` with `linear`"
        ),
        (true, true) => format!(
            "`{loss_name}(from_logits = true)` expects raw scores, but the last layer already applies \
             `{name}`: use `linear` there, or drop `from_logits`"
        ),
        _ if needed == Needs::Softmax && width.is_some_and(|width| width < 2) => format!(
            "`{loss_name}` compares a distribution over classes, but the last layer has 1 unit: \
             give it one unit per class"
        ),
        _ => return,
    };
    errors.push(both_spans(loss, argument, message));
}

/// An error at the loss, with a second one pointing at the activation it disagrees with.
fn both_spans(loss: &Configured, activation: &Argument, message: String) -> syn::Error {
    let mut error = syn::Error::new(loss.span, message);
    let note = if activation.written {
        "the last layer's activation is set here"
    } else {
        "the last layer names no activation, so it is `linear`, as in Keras"
    };
    error.combine(syn::Error::new(activation.span, note));
    error
}
