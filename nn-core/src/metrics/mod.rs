//! Metrics: streaming accumulators reported beside the loss, as Keras's `metrics=[...]`.
