"""Writes tests/keras_noise_layers/cases.json: Keras 3's GaussianNoise, GaussianDropout and
AlphaDropout called in training mode on fixed inputs with fixed random draws, their outputs
and the gradient of sum(output * weights) with respect to the inputs.

Keras draws with TensorFlow's generator and nn with its own, so no two runs share their draws;
what both must share is the arithmetic given the draws: the noise's standard deviation, the
mask's threshold, AlphaDropout's a, b and alpha_p, each rounded as Keras rounds it. The draws
are fixed here by replacing keras.random's `normal` and `uniform` for the duration of a call,
and recorded as the layer saw them (the noise, the multipliers, the uniform values), for
tests/keras_noise_layers.rs to hand to nn's layers.

Run with the TensorFlow/Keras of tests/keras_parity (TF 2.21, Keras 3.15):

    /tmp/venv-tf/bin/python tests/keras_noise_layers/generate.py
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras.src.backend.tensorflow import random as tf_random  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS, WIDTH = 6, 4


class FixedDraws:
    """Replaces the TensorFlow backend's normal and uniform draws with fixed standard values,
    scaled as the backend scales its own (`z * stddev + mean`, `u * (maxval - minval) + minval`,
    in the layer's f32), and records what the layer was handed and with which arguments."""

    def __init__(self, standard):
        self.standard = standard
        self.handed = None
        self.arguments = None

    def __enter__(self):
        self.saved = (tf_random.normal, tf_random.uniform)
        draws = self

        def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
            draws.arguments = {"mean": float(mean), "stddev": float(stddev)}
            z = tf.constant(draws.standard, dtype="float32")
            draws.handed = z * tf.cast(stddev, "float32") + tf.cast(mean, "float32")
            return draws.handed

        def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
            draws.arguments = {"minval": float(minval), "maxval": float(maxval)}
            draws.handed = tf.constant(draws.standard, dtype="float32")
            return draws.handed

        tf_random.normal, tf_random.uniform = normal, uniform
        return self

    def __exit__(self, *exc):
        tf_random.normal, tf_random.uniform = self.saved


def case(name, layer, draws, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(ROWS, WIDTH)).astype(np.float32)
    weights = rng.normal(size=(ROWS, WIDTH)).astype(np.float32)
    with FixedDraws(draws) as fixed:
        inputs = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            outputs = layer(inputs, training=True)
            total = tf.reduce_sum(outputs * weights)
        gradient = tape.gradient(total, inputs)
    return {
        "name": name,
        "config": {k: v for k, v in layer.get_config().items() if k in ("rate", "stddev")},
        "x": x.flatten().tolist(),
        "draws": np.asarray(fixed.handed).flatten().tolist(),
        "draw_arguments": fixed.arguments,
        "output": np.asarray(outputs).flatten().tolist(),
        "weights": weights.flatten().tolist(),
        "input_gradient": np.asarray(gradient).flatten().tolist(),
    }


def main():
    rng = np.random.default_rng(7)
    normal = rng.normal(size=(ROWS, WIDTH)).astype(np.float32)
    uniform = rng.uniform(size=(ROWS, WIDTH)).astype(np.float32)
    layers = keras.layers
    cases = [
        case("gaussian_noise_0_3", layers.GaussianNoise(0.3), normal, 1),
        case("gaussian_noise_1", layers.GaussianNoise(1.0), normal, 2),
        case("gaussian_dropout_0_2", layers.GaussianDropout(0.2), normal, 3),
        case("gaussian_dropout_0_26", layers.GaussianDropout(0.26), normal, 4),
        case("alpha_dropout_0_1", layers.AlphaDropout(0.1), uniform, 5),
        case("alpha_dropout_0_2", layers.AlphaDropout(0.2), uniform, 6),
        case("alpha_dropout_0_5", layers.AlphaDropout(0.5), uniform, 7),
    ]
    document = {
        "generated_by": "tests/keras_noise_layers/generate.py",
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "rows": ROWS,
        "width": WIDTH,
        "cases": cases,
    }
    with open(os.path.join(HERE, "cases.json"), "w") as out:
        json.dump(document, out, indent=1)
    for c in cases:
        print(c["name"], c["draw_arguments"])


if __name__ == "__main__":
    main()
