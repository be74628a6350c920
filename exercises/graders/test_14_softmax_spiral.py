"""Grades exercises/14_softmax_spiral.py: a stable row-wise softmax, the cross-entropy, its gradient at the
logits, shuffled mini-batches, and a mini-batch SGD loop that learns the spiral."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from backprop_study import checks
from backprop_study.checks import mistakes
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
M = mistakes.SOFTMAX
SOFTMAX_HINTS = (
    (r"overflow", M["softmax overflow"]),
    (r"operands could not be broadcast", M["softmax keepdims"]),
)


def _variant(key: str, value: object) -> checks.Variant:
    return checks.Variant(key, M[key], value)


def _logits(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, k)) * 2.0, rng.integers(0, k, size=n)


def _cross_entropy_of_logits(z: np.ndarray, labels: np.ndarray) -> float:
    return float(-np.mean(np.log(ref.softmax(z)[np.arange(len(labels)), labels])))


@checks.checked
def test_softmax() -> None:
    softmax = exercise.function("softmax")
    for n, k, seed in ((5, 4, 140), (3, 6, 141)):
        z, _ = _logits(n, k, seed)
        got = checks.call(softmax, z, exercise=exercise, hints=SOFTMAX_HINTS)
        columns = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)
        checks.expect(
            "softmax(z)", got, ref.softmax(z), [_variant("softmax axis0", columns)], sizes=f"N={n} rows, K={k} classes"
        )
    huge = np.array([[1000.0, 0.0, -1000.0, 999.0], [-1000.0, -999.0, -1001.0, -1000.5]])
    got = checks.call(softmax, huge, exercise=exercise, hints=SOFTMAX_HINTS)
    checks.expect("softmax of scores near ±1000", got, ref.softmax(huge))


@checks.after(test_softmax)
def test_cross_entropy() -> None:
    cross_entropy = exercise.function("cross_entropy")
    for n, k, seed in ((6, 4, 142), (9, 3, 143)):
        z, labels = _logits(n, k, seed)
        probs = ref.softmax(z)
        expected = _cross_entropy_of_logits(z, labels)
        picked = probs[np.arange(n), labels]
        got = checks.call(cross_entropy, probs, labels, exercise=exercise)
        checks.expect_number(
            f"cross_entropy (N={n}, K={k})",
            got,
            expected,
            [
                _variant("ce sum", -np.sum(np.log(picked))),
                _variant("ce no_minus", np.mean(np.log(picked))),
                _variant("ce table", -np.mean(np.log(probs[:, labels]))),
                _variant("ce all_entries", -np.sum(np.log(probs)) / n),
            ],
        )


@checks.after(test_cross_entropy)
def test_softmax_cross_entropy_delta() -> None:
    delta = exercise.function("softmax_cross_entropy_delta")
    for n, k, seed in ((7, 3, 144), (5, 6, 145)):
        z, labels = _logits(n, k, seed)
        probs = ref.softmax(z)
        one_hot = ref.one_hot(labels, k)
        expected = (probs - one_hot) / n
        got = checks.call(delta, probs, labels, exercise=exercise, hints=(checks.MATMUL_HINT,))
        checks.expect(
            "dL/dz",
            got,
            expected,
            [
                _variant("delta no_one_hot", probs / n),
                _variant("delta not_divided", probs - one_hot),
                _variant("delta flipped_sign", -expected),
                _variant("delta minus_one_everywhere", (probs - 1.0) / n),
            ],
            accept=checks.numeric_gradient(lambda z, labels=labels: _cross_entropy_of_logits(z, labels), z),
            sizes=f"N={n} rows, K={k} classes",
            function="softmax_cross_entropy_delta",
        )


def _one_epoch(minibatches: Callable, n: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    return [np.asarray(batch) for batch in minibatches(n, batch_size, rng)]


@checks.checked
def test_minibatches() -> None:
    minibatches = exercise.function("minibatches")
    for n, batch_size, seed in ((23, 5, 146), (12, 4, 147), (7, 10, 148)):
        rng = np.random.default_rng(seed)
        epochs = [
            checks.call_in_place(_one_epoch, minibatches, n, batch_size, rng, exercise=exercise, name="minibatches")
            for _ in range(2)
        ]
        shown = f"minibatches({n}, batch_size={batch_size})"
        for batches in epochs:
            sizes = [b.size for b in batches]
            seen = np.concatenate(batches).astype(int) if batches else np.zeros(0, dtype=int)
            expected_sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
            if len(set(seen.tolist())) < seen.size or (seen.size == n and sorted(seen.tolist()) != list(range(n))):
                checks.fail(f"{shown}: {M['batches repeats']}")
            if seen.size < n and sizes == expected_sizes[: len(sizes)]:
                checks.fail(f"{shown} gave batches of sizes {sizes}: {M['batches drop_last']}")
            if sorted(seen.tolist()) != list(range(n)) or sizes != expected_sizes:
                checks.fail(f"{shown} gave batches of sizes {sizes}, expected {expected_sizes}: {M['batches size']}")
        first, second = (np.concatenate(batches) for batches in epochs)
        if n > 5 and (np.array_equal(first, np.arange(n)) or np.array_equal(first, second)):
            checks.fail(f"{shown}: {M['batches not_shuffled']}")


@checks.after(test_softmax_cross_entropy_delta, test_minibatches)
def test_train_sgd_learns_the_spiral() -> None:
    train_sgd = exercise.function("train_sgd")
    module = exercise.module()
    X, labels = ref.spiral_data(50, 3, seed=149)
    epochs, batch_size, learning_rate = 50, 25, 0.5
    params = ref.init_network([2, 32, 3], seed=150, activation="relu")
    calls = []
    backward = module.backward

    def counting_backward(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return backward(*args, **kwargs)

    # One gentle epoch first: a step uphill shows in the loss before it runs away into log(0).
    start = ref.network_loss(params, X, labels, "relu", "softmax", "cross_entropy")
    got = checks.call(train_sgd, params, X, labels, 0.05, 1, batch_size, 0, exercise=exercise)
    first_losses = checks.as_array(
        "losses", checks.expect_tuple(("params", "losses"), got, "train_sgd")[1], "train_sgd"
    )
    if first_losses.size and first_losses.ravel()[-1] >= start:
        went = f"from {start:.3f} to {first_losses.ravel()[-1]:.3f}"
        checks.fail(f"after one epoch the cross-entropy went {went}: {M['sgd uphill']}")
    module.backward = counting_backward  # count the steps: train_sgd calls backward once per batch
    try:
        got = checks.call(train_sgd, params, X, labels, learning_rate, epochs, batch_size, 0, exercise=exercise)
    finally:
        module.backward = backward
    trained, losses = checks.expect_tuple(("params", "losses"), got, "train_sgd")
    steps = epochs * math.ceil(len(X) / batch_size)
    if calls and len(calls) != steps:
        checks.fail(
            f"train_sgd took {len(calls)} steps in {epochs} epochs of {len(X)} points with batch_size {batch_size}: "
            f"{M['sgd steps']} (= {steps})"
        )
    losses = checks.as_array("losses", losses, "train_sgd")
    if losses.shape != (epochs,):
        checks.fail(f"train_sgd should return one loss per epoch: {epochs} values, got shape {losses.shape}.")
    if losses[-1] >= start:
        checks.fail(f"the cross-entropy went from {start:.3f} to {losses[-1]:.3f}: {M['sgd uphill']}")
    probs = ref.network_forward([tuple(layer) for layer in trained], X, "relu", "softmax")[-1]
    accuracy = float(np.mean(probs.argmax(axis=1) == labels))
    if accuracy < 0.8:
        checks.fail(
            f"after {epochs} epochs of mini-batch SGD the net classifies {accuracy:.0%} of the spiral's points "
            f"(the reference reaches over 80%); the cross-entropy went from {start:.3f} to {losses[-1]:.3f}."
        )
