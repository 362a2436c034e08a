"""Writes tests/keras_parity/cases.json: small networks trained end to end by Keras 3, to be
trained again by nn from the same initial weights and compared weight by weight.

Each case is a two-layer network (3 inputs, 8 hidden units, then the case's output layer; a
case with `norm` has a LayerNormalization of those arguments between the two, one with
`batch_norm` a BatchNormalization, one with `activation_layers` the hidden and output
activations as Activation layers after dense layers of no activation),
its data, its initial weights, how Keras compiled and fitted it (always `shuffle=False`, so the
batches are the rows in order), and what Keras ended with: every weight and the History.
tests/keras_parity.rs declares the same network with `network!` for each case by name.

Run with the TensorFlow/Keras the golden files were made with (TF 2.21, Keras 3.15):

    python3 -m venv /tmp/venv-tf && /tmp/venv-tf/bin/pip install tensorflow-cpu numpy
    /tmp/venv-tf/bin/python tests/keras_parity/generate.py [--only-new]

`--only-new` runs only the cases cases.json does not hold yet and appends them, leaving the
others as they were (regenerating every case on another machine moves some values by up to
2e-7, TensorFlow's own summation order).

A hidden layer of relu can put a pre-activation within rounding of 0, where two correct
implementations may take different sides of the kink; every relu case asserts that no
pre-activation comes within KINK_MARGIN of 0, at the start and end of training, on any row.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
# oneDNN's kernels may reorder sums between runs; the plain kernels keep the file reproducible.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

KINK_MARGIN = 1e-4
HERE = os.path.dirname(os.path.abspath(__file__))


def data(kind, rows, seed, outputs):
    """Inputs and targets for a loss family; every target is exactly representable in f32."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 3)).astype(np.float32)
    if kind == "regression":
        y = rng.normal(size=(rows, outputs))
    elif kind == "positive":
        y = rng.uniform(0.5, 3.0, size=(rows, outputs))
    elif kind == "counts":
        y = rng.poisson(2.0, size=(rows, outputs)).astype(np.float64)
    elif kind == "signs":
        y = rng.choice([-1.0, 1.0], size=(rows, outputs))
    elif kind == "binary":
        y = rng.integers(0, 2, size=(rows, 1)).astype(np.float64)
    elif kind == "one_hot":
        y = np.eye(outputs)[rng.integers(0, outputs, size=rows)]
    elif kind == "sparse":
        y = rng.integers(0, outputs, size=rows)
        return x, y.astype(np.int64)
    elif kind == "distribution":
        raw = rng.uniform(0.1, 1.0, size=(rows, outputs))
        y = raw / raw.sum(axis=1, keepdims=True)
    else:
        raise ValueError(kind)
    return x, y.astype(np.float32)


def initial_weights(seed, hidden_activation, outputs, x, norm=None, batch_norm=None):
    """Glorot-uniform-like weights from numpy, so that Keras and nn start from the same values.

    A normalization's gamma and beta (those `norm` or `batch_norm` keeps), and a batch
    normalization's moving mean and variance, start away from Keras's ones and zeros, so that
    a mistake in any one's place or use shows from the first step."""
    rng = np.random.default_rng(seed)
    while True:
        limit_0 = np.sqrt(6.0 / (3 + 8))
        limit_1 = np.sqrt(6.0 / (8 + outputs))
        weights = [
            rng.uniform(-limit_0, limit_0, size=(3, 8)).astype(np.float32),
            rng.uniform(-0.1, 0.1, size=(8,)).astype(np.float32),
            rng.uniform(-limit_1, limit_1, size=(8, outputs)).astype(np.float32),
            rng.uniform(-0.1, 0.1, size=(outputs,)).astype(np.float32),
        ]
        if norm is not None:
            normalization = []
            if norm.get("scale", True):
                normalization.append(rng.uniform(0.5, 1.5, size=(8,)).astype(np.float32))
            if norm.get("center", True):
                normalization.append(rng.uniform(-0.2, 0.2, size=(8,)).astype(np.float32))
            weights[2:2] = normalization
        if batch_norm is not None:
            normalization = []
            if batch_norm.get("scale", True):
                normalization.append(rng.uniform(0.5, 1.5, size=(8,)).astype(np.float32))
            if batch_norm.get("center", True):
                normalization.append(rng.uniform(-0.2, 0.2, size=(8,)).astype(np.float32))
            normalization.append(rng.uniform(-0.3, 0.3, size=(8,)).astype(np.float32))
            normalization.append(rng.uniform(0.5, 2.0, size=(8,)).astype(np.float32))
            weights[2:2] = normalization
        if hidden_activation != "relu" or kink_margin(weights, x) > KINK_MARGIN:
            return weights


def kink_margin(weights, x):
    return float(np.min(np.abs(x @ weights[0] + weights[1])))


def build(case, weights):
    regularizer = keras.regularizers.L2(case["l2"]) if case.get("l2") else None
    layers = [
        keras.Input((3,)),
        keras.layers.Dense(8, activation=case["hidden"], kernel_regularizer=regularizer),
        keras.layers.Dense(case["outputs"], activation=case["output"]),
    ]
    if case.get("norm") is not None:
        layers.insert(2, keras.layers.LayerNormalization(**case["norm"]))
    if case.get("batch_norm") is not None:
        layers.insert(2, keras.layers.BatchNormalization(**case["batch_norm"]))
    if case.get("between") is not None:
        # A layer without weights between the two dense layers: (Keras class, arguments).
        layer, arguments = case["between"]
        layers.insert(2, getattr(keras.layers, layer)(**arguments))
    if case.get("activation_layers"):
        layers = [
            keras.Input((3,)),
            keras.layers.Dense(8),
            keras.layers.Activation(case["hidden"]),
            keras.layers.Dense(case["outputs"]),
            keras.layers.Activation(case["output"]),
        ]
    model = keras.Sequential(layers)
    model.set_weights(weights)
    loss = getattr(keras.losses, case["loss"][0])(**case["loss"][1])
    optimizer = getattr(keras.optimizers, case["optimizer"][0])(**case["optimizer"][1])
    model.compile(loss=loss, optimizer=optimizer, metrics=case.get("metrics", []))
    return model


def run(case):
    rows = case.get("rows", 64)
    x, y = data(case["data"], rows, case["seed"], case["outputs"])
    weights = initial_weights(case["seed"] + 1, case["hidden"], case["outputs"], x, case.get("norm"),
                              case.get("batch_norm"))
    model = build(case, weights)
    fit = dict(case["fit"])
    callbacks = []
    if "early_stopping" in fit:
        callbacks.append(keras.callbacks.EarlyStopping(**fit.pop("early_stopping")))
    if "sample_weight" in fit:
        fit["sample_weight"] = np.asarray(fit["sample_weight"], dtype=np.float32)
    if "class_weight" in fit:
        fit["class_weight"] = {int(k): v for k, v in fit["class_weight"].items()}
    history = model.fit(x, y, shuffle=False, verbose=0, callbacks=callbacks, **fit)
    final = model.get_weights()
    if case["hidden"] == "relu":
        margin = kink_margin(final, x)
        assert margin > KINK_MARGIN, f"{case['name']}: a pre-activation ends {margin} from 0"
    names = ["dense_0/kernel", "dense_0/bias", "dense_1/kernel", "dense_1/bias"]
    norm = case.get("norm")
    if norm is not None:
        # nn's names, numbered per kind as Keras numbers its layers (`dense_0/kernel`).
        names[2:2] = [f"layer_normalization_0/{tensor}" for tensor, kept in
                      [("gamma", norm.get("scale", True)), ("beta", norm.get("center", True))] if kept]
    batch_norm = case.get("batch_norm")
    if batch_norm is not None:
        names[2:2] = [f"batch_normalization_0/{tensor}" for tensor, kept in
                      [("gamma", batch_norm.get("scale", True)), ("beta", batch_norm.get("center", True)),
                       ("moving_mean", True), ("moving_variance", True)] if kept]
    assert len(names) == len(weights) == len(final)
    return {
        "name": case["name"],
        "x": x.tolist(),
        "y": y.tolist(),
        "initial": {n: w.flatten().tolist() for n, w in zip(names, weights)},
        "fit": {k: v for k, v in case["fit"].items()},
        "final": {n: w.flatten().tolist() for n, w in zip(names, final)},
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
    }


SGD = ("SGD", {"learning_rate": 0.05})
ADAM = ("Adam", {"learning_rate": 0.01})
FIT = {"epochs": 5, "batch_size": 16}


def loss_case(name, loss, data_kind, outputs, output, optimizer=SGD, **extra):
    case = dict(
        name=name, loss=loss, data=data_kind, outputs=outputs, output=output,
        hidden="tanh", optimizer=optimizer, fit=FIT, seed=sum(map(ord, name)),
    )
    case.update(extra)
    return case


def optimizer_case(name, optimizer, **extra):
    case = loss_case(name, ("MeanSquaredError", {}), "regression", 2, "linear", optimizer)
    case.update(extra)
    return case


CASES = [
    # One per loss family, trained by plain SGD so that the loss's gradient is all that moves.
    loss_case("mean_squared_error", ("MeanSquaredError", {}), "regression", 2, "linear"),
    loss_case("mean_absolute_error", ("MeanAbsoluteError", {}), "regression", 2, "linear"),
    # MAPE's gradient is about 100/|y| per output, and cosine similarity's grows as 1/|ŷ| for the
    # small outputs of a new network: at SGD's 0.05 both take steps so large that training is
    # chaotic, and a rounding difference of 1e-7 in the first gradient (which both have against
    # TensorFlow) grows past 1e-5 in 20 steps. Smaller steps keep them well conditioned.
    loss_case("mean_absolute_percentage_error", ("MeanAbsolutePercentageError", {}), "positive", 2, "linear",
              ("SGD", {"learning_rate": 0.001})),
    loss_case("mean_squared_logarithmic_error", ("MeanSquaredLogarithmicError", {}), "positive", 2, "softplus"),
    loss_case("huber", ("Huber", {"delta": 0.5}), "regression", 2, "linear"),
    loss_case("log_cosh", ("LogCosh", {}), "regression", 2, "linear"),
    loss_case("hinge", ("Hinge", {}), "signs", 2, "tanh"),
    loss_case("squared_hinge", ("SquaredHinge", {}), "signs", 2, "tanh"),
    loss_case("categorical_hinge", ("CategoricalHinge", {}), "one_hot", 3, "linear"),
    loss_case("binary_crossentropy", ("BinaryCrossentropy", {}), "binary", 1, "sigmoid"),
    loss_case("binary_crossentropy_logits_smoothed", ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}), "binary", 1, "linear"),
    loss_case("binary_focal_crossentropy", ("BinaryFocalCrossentropy", {"gamma": 2.0}), "binary", 1, "sigmoid"),
    loss_case("binary_focal_crossentropy_balanced", ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.25, "gamma": 1.5}), "binary", 1, "sigmoid"),
    loss_case("categorical_crossentropy", ("CategoricalCrossentropy", {}), "one_hot", 3, "softmax"),
    loss_case("categorical_crossentropy_logits_smoothed", ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}), "one_hot", 3, "linear"),
    loss_case("categorical_focal_crossentropy", ("CategoricalFocalCrossentropy", {}), "one_hot", 3, "softmax"),
    loss_case("sparse_categorical_crossentropy", ("SparseCategoricalCrossentropy", {}), "sparse", 3, "softmax"),
    loss_case("sparse_categorical_crossentropy_logits", ("SparseCategoricalCrossentropy", {"from_logits": True}), "sparse", 3, "linear"),
    loss_case("kl_divergence", ("KLDivergence", {}), "distribution", 3, "softmax"),
    loss_case("poisson", ("Poisson", {}), "counts", 2, "softplus"),
    loss_case("cosine_similarity", ("CosineSimilarity", {}), "regression", 2, "linear",
              ("SGD", {"learning_rate": 0.01})),
    # Every optimizer, at Keras's defaults and with other arguments.
    optimizer_case("sgd", ("SGD", {})),
    optimizer_case("sgd_nesterov", ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True})),
    optimizer_case("rmsprop", ("RMSprop", {})),
    optimizer_case("rmsprop_centered_momentum", ("RMSprop", {"learning_rate": 0.005, "momentum": 0.5, "centered": True})),
    optimizer_case("adam", ("Adam", {})),
    optimizer_case("adam_amsgrad", ("Adam", {"learning_rate": 0.02, "beta_1": 0.8, "amsgrad": True})),
    optimizer_case("adamw", ("AdamW", {})),
    optimizer_case("adamw_decay", ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1})),
    optimizer_case("adamax", ("Adamax", {})),
    optimizer_case("adamax_lr", ("Adamax", {"learning_rate": 0.02, "beta_2": 0.99})),
    optimizer_case("nadam", ("Nadam", {})),
    optimizer_case("nadam_lr", ("Nadam", {"learning_rate": 0.01})),
    optimizer_case("adagrad", ("Adagrad", {})),
    optimizer_case("adagrad_lr", ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5})),
    optimizer_case("adadelta", ("Adadelta", {})),
    optimizer_case("adadelta_lr", ("Adadelta", {"learning_rate": 1.0, "rho": 0.9})),
    optimizer_case("lion", ("Lion", {})),
    optimizer_case("lion_lr", ("Lion", {"learning_rate": 0.003, "beta_1": 0.95})),
    optimizer_case("ftrl", ("Ftrl", {})),
    optimizer_case("ftrl_regularized", ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.01, "l2_regularization_strength": 0.01})),
    optimizer_case("adam_lr", ("Adam", {"learning_rate": 0.01})),
    optimizer_case("adam_clipnorm", ("Adam", {"learning_rate": 0.01, "clipnorm": 0.1})),
    optimizer_case("sgd_global_clipnorm", ("SGD", {"learning_rate": 0.1, "global_clipnorm": 0.5})),
    optimizer_case("rmsprop_clipvalue", ("RMSprop", {"clipvalue": 0.01})),
    optimizer_case("sgd_weight_decay", ("SGD", {"learning_rate": 0.05, "weight_decay": 0.01})),
    # fit's options, each on its own.
    optimizer_case("validation_split_quarter", ADAM, fit={**FIT, "validation_split": 0.25}),
    optimizer_case("validation_split_tenth", ADAM, rows=100, fit={**FIT, "validation_split": 0.1}),
    optimizer_case("partial_last_batch", ADAM, fit={"epochs": 4, "batch_size": 10}),
    optimizer_case("initial_epoch", ADAM, fit={**FIT, "initial_epoch": 2}),
    optimizer_case("sample_weight", ADAM, metrics=["mae"],
                   fit={**FIT, "sample_weight": [0.5 + (i % 4) * 0.5 for i in range(64)]}),
    loss_case("class_weight", ("BinaryCrossentropy", {}), "binary", 1, "sigmoid", ADAM,
              metrics=["accuracy"], fit={**FIT, "class_weight": {"0": 0.5, "1": 2.0}}),
    loss_case("class_weight_categorical", ("CategoricalCrossentropy", {}), "one_hot", 3, "softmax", ADAM,
              fit={**FIT, "class_weight": {"0": 1.0, "1": 3.0, "2": 0.25}}),
    # Training and validation metrics beside the loss, as History records them.
    loss_case("binary_metrics", ("BinaryCrossentropy", {}), "binary", 1, "sigmoid", ADAM,
              metrics=["accuracy", "precision", "recall", "auc"], fit={**FIT, "validation_split": 0.25}),
    loss_case("categorical_metrics", ("CategoricalCrossentropy", {}), "one_hot", 3, "softmax", ADAM,
              metrics=["accuracy", keras.metrics.TopKCategoricalAccuracy(k=2)],
              fit={**FIT, "validation_split": 0.25}),
    loss_case("sparse_metrics", ("SparseCategoricalCrossentropy", {}), "sparse", 3, "softmax", ADAM,
              metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=2)],
              fit={**FIT, "validation_split": 0.25}),
    optimizer_case("l2_regularized", ADAM, l2=0.01),
    optimizer_case("relu_hidden", ADAM, hidden="relu"),
    optimizer_case("metrics_with_validation", ADAM, metrics=["mae", "mse"], fit={**FIT, "validation_split": 0.25}),
    optimizer_case("early_stopping_stops", ADAM, fit={
        "epochs": 30, "batch_size": 16, "validation_split": 0.25,
        "early_stopping": {"monitor": "val_loss", "patience": 2, "min_delta": 0.05, "restore_best_weights": True}}),
    optimizer_case("early_stopping_runs_to_the_end", ADAM, fit={
        "epochs": 6, "batch_size": 16,
        "early_stopping": {"monitor": "loss", "patience": 100, "min_delta": 10.0, "restore_best_weights": True}}),
    optimizer_case("early_stopping_baseline", ADAM, fit={
        "epochs": 12, "batch_size": 16,
        "early_stopping": {"monitor": "loss", "patience": 2, "min_delta": 0.02, "baseline": 0.1,
                           "restore_best_weights": True}}),
    # LayerNormalization between the two dense layers: at Keras's defaults, and with neither a
    # learnt shift nor a learnt scale at another epsilon (its normalization alone).
    optimizer_case("layer_normalization", ADAM, hidden="relu", norm={}),
    optimizer_case("layer_normalization_bare", ADAM, hidden="relu",
                   norm={"epsilon": 1e-5, "center": False, "scale": False}),
    optimizer_case("layer_normalization_epsilon_tanh", ("SGD", {"learning_rate": 0.05}),
                   norm={"epsilon": 0.1, "center": True, "scale": False}),
    # BatchNormalization between the two dense layers, every tensor (the moving statistics
    # too) starting away from Keras's initial values: at Keras's defaults with a held-out
    # quarter (evaluated with the moving statistics), with another momentum and epsilon and
    # a partial last batch, and without gamma and beta under SGD. The hidden layer is tanh: a
    # relu unit active on every row of a batch hands its bias a gradient that is exactly 0 in
    # exact arithmetic (the normalization subtracts the batch mean), rounding noise in f32,
    # which Adam scales up to whole steps in whichever direction the noise points.
    optimizer_case("batch_normalization", ADAM, hidden="tanh", batch_norm={},
                   metrics=["mae"], fit={**FIT, "validation_split": 0.25}),
    optimizer_case("batch_normalization_momentum", ADAM, hidden="tanh",
                   batch_norm={"momentum": 0.9, "epsilon": 1e-2}, fit={"epochs": 4, "batch_size": 10}),
    optimizer_case("batch_normalization_bare", ("SGD", {"learning_rate": 0.05}), hidden="tanh",
                   batch_norm={"momentum": 0.5, "center": False, "scale": False}),
    # Weight decay and FTRL's closed form would move the moving statistics if the optimizer
    # swept them as it sweeps the trainable weights.
    optimizer_case("batch_normalization_adamw", ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
                   hidden="tanh", batch_norm={}),
    optimizer_case("batch_normalization_ftrl", ("Ftrl", {"learning_rate": 0.1}), hidden="tanh",
                   batch_norm={}),
    # UnitNormalization between the two dense layers, under SGD: the layer's output does not
    # change when its input is scaled, so the first layer's gradient has a direction that is
    # 0 in exact arithmetic; Adam scales that direction's rounding noise up, and Keras itself in
    # f32 and in f64 then ends 1.7e-5 apart (2.5e-7 under SGD).
    optimizer_case("unit_normalization", ("SGD", {"learning_rate": 0.05}), hidden="tanh",
                   between=("UnitNormalization", {})),
    # Stand-alone Activation layers after dense layers without activation.
    optimizer_case("activation_layers", ADAM, hidden="tanh", activation_layers=True),
    loss_case("activation_layer_softmax", ("CategoricalCrossentropy", {}), "one_hot", 3, "softmax", ADAM,
              activation_layers=True, metrics=["accuracy"]),
]


def main():
    keras.utils.set_random_seed(0)
    tf.config.experimental.enable_op_determinism()
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    path = os.path.join(HERE, "cases.json")
    if "--only-new" in sys.argv:
        with open(path) as existing:
            kept = json.load(existing)["cases"]
        done = {case["name"] for case in kept}
        cases = kept + [run(case) for case in CASES if case["name"] not in done]
    else:
        cases = [run(case) for case in CASES]
    for case in cases:
        epochs = len(case["history"]["loss"])
        print(f"{case['name']:45} {epochs:2} epochs, loss {case['history']['loss'][-1]:.6f}")
    document = {
        "generated_by": "tests/keras_parity/generate.py",
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "cases": cases,
    }
    with open(path, "w") as out:
        json.dump(document, out, separators=(",", ":"))


if __name__ == "__main__":
    main()
