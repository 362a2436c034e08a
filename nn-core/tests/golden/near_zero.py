"""Keras 3 values near zero and at the large end, for the numerics tests of nn-core.

Writes `near_zero.json` beside this script. Run with the versions recorded in the file's `meta`
(Keras 3.15.1 on TensorFlow-CPU 2.21.0):

    /work/venv-tf/bin/python nn-core/tests/golden/near_zero.py

Activations: the same schema as `activations.json` (`x`, `w`, `y = f(x)`,
`grad = d(sum(y*w))/dx` from tf.GradientTape), at inputs where `exp(x) - 1` or `log(1 + x)`
cancel (|x| = 1e-2, 6e-3, 1e-4, 1e-7, 1e-38) and where overflow-prone forms break (|x| = 20, 80,
100). Losses: the schema of `losses.json` with predictions and targets near zero, or logits near
the ends. Metrics: each metric's `result()` after one `update_state` with every row, in float32
(`result`, Keras's value) and with the metric's dtype float64 on the same inputs
(`result_float64`, a reference where float32 cancels or overflows). Every input is float32;
every float32 output is widened to float64.
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf
import keras

HERE = os.path.dirname(os.path.abspath(__file__))

POINTS = [1e-2, 6e-3, 1.5e-3, 1e-4, 1e-7, 1e-38, 0.3, 3.0, 20.0, 80.0, 100.0]
X = np.array(sorted([-p for p in POINTS] + [0.0] + POINTS), dtype=np.float32)
W = np.random.default_rng(11).uniform(0.5, 1.5, size=X.shape).astype(np.float32)

ACTIVATIONS = [
    ("relu", {}),
    ("relu", {"negative_slope": 0.1, "max_value": 6.0, "threshold": 0.5}),
    ("relu6", {}),
    ("leaky_relu", {}),
    ("elu", {"alpha": 1.0}),
    ("elu", {"alpha": 0.5}),
    ("selu", {}),
    ("celu", {}),
    ("gelu", {"approximate": False}),
    ("gelu", {"approximate": True}),
    ("sigmoid", {}),
    ("hard_sigmoid", {}),
    ("log_sigmoid", {}),
    ("tanh", {}),
    ("hard_tanh", {}),
    ("softplus", {}),
    ("softsign", {}),
    ("silu", {}),
    ("hard_silu", {}),
    ("mish", {}),
    ("exponential", {}),
    ("linear", {}),
]


def floats(t):
    return [float(v) for v in np.asarray(t, dtype=np.float32).reshape(-1)]


def activation_case(name, kwargs):
    x = tf.constant(X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = getattr(keras.activations, name)(x, **kwargs)
        total = tf.reduce_sum(y * tf.constant(W))
    grad = tape.gradient(total, x)
    # JSON has no infinity: points where Keras overflows (exponential at 100) are left out.
    keep = np.isfinite(y.numpy()) & np.isfinite(grad.numpy())
    return {
        "activation": name,
        "kwargs": kwargs,
        "x": floats(X[keep]),
        "w": floats(W[keep]),
        "y": floats(y.numpy()[keep]),
        "grad": floats(grad.numpy()[keep]),
    }


def rows(values, width, order="C"):
    """`values` as float32 rows of `width`; with order="F", `values` lists column after column."""
    return np.array(values, dtype=np.float32).reshape(-1, width, order=order)


# (loss, kwargs, class, note, y_true, y_pred): inputs chosen where a cancelling formula loses
# digits (small predictions, small differences) or an overflow-prone one breaks (large logits).
SMALL = [1e-2, 6e-3, 1e-4, 1e-7, 1e-38, 3e-8]
LOSSES = [
    ("log_cosh", {}, "LogCosh", "differences near zero",
     rows([0.0] * 6, 3), rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-38, 3e-3], 3)),
    ("log_cosh", {}, "LogCosh", "differences at the large end",
     rows([0.0] * 6, 3), rows([20.0, -80.0, 100.0, -100.0, 45.0, -3.0], 3)),
    ("mean_squared_logarithmic_error", {}, "MeanSquaredLogarithmicError", "values near zero",
     rows([0.0, 1e-2, 1e-4, 0.0, 6e-3, 1e-7], 3), rows(SMALL, 3)),
    ("poisson", {}, "Poisson", "values near zero",
     rows([1e-2, 0.0, 1e-4, 1e-7, 6e-3, 0.0], 3), rows(SMALL, 3)),
    ("binary_crossentropy", {"from_logits": True}, "BinaryCrossentropy", "logits near zero",
     rows([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], 1), rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-38, 0.0], 1)),
    ("binary_crossentropy", {"from_logits": True}, "BinaryCrossentropy", "logits at the ends",
     rows([0.0, 1.0, 1.0, 0.0, 0.0, 1.0], 1), rows([20.0, -80.0, 100.0, -100.0, 80.0, 20.0], 1)),
    ("binary_crossentropy", {}, "BinaryCrossentropy", "probabilities near 0 and 1",
     rows([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], 1),
     rows([1e-2, 1.0 - 1e-2, 1e-4, 1.0 - 6e-3, 3e-7, 0.5], 1)),
    ("binary_focal_crossentropy", {"from_logits": True}, "BinaryFocalCrossentropy",
     "logits near zero and at the ends",
     rows([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], 1), rows([1e-2, -6e-3, 1e-4, -20.0, 80.0, -100.0], 1)),
    ("categorical_crossentropy", {"from_logits": True}, "CategoricalCrossentropy",
     "logits at the ends",
     rows([1, 0, 0, 0, 1, 0], 3), rows([100.0, -100.0, 80.0, 1e-4, -1e-7, 1e-38], 3)),
    ("sparse_categorical_crossentropy", {"from_logits": True}, "SparseCategoricalCrossentropy",
     "logits at the ends",
     np.array([0, 1], dtype=np.int32), rows([100.0, -100.0, 80.0, 1e-4, -1e-7, 1e-38], 3)),
    ("huber", {"delta": 1.0}, "Huber", "differences near zero",
     rows([0.0] * 6, 3), rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-38, 3e-3], 3)),
    ("mean_absolute_percentage_error", {}, "MeanAbsolutePercentageError", "targets near zero",
     # 1e-30, not a subnormal: TensorFlow would read 1e-38 as 0, a kink of |y − ŷ| at ŷ = 0.
     rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-30, 3e-3], 3), rows([0.0, 0.0, 2e-4, 0.0, 0.0, 1.0], 3)),
    ("kl_divergence", {}, "KLDivergence", "probabilities near zero",
     rows([1e-2, 1e-4, 1.0 - 1.01e-2, 1e-7, 6e-3, 1.0 - 6e-3], 3),
     rows([6e-3, 1e-4, 1.0 - 6.1e-3, 1e-38, 1e-2, 1.0 - 1e-2], 3)),
]


def loss_case(name, kwargs, cls, note, y_true, y_pred):
    yp = tf.constant(y_pred)
    yt = tf.constant(y_true)
    per_sample = getattr(keras.losses, name)(yt, yp, **kwargs)
    with tf.GradientTape() as tape:
        tape.watch(yp)
        mean = getattr(keras.losses, cls)(**kwargs)(yt, yp)
    grad = tape.gradient(mean, yp)
    return {
        "loss": name,
        "kwargs": kwargs,
        "class": cls,
        "reduction": "sum_over_batch_size",
        "note": note,
        "y_true": [int(v) for v in y_true] if y_true.dtype == np.int32 else y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "per_sample": floats(per_sample),
        "mean": float(np.float32(mean)),
        "grad_wrt_y_pred_of_mean": np.asarray(grad, dtype=np.float32).tolist(),
    }


# (metric class, kwargs, note, y_true, y_pred): the metric's state after one `update_state`
# with every row. `result` is Keras's float32 value; `result_float64` the same metric built with
# dtype="float64" on the same (float32) inputs widened, as a reference where float32 cancels or
# overflows.
METRICS = [
    ("LogCoshError", {}, "differences near zero",
     rows([0.0] * 6, 3), rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-38, 3e-3], 3)),
    ("LogCoshError", {}, "differences at the large end",
     rows([0.0] * 6, 3), rows([20.0, -80.0, 100.0, -100.0, 45.0, -3.0], 3)),
    ("MeanSquaredLogarithmicError", {}, "values near zero",
     rows([0.0, 1e-2, 1e-4, 0.0, 6e-3, 1e-7], 3), rows(SMALL, 3)),
    ("Poisson", {}, "values near zero",
     rows([1e-2, 0.0, 1e-4, 1e-7, 6e-3, 0.0], 3), rows(SMALL, 3)),
    ("KLDivergence", {}, "probabilities near zero",
     rows([1e-2, 1e-4, 1.0 - 1.01e-2, 1e-7, 6e-3, 1.0 - 6e-3], 3),
     rows([6e-3, 1e-4, 1.0 - 6.1e-3, 1e-38, 1e-2, 1.0 - 1e-2], 3)),
    ("MeanAbsolutePercentageError", {}, "targets near zero",
     rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-30, 3e-3], 3), rows([0.0, 0.0, 2e-4, 0.0, 0.0, 1.0], 3)),
    ("RootMeanSquaredError", {}, "differences near zero",
     rows([0.0] * 6, 3), rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-19, 3e-3], 3)),
    ("BinaryCrossentropy", {"from_logits": True}, "logits near zero",
     rows([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], 1), rows([1e-2, -6e-3, 1e-4, -1e-7, 1e-38, 0.0], 1)),
    ("BinaryCrossentropy", {"from_logits": True}, "logits at the ends",
     rows([0.0, 1.0, 1.0, 0.0, 0.0, 1.0], 1), rows([20.0, -80.0, 100.0, -100.0, 80.0, 20.0], 1)),
    ("BinaryCrossentropy", {}, "probabilities near 0 and 1",
     rows([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], 1),
     rows([1e-2, 1.0 - 1e-2, 1e-4, 1.0 - 6e-3, 3e-7, 0.5], 1)),
    ("CategoricalCrossentropy", {"from_logits": True}, "logits at the ends",
     rows([1, 0, 0, 0, 1, 0], 3), rows([100.0, -100.0, 80.0, 1e-4, -1e-7, 1e-38], 3)),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "logits at the ends",
     np.array([0, 1], dtype=np.int32), rows([100.0, -100.0, 80.0, 1e-4, -1e-7, 1e-38], 3)),
    ("CosineSimilarity", {}, "vectors near zero (the norm clamps at epsilon, by definition)",
     rows([1e-3, 2e-3, 1e-8, 1e-8, 3e-20, -1e-20], 2),
     rows([2e-3, 1e-3, 2e-8, 1e-8, 1e-20, 1e-20], 2)),
    ("CosineSimilarity", {}, "vectors at the large end (squares overflow float32)",
     rows([1e20, 2e20, 3e19, -1e19, 1e30, 1e30], 2),
     rows([2e20, 1e20, 3e19, 1e19, 1e30, 2e30], 2)),
    ("R2Score", {}, "targets far from zero with a small spread (sum of squares cancels)",
     rows([1000.0 + 0.01 * i for i in [3, -2, 5, 1, -4, 0, 2, -1]] +
          [-500.0 + 0.02 * i for i in [1, 4, -3, 2, 0, -2, 5, -1]], 2, order="F"),
     rows([1000.0 + 0.01 * i for i in [2, -2, 4, 1, -3, 1, 2, 0]] +
          [-500.0 + 0.02 * i for i in [1, 3, -3, 1, 0, -1, 4, -1]], 2, order="F")),
    # 1e-8, not 1e-30: squares of 1e-30 underflow float32 to 0, and Keras's 0/0 is NaN.
    ("R2Score", {}, "targets near zero",
     rows([1e-4 * i for i in [3, -2, 5, 1]] + [1e-8 * i for i in [1, 4, -3, 2]], 2, order="F"),
     rows([1e-4 * i for i in [2, -2, 4, 1]] + [1e-8 * i for i in [1, 3, -3, 1]], 2, order="F")),
    ("AUC", {"from_logits": True}, "logits near zero and at the ends",
     rows([0, 1, 0, 1, 1, 0, 1, 0], 1),
     rows([-1e-7, 1e-7, 1e-2, -6e-3, 100.0, -100.0, 20.0, 1e-38], 1)),
    ("AUC", {"curve": "PR"}, "probabilities near 0 and 1",
     rows([0, 1, 0, 1, 1, 0, 1, 0], 1),
     rows([1e-7, 1.0 - 1e-7, 1e-2, 6e-3, 1.0, 0.0, 0.995, 1.0 - 6e-3], 1)),
    ("F1Score", {"average": "macro"}, "argmax of predictions near zero (|p| <= 1e-9 is no class)",
     rows([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0], 3),
     rows([1e-10, 0.0, 0.0, 1e-8, 2e-8, 0.0, 0.0, 1e-38, 3e-9, 0.5, 0.25, 0.25], 3)),
    ("F1Score", {"average": "micro", "threshold": 1e-7}, "a threshold near zero",
     rows([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0], 3),
     rows([2e-7, 1e-7, 0.0, 1e-6, 1.5e-7, 0.0, 0.0, 1e-38, 1e-7, 1e-8, 3e-7, 0.0], 3)),
]


def metric_value(cls, kwargs, y_true, y_pred, dtype):
    metric = getattr(keras.metrics, cls)(dtype=dtype, **kwargs)
    if y_true.dtype == np.int32:
        metric.update_state(tf.constant(y_true), tf.constant(y_pred.astype(dtype)))
    else:
        metric.update_state(tf.constant(y_true.astype(dtype)), tf.constant(y_pred.astype(dtype)))
    return np.asarray(metric.result())


def r2_float64(y_true, y_pred):
    """R2Score's uniform average in float64: Keras's R2Score keeps float32 whatever its dtype."""
    y, p = y_true.astype(np.float64), y_pred.astype(np.float64)
    total = ((y - y.mean(axis=0)) ** 2).sum(axis=0)
    return np.mean(1.0 - ((y - p) ** 2).sum(axis=0) / total)


def metric_case(cls, kwargs, note, y_true, y_pred):
    result = metric_value(cls, kwargs, y_true, y_pred, "float32")
    if cls == "R2Score":
        exact = r2_float64(y_true, y_pred)
    else:
        exact = metric_value(cls, kwargs, y_true, y_pred, "float64")
    return {
        "metric": cls,
        "kwargs": kwargs,
        "note": note,
        "y_true": [int(v) for v in y_true] if y_true.dtype == np.int32 else y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "result": float(np.float32(result)),
        "result_float64": float(exact),
    }


def main():
    out = {
        "meta": {
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
            "backend": keras.backend.backend(),
            "keras_epsilon": keras.backend.epsilon(),
            "float32_inputs": True,
        },
        "about": "Keras 3 values near zero and at the large end; activations as in "
        "activations.json, losses as in losses.json, metrics as described in near_zero.py. "
        "Generated by near_zero.py.",
        "activations": [activation_case(n, k) for n, k in ACTIVATIONS],
        "losses": [loss_case(*case) for case in LOSSES],
        "metrics": [metric_case(*case) for case in METRICS],
    }
    with open(os.path.join(HERE, "near_zero.json"), "w") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
