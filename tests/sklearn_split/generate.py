"""Writes cases.json: scikit-learn's own train/test rows for nn::data's splits to reproduce.

Each case splits x = np.arange(n), so the rows sklearn returns are the indices themselves:

    train, test = train_test_split(np.arange(n), test_size=f, random_state=seed)
    train, test = train_test_split(np.arange(n), test_size=f, random_state=seed, stratify=labels)

A case sklearn refuses (a side left empty, a class with one member, fewer test or training rows
than classes) is kept with sklearn's message instead of rows. tests/sklearn_split.rs reads the
file and asserts nn returns the same rows in the same order, or an error.

Regenerate (the file is committed; CI never runs this):

    python3 -m venv /work/venv-sk && /work/venv-sk/bin/pip install scikit-learn numpy
    /work/venv-sk/bin/python tests/sklearn_split/generate.py
"""

import json
import pathlib

import numpy as np
import sklearn
import sklearn.model_selection._split as sklearn_split
from sklearn.model_selection import train_test_split

FRACTIONS = [0.1, 0.2, 0.25, 0.33, 0.5, 0.9]
SEEDS = [0, 1, 42, 1234, 2**32 - 1]
# Small sizes reach every rounding of ceil(f * n) (0.1 * 30 is 3.0000000000000004: 4 test rows)
# and the refusals; large ones run the generator through many rejections and its state refill.
PLAIN_SIZES = [2, 3, 4, 5, 7, 10, 13, 30, 33, 101, 150, 256, 333, 500]
STRATIFIED_SIZES = [6, 10, 20, 37, 50, 100, 150, 257, 500]

# Counts the allocations whose ties _approximate_mode breaks with a draw that matters (fewer rows
# to add than classes tied for them), so the summary shows the cases exercise that path.
random_ties = 0
approximate_mode = sklearn_split._approximate_mode


def counting_approximate_mode(class_counts, n_draws, rng):
    global random_ties
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    remainder = continuous - floored
    for value in np.unique(remainder)[::-1]:
        if need <= 0:
            break
        tied = int((remainder == value).sum())
        random_ties += need < tied
        need -= min(tied, need)
    return approximate_mode(class_counts, n_draws, rng)


sklearn_split._approximate_mode = counting_approximate_mode

# Labels are drawn from a generator of their own, so changing a case's split seed never changes
# its labels.
labels_rng = np.random.default_rng(20240613)


def labels_for(n, classes, imbalance):
    """n labels of `classes` classes, each at least twice, the rest drawn with weights
    imbalance**k (imbalance 1: balanced), in a shuffled order. Class k is named 3k + 1, so the
    names are neither 0..classes nor contiguous: np.unique's order is the names' order."""
    weights = imbalance ** np.arange(classes, dtype=float)
    rest = labels_rng.choice(classes, size=n - 2 * classes, p=weights / weights.sum())
    codes = np.concatenate([np.repeat(np.arange(classes), 2), rest])
    labels_rng.shuffle(codes)
    return (3 * codes + 1).tolist()


def split(n, fraction, seed, stratify=None):
    case = {"n": n, "test_fraction": fraction, "seed": seed}
    if stratify is not None:
        case["stratify"] = stratify
    try:
        train, test = train_test_split(
            np.arange(n),
            test_size=fraction,
            random_state=seed,
            stratify=None if stratify is None else np.array(stratify),
        )
        case["train"] = train.tolist()
        case["test"] = test.tolist()
    except ValueError as error:
        case["error"] = str(error)
    return case


cases = []
for n in PLAIN_SIZES:
    for fraction in FRACTIONS:
        for seed in SEEDS:
            cases.append(split(n, fraction, seed))

# Stratified: every size with 2 to 7 classes, balanced and imbalanced, two fractions each; the
# fraction and the seed rotate (6 and 5 values: every pair comes round) so the file stays small.
rotation = 0
for n in STRATIFIED_SIZES:
    for classes in range(2, 8):
        if 2 * classes > n:
            continue
        for imbalance in [1.0, 0.5, 0.2]:
            labels = labels_for(n, classes, imbalance)
            for _ in range(2):
                fraction = FRACTIONS[rotation % len(FRACTIONS)]
                cases.append(split(n, fraction, SEEDS[rotation % len(SEEDS)], labels))
                rotation += 1

# Iris's shape (150 rows, 3 classes of 50) with every seed.
iris = [0] * 50 + [1] * 50 + [2] * 50
for seed in SEEDS:
    for fraction in [0.2, 0.33]:
        cases.append(split(150, fraction, seed, iris))

# Labels that are names: np.unique sorts them as text ("10" before "9"), as Rust's `str` order does.
names = ["setosa", "versicolor", "virginica", "10", "9"]
text_labels = [names[i % 5] for i in labels_rng.permutation(40)]
for seed in SEEDS:
    cases.append(split(40, 0.25, seed, text_labels))

# Refusals: a class with a single member; more classes than test rows; more than training rows.
cases.append(split(10, 0.3, 0, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3]))
cases.append(split(20, 0.1, 42, labels_for(20, 3, 1.0)))
cases.append(split(20, 0.9, 42, labels_for(20, 3, 1.0)))

out = pathlib.Path(__file__).with_name("cases.json")
with out.open("w") as f:
    f.write('{"sklearn": %s, "numpy": %s, "cases": [\n' % (
        json.dumps(sklearn.__version__), json.dumps(np.__version__)))
    f.write(",\n".join(json.dumps(case, separators=(",", ":")) for case in cases))
    f.write("\n]}\n")
refused = sum("error" in case for case in cases)
print(f"{len(cases)} cases ({refused} refused, {random_ties} ties broken by a draw) in {out}")
