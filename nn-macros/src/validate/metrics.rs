//! `metrics = [..]`: each a known metric that reads the labels the loss trains on, logged under
//! the name it was written with; `accuracy` (or `acc`) becomes the accuracy that fits the loss,
//! as in Keras.

use crate::catalog::{self, Accuracy, METRICS, Targets};
use crate::errors::Errors;
use crate::parse::Value;

use super::configured::configured;
use super::{Configured, Layer, Metric};

/// The checked metrics, in order; a wrong one is recorded in `errors` and left out. Without a
/// valid loss (already reported) only the names are checked.
pub fn metrics(
    values: &[&Value],
    loss: Option<&Configured>,
    layers: &[Layer],
    errors: &mut Errors,
) -> Vec<Metric> {
    let loss_name = loss.map_or("", |loss| loss.entry.name);
    let loss_targets = loss.map_or(Targets::Values, |loss| loss.catalog.rules.targets);
    let accuracy = loss.map_or(Accuracy::ByOutputs, |loss| loss.catalog.rules.accuracy);
    let mut metrics: Vec<Metric> = Vec::new();
    for value in values {
        let (logged_as, resolved) = match value {
            Value::Call(call) if call.name == "accuracy" || call.name == "acc" => {
                let name = accuracy.metric(output_width(layers));
                let entry = METRICS
                    .iter()
                    .find(|metric| metric.entry.name == name)
                    .expect("accuracies are in the catalog");
                (
                    call.name.to_string(),
                    Some(Configured::of(entry, call.name.span())),
                )
            }
            Value::Call(call) => (
                call.name.to_string(),
                configured(value, METRICS, "metric", errors),
            ),
            other => (String::new(), configured(other, METRICS, "metric", errors)),
        };
        let Some(configured) = resolved else { continue };
        if metrics.iter().any(|metric| metric.logged_as == logged_as) {
            errors.at(value.span(), format!("`{logged_as}` is listed twice"));
            continue;
        }
        let (metric_sparse, loss_sparse) = (
            configured.catalog.rules.targets == Targets::ClassIndices,
            loss_targets == Targets::ClassIndices,
        );
        if loss.is_some() && metric_sparse != loss_sparse {
            let (metric_reads, loss_trains) = if metric_sparse {
                ("class indices", "rows of values")
            } else {
                ("rows of values", "class indices")
            };
            errors.at(
                value.span(),
                format!(
                    "the metric `{logged_as}` reads {metric_reads}, but `{loss_name}` trains on {loss_trains}{}",
                    suggestion(&logged_as, loss_sparse)
                ),
            );
            continue;
        }
        metrics.push(Metric {
            configured,
            logged_as,
        });
    }
    if metrics.len() > 8 {
        errors.at(values[8].span(), "at most 8 metrics can be declared");
    }
    metrics
}

/// The width of the last layer that sets one, if known.
fn output_width(layers: &[Layer]) -> Option<usize> {
    layers.iter().rev().find_map(Layer::sets_width)
}

/// The sparse or dense twin of a metric, if it has one.
fn suggestion(metric: &str, sparse_wanted: bool) -> String {
    let twin = if sparse_wanted {
        format!("sparse_{metric}")
    } else {
        metric.trim_start_matches("sparse_").to_string()
    };
    let known = catalog::names(METRICS.iter().map(|metric| &metric.entry)).any(|name| name == twin);
    if known {
        format!("; use `{twin}`")
    } else {
        String::new()
    }
}
