#!/usr/bin/env python3
"""Converts a Keras 3 `.keras` file of a Sequential model into this project's terms: the
`nn::network!` declaration of the same network, printed, and its weights as a safetensors file
under this project's names, which `model.load(path)` reads.

    python3 tools/keras_to_nn.py model.keras --name Regressor --out weights.safetensors
    python3 tools/keras_to_nn.py model.keras --name Regressor --out weights.safetensors \\
        --declaration-out src/regressor.rs

Needs `h5py`, `safetensors` and `numpy` (`python3 -m pip install h5py safetensors numpy`), not
TensorFlow. A `.keras` file is a zip holding `config.json` (the model's architecture and, if it
was compiled, its `compile_config`) and `model.weights.h5`, an HDF5 file. HDF5 is read here, in
Python, because `h5py` is a maintained wheel with the HDF5 library inside it, while every Rust
crate that reads HDF5 links the C library, which would then have to be installed to build nn.

What the declaration holds:

- the chain: `input(width)`, then one layer per Keras layer, with Keras's arguments in this
  language's spelling, those equal to the language's default left out;
- `loss`, `optimizer` (with its learning rate) and `metrics`, from `compile_config`. What this
  language has no name or argument for is left out and said in a `//` comment above the
  declaration, which stays valid: `loss = mse; optimizer = adam();` when the file has no compile
  config, or one the language cannot express.

Where Keras 3 keeps the weights (read from `keras/src/saving/saving_lib.py` and checked on files
it wrote): `layers/<kind>/vars/<i>`, where `<kind>` is the layer's class name in snake case,
`dense`, `dense_1`, ... numbered per class in the model's order (never the layer's own `name`),
and `<i>` counts the layer's trainable variables, then its non-trainable ones, in the order
`build` makes them: a Dense's kernel `(inputs, units)` then bias; a normalization's `gamma` then
`beta` (those `scale` and `center` keep); a BatchNormalization's `moving_mean` and
`moving_variance` after them. This project names them `dense_0/kernel`, `dense_0/bias`,
`layer_normalization_0/gamma`, `batch_normalization_0/moving_mean`, ...: numbered per kind from
0 in the chain's order. Kernels keep Keras's `(inputs, units)` layout.

What it refuses, exiting with status 2 and one line per problem, naming the layer and option (and
writing nothing): a layer class the language lacks (Conv1D, GRU, ...), an `axis` other than the
last one, an activation the language lacks, weight constraints, activity regularizers, any
other option set away from Keras's default that the language does not take, a dtype other than
float32, and a functional model that is not a single chain (branches, several inputs or
outputs).
"""

import argparse
import io
import json
import re
import sys
import zipfile

REFUSED = 2

# The language's activations (nn-macros/src/reference.md), under Keras's names; Keras writes
# `swish` and `hard_swish` as `silu` and `hard_silu`, the aliases are accepted all the same.
ACTIVATIONS = {
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "sigmoid",
    "hard_sigmoid", "log_sigmoid", "tanh", "hard_tanh", "softplus", "softsign", "silu", "swish",
    "hard_silu", "hard_swish", "mish", "exponential", "softmax", "log_softmax",
}

# Options a layer's config may hold that change nothing the declaration or the weights say:
# its name, whether Keras trains it (see `frozen` below), and the seed of its random draws
# (the network has one generator, `seed = ..`).
IGNORED_LAYER_OPTIONS = {"name", "trainable", "dtype", "seed", "build_config"}

# Each optimizer of the language: Keras's class name → (the language's name, its arguments
# besides the learning rate, with Keras's defaults). A value equal to the default is left out.
OPTIMIZERS = {
    "SGD": ("sgd", {"momentum": 0.0, "nesterov": False}),
    "RMSprop": ("rmsprop", {"rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False}),
    "Adam": ("adam", {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False}),
    "AdamW": (
        "adamw",
        {"weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    ),
    "Adamax": ("adamax", {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}),
    "Nadam": ("nadam", {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}),
    "Adagrad": ("adagrad", {"initial_accumulator_value": 0.1, "epsilon": 1e-7}),
    "Adadelta": ("adadelta", {"rho": 0.95, "epsilon": 1e-7}),
    "Lion": ("lion", {"beta_1": 0.9, "beta_2": 0.99}),
    "Ftrl": (
        "ftrl",
        {
            "learning_rate_power": -0.5,
            "initial_accumulator_value": 0.1,
            "l1_regularization_strength": 0.0,
            "l2_regularization_strength": 0.0,
            "l2_shrinkage_regularization_strength": 0.0,
            "beta": 0.0,
        },
    ),
}
# The options every optimizer takes, off (None) by default; `weight_decay` is AdamW's own.
OPTIMIZER_COMMON = {"weight_decay": None, "clipnorm": None, "global_clipnorm": None,
                    "clipvalue": None}
# Keras options that are harmless at their defaults and not part of the language.
OPTIMIZER_KERAS_ONLY = {"use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
                        "loss_scale_factor": None, "gradient_accumulation_steps": None}

CROSSENTROPY = {"from_logits": False, "label_smoothing": 0.0}
# The language's losses (their Keras name in snake case) and arguments with Keras's defaults.
LOSSES = {
    "mean_squared_error": {}, "mean_absolute_error": {}, "mean_absolute_percentage_error": {},
    "mean_squared_logarithmic_error": {}, "huber": {"delta": 1.0}, "log_cosh": {}, "hinge": {},
    "squared_hinge": {}, "categorical_hinge": {}, "binary_crossentropy": CROSSENTROPY,
    "binary_focal_crossentropy": {"apply_class_balancing": False, "alpha": 0.25, "gamma": 2.0,
                                  **CROSSENTROPY},
    "categorical_crossentropy": CROSSENTROPY,
    "categorical_focal_crossentropy": {"alpha": 0.25, "gamma": 2.0, **CROSSENTROPY},
    "sparse_categorical_crossentropy": {"from_logits": False, "ignore_class": None},
    "kl_divergence": {}, "poisson": {}, "cosine_similarity": {},
}
LOSS_ALIASES = {"mse", "mae", "mape", "msle", "logcosh", "kld", "kullback_leibler_divergence",
                "cosine_proximity"}
# Keras options of a loss that the language's loss has fixed at Keras's default.
LOSS_KERAS_ONLY = {"reduction": "sum_over_batch_size", "axis": -1}

THRESHOLD = {"threshold": 0.5}
# The language's metrics and their arguments with Keras's defaults.
METRICS = {
    "accuracy": {}, "binary_accuracy": THRESHOLD, "categorical_accuracy": {},
    "sparse_categorical_accuracy": {}, "top_k_categorical_accuracy": {"k": 5},
    "sparse_top_k_categorical_accuracy": {"k": 5}, "true_positives": THRESHOLD,
    "false_positives": THRESHOLD, "true_negatives": THRESHOLD, "false_negatives": THRESHOLD,
    "precision": {"thresholds": None, "top_k": None, "class_id": None},
    "recall": {"thresholds": None, "top_k": None, "class_id": None},
    "f1_score": {"average": "macro", "threshold": None},
    "fbeta_score": {"average": "macro", "beta": 1.0, "threshold": None},
    "auc": {"from_logits": False, "num_thresholds": 200, "curve": "ROC",
            "summation_method": "interpolation", "multi_label": False, "num_labels": None,
            "label_weights": None, "thresholds": None},
    "mean_absolute_error": {}, "mean_squared_error": {}, "root_mean_squared_error": {},
    "mean_absolute_percentage_error": {}, "mean_squared_logarithmic_error": {}, "r2_score":
    {"class_aggregation": "uniform_average", "num_regressors": 0}, "cosine_similarity": {},
    "log_cosh_error": {}, "binary_crossentropy": CROSSENTROPY,
    "categorical_crossentropy": CROSSENTROPY,
    "sparse_categorical_crossentropy": {"from_logits": False}, "hinge": {}, "kl_divergence": {},
    "poisson": {},
}
METRIC_ALIASES = {"acc", "mae", "mse", "rmse", "mape", "msle", "logcosh", "kld",
                  "kullback_leibler_divergence", "cosine_proximity"}
# Keras's `thresholds` is this language's `threshold` (one value).
METRIC_RENAMED = {"thresholds": "threshold"}
METRIC_KERAS_ONLY = {"axis": -1}


class Problems:
    """Every reason the model cannot be converted, collected so that all are said at once."""

    def __init__(self):
        self.lines = []

    def add(self, where, what):
        self.lines.append(f"{where}: {what}")


def snake_case(class_name):
    """Keras's `naming.to_snake_case`: `BatchNormalization` → `batch_normalization`."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def number(value):
    """A number as the language writes it, in the fewest digits that mean the same value.

    Keras keeps some values (a learning rate) as float32 variables, so the config holds
    0.009999999776482582 for 0.01: a value that is exactly a float32 is written as the shortest
    decimal of that float32, which reads back as the same float32."""
    import numpy as np

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, float):
        # A string or structure (`curve="PR"`): not a number this language takes.
        raise ValueError(f"{value!r} is not a number")
    as_f32 = np.float32(value)
    text = str(as_f32) if float(as_f32) == value else repr(float(value))
    mantissa, _, exponent = text.partition("e")
    if exponent:
        return f"{mantissa}e{int(exponent)}"
    return text


def call(name, arguments):
    """`name(a = 1, b = true)`, or `name` alone with no arguments."""
    if not arguments:
        return name
    return f"{name}({', '.join(f'{key} = {value}' for key, value in arguments)})"


def dtype_name(dtype):
    """A layer's dtype, written as a string or as a `DTypePolicy` config."""
    if isinstance(dtype, dict):
        return dtype.get("config", {}).get("name")
    return dtype


def shown(value):
    """An option's value in a message: a Keras object by its class name, anything else as JSON."""
    if isinstance(value, dict) and "class_name" in value:
        return value["class_name"]
    return json.dumps(value)


def unexpected_options(config, expected, where, problems):
    """Refuses every option of `config` set away from Keras's default that the language does
    not take; `expected` is what the caller reads itself."""
    harmless = {
        "kernel_initializer", "bias_initializer", "beta_initializer", "gamma_initializer",
        "moving_mean_initializer", "moving_variance_initializer", "synchronized",
        "renorm_momentum", "renorm_clipping", "quantization_config",
    }
    for key, value in config.items():
        if key in IGNORED_LAYER_OPTIONS or key in expected or key in harmless:
            continue
        if value in (None, False, [], {}):
            continue
        what = {
            "kernel_constraint": "weight constraints are not supported",
            "bias_constraint": "weight constraints are not supported",
            "beta_constraint": "weight constraints are not supported",
            "gamma_constraint": "weight constraints are not supported",
            "activity_regularizer": "activity regularizers are not supported",
            "noise_shape": "a mask shared along an axis is not supported",
            "renorm": "batch renormalization is not supported",
            "rms_scaling": "RMS scaling is not supported",
        }.get(key, "this option is not supported")
        problems.add(where, f"`{key}={shown(value)}`: {what}")


def activation_name(value, where, problems):
    """A Keras activation, by name, as the language writes it, or None (refused)."""
    if isinstance(value, str) and value in ACTIVATIONS:
        return value
    name = value if isinstance(value, str) else shown(value)
    problems.add(where, f"activation `{name}` is not one of the language's activations")
    return None


def regularizer(value, where, option, problems):
    """A Keras L1, L2 or L1L2 regularizer as the language writes it, or None."""
    if value is None:
        return None
    if isinstance(value, dict) and value.get("class_name") in ("L1", "L2", "L1L2"):
        name = snake_case(value["class_name"])
        config = value.get("config", {})
        keys = ("l1", "l2") if name == "l1_l2" else (name,)
        return call(name, [(key, number(config.get(key, 0.0))) for key in keys])
    problems.add(where, f"`{option}`: only l1, l2 and l1_l2 regularizers are supported")
    return None


def last_axis(axis):
    """Whether a normalization's `axis` is the last axis of a row of values: -1 or 1."""
    if isinstance(axis, list) and len(axis) == 1:
        axis = axis[0]
    return axis in (-1, 1)


class Layer:
    """One layer of the chain: its text in the declaration and its weights under our names."""

    def __init__(self, kind, text, tensors):
        self.kind = kind  # the language's name: `dense`, `batch_normalization`, ...
        self.text = text
        self.tensors = tensors  # the layer's tensors by our suffix, in Keras's `vars/<i>` order


def convert_layer(entry, where, problems):
    """The language's layer for one Keras layer config, or None (refused, said in problems)."""
    class_name = entry.get("class_name")
    config = entry.get("config", {})
    if dtype_name(config.get("dtype", "float32")) not in (None, "float32"):
        problems.add(where, f"dtype `{dtype_name(config['dtype'])}`: only float32 is supported")

    if class_name == "Dense":
        unexpected_options(config, {"units", "activation", "use_bias", "kernel_regularizer",
                                    "bias_regularizer"}, where, problems)
        activation = activation_name(config.get("activation", "linear"), where, problems)
        arguments = [str(config["units"]), activation or "linear"]
        use_bias = config.get("use_bias", True)
        if not use_bias:
            arguments.append("use_bias = false")
        for option in ("kernel_regularizer", "bias_regularizer"):
            text = regularizer(config.get(option), where, option, problems)
            if text:
                arguments.append(f"{option} = {text}")
        tensors = ["kernel", "bias"] if use_bias else ["kernel"]
        return Layer("dense", f"dense({', '.join(arguments)})", tensors)

    if class_name == "Activation":
        unexpected_options(config, {"activation"}, where, problems)
        activation = activation_name(config.get("activation"), where, problems)
        return Layer("activation", f"activation({activation})", [])

    if class_name in ("Dropout", "GaussianDropout", "AlphaDropout"):
        unexpected_options(config, {"rate"}, where, problems)
        kind = snake_case(class_name)
        return Layer(kind, f"{kind}({number(config['rate'])})", [])

    if class_name == "GaussianNoise":
        unexpected_options(config, {"stddev"}, where, problems)
        return Layer("gaussian_noise", f"gaussian_noise({number(config['stddev'])})", [])

    if class_name == "UnitNormalization":
        unexpected_options(config, {"axis"}, where, problems)
        if not last_axis(config.get("axis", -1)):
            problems.add(where, f"`axis={json.dumps(config['axis'])}`: only the last axis (-1)"
                                " is supported")
        return Layer("unit_normalization", "unit_normalization", [])

    if class_name in ("LayerNormalization", "BatchNormalization"):
        kind = snake_case(class_name)
        defaults = {"epsilon": 1e-3, "center": True, "scale": True}
        if kind == "batch_normalization":
            defaults = {"momentum": 0.99, **defaults}
        unexpected_options(config, {"axis", *defaults}, where, problems)
        if not last_axis(config.get("axis", -1)):
            problems.add(where, f"`axis={json.dumps(config['axis'])}`: only the last axis (-1)"
                                " is supported")
        arguments = [(key, number(config.get(key, default))) for key, default in defaults.items()
                     if config.get(key, default) != default]
        tensors = [name for name, kept in (("gamma", config.get("scale", True)),
                                           ("beta", config.get("center", True))) if kept]
        if kind == "batch_normalization":
            tensors += ["moving_mean", "moving_variance"]
        return Layer(kind, call(kind, arguments), tensors)

    problems.add(where, "this layer class is not supported (the language has Dense, "
                        "Activation, Dropout, GaussianDropout, AlphaDropout, GaussianNoise, "
                        "LayerNormalization, UnitNormalization and BatchNormalization)")
    return None


def where(index, entry):
    """How a message names a layer: its place in the chain, its name and its class."""
    name = entry.get("config", {}).get("name")
    return f"layer {index + 1} `{name}` ({entry.get('class_name')})"


def input_width(model_config, layers, problems):
    """The width of a row, from the InputLayer or else the first layer's build shape."""
    shape = None
    for entry in layers:
        if entry.get("class_name") == "InputLayer":
            config = entry.get("config", {})
            shape = config.get("batch_shape") or config.get("batch_input_shape")
            dtype = config.get("dtype", "float32")
            if dtype_name(dtype) != "float32":
                problems.add("input", f"dtype `{dtype_name(dtype)}`: only float32 is supported")
            break
    if shape is None:
        shape = model_config.get("build_input_shape")
    if shape is None and layers:
        shape = layers[0].get("build_config", {}).get("input_shape")
    if not isinstance(shape, list) or len(shape) != 2 or not isinstance(shape[1], int):
        problems.add("input", f"shape `{json.dumps(shape)}`: only rows of a fixed number of "
                              "values, `(batch, width)`, are supported")
        return None
    return shape[1]


def chain_of(model, problems):
    """The model's layer configs in order, InputLayer included, checking a functional model is
    one chain from one input to one output."""
    config = model.get("config", {})
    layers = config.get("layers", [])
    if model.get("class_name") == "Sequential":
        return layers
    if model.get("class_name") != "Functional":
        problems.add("model", f"class `{model.get('class_name')}` is not supported: only "
                              "Sequential models, or functional ones that are a single chain")
        return layers
    previous = None
    for entry in layers:
        name = entry.get("name") or entry.get("config", {}).get("name")
        if entry.get("class_name") == "InputLayer":
            if previous is not None:
                problems.add(name, "a second input: only a single chain is supported")
            previous = name
            continue
        nodes = entry.get("inbound_nodes", [])
        sources = [tensor.get("config", {}).get("keras_history", [None])[0]
                   for node in nodes for tensor in node.get("args", [])
                   if isinstance(tensor, dict)]
        if len(nodes) != 1 or sources != [previous]:
            problems.add(name, "its inputs are not the previous layer's output alone: functional "
                               "models with branches are not supported")
        previous = name
    inputs, outputs = config.get("input_layers"), config.get("output_layers")
    if not (isinstance(inputs, list) and len(inputs) == 3 and isinstance(inputs[0], str)):
        problems.add("model", "several inputs: only a single chain is supported")
    if not (isinstance(outputs, list) and len(outputs) == 3 and outputs[0] == previous):
        problems.add("model", "its output is not the last layer's: only a single chain is "
                              "supported")
    return layers


def keras_config_name(entry):
    """A compile-config item (a loss or metric) as a name in snake case and its config."""
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and "class_name" in entry:
        return snake_case(entry["class_name"]), entry.get("config") or {}
    return None, {}


def carried_arguments(config, defaults, keras_only, renamed, what, notes):
    """The arguments of `config` that differ from `defaults`, as the language writes them;
    anything else set away from Keras's default is said in `notes`."""
    arguments = []
    for key, value in config.items():
        if key in ("name", "dtype"):
            continue
        if key in defaults:
            if value != defaults[key]:
                if not isinstance(value, (bool, int, float)):
                    notes.append(f"{what}: `{key}={json.dumps(value)}` not carried over")
                else:
                    arguments.append((renamed.get(key, key), number(value)))
        elif key not in keras_only or value != keras_only[key]:
            notes.append(f"{what}: `{key}={json.dumps(value)}` not carried over")
    return arguments


def convert_loss(loss, notes):
    if loss is None:
        notes.append("no loss in the file: `mse` written instead")
        return "mse"
    name, config = keras_config_name(loss)
    if name in LOSSES or name in LOSS_ALIASES:
        if name == "log_cosh" or name == "logcosh":
            name = "log_cosh"
        arguments = carried_arguments(config, LOSSES.get(name, {}), LOSS_KERAS_ONLY, {},
                                      f"loss `{name}`", notes)
        return call(name, arguments)
    notes.append(f"loss `{name or json.dumps(loss)}` is not in the language: `mse` written "
                 "instead")
    return "mse"


def convert_optimizer(optimizer, notes):
    if optimizer is None:
        notes.append("no optimizer in the file: `adam()` written instead")
        return "adam()"
    if isinstance(optimizer, str):
        optimizer = {"class_name": {snake_case(k): k for k in OPTIMIZERS}.get(optimizer, optimizer),
                     "config": {}}
    class_name = optimizer.get("class_name")
    if class_name not in OPTIMIZERS:
        notes.append(f"optimizer `{class_name}` is not in the language: `adam()` written instead")
        return "adam()"
    name, own = OPTIMIZERS[class_name]
    config = dict(optimizer.get("config", {}))
    arguments = []
    rate = config.pop("learning_rate", None)
    if isinstance(rate, (int, float)) and not isinstance(rate, bool):
        arguments.append(("lr", number(rate)))
    elif rate is not None:
        schedule = rate.get("class_name") if isinstance(rate, dict) else json.dumps(rate)
        notes.append(f"optimizer `{name}`: the learning-rate schedule `{schedule}` not carried "
                     "over (see nn::schedules and the LearningRateScheduler callback)")
    defaults = {**OPTIMIZER_COMMON, **own}
    arguments += carried_arguments(config, defaults, OPTIMIZER_KERAS_ONLY, {},
                                   f"optimizer `{name}`", notes)
    return f"{name}({', '.join(f'{key} = {value}' for key, value in arguments)})"


def convert_metrics(metrics, notes):
    if metrics is None:
        return []
    written = []
    for metric in metrics:
        name, config = keras_config_name(metric)
        if name == "acc":
            name = "accuracy"
        if name in METRICS or name in METRIC_ALIASES:
            arguments = carried_arguments(config, METRICS.get(name, {}), METRIC_KERAS_ONLY,
                                          METRIC_RENAMED, f"metric `{name}`", notes)
            written.append(call(name, arguments))
        else:
            notes.append(f"metric `{name or json.dumps(metric)}` is not in the language: left out")
    return written


def declaration(struct_name, width, layers, compile_config, frozen, source):
    """The text of the `nn::network!` declaration, comments first."""
    notes = [f"{layer} was frozen (`trainable=False`): the language trains every layer"
             for layer in frozen]
    if not compile_config or (compile_config.get("loss") is None
                              and compile_config.get("optimizer") is None):
        notes.append("the file has no compile config: `loss = mse; optimizer = adam();` written "
                     "instead")
        loss, optimizer, metrics = "mse", "adam()", []
    else:
        loss = convert_loss(compile_config.get("loss"), notes)
        optimizer = convert_optimizer(compile_config.get("optimizer"), notes)
        metrics = convert_metrics(compile_config.get("metrics"), notes)
        for key in ("loss_weights", "weighted_metrics"):
            if compile_config.get(key):
                notes.append(f"`{key}` not carried over")
    chain = " -> ".join([f"input({width})"] + [layer.text for layer in layers])
    lines = [f"// Converted from {source} by tools/keras_to_nn.py."]
    lines += [f"// {note[0].upper()}{note[1:]}." for note in notes]
    lines += [
        "nn::network! {",
        f"    pub struct {struct_name};",
        f"    {chain};",
        f"    loss = {loss};",
        f"    optimizer = {optimizer};",
    ]
    if metrics:
        lines.append(f"    metrics = [{', '.join(metrics)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def weights(h5, entries, layers, problems):
    """Our tensors by name, read from Keras's `layers/<kind>/vars/<i>`."""
    import numpy as np

    keras_numbers, our_numbers, tensors = {}, {}, {}
    for index, (entry, layer) in enumerate(zip(entries, layers)):
        kind = snake_case(entry["class_name"])
        keras_numbers[kind] = keras_numbers.get(kind, -1) + 1
        keras_path = f"layers/{kind}" + (f"_{keras_numbers[kind]}" if keras_numbers[kind] else "")
        if layer is None:
            continue
        our_numbers[layer.kind] = our_numbers.get(layer.kind, -1) + 1
        prefix = f"{layer.kind}_{our_numbers[layer.kind]}"
        stored = h5.get(f"{keras_path}/vars")
        count = len(stored) if stored is not None else 0
        if count != len(layer.tensors):
            problems.add(where(index, entry),
                         f"`{keras_path}/vars` holds {count} tensors, expected "
                         f"{len(layer.tensors)} ({', '.join(layer.tensors) or 'none'})")
            continue
        for position, suffix in enumerate(layer.tensors):
            data = stored[str(position)]
            if data.dtype != np.float32:
                problems.add(where(index, entry),
                             f"`{suffix}` is {data.dtype}: only float32 is supported")
                continue
            tensors[f"{prefix}/{suffix}"] = np.ascontiguousarray(data[()])
    return tensors


def check_shapes(tensors, width, layers, problems):
    """Each tensor has the shape the declaration gives it: a broken file is refused here,
    not later by `load`."""
    numbers, current = {}, width
    for layer in layers:
        numbers[layer.kind] = numbers.get(layer.kind, -1) + 1
        prefix = f"{layer.kind}_{numbers[layer.kind]}"
        if layer.kind == "dense":
            units = int(layer.text[len("dense("):].split(",")[0])
            expected = {"kernel": (current, units), "bias": (units,)}
            current = units
        else:
            expected = {suffix: (current,) for suffix in layer.tensors}
        for suffix in layer.tensors:
            name = f"{prefix}/{suffix}"
            if name in tensors and tuple(tensors[name].shape) != expected[suffix]:
                problems.add(prefix, f"`{suffix}` has shape {list(tensors[name].shape)}, the "
                                     f"chain gives {list(expected[suffix])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a Keras 3 `.keras` file")
    parser.add_argument("--name", required=True, help="the struct's name, in UpperCamelCase")
    parser.add_argument("--out", required=True, help="the safetensors file to write")
    parser.add_argument("--declaration-out", help="also write the declaration to this file")
    options = parser.parse_args()
    if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", options.name):
        parser.error(f"--name `{options.name}` is not a type name in UpperCamelCase")

    try:
        import h5py
        from safetensors.numpy import save_file
    except ImportError as missing:
        sys.exit(f"{missing}: python3 -m pip install h5py safetensors numpy")

    try:
        with zipfile.ZipFile(options.model) as archive:
            model = json.loads(archive.read("config.json"))
            h5_bytes = archive.read("model.weights.h5")
    except (OSError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as error:
        print(f"{options.model}: not a Keras 3 `.keras` file: {error}", file=sys.stderr)
        sys.exit(REFUSED)

    problems = Problems()
    config = model.get("config", {})
    if dtype_name(config.get("dtype", "float32")) not in (None, "float32"):
        problems.add("model", f"dtype `{dtype_name(config['dtype'])}`: only float32 is supported")
    entries = chain_of(model, problems)
    width = input_width(config, entries, problems)
    entries = [entry for entry in entries if entry.get("class_name") != "InputLayer"]
    layers = [convert_layer(entry, where(index, entry), problems)
              for index, entry in enumerate(entries)]
    if not entries:
        problems.add("model", "no layers")

    tensors = {}
    if not problems.lines:
        with h5py.File(io.BytesIO(h5_bytes), "r") as h5:
            tensors = weights(h5, entries, layers, problems)
        check_shapes(tensors, width, layers, problems)
    if problems.lines:
        for line in problems.lines:
            print(f"{options.model}: {line}", file=sys.stderr)
        sys.exit(REFUSED)

    frozen = [where(index, entry) for index, entry in enumerate(entries)
              if entry.get("config", {}).get("trainable") is False]
    text = declaration(options.name, width, layers, model.get("compile_config"), frozen,
                       options.model)
    save_file(tensors, options.out, metadata={"converted_from": options.model})
    if options.declaration_out:
        with open(options.declaration_out, "w") as file:
            file.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
