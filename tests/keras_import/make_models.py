"""Writes the Keras models tests/keras_import.rs converts with tools/keras_to_nn.py.

For each model, `<name>.keras` (Keras 3's own file, briefly trained so that no weight is still
at its initial value and a batch normalization's moving statistics have moved) and
`<name>.json`: a few input rows and what Keras's `model.predict` gives for them, which the
converted network must reproduce. `unsupported.keras` holds layers and options the language
lacks, which the converter must refuse, naming each.

Needs TensorFlow and Keras 3 (made with TF 2.21, Keras 3.15, run as
`/work/venv-tf/bin/python tests/keras_import/make_models.py` where they were made; anywhere else):

    python3 -m venv /tmp/venv-tf && /tmp/venv-tf/bin/pip install tensorflow-cpu numpy
    /tmp/venv-tf/bin/python tests/keras_import/make_models.py

Keras stores a `.keras` zip uncompressed; it is written again deflated (Keras reads either),
which takes the HDF5 file's empty groups from tens of KB to a few.
"""

import json
import os
import shutil
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
# oneDNN's kernels may reorder sums between runs; the plain kernels keep the outputs reproducible.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
layers = keras.layers


def regressor():
    """Every layer with weights, and dropout and an activation layer between them."""
    model = keras.Sequential(
        [
            keras.Input(shape=(5,)),
            layers.Dense(16, activation="relu"),
            layers.BatchNormalization(momentum=0.9),
            layers.Dropout(0.2),
            layers.Dense(8, use_bias=False),
            layers.LayerNormalization(epsilon=1e-5, center=False),
            layers.Activation("tanh"),
            layers.Dense(2),
        ],
        name="regressor",
    )
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=0.01), metrics=["mae"])
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 5)).astype(np.float32)
    y = np.stack([x[:, 0] + 2 * x[:, 1], np.sin(x[:, 2])], axis=1).astype(np.float32)
    return model, x, y


def classifier():
    """Softmax over three classes, categorical crossentropy, adam and accuracy."""
    model = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            layers.Dense(8, activation="relu"),
            layers.Dense(3, activation="softmax"),
        ],
        name="classifier",
    )
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.Adam(learning_rate=0.005),
        metrics=["accuracy"],
    )
    rng = np.random.default_rng(2)
    x = rng.normal(size=(60, 4)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[np.argmax(x[:, :3], axis=1)]
    return model, x, y


def noisy():
    """The random layers, unit normalization, a sigmoid output and compile options with
    arguments: SGD with Nesterov momentum, a smoothed binary crossentropy, AUC."""
    model = keras.Sequential(
        [
            keras.Input(shape=(3,)),
            layers.GaussianNoise(0.05),
            layers.Dense(6, activation="selu"),
            layers.AlphaDropout(0.1),
            layers.Dense(6, activation="elu", use_bias=False),
            layers.GaussianDropout(0.1),
            layers.UnitNormalization(),
            layers.Dense(1, activation="sigmoid"),
        ],
        name="noisy",
    )
    model.compile(
        loss=keras.losses.BinaryCrossentropy(label_smoothing=0.1),
        optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
        metrics=["binary_accuracy", keras.metrics.AUC()],
    )
    rng = np.random.default_rng(3)
    x = rng.normal(size=(48, 3)).astype(np.float32)
    y = (x[:, :1] * x[:, 1:2] > 0).astype(np.float32)
    return model, x, y


def unsupported():
    """A convolution (with the reshapes it needs), a kernel constraint and an activation the
    language lacks: each must be refused by name."""
    model = keras.Sequential(
        [
            keras.Input(shape=(6,)),
            layers.Reshape((6, 1)),
            layers.Conv1D(2, 3),
            layers.Flatten(),
            layers.Dense(1, activation="hard_shrink", kernel_constraint=keras.constraints.MaxNorm(2.0)),
        ],
        name="unsupported",
    )
    model.compile(loss="mse", optimizer="adam")
    return model


def save_small(model, name):
    """Saves `model` as `<name>.keras`, deflated."""
    path = os.path.join(HERE, f"{name}.keras")
    model.save(path)
    stored = path + ".stored"
    shutil.move(path, stored)
    with zipfile.ZipFile(stored) as source, zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    os.remove(stored)
    return path


def main():
    keras.utils.set_random_seed(42)
    for make in (regressor, classifier, noisy):
        model, x, y = make()
        model.fit(x, y, epochs=5, batch_size=16, verbose=0)
        name = model.name
        save_small(model, name)
        rows = x[:6]
        outputs = model.predict(rows, verbose=0)
        case = {
            "inputs": [[float(v) for v in row] for row in rows],
            "outputs": [[float(v) for v in row] for row in outputs.astype(np.float32)],
        }
        with open(os.path.join(HERE, f"{name}.json"), "w") as file:
            file.write(json.dumps(case).replace("], [", "],\n  [") + "\n")
    save_small(unsupported(), "unsupported")


if __name__ == "__main__":
    main()
